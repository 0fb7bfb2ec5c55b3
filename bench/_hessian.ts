/**
 * The Hessian case: f(w) = mean((tanh(X·w) − y)²) with X 16×N, for
 * N = 2 … 64. The hand-written closed form (the limit), dualgrade's
 * `hessian` as it chooses (hyper-duals below 4 inputs, forward over reverse
 * from 4), dualgrade's hyper-duals forced (one pass per pair of inputs, the
 * method before reverse mode), and jax-js's `hessian` (wasm, float64).
 * TensorFlow.js has no Hessian.
 *
 * @module
 */
import { hessian, np, Tensor } from "../mod.ts";
import { matrixValues } from "./_matmul.ts";
import { jax, jnp } from "./_peers.ts";

/** Rows of X. */
export const ROWS = 16;

/** The input sizes N benchmarked. */
export const WIDTHS = [2, 4, 8, 16, 32, 64];

/** The contenders' names as the report reads them. */
export const HESSIAN_CONTENDERS = {
  hand: "hand-written",
  dualgrade: "dualgrade hessian",
  dualgradeHyper: "dualgrade hyper-duals (forced)",
  jax: "jax-js hessian (wasm, float64)",
} as const;

/** A contender's key. */
export type HessianContender = keyof typeof HESSIAN_CONTENDERS;

/** The contenders in table order. */
export const HESSIAN_ORDER: HessianContender[] = [
  "hand",
  "dualgrade",
  "dualgradeHyper",
  "jax",
];

/** X, y and w for N inputs. */
export function hessianData(n: number) {
  return {
    X: matrixValues(ROWS * n, 31 + n).map((v) => v / Math.sqrt(n)),
    y: matrixValues(ROWS, 32),
    w: matrixValues(n, 33 + n),
  };
}

/** The Hessian, read back as a flat N×N array. */
export type HessianOf = () => ArrayLike<number>;

/**
 * The closed form: with a = X·w, t = tanh(a), r = t − y,
 * H = (2/16) Σₛ (t′² + r·t″) xₛxₛᵀ, t′ = 1 − t², t″ = −2t·t′.
 */
export function handHessian(n: number): HessianOf {
  const { X, y, w } = hessianData(n);
  const c = new Float64Array(ROWS);
  return () => {
    for (let s = 0; s < ROWS; s++) {
      let a = 0;
      for (let k = 0; k < n; k++) a += X[s * n + k] * w[k];
      const t = Math.tanh(a), d1 = 1 - t * t, d2 = -2 * t * d1;
      c[s] = 2 / ROWS * (d1 * d1 + (t - y[s]) * d2);
    }
    const H = new Float64Array(n * n);
    for (let s = 0; s < ROWS; s++) {
      const cs = c[s], o = s * n;
      for (let i = 0; i < n; i++) {
        const xi = cs * X[o + i];
        for (let j = 0; j < n; j++) H[i * n + j] += xi * X[o + j];
      }
    }
    return H;
  };
}

/** One contender's Hessian function for N inputs. */
export function hessianFor(kind: HessianContender, n: number): HessianOf {
  const d = hessianData(n);
  switch (kind) {
    case "hand":
      return handHessian(n);
    case "dualgrade":
    case "dualgradeHyper": {
      const X = new Tensor([ROWS, n], d.X), y = new Tensor([ROWS], d.y);
      const f = (w: Tensor) =>
        np.mean(np.square(np.subtract(np.tanh(np.matmul(X, w)), y)));
      const h = hessian(
        f,
        0,
        kind === "dualgradeHyper" ? { mode: "forward" } : {},
      );
      const w = new Tensor([n], d.w);
      return () => (h(w) as Tensor).data;
    }
    case "jax": {
      const X = jnp.array(d.X.slice()).reshape([ROWS, n]);
      const y = jnp.array(d.y.slice());
      const f = (w: jax.Array) =>
        jnp.mean(jnp.square(jnp.tanh(jnp.matmul(X.ref, w)).sub(y.ref)));
      const h = jax.hessian(f) as (w: jax.Array) => jax.Array;
      const w = jnp.array(d.w.slice());
      return () => h(w.ref).dataSync();
    }
  }
}
