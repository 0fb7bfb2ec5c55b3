/**
 * The Hessian of mean((tanh(X·w) − y)²), X 16×N, for N = 2 … 64: the
 * hand-written closed form (the limit), dualgrade's `hessian` as it chooses,
 * dualgrade's hyper-duals forced (the method before forward-over-reverse),
 * and jax-js's `hessian` (wasm, float64). Every contender is checked against
 * the closed form before timing.
 *
 * Run: `deno task bench` (or `deno task bench:report` for the tables).
 *
 * @module
 */
import {
  HESSIAN_CONTENDERS,
  HESSIAN_ORDER,
  hessianFor,
  WIDTHS,
} from "./_hessian.ts";
import {
  assertClose,
  benchWarmed,
  consume,
  RTOL,
  sinkValue,
} from "./_peers.ts";

for (const n of WIDTHS) {
  const group = `hessian N=${n}`;
  const want = Float64Array.from(hessianFor("hand", n)());
  for (const k of HESSIAN_ORDER) {
    const f = hessianFor(k, n);
    // jax-js 0.1.25's tanh is float32-accurate on float64 arrays
    const rtol = k === "jax" ? RTOL.float32 : RTOL.float64 * 100;
    assertClose(f(), want, rtol, `${group}: ${k}`);
    benchWarmed({
      name: HESSIAN_CONTENDERS[k],
      group,
      baseline: k === "hand",
      fn: () => consume(f()[0]),
    });
  }
}

if (Number.isNaN(sinkValue())) throw new Error("Unreachable: sink is NaN");
