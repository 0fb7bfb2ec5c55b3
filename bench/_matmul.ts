/**
 * The matrix case shared by the benchmark and the memory probe: the sizes,
 * deterministic inputs, the hand-written gradient of mean(W·V), and each
 * contender's gradient function with its inputs prepared.
 *
 * @module
 */
import { grad, np, Tensor } from "../mod.ts";
import { jax, jnp, RTOL, tf } from "./_peers.ts";

/** One benchmarked size: W is m×n, V is n×p. */
export interface Size {
  label: string;
  m: number;
  n: number;
  p: number;
}

/** The sizes benchmarked: the seed's 2×3·3×2, then n×n. */
export const SIZES: Size[] = [
  { label: "2x3.3x2", m: 2, n: 3, p: 2 },
  ...[2, 4, 8, 16, 32, 64].map((n) => ({ label: `n=${n}`, m: n, n, p: n })),
];

/** The contenders' names as the report reads them. */
export const CONTENDERS = {
  hand: "hand-written",
  dualgrade: "dualgrade grad",
  tfjs: "tfjs grads (cpu, float32)",
  jax: "jax-js grad (wasm, float64)",
  jaxJit: "jax-js jit(grad) (wasm, float32)",
} as const;

/** A contender's key. */
export type Contender = keyof typeof CONTENDERS;

/** The contenders in table order. */
export const ORDER: Contender[] = [
  "hand",
  "dualgrade",
  "tfjs",
  "jax",
  "jaxJit",
];

/** The tolerance each contender is checked with (float32 peers are looser). */
export const RTOL_OF: Record<Contender, number> = {
  hand: RTOL.float64,
  dualgrade: RTOL.float64,
  tfjs: RTOL.float32,
  jax: RTOL.float64,
  jaxJit: RTOL.float32,
};

/** Deterministic values in [-1, 1) (a 32-bit LCG), so every run sees the same. */
export function matrixValues(
  size: number,
  seed: number,
): Float64Array<ArrayBuffer> {
  const out = new Float64Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** W and V for a size: the seed notebook's for 2×3·3×2, else pseudo-random. */
export function inputsFor(
  size: Size,
): [Float64Array<ArrayBuffer>, Float64Array<ArrayBuffer>] {
  if (size.label === "2x3.3x2") {
    return [
      new Float64Array([0.3, -0.2, 0.1, 0.1, 0.2, 0.1]),
      new Float64Array([0.1, -0.3, 0.1, 0.5, 0.2, 0.7]),
    ];
  }
  return [
    matrixValues(size.m * size.n, 17 + size.n),
    matrixValues(size.n * size.p, 91 + size.n),
  ];
}

// Creating an ArrayBuffer costs about half a microsecond on Deno 2.9, more
// than this whole gradient at n = 2, so the hand-written limit carves its
// outputs out of a shared buffer, as an expert would (dualgrade does the same
// for small arrays in core/_alloc.ts).
const SLAB_ELEMENTS = 1 << 17;
let slab = new Float64Array(SLAB_ELEMENTS);
let slabUsed = 0;
function zeros(n: number): Float64Array {
  if (slabUsed + n > SLAB_ELEMENTS) {
    slab = new Float64Array(SLAB_ELEMENTS);
    slabUsed = 0;
  }
  return slab.subarray(slabUsed, slabUsed += n);
}

/**
 * The analytic gradient of mean(W·V): with G = 1/(m·p) everywhere,
 * dW = G·Vᵀ (row sums of V) and dV = Wᵀ·G (column sums of W).
 */
export function handGradient(
  w: Float64Array,
  v: Float64Array,
  { m, n, p }: Size,
): [Float64Array, Float64Array] {
  const scale = 1 / (m * p);
  const rowV = zeros(n), colW = zeros(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += v[k * p + j];
    rowV[k] = s * scale;
  }
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < n; k++) colW[k] += w[i * n + k];
  }
  const dW = zeros(m * n), dV = zeros(n * p);
  for (let i = 0; i < m; i++) dW.set(rowV, i * n);
  for (let k = 0; k < n; k++) dV.fill(colW[k] * scale, k * p, (k + 1) * p);
  return [dW, dV];
}

/** Both gradients, read back as typed arrays. */
export type Gradients = () => ArrayLike<number>[];

const dgGrad = grad(([W, V]: Tensor[]) => np.mean(np.matmul(W, V)));
const tfGrads = tf.grads((W: tf.Tensor, V: tf.Tensor) =>
  tf.mean(tf.matMul(W, V))
);
const jaxF = ([W, V]: jax.Array[]) => jnp.mean(jnp.matmul(W, V));
const jaxGrad = jax.grad(jaxF) as (p: jax.Array[]) => jax.Array[];
// jax-js 0.1.25's jit(grad) of this function returns wrong numbers on float64
// arrays (about 1e-8 where 0.15 is due), so its jit contender runs float32.
const jaxJitGrad = jax.jit(jax.grad(jaxF)) as (p: jax.Array[]) => jax.Array[];

/**
 * One contender's gradient function at one size, its inputs built once in the
 * library's own array type.
 */
export function gradientFor(kind: Contender, size: Size): Gradients {
  const [w, v] = inputsFor(size);
  const { m, n, p } = size;
  switch (kind) {
    case "hand":
      return () => handGradient(w, v, size);
    case "dualgrade": {
      const W = new Tensor([m, n], w), V = new Tensor([n, p], v);
      return () => (dgGrad([W, V]) as Tensor[]).map((t) => t.data);
    }
    case "tfjs": {
      const W = tf.tensor2d(Float32Array.from(w), [m, n], "float32");
      const V = tf.tensor2d(Float32Array.from(v), [n, p], "float32");
      return () =>
        tf.tidy(() => tfGrads([W, V]).map((t) => t.dataSync() as Float32Array));
    }
    case "jax": {
      const W = jnp.array(w.slice()).reshape([m, n]);
      const V = jnp.array(v.slice()).reshape([n, p]);
      return () => jaxGrad([W.ref, V.ref]).map((a) => a.dataSync());
    }
    case "jaxJit": {
      const W = jnp.array(Float32Array.from(w)).reshape([m, n]);
      const V = jnp.array(Float32Array.from(v)).reshape([n, p]);
      return () => jaxJitGrad([W.ref, V.ref]).map((a) => a.dataSync());
    }
  }
}
