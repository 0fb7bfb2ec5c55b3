// The copies of the derivative-at-a-number call site: the same code, each
// one computing derivatives (against closed forms), reading other outputs,
// and leaving the running derivatives as they were when f throws.
import assert from "node:assert/strict";
import { derivativeAt, SITE_COUNT } from "./_call_sites.ts";
import { grad, np } from "../mod.ts";

Deno.test("call sites: every copy is the same code, character for character", () => {
  const text = Deno.readTextFileSync(
    new URL("./_call_sites.ts", import.meta.url),
  );
  const copies = text.split("\n").filter((l) =>
    l.startsWith("  (f, rest, fn) =>")
  );
  assert.equal(copies.length, SITE_COUNT);
  assert.ok(SITE_COUNT >= 2);
  for (const c of copies) assert.equal(c, copies[0]);
});

Deno.test("call sites: each copy differentiates, reads other outputs, and unwinds on a throw", () => {
  const rest = (out: unknown) => (typeof out === "number" ? 0 : NaN);
  for (let i = 0; i < 2 * SITE_COUNT; i++) {
    const k = i + 1;
    // d/dx sin(k·x) = k·cos(k·x)
    const d = derivativeAt((x) => np.sin(np.multiply(k, x)), rest, "grad");
    assert.equal(d(0.3), k * Math.cos(k * 0.3));
    // a constant function: its output is a number, read by `rest`
    assert.equal(derivativeAt(() => 5, rest, "grad")(1), 0);
    const boom = derivativeAt(
      () => {
        throw new RangeError(`copy ${i}`);
      },
      rest,
      "grad",
    );
    assert.throws(() => boom(1), RangeError);
  }
  // Nothing is left running: a dual kept from a finished derivative is
  // refused as escaped (it would pass if its tag were still on the stack),
  // and nesting still works after the throws: d/dx [x · d/dy (x·y)] = 2x.
  let kept: unknown;
  derivativeAt((x) => (kept = np.multiply(x, 2)), rest, "grad")(1);
  assert.throws(() => grad((_x: number) => kept)(1), /escaped/);
  const outer = grad((x: number) =>
    np.multiply(x, grad((y: number) => np.multiply(x, y))(1))
  );
  assert.equal(outer(3), 6);
});
