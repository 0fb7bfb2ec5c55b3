/**
 * The rule table of the linear and bilinear ops (shape ops, reductions,
 * broadcasting, matmul), beside `rules.ts`'s elementwise one. A linear row
 * is a plain kernel and its adjoint (transpose), both on plain numbers and
 * Tensors; the lifts in `ops.ts` apply the kernel to a dual's partials
 * (forward mode) and record the adjoint on a box's tape (reverse mode). The
 * adjoint of an adjoint is the kernel, so reverse over reverse needs nothing
 * more. A bilinear row gives its two vector–Jacobian products in the
 * library's ops, which carry any nesting along. Adding a shape op is adding
 * one row: every number kind and both modes get it.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import {
  asTensor,
  concatPlain,
  finiteOrNull,
  indexPlain,
  indexPositions,
  type IndexSpec,
  matmulPlain,
  reshapePlain,
  stridedProduct,
  sumAxes,
  sumRows,
  transposePlain,
} from "./_plain.ts";
import type { Plain } from "./ops.ts";
import {
  broadcastTo,
  Combine,
  combine,
  isTrailing,
  sameShape,
  sizeOf,
  Tensor,
} from "./tensor.ts";

/**
 * A linear op of one input: the kernel `f` and its adjoint `fT`, with the
 * parameters `P` of one call (axes, shapes …).
 *
 * @example
 * ```ts
 * import { linearRules } from "./linear_rules.ts";
 * import { np } from "../mod.ts";
 * const o = { from: [2, 2], axes: [0], keepdims: false, count: 1, fromNumber: false };
 * console.log(linearRules.sum.fT(np.array([1, 2]), o).toString()); // array([[1., 2.], [1., 2.]]) over two lines
 * ```
 */
export interface LinearRule<P> {
  /** A name for messages. */
  name: string;
  /** The map on plain values. */
  f: (x: Plain, o: P) => Plain;
  /** Its adjoint: the vector–Jacobian product, itself linear. */
  fT: (g: Plain, o: P) => Plain;
}

/**
 * A linear op of several inputs (concatenate, where …): the kernel and the
 * adjoint for input `j`.
 */
export interface LinearNRule<P> {
  /** A name for messages. */
  name: string;
  /** The map on plain values. */
  f: (xs: Plain[], o: P) => Plain;
  /** The adjoint with respect to input `j`. */
  fT: (g: Plain, o: P, j: number) => Plain;
  /** The primal shape of input `j`, for the zeros its adjoint's adjoint needs. */
  shapeOf: (o: P, j: number) => readonly number[];
}

/** The ops a bilinear row writes its vector–Jacobian products in. */
export interface LinearOps<V> {
  /** The same bilinear op, lifted. */
  apply(x: V, y: V): V;
  /** Swaps the last two axes. */
  swap(x: V): V;
  /** Reshapes (to `[]` a 0-d tensor). */
  reshape(x: V, shape: readonly number[]): V;
  /** Broadcasting's sum: sums `x` down to `shape` (a number for `[]` when `number`). */
  sumTo(x: V, shape: readonly number[], number: boolean): V;
  /** The primal shape. */
  shape(x: V): readonly number[];
}

/**
 * A bilinear op (matmul): the kernel and its two vector–Jacobian products.
 * `fast` may answer both products for plain operands at once, or null.
 */
export interface BilinearRule {
  /** A name for messages. */
  name: string;
  /** The map on plain values. */
  f: (x: Plain, y: Plain) => Plain;
  /** ḡ ↦ x̄ for adjoint `g` of the output. */
  vjpX: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
  /** ḡ ↦ ȳ. */
  vjpY: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
  /** Plain kernels for x̄ and ȳ (2-d operands), skipping the generic path. */
  fast?: (g: Plain, x: Plain, y: Plain, which: 0 | 1) => Plain | null;
}

// ------------------------------------------------------------ kernels

/** Sums `x` down to `shape` (broadcasting's adjoint); a number if `number`. */
export function sumToPlain(
  x: Plain,
  shape: readonly number[],
  number: boolean,
): Plain {
  if (typeof x === "number") {
    return number ? x : broadcastTo(x, shape);
  }
  if (sameShape(x.shape, shape)) return number ? x.data[0] : x;
  if (isTrailing(shape, x.shape)) {
    const out = sumRows(x.data, sizeOf(shape));
    return number ? out[0] : new Tensor(shape, out);
  }
  const nd = x.shape.length, lead = nd - shape.length;
  const axes: number[] = [];
  for (let a = 0; a < nd; a++) {
    if (a < lead || (shape[a - lead] === 1 && x.shape[a] !== 1)) axes.push(a);
  }
  const s = sumAxes(x, axes, true);
  if (number) return typeof s === "number" ? s : s.data[0];
  return reshapePlain(s, shape);
}

function keptShape(from: readonly number[], axes: readonly number[]) {
  return from.map((s, a) => (axes.includes(a) ? 1 : s));
}

function divideBy(p: Plain, n: number): Plain {
  return typeof p === "number" ? p / n : combine(p, n, Combine.divide);
}

function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => (out[p] = i));
  return out;
}

/** The slice [start, start + len) of `x` along `axis`. */
function sliceAxis(x: Tensor, axis: number, start: number, len: number) {
  const shape = [...x.shape];
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const n = shape[axis];
  shape[axis] = len;
  const out = f64(outer * len * inner);
  for (let i = 0; i < outer; i++) {
    out.set(
      x.data.subarray((i * n + start) * inner, (i * n + start + len) * inner),
      i * len * inner,
    );
  }
  return new Tensor(shape, out);
}

// ------------------------------------------------------------ one input

/** Parameters of sum and mean: the input's shape, the axes, keepdims, and the count divided by (1 for sum). */
export interface ReduceParams {
  /** The input's shape. */
  from: readonly number[];
  /** The reduced axes, sorted. */
  axes: readonly number[];
  /** Whether reduced axes stay with length 1. */
  keepdims: boolean;
  /** What the sum is divided by (1 for sum, n for mean). */
  count: number;
  /** The input is a number (not a 0-d tensor). */
  fromNumber: boolean;
}

/** Parameters of reshape: both shapes, and which side is a plain number. */
export interface ReshapeParams {
  /** The input's shape. */
  from: readonly number[];
  /** The output's shape. */
  to: readonly number[];
  /** The input is a number (not a 0-d tensor). */
  fromNumber: boolean;
  /** The output is a number (not a 0-d tensor). */
  toNumber: boolean;
}

/** Parameters of broadcasting's sum: the shapes, and whether the result is a number. */
export interface SumToParams {
  /** The input's shape. */
  from: readonly number[];
  /** The output's shape. */
  to: readonly number[];
  /** The output is a number. */
  toNumber: boolean;
}

/** Parameters of basic indexing. */
export interface IndexParams {
  /** The input's shape. */
  from: readonly number[];
  /** The index. */
  spec: readonly IndexSpec[];
  /** The input is a number. */
  fromNumber: boolean;
  /** The function name for messages. */
  fn: string;
}

/**
 * The linear ops of one input, by name.
 *
 * @example
 * ```ts
 * import { linearRules } from "./linear_rules.ts";
 * import { np } from "../mod.ts";
 * const o = { perm: [1, 0] };
 * console.log(linearRules.transpose.fT(np.zeros([2, 3]), o).toString().length > 0); // true
 * ```
 */
export const linearRules = {
  sum: {
    name: "sum",
    f: (x, o) => {
      const s = sumAxes(x, o.axes as number[], o.keepdims);
      return o.count === 1 ? s : divideBy(s, o.count);
    },
    fT: (g, o) => {
      if (o.from.length === 0) {
        const s = asTensor(g).data[0] / o.count;
        return o.fromNumber ? s : new Tensor([], Float64Array.of(s));
      }
      if (o.axes.length === o.from.length) {
        // every axis reduced: one value, divided once per element as below
        const v = typeof g === "number" ? g : g.data[0];
        return new Tensor(o.from, f64(sizeOf(o.from)).fill(v / o.count));
      }
      const b = broadcastTo(reshapePlain(g, keptShape(o.from, o.axes)), o.from);
      return o.count === 1 ? b : divideBy(b, o.count);
    },
  } satisfies LinearRule<ReduceParams>,
  reshape: {
    name: "reshape",
    f: (x, o) => (o.toNumber ? asTensor(x).data[0] : reshapePlain(x, o.to)),
    fT: (g, o) => o.fromNumber ? asTensor(g).data[0] : reshapePlain(g, o.from),
  } satisfies LinearRule<ReshapeParams>,
  transpose: {
    name: "transpose",
    f: (x, o) => transposePlain(x, o.perm as number[]),
    fT: (g, o) => transposePlain(g, inverse(o.perm)),
  } satisfies LinearRule<{ perm: readonly number[] }>,
  sumTo: {
    name: "sumTo",
    f: (x, o) => sumToPlain(x, o.to, o.toNumber),
    fT: (g, o) => broadcastTo(g, o.from),
  } satisfies LinearRule<SumToParams>,
  index: {
    name: "index",
    f: (x, o) => indexPlain(x, o.spec, o.fn),
    fT: (g, o) => {
      const out = f64(sizeOf(o.from));
      const pos = indexPositions(o.from, o.spec, o.fn).positions;
      const G = asTensor(g).data;
      for (let k = 0; k < pos.length; k++) out[pos[k]] += G[k];
      return o.fromNumber ? out[0] : new Tensor(o.from, out);
    },
  } satisfies LinearRule<IndexParams>,
};

// ---------------------------------------------------------- many inputs

/** Parameters of concatenate: the axis and the inputs' shapes. */
export interface ConcatParams {
  /** The (normalized) axis. */
  axis: number;
  /** The inputs' shapes. */
  shapes: readonly (readonly number[])[];
  /** The function name for messages. */
  fn: string;
}

/** Parameters of where: the condition broadcast to the output shape, and the operands' shapes. */
export interface WhereParams {
  /** The condition, broadcast to `shape`. */
  mask: Tensor;
  /** The output's shape. */
  shape: readonly number[];
  /** The two operands' shapes. */
  shapes: readonly (readonly number[])[];
  /** Which operands are numbers. */
  numbers: readonly boolean[];
}

/** Parameters of packing values into one tensor (np.array of duals). */
export interface PackParams {
  /** The output's shape. */
  full: readonly number[];
  /** Each leaf's shape. */
  shapes: readonly (readonly number[])[];
  /** Which leaves are numbers. */
  numbers: readonly boolean[];
}

/**
 * The linear ops of several inputs, by name.
 *
 * @example
 * ```ts
 * import { linearNRules } from "./linear_rules.ts";
 * import { np } from "../mod.ts";
 * const o = { axis: 0, shapes: [[2], [1]], fn: "np.concatenate" };
 * console.log(linearNRules.concatenate.fT(np.array([1, 2, 3]), o, 1).toString()); // array([3.])
 * ```
 */
export const linearNRules = {
  concatenate: {
    name: "concatenate",
    f: (xs, o) => concatPlain(xs, o.axis, o.fn),
    fT: (g, o, j) => {
      let start = 0;
      for (let i = 0; i < j; i++) start += o.shapes[i][o.axis];
      return sliceAxis(asTensor(g), o.axis, start, o.shapes[j][o.axis]);
    },
    shapeOf: (o, j) => o.shapes[j],
  } satisfies LinearNRule<ConcatParams>,
  where: {
    name: "where",
    f: ([a, b], o) => {
      const A = broadcastTo(a, o.shape), B = broadcastTo(b, o.shape);
      const m = o.mask.data, out = f64(m.length);
      for (let i = 0; i < out.length; i++) {
        out[i] = m[i] ? A.data[i] : B.data[i];
      }
      return o.shape.length === 0 ? out[0] : new Tensor(o.shape, out);
    },
    fT: (g, o, j) => {
      const G = broadcastTo(g, o.shape).data, m = o.mask.data;
      const out = f64(m.length);
      for (let i = 0; i < out.length; i++) {
        if ((m[i] ? 0 : 1) === j) out[i] = G[i];
      }
      return sumToPlain(new Tensor(o.shape, out), o.shapes[j], o.numbers[j]);
    },
    shapeOf: (o, j) => o.shapes[j],
  } satisfies LinearNRule<WhereParams>,
  pack: {
    name: "pack",
    f: (ps, o) => {
      const out = f64(sizeOf(o.full));
      let k = 0;
      for (const p of ps) {
        if (typeof p === "number") out[k++] = p;
        else {
          out.set(p.data, k);
          k += p.size;
        }
      }
      return new Tensor(o.full, out);
    },
    fT: (g, o, j) => {
      let start = 0;
      for (let i = 0; i < j; i++) start += sizeOf(o.shapes[i]);
      const G = asTensor(g).data, n = sizeOf(o.shapes[j]);
      if (o.numbers[j]) return G[start];
      return new Tensor(o.shapes[j], G.slice(start, start + n));
    },
    shapeOf: (o, j) => o.shapes[j],
  } satisfies LinearNRule<PackParams>,
};

// ------------------------------------------------------------ bilinear

/**
 * The value every element of `a` holds, when that is one finite nonzero
 * number (a mean's or a sum's adjoint), else NaN. Zero is left out: ±0 would
 * compare equal while their products differ in sign.
 */
function constantOf(a: Float64Array): number {
  const c = a[0];
  if (a.length === 0 || c === 0 || c - c !== 0) return NaN;
  for (let i = 1; i < a.length; i++) if (a[i] !== c) return NaN;
  return c;
}

// With a constant adjoint every row of x̄ (every column of ȳ) is the same
// sum, taken in the same order as the general loops take it: computed once
// and copied, O(n²) instead of O(n³), with the same bits.
function constantAdjoint(
  c: number,
  X: Float64Array,
  Y: Float64Array,
  n: number,
  k: number,
  m: number,
  which: 0 | 1,
): Tensor {
  const row = f64(k);
  if (which === 0) {
    // x̄[i, p] = Σ_j c · Y[p, j]
    for (let p = 0; p < k; p++) {
      let acc = 0;
      for (let j = 0; j < m; j++) acc += c * Y[p * m + j];
      row[p] = acc;
    }
    const out = f64(n * k);
    for (let i = 0; i < n; i++) out.set(row, i * k);
    return new Tensor([n, k], out);
  }
  // ȳ[p, j] = Σ_i X[i, p] · c
  for (let p = 0; p < k; p++) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += X[i * k + p] * c;
    row[p] = acc;
  }
  const out = f64(k * m);
  for (let p = 0; p < k; p++) out.fill(row[p], p * m, (p + 1) * m);
  return new Tensor([k, m], out);
}

/**
 * out[i, p] = +0 + G[i] · Y[p]: a one-term sum as the general loop takes it
 * from +0 (so −0 becomes +0), without a loop per element; a column of the
 * output at a time, so the inner loop runs over the n rows rather than
 * over a few columns.
 */
function outerProduct(
  G: Float64Array,
  Y: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
): void {
  for (let p = 0; p < k; p++) {
    const y = Y[p];
    for (let i = 0, o = p; i < n; i++, o += k) out[o] = G[i] * y + 0;
  }
}

/**
 * ȳ = Xᵀ·G for row-major X (n×k) and G (n×m), each sum from +0 in
 * increasing i; null when a result is not finite. As the dense matmul,
 * a kernel per block width: one column, fewer than four two at a time,
 * else four. Against
 * the general strided product, the network benchmark's gradient took 9%
 * less CPU time at 8 hidden units and 5% at 4, the same at 2 and 64
 * (medians of three runs, as ratios to the hand-written one, Deno 2.9).
 */
function transposedProduct(
  X: Float64Array,
  G: Float64Array,
  n: number,
  k: number,
  m: number,
): Float64Array | null {
  const out = f64(k * m);
  if (m === 1) transposedColumn(X, G, out, n, k);
  else if (m < 4) transposedPairs(X, G, out, n, k, m, 0);
  else transposedQuads(X, G, out, n, k, m);
  return finiteOrNull(out);
}

/**
 * out = Xᵀ·g for a single column g, four output rows at a time (then two,
 * then one): independent sums in flight, each from +0 in increasing i (the
 * dense matmul's `column` says why).
 */
function transposedColumn(
  X: Float64Array,
  G: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
): void {
  const k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0, rx = p; i < n; i++, rx += k) {
      const g = G[i];
      a0 += X[rx] * g;
      a1 += X[rx + 1] * g;
      a2 += X[rx + 2] * g;
      a3 += X[rx + 3] * g;
    }
    out[p] = a0;
    out[p + 1] = a1;
    out[p + 2] = a2;
    out[p + 3] = a3;
  }
  if (p + 1 < k) {
    let a0 = 0, a1 = 0;
    for (let i = 0, rx = p; i < n; i++, rx += k) {
      const g = G[i];
      a0 += X[rx] * g;
      a1 += X[rx + 1] * g;
    }
    out[p] = a0;
    out[p + 1] = a1;
    p += 2;
  }
  if (p < k) {
    let acc = 0;
    for (let i = 0, rx = p; i < n; i++, rx += k) acc += X[rx] * G[i];
    out[p] = acc;
  }
}

/**
 * out = Xᵀ·G from column `from` on, two columns of four output rows at a
 * time (eight independent sums), then the rows left over, then an odd
 * last column.
 */
function transposedPairs(
  X: Float64Array,
  G: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
  from: number,
): void {
  const m2 = m - ((m - from) % 2), k4 = k - (k % 4);
  let p = 0;
  for (; p < k4; p += 4) {
    const o0 = p * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
    for (let j = from; j < m2; j += 2) {
      let a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
      for (let i = 0, rx = p, rg = j; i < n; i++, rx += k, rg += m) {
        const g0 = G[rg], g1 = G[rg + 1];
        let s = X[rx];
        a0 += s * g0;
        a1 += s * g1;
        s = X[rx + 1];
        b0 += s * g0;
        b1 += s * g1;
        s = X[rx + 2];
        c0 += s * g0;
        c1 += s * g1;
        s = X[rx + 3];
        d0 += s * g0;
        d1 += s * g1;
      }
      out[o0 + j] = a0;
      out[o0 + j + 1] = a1;
      out[o1 + j] = b0;
      out[o1 + j + 1] = b1;
      out[o2 + j] = c0;
      out[o2 + j + 1] = c1;
      out[o3 + j] = d0;
      out[o3 + j + 1] = d1;
    }
  }
  for (; p < k; p++) {
    const ro = p * m;
    for (let j = from; j < m2; j += 2) {
      let a0 = 0, a1 = 0;
      for (let i = 0, rx = p, rg = j; i < n; i++, rx += k, rg += m) {
        const s = X[rx];
        a0 += s * G[rg];
        a1 += s * G[rg + 1];
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
    }
  }
  if (m2 < m) {
    for (let q = 0; q < k; q++) {
      let acc = 0;
      for (let i = 0, rx = q, rg = m2; i < n; i++, rx += k, rg += m) {
        acc += X[rx] * G[rg];
      }
      out[q * m + m2] = acc;
    }
  }
}

/** out = Xᵀ·G four columns of two output rows at a time (eight sums). */
function transposedQuads(
  X: Float64Array,
  G: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
): void {
  const m4 = m - (m % 4), k2 = k - (k % 2);
  for (let p = 0; p < k; p += 2) {
    const two = p < k2, q = two ? 1 : 0, ro = p * m;
    for (let j = 0; j < m4; j += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let i = 0, rx = p, rg = j; i < n; i++, rx += k, rg += m) {
        const g0 = G[rg], g1 = G[rg + 1], g2 = G[rg + 2], g3 = G[rg + 3];
        const s = X[rx], t = X[rx + q];
        a0 += s * g0;
        a1 += s * g1;
        a2 += s * g2;
        a3 += s * g3;
        c0 += t * g0;
        c1 += t * g1;
        c2 += t * g2;
        c3 += t * g3;
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
      out[ro + j + 2] = a2;
      out[ro + j + 3] = a3;
      if (two) {
        out[ro + m + j] = c0;
        out[ro + m + j + 1] = c1;
        out[ro + m + j + 2] = c2;
        out[ro + m + j + 3] = c3;
      }
    }
  }
  if (m4 < m) transposedPairs(X, G, out, n, k, m, m4);
}

// x̄ = ḡ·yᵀ and ȳ = xᵀ·ḡ for 2-d plain operands, without materializing
// the transposes.
function matmulFast(g: Plain, x: Plain, y: Plain, which: 0 | 1): Plain | null {
  if (
    !(g instanceof Tensor && x instanceof Tensor && y instanceof Tensor) ||
    g.ndim !== 2 || x.ndim !== 2 || y.ndim !== 2
  ) return null;
  const [n, k] = x.shape, m = y.shape[1];
  const G = g.data, X = x.data, Y = y.data;
  const c = constantOf(G);
  if (c === c) return constantAdjoint(c, X, Y, n, k, m, which);
  if (which === 0) {
    // x̄[i, p] = Σ_j G[i, j] · Y[p, j], summed in increasing j
    const out = f64(n * k);
    if (m === 1) outerProduct(G, Y, out, n, k);
    else stridedProduct(G, 0, m, 1, Y, 0, 1, m, out, 0, n, m, k);
    return new Tensor([n, k], out);
  }
  // ȳ[p, j] = Σ_i X[i, p] · G[i, j], summed in increasing i; a finite
  // result had only finite terms, and then skipping the zero X[i, p] (as
  // the loop below does) changes no bit
  const dense = transposedProduct(X, G, n, k, m);
  if (dense !== null) return new Tensor([k, m], dense);
  const out = f64(k * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const s = X[i * k + p];
      if (s === 0) continue;
      const ro = p * m, rg = i * m;
      for (let j = 0; j < m; j++) out[ro + j] += s * G[rg + j];
    }
  }
  return new Tensor([k, m], out);
}

// numpy's matmul promotes a 1-d x to a row (1, k) and a 1-d y to a column
// (k, 1), then drops those axes from the result; the adjoint undoes both
// and sums over broadcast batch axes.
function promoted<V>(g: V, x: V, y: V, o: LinearOps<V>) {
  const xs = o.shape(x), ys = o.shape(y), gs = o.shape(g);
  const x1 = xs.length === 1, y1 = ys.length === 1;
  const k = xs[xs.length - 1];
  const n = x1 ? 1 : xs[xs.length - 2], m = y1 ? 1 : ys[ys.length - 1];
  const batch = gs.slice(0, gs.length - (x1 ? 0 : 1) - (y1 ? 0 : 1));
  const G = o.reshape(g, [...batch, n, m]);
  const X = x1 ? o.reshape(x, [1, k]) : x;
  const Y = y1 ? o.reshape(y, [k, 1]) : y;
  return { G, X, Y, xs, ys };
}

/**
 * The bilinear ops, by name.
 *
 * @example
 * ```ts
 * import { bilinearRules } from "./linear_rules.ts";
 * import { np } from "../mod.ts";
 * console.log(bilinearRules.matmul.f(np.eye(2), np.array([1, 2])).toString()); // array([1., 2.])
 * ```
 */
export const bilinearRules = {
  matmul: {
    name: "matmul",
    f: matmulPlain,
    vjpX: (g, x, y, o) => {
      const p = promoted(g, x, y, o);
      const gx = o.apply(p.G, o.swap(p.Y));
      const X = o.sumTo(gx, o.shape(p.X), false);
      return p.xs.length === 1 ? o.reshape(X, p.xs) : X;
    },
    vjpY: (g, x, y, o) => {
      const p = promoted(g, x, y, o);
      const gy = o.apply(o.swap(p.X), p.G);
      const Y = o.sumTo(gy, o.shape(p.Y), false);
      return p.ys.length === 1 ? o.reshape(Y, p.ys) : Y;
    },
    fast: matmulFast,
  } satisfies BilinearRule,
};
