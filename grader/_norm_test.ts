import assert from "node:assert/strict";
import { np } from "../mod.ts";
import { normClose } from "./_norm.ts";
import { compareValues } from "./compare.ts";

const norm = (rtol: number, atol = 0) => ({
  rtol,
  atol,
  mode: "norm" as const,
});

Deno.test("norm-wise: a small entry's relative error is forgiven when the whole is close", () => {
  // ‖(100, 0.002) − (100, 0.001)‖ = 0.001 ≤ 1e-3 · ‖(100, 0.001)‖ ≈ 0.1
  const expected = [100, 0.001], actual = [100, 0.002];
  assert.equal(normClose(expected, actual, norm(1e-3))?.ok, true);
  // Element-wise, the second entry is off by 100 %.
  assert.equal(
    compareValues(expected, actual, { rtol: 1e-3, atol: 0 }).ok,
    false,
  );
});

Deno.test("norm-wise: the bound is atol + rtol·‖expected‖₂, computed by hand", () => {
  // expected (3, 4): norm 5; actual (3, 4.2): distance 0.2.
  assert.equal(normClose([3, 4], [3, 4.2], norm(0.041))?.ok, true); // 0.2 ≤ 0.205
  assert.equal(normClose([3, 4], [3, 4.2], norm(0.039))?.ok, false); // 0.2 > 0.195
  assert.equal(normClose([3, 4], [3, 4.2], norm(0, 0.201))?.ok, true);
  assert.equal(normClose([3, 4], [3, 4.2], norm(0, 0.199))?.ok, false);
  const failed = normClose([3, 4], [3, 4.2], norm(0.01));
  assert.match(failed?.message ?? "", /‖Got − expected‖ is 0\.2/);
  const hidden = normClose([3, 4], [3, 4.2], norm(0.01), { hidden: true });
  assert.doesNotMatch(hidden?.message ?? "", /0\.2|5/);
});

Deno.test("norm-wise: Tensors and nested arrays; other shapes fall back to element-wise", () => {
  const t = np.array([[1, 2], [3, 4]]);
  assert.equal(normClose(t, [[1, 2], [3, 4.001]], norm(1e-3))?.ok, true);
  assert.equal(normClose([1, 2], [1, 2, 3], norm(1)), undefined);
  assert.equal(normClose([1, 2], "x", norm(1)), undefined);
  assert.equal(normClose([1, NaN], [1, 2], norm(1)), undefined);
});
