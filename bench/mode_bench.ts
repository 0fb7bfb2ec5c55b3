/**
 * Where reverse mode starts to pay: `grad` forced forward and forced reverse
 * on n inputs, n = 2 … 32, for a tensor function (Σ sin(x)·x over a Tensor)
 * and for a list of numbers (Σ xᵢ² over `[x1, x2, …]`, forward mode's fast
 * path). `REVERSE_THRESHOLD` in core/config.ts is read off this table. The
 * Hessian-vector products of both functions are timed the same way,
 * forward over forward against forward over reverse (the jvp of `grad`
 * forced to each mode), since `hessianVectorProduct` is the jvp of a `grad`
 * that picks its mode by the same threshold. Every mode is checked against
 * the closed form before timing.
 *
 * Run: `deno task bench` (or `deno task bench:report` for the tables).
 *
 * @module
 */
import { grad, jvp, np, type Tensor, type Value } from "../mod.ts";
import {
  assertClose,
  benchWarmed,
  consume,
  RTOL,
  sinkValue,
} from "./_peers.ts";

/** The input sizes compared. */
export const MODE_SIZES = [2, 4, 8, 12, 16, 24, 32];

const tensorF = (x: Tensor) => np.sum(np.multiply(np.sin(x), x));
const listF = (xs: Value[]) => {
  let s: Value = 0;
  for (const x of xs) s = np.add(s, np.multiply(x, x));
  return s;
};

for (const n of MODE_SIZES) {
  const x = np.linspace(-1, 1, n);
  const xs = Array.from(x.data);
  const wantT = xs.map((v) => Math.cos(v) * v + Math.sin(v));
  const wantL = xs.map((v) => 2 * v);
  for (const mode of ["forward", "reverse"] as const) {
    const gT = grad(tensorF, 0, { mode });
    const gL = grad(listF, 0, { mode });
    assertClose(gT(x).data, wantT, RTOL.float64, `tensor n=${n} ${mode}`);
    assertClose(gL(xs) as number[], wantL, RTOL.float64, `list n=${n} ${mode}`);
    benchWarmed({
      name: `${mode} mode`,
      group: `mode tensor n=${n}`,
      baseline: mode === "forward",
      fn: () => consume(gT(x).data[0]),
    });
    const hv = jvp(grad(tensorF, 0, { mode }));
    const v = np.linspace(1, 2, n);
    const wantH = xs.map((t, i) =>
      (2 * Math.cos(t) - t * Math.sin(t)) * v.data[i]
    );
    assertClose(
      (hv(x, v)[1] as Tensor).data,
      wantH,
      RTOL.float64,
      `hvp n=${n} ${mode}`,
    );
    benchWarmed({
      name: `${mode} mode`,
      group: `mode hvp n=${n}`,
      baseline: mode === "forward",
      fn: () => consume((hv(x, v)[1] as Tensor).data[0]),
    });
    const hvl = jvp(grad(listF, 0, { mode }));
    const vs = Array.from(v.data);
    assertClose(
      hvl(xs, vs)[1] as number[],
      vs.map((t) => 2 * t),
      RTOL.float64,
      `hvp list n=${n} ${mode}`,
    );
    benchWarmed({
      name: `${mode} mode`,
      group: `mode hvplist n=${n}`,
      baseline: mode === "forward",
      fn: () => consume((hvl(xs, vs)[1] as number[])[0]),
    });
    benchWarmed({
      name: `${mode} mode`,
      group: `mode list n=${n}`,
      baseline: mode === "forward",
      fn: () => consume((gL(xs) as number[])[0]),
    });
  }
}

if (Number.isNaN(sinkValue())) throw new Error("Unreachable: sink is NaN");
