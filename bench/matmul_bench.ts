/**
 * The gradient of mean(W·V) with respect to both W and V, for the seed's
 * 2×3 · 3×2 and for n×n matrices with n = 2, 4, 8, 16, 32, 64: the hand-written
 * analytic gradient (the baseline, the limit), dualgrade's `grad`,
 * TensorFlow.js's `tf.grads` (cpu backend, float32), jax-js's `grad` (wasm
 * backend, float64) and jax-js's `jit(grad)` in float32.
 *
 * Inputs are built once per size in each library's own array type; each
 * iteration computes both gradients and reads them back as typed arrays. Every
 * contender is checked against the hand-written gradient before timing.
 *
 * Run: `deno task bench` (or `deno run -A bench/report.ts` for the tables).
 *
 * @module
 */
import {
  CONTENDERS,
  gradientFor,
  handGradient,
  inputsFor,
  ORDER,
  RTOL_OF,
  SIZES,
} from "./_matmul.ts";
import { assertClose, benchWarmed, consume, sinkValue } from "./_peers.ts";

for (const size of SIZES) {
  const group = `matmul ${size.label}`;
  const [wantW, wantV] = handGradient(...inputsFor(size), size);
  for (const k of ORDER) {
    const f = gradientFor(k, size);
    // Check before timing: the bench must not compare different work.
    const [gW, gV] = f();
    assertClose(gW, wantW, RTOL_OF[k], `${group}: ${k} dW`);
    assertClose(gV, wantV, RTOL_OF[k], `${group}: ${k} dV`);
    benchWarmed({
      name: CONTENDERS[k],
      group,
      baseline: k === "hand",
      fn: () => {
        const g = f();
        consume(g[0][0] + g[1][g[1].length - 1]);
      },
    });
  }
}

if (Number.isNaN(sinkValue())) throw new Error("Unreachable: sink is NaN");
