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

Deno.test("scan: arrow functions with an expression body nest until their expression ends", () => {
  // Counted by hand: each chained arrow is one level, a block body is its brace.
  assert.equal(maxNesting("const c = a => b => c => a + b + c;"), 3);
  assert.equal(maxNesting("f(" + "(a)=>".repeat(300) + "1)"), 301);
  assert.equal(maxNesting("a=>" + "\n".repeat(3) + "b=>1"), 2);
  assert.equal(maxNesting("const f = (x) => { return (y) => y; };"), 2);
  assert.equal(maxNesting("const f = x =>\n  { return x; };"), 1);
  // Ended by `,`, `;`, a declaration keyword, or the bracket around them.
  assert.equal(maxNesting("f(a => 1, b => 2, c => 3)"), 2);
  assert.equal(maxNesting("const f = (x) => x * 2\n".repeat(500)), 1);
  assert.equal(
    maxNesting("export const f = x => x\nexport const g = x => x"),
    1,
  );
  assert.equal(maxNesting("var f = x => x\nvar g = x => x\nlet h = 1"), 1);
  // Identifiers that contain a keyword do not end it.
  assert.equal(maxNesting("a => exports => constant => 1"), 3);
  // Inside strings and comments, arrows are text.
  assert.equal(maxNesting(`"a=>a=>a=>" + 1 // b=>b=>`), 0);
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
