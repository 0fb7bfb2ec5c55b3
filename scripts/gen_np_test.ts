import assert from "node:assert/strict";
import { generate, TARGETS } from "./gen_np.ts";
import { binaryRules, unaryRules } from "../core/rules.ts";
import { np } from "../mod.ts";

const root = new URL("../", import.meta.url);
const read = (f: string) => Deno.readTextFileSync(new URL(f, root));

Deno.test("np's elementwise declarations and the README's list match the rule table (else: deno task gen:np)", () => {
  const out = generate(read);
  for (const [k, text] of Object.entries(out)) {
    const file = TARGETS[k as keyof typeof TARGETS];
    assert.ok(
      read(file) === text,
      `${file} is out of date with core/rules.ts: run deno task gen:np`,
    );
  }
});

Deno.test("every row of the rule table is an np function computing the row's value", () => {
  const fns = np as unknown as Record<string, (...a: number[]) => unknown>;
  for (const [name, r] of Object.entries(unaryRules)) {
    assert.equal(typeof fns[name], "function", `np.${name} is missing`);
    assert.ok(Object.is(fns[name](0.25), r.f(0.25)), `np.${name}(0.25)`);
  }
  for (const [name, r] of Object.entries(binaryRules)) {
    assert.equal(typeof fns[name], "function", `np.${name} is missing`);
    assert.ok(Object.is(fns[name](0.25, 3), r.f(0.25, 3)), `np.${name}`);
  }
});
