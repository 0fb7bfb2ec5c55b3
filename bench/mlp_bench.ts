/**
 * The gradient of a two-layer network's loss (64 samples, 8 inputs, tanh
 * hidden layer of 2 … 64 units, one output, mean squared error) with respect
 * to all its parameters: hand-written backpropagation (the limit),
 * dualgrade's `grad`, TensorFlow.js's `tf.grads` (cpu, float32), jax-js's
 * `grad` (wasm, float64) and `jit(grad)` (float32). Every contender is
 * checked against the hand-written gradient before timing.
 *
 * Run: `deno task bench` (or `deno task bench:report` for the tables).
 *
 * @module
 */
import { HIDDEN, mlpGradientFor } from "./_mlp.ts";
import { CONTENDERS, ORDER, RTOL_OF } from "./_matmul.ts";
import {
  assertClose,
  benchWarmed,
  consume,
  RTOL,
  sinkValue,
} from "./_peers.ts";

// jax-js 0.1.25's tanh is float32-accurate on float64 arrays (a relative
// error near 4e-9 here), so its float64 contender is checked as float32; the
// float32 contenders get 10× float32's tolerance, since db2 sums 64
// residuals that nearly cancel.
const rtolOf = (k: keyof typeof RTOL_OF) =>
  k === "jax"
    ? RTOL.float32
    : RTOL_OF[k] === RTOL.float32
    ? 10 * RTOL.float32
    : RTOL_OF[k];

for (const h of HIDDEN) {
  const group = `mlp H=${h}`;
  const want = mlpGradientFor("hand", h)().map((a) => Float64Array.from(a));
  for (const k of ORDER) {
    const f = mlpGradientFor(k, h);
    const got = f();
    got.forEach((g, i) =>
      assertClose(g, want[i], rtolOf(k), `${group}: ${k} gradient ${i}`)
    );
    benchWarmed({
      name: CONTENDERS[k],
      group,
      baseline: k === "hand",
      fn: () => {
        const g = f();
        consume(g[0][0] + g[3][0]);
      },
    });
  }
}

if (Number.isNaN(sinkValue())) throw new Error("Unreachable: sink is NaN");
