import assert from "node:assert/strict";
import { exportLineIndex, maxNesting } from "./_scan.ts";

Deno.test("scan: nesting counts brackets, not those in strings, comments or templates' text", () => {
  assert.equal(maxNesting("f(a[1], {b: [2]})"), 3);
  assert.equal(
    maxNesting(`const s = "((((" + '[[[' ; // ((((\n/* {{{{ */ x`),
    0,
  );
  assert.equal(maxNesting("const t = `(( ${ f(1) } ))`;"), 2);
  assert.equal(maxNesting("`a ${ `b ${ (1) }` }`"), 3);
  assert.equal(maxNesting(")))(("), 2);
  assert.equal(maxNesting("[".repeat(5000)), 5000);
});

Deno.test("scan: export lines from declarations and export lists", () => {
  const source = [
    "// export const fake = 1",
    "export const a = 1;",
    "export async function b() {}",
    "const c = 3, d = 4;",
    "export { c, d as e };",
    "export class F {}",
    "export function* g() {}",
  ].join("\n");
  const index = exportLineIndex(source);
  assert.equal(index.get("a"), 2);
  assert.equal(index.get("b"), 3);
  assert.equal(index.get("c"), 5);
  assert.equal(index.get("e"), 5);
  assert.equal(index.get("F"), 6);
  assert.equal(index.get("g"), 7);
  assert.equal(index.get("fake"), undefined);
});

Deno.test("scan: a long line of unclosed export lists is read once", () => {
  // The old per-name regular expression backtracked over such a line for
  // every name; one pass reads each list once.
  const line = "// " + "export { a, ".repeat(50_000);
  const index = exportLineIndex(line + "\nexport const f = 1;\n");
  assert.equal(index.get("f"), 2);
  assert.equal(index.get("a"), undefined);
});
