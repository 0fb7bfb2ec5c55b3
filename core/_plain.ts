// Plain-tensor kernels behind the linear and bilinear np functions. Each
// takes and returns numbers or Tensors only; ops.ts lifts them to duals.
import { f64 } from "./_alloc.ts";
import type { Plain } from "./ops.ts";
import {
  broadcastIndex,
  broadcastShapes,
  formatShape,
  sizeOf,
  stridedPositions,
  stridesOf,
  Tensor,
} from "./tensor.ts";

export function asTensor(x: Plain): Tensor {
  if (typeof x !== "number") return x;
  const d = f64(1);
  d[0] = x;
  return new Tensor([], d);
}

/** Normalizes `axis` (number, list, or null for all) against `ndim`. */
export function normAxes(
  axis: number | readonly number[] | null | undefined,
  ndim: number,
  fn: string,
): number[] {
  if (axis === null || axis === undefined) {
    const all = new Array<number>(ndim);
    for (let i = 0; i < ndim; i++) all[i] = i;
    return all;
  }
  if (typeof axis === "number") return [normAxis(axis, ndim, fn)];
  const list = [...axis];
  const out = list.map((a) => normAxis(a, ndim, fn));
  if (new Set(out).size !== out.length) {
    throw new RangeError(`${fn}: repeated axis in ${JSON.stringify(list)}`);
  }
  return out.sort((a, b) => a - b);
}

export function normAxis(a: number, ndim: number, fn: string): number {
  if (!Number.isInteger(a) || a < -ndim || a >= ndim) {
    throw new RangeError(
      `${fn}: axis ${a} is out of bounds for an array of dimension ${ndim}`,
    );
  }
  return a < 0 ? a + ndim : a;
}

/**
 * The rows of `d` (each `m` long) summed, each column from +0 in row order:
 * a sum over leading axes (a bias's gradient, broadcasting's sum). Four
 * columns at a time keep four sums in flight in registers: adding into the
 * output in memory made each add wait for the last one's store, and took
 * 0.3 µs for 64 rows of 2 (measured, Deno 2.9).
 */
export function sumRows(d: Float64Array, m: number): Float64Array {
  const out = f64(m), n = d.length, m4 = m - (m % 4);
  let j = 0;
  for (; j < m4; j += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = j; i < n; i += m) {
      a0 += d[i];
      a1 += d[i + 1];
      a2 += d[i + 2];
      a3 += d[i + 3];
    }
    out[j] = a0;
    out[j + 1] = a1;
    out[j + 2] = a2;
    out[j + 3] = a3;
  }
  for (; j + 1 < m; j += 2) {
    let a0 = 0, a1 = 0;
    for (let i = j; i < n; i += m) {
      a0 += d[i];
      a1 += d[i + 1];
    }
    out[j] = a0;
    out[j + 1] = a1;
  }
  if (j < m) {
    let acc = 0;
    for (let i = j; i < n; i += m) acc += d[i];
    out[j] = acc;
  }
  return out;
}

/** Sum over `axes` (sorted); a number when every axis goes and keepdims is off. */
export function sumAxes(
  x: Plain,
  axes: readonly number[],
  keepdims: boolean,
): Plain {
  const t = asTensor(x);
  const shape = t.shape;
  if (!keepdims && axes.length === shape.length) {
    let s = 0;
    for (let i = 0; i < t.data.length; i++) s += t.data[i];
    return s;
  }
  const outShape = shape.map((s, a) => (axes.includes(a) ? 1 : s));
  const data = t.data;
  let out: Float64Array;
  if (axes.every((a, i) => a === i)) {
    out = sumRows(data, sizeOf(outShape));
  } else {
    out = f64(sizeOf(outShape));
    const idx = broadcastIndex(outShape, shape);
    for (let i = 0; i < data.length; i++) out[idx[i]] += data[i];
  }
  const finalShape = keepdims
    ? outShape
    : shape.filter((_, a) => !axes.includes(a));
  if (finalShape.length === 0 && !keepdims) return out[0];
  return new Tensor(finalShape, out);
}

export function transposePlain(x: Plain, axes: number[]): Plain {
  if (typeof x === "number") return x;
  const shape = axes.map((a) => x.shape[a]);
  const inStrides = stridesOf(x.shape);
  const from = stridedPositions(shape, axes.map((a) => inStrides[a]));
  const out = f64(from.length);
  for (let i = 0; i < from.length; i++) out[i] = x.data[from[i]];
  return new Tensor(shape, out);
}

export function reshapePlain(x: Plain, shape: readonly number[]): Plain {
  const t = asTensor(x);
  return new Tensor(shape, t.data);
}

/** Resolves a -1 in `shape` against `size`, or throws naming both shapes. */
export function resolveShape(
  from: readonly number[],
  shape: readonly number[],
): number[] {
  const size = sizeOf(from);
  const out = [...shape];
  const unknown = out.indexOf(-1);
  if (out.some((s, i) => !Number.isInteger(s) || (s < 0 && i !== unknown))) {
    throw new RangeError(`np.reshape: invalid shape ${formatShape(shape)}`);
  }
  if (unknown >= 0) {
    const rest = out.reduce((a, s, i) => (i === unknown ? a : a * s), 1);
    if (rest === 0 || size % rest !== 0) {
      throw new RangeError(
        `np.reshape: cannot reshape an array of shape ${
          formatShape(from)
        } into shape ${formatShape(shape)}`,
      );
    }
    out[unknown] = size / rest;
  }
  if (sizeOf(out) !== size) {
    throw new RangeError(
      `np.reshape: cannot reshape an array of size ${size} (shape ${
        formatShape(from)
      }) into shape ${formatShape(shape)}`,
    );
  }
  return out;
}

/**
 * Whether `a[from, from + n)` is finite and mostly nonzero (fewer than a
 * quarter zeros), where the product needs no zero skipping: skipping a
 * term 0·b changes a sum only when b is ±∞ or NaN. `finiteZeros` counts the
 * zeros (-1 when a value is not finite); `denseFinite` is -1 unless the
 * range is finite with fewer than a quarter zeros (one-hot tangents are
 * faster skipped).
 */
export function finiteZeros(a: Float64Array, from: number, n: number): number {
  let zeros = 0;
  for (let i = from, e = from + n; i < e; i++) {
    const v = a[i];
    if (v === 0) zeros++;
    else if (v - v !== 0) return -1;
  }
  return zeros;
}
function denseFinite(a: Float64Array, from: number, n: number): number {
  const z = finiteZeros(a, from, n);
  return z >= 0 && 4 * z < n ? z : -1;
}

/**
 * out[oo + i·m + j] = Σ_p A[oa + i·ai + p·ap] · B[ob + p·bp + j·bj] for an
 * n×m result, each sum taken from +0 in increasing p as the skipping loops
 * do (the same bits when the operands are finite), four columns at a time
 * so each A element is read once per four (or two) products.
 */
export function stridedProduct(
  A: Float64Array,
  oa: number,
  ai: number,
  ap: number,
  B: Float64Array,
  ob: number,
  bp: number,
  bj: number,
  out: Float64Array,
  oo: number,
  n: number,
  k: number,
  m: number,
): void {
  const m4 = m - (m % 4);
  for (let i = 0; i < n; i++) {
    const ra = oa + i * ai, ro = oo + i * m;
    let j = 0;
    for (; j < m4; j += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      const b0 = ob + j * bj;
      for (let p = 0; p < k; p++) {
        const s = A[ra + p * ap], rb = b0 + p * bp;
        a0 += s * B[rb];
        a1 += s * B[rb + bj];
        a2 += s * B[rb + 2 * bj];
        a3 += s * B[rb + 3 * bj];
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
      out[ro + j + 2] = a2;
      out[ro + j + 3] = a3;
    }
    if (j + 1 < m) {
      let a0 = 0, a1 = 0;
      const b0 = ob + j * bj;
      for (let p = 0; p < k; p++) {
        const s = A[ra + p * ap], rb = b0 + p * bp;
        a0 += s * B[rb];
        a1 += s * B[rb + bj];
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
      j += 2;
    }
    for (; j < m; j++) {
      let acc = 0;
      const b0 = ob + j * bj;
      for (let p = 0; p < k; p++) acc += A[ra + p * ap] * B[b0 + p * bp];
      out[ro + j] = acc;
    }
  }
}

// Reused across calls: a fresh typed array costs more than a small matmul.
let scratch = new Uint8Array(256);

/** numpy's matmul, including its 1-D rules and broadcast batch axes. */
export function matmulPlain(xp: Plain, yp: Plain): Plain {
  const { x, y, a, b, n, k, m } = matmulOperands(xp, yp);
  if (a.ndim === 2 && b.ndim === 2) {
    const dense = denseProduct(a.data, b.data, n, k, m);
    if (dense !== null) return matmulResult(x, y, [n, m], dense);
  }
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  const plain2d = batchA.length === 0 && batchB.length === 0;
  const batch = plain2d ? [] : broadcastShapes(batchA, batchB);
  const out = batchedProduct(
    a.data,
    b.data,
    plain2d ? null : broadcastIndex(batchA, batch),
    plain2d ? null : broadcastIndex(batchB, batch),
    sizeOf(batch),
    n,
    k,
    m,
  );
  return matmulResult(x, y, [...batch, n, m], out);
}

/**
 * matmul's operands as tensors and as matrices (a 1-d first operand is a
 * row, a 1-d second a column), and the product's n, k and m; a scalar or
 * misaligned operands are refused with numpy's message.
 */
function matmulOperands(x: Plain, y: Plain) {
  if (
    typeof x === "number" || typeof y === "number" || x.ndim === 0 ||
    y.ndim === 0
  ) {
    throw new RangeError(
      "np.matmul: operands must be at least 1-D; use np.multiply for scalars",
    );
  }
  const a = x.ndim === 1 ? new Tensor([1, x.shape[0]], x.data) : x;
  const b = y.ndim === 1 ? new Tensor([y.shape[0], 1], y.data) : y;
  const n = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2], m = b.shape[b.ndim - 1];
  if (k !== k2) {
    throw new RangeError(
      `np.matmul: shapes ${formatShape(x.shape)} and ${
        formatShape(y.shape)
      } are not aligned: ${k} (last axis of the first) != ${k2} (${
        y.ndim === 1 ? "only" : "second-to-last"
      } axis of the second)`,
    );
  }
  return { x, y, a, b, n, k, m };
}

/**
 * The product of every pair of matrices in a (broadcast) batch, `ia[q]` and
 * `ib[q]` naming the operands of product q (null: one pair). Each product
 * with finite operands is dense; otherwise zero terms of A and all-zero
 * rows of B are skipped (tangents are often one-hot), so 0·∞ never adds a
 * NaN that the math does not have.
 */
function batchedProduct(
  A: Float64Array,
  B: Float64Array,
  ia: Int32Array | number[] | null,
  ib: Int32Array | number[] | null,
  nb: number,
  n: number,
  k: number,
  m: number,
): Float64Array {
  const out = f64(nb * n * m);
  const zeroRow = zeroRows(B, m);
  for (let q = 0; q < nb; q++) {
    const qa = ia ? ia[q] : 0, qb = ib ? ib[q] : 0;
    const oa = qa * n * k, ob = qb * k * m, oo = q * n * m;
    if (denseFinite(A, oa, n * k) >= 0 && finiteZeros(B, ob, k * m) >= 0) {
      stridedProduct(A, oa, k, 1, B, ob, m, 1, out, oo, n, k, m);
      continue;
    }
    if (m === 1) {
      // a matrix times a column: one running sum per row, the same terms
      // added in the same order as below
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let p = 0; p < k; p++) {
          const s = A[oa + i * k + p];
          if (s === 0 || zeroRow[qb * k + p]) continue;
          acc += s * B[ob + p];
        }
        out[oo + i] = acc;
      }
      continue;
    }
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        const s = A[oa + i * k + p];
        if (s === 0 || zeroRow[qb * k + p]) continue;
        const rb = ob + p * m, ro = oo + i * m;
        for (let j = 0; j < m; j++) out[ro + j] += s * B[rb + j];
      }
    }
  }
  return out;
}

/** Marks the rows of B (m wide) that are all zero, 1 each, in a reused buffer. */
function zeroRows(B: Float64Array, m: number): Uint8Array {
  const rows = B.length / Math.max(m, 1);
  if (scratch.length < rows) {
    scratch = new Uint8Array(Math.max(rows, 2 * scratch.length));
  }
  const zeroRow = scratch;
  for (let r = 0; r < rows; r++) {
    let z = 1;
    for (let j = r * m, e = j + m; j < e; j++) {
      if (B[j] !== 0) {
        z = 0;
        break;
      }
    }
    zeroRow[r] = z;
  }
  return zeroRow;
}

/** The product's shape with numpy's promoted 1-d axes dropped again. */
function matmulResult(
  x: Tensor,
  y: Tensor,
  full: number[],
  out: Float64Array,
): Plain {
  let shape = full;
  if (y.ndim === 1) shape = shape.slice(0, -1);
  if (x.ndim === 1) shape.splice(shape.length - (y.ndim === 1 ? 1 : 2), 1);
  if (shape.length === 0) return out[0];
  return new Tensor(shape, out);
}

/**
 * The n×m product of row-major A (n×k) and B (k×m) with every sum taken
 * from +0 in increasing p, or null when an element comes out infinite or
 * NaN. A finite sum had only finite terms, and then skipping the zero terms
 * (as the general loops do) changes no bit: the dense result is theirs. It
 * checks the n·m results instead of scanning the n·k + k·m operands first,
 * which at 64×8 times 8×2 took 40% off np.matmul's time (measured, Deno 2.9).
 */
function denseProduct(
  A: Float64Array,
  B: Float64Array,
  n: number,
  k: number,
  m: number,
): Float64Array | null {
  const out = f64(n * m);
  // One kernel per block width, each compiled for its own loops: with the
  // four-column block in the same function, the two-column loop ran at
  // 64×8×2 1.6× slower; four columns at a time are 1.3× faster than two
  // from 4 columns, eight 3% faster again for the network from 8. A single
  // column has its own loop too: taken through the two-column kernel's
  // tail, a 64×8·8×2 and a 64×2·2×1 product took 1.23 µs together against
  // 0.78 µs apart (V8 keeps one set of type feedback per function, and the
  // loops each shape never runs still shape the code the other runs).
  if (m === 1) column(A, B, out, n, k);
  else if (m < 4) columnPairs(A, B, out, n, k, m, 0);
  else if (m < 8) columnQuads(A, B, out, n, k, m);
  else columnOctets(A, B, out, n, k, m);
  return finiteOrNull(out);
}

/**
 * `out` when every element is finite, else null: the check after a dense
 * product (a finite sum had only finite terms; see {@linkcode denseProduct}).
 */
export function finiteOrNull(out: Float64Array): Float64Array | null {
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v - v !== 0) return null;
  }
  return out;
}

/**
 * out = A·b for a single column b, four rows at a time: four independent
 * sums in flight instead of one chain of dependent adds, each sum still
 * from +0 in increasing p. A chain of dependent adds waits for each add to
 * finish; rows taken one at a time overlap only as far as the processor
 * runs ahead past each short row's end. Four rows at a time took the
 * two-column loop at 64×8·8×2 from 0.48 to 0.29 µs, Xᵀ·G's from 0.42 to
 * 0.28, and the network benchmark's gradient at 2 hidden units from 9.5 to
 * 7.9 µs (measured, Deno 2.9).
 */
function column(
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let p = 0; p < k; p++) {
      const b = B[p];
      a0 += A[r0 + p] * b;
      a1 += A[r1 + p] * b;
      a2 += A[r2 + p] * b;
      a3 += A[r3 + p] * b;
    }
    out[i] = a0;
    out[i + 1] = a1;
    out[i + 2] = a2;
    out[i + 3] = a3;
  }
  for (; i < n; i++) {
    let acc = 0;
    for (let p = 0, ra = i * k; p < k; p++) acc += A[ra + p] * B[p];
    out[i] = acc;
  }
}

/**
 * out = A·B from column `from` on, two columns of four rows at a time
 * (eight independent sums, as {@linkcode column}), then the rows left over,
 * then an odd last column.
 */
function columnPairs(
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
  from: number,
): void {
  const m2 = m - ((m - from) % 2), n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const r0 = i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    const o0 = i * m, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
    for (let j = from; j < m2; j += 2) {
      let a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
      for (let p = 0, rb = j; p < k; p++, rb += m) {
        const y0 = B[rb], y1 = B[rb + 1];
        let s = A[r0 + p];
        a0 += s * y0;
        a1 += s * y1;
        s = A[r1 + p];
        b0 += s * y0;
        b1 += s * y1;
        s = A[r2 + p];
        c0 += s * y0;
        c1 += s * y1;
        s = A[r3 + p];
        d0 += s * y0;
        d1 += s * y1;
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
  for (; i < n; i++) {
    const ra = i * k, ro = i * m;
    for (let j = from; j < m2; j += 2) {
      let a0 = 0, a1 = 0;
      for (let p = 0, rb = j; p < k; p++, rb += m) {
        const s = A[ra + p];
        a0 += s * B[rb];
        a1 += s * B[rb + 1];
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
    }
  }
  if (m2 < m) {
    for (let r = 0; r < n; r++) {
      let acc = 0;
      const ra = r * k;
      for (let p = 0, rb = m2; p < k; p++, rb += m) acc += A[ra + p] * B[rb];
      out[r * m + m2] = acc;
    }
  }
}

/** out = A·B eight columns at a time, the rest two at a time. */
function columnOctets(
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
): void {
  const m8 = m - (m % 8);
  for (let i = 0; i < n; i++) {
    const ra = i * k, ro = i * m;
    for (let j = 0; j < m8; j += 8) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      for (let p = 0, rb = j; p < k; p++, rb += m) {
        const s = A[ra + p];
        a0 += s * B[rb];
        a1 += s * B[rb + 1];
        a2 += s * B[rb + 2];
        a3 += s * B[rb + 3];
        a4 += s * B[rb + 4];
        a5 += s * B[rb + 5];
        a6 += s * B[rb + 6];
        a7 += s * B[rb + 7];
      }
      out[ro + j] = a0;
      out[ro + j + 1] = a1;
      out[ro + j + 2] = a2;
      out[ro + j + 3] = a3;
      out[ro + j + 4] = a4;
      out[ro + j + 5] = a5;
      out[ro + j + 6] = a6;
      out[ro + j + 7] = a7;
    }
  }
  if (m8 < m) columnPairs(A, B, out, n, k, m, m8);
}

/**
 * out = A·B four columns of two rows at a time (eight independent sums, as
 * {@linkcode column}; each A element read once per four products).
 */
function columnQuads(
  A: Float64Array,
  B: Float64Array,
  out: Float64Array,
  n: number,
  k: number,
  m: number,
): void {
  const m4 = m - (m % 4), n2 = n - (n % 2);
  for (let i = 0; i < n; i += 2) {
    const two = i < n2;
    const ra = i * k, rc = two ? ra + k : ra, ro = i * m;
    for (let j = 0; j < m4; j += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let p = 0, rb = j; p < k; p++, rb += m) {
        const y0 = B[rb], y1 = B[rb + 1], y2 = B[rb + 2], y3 = B[rb + 3];
        const s = A[ra + p], t = A[rc + p];
        a0 += s * y0;
        a1 += s * y1;
        a2 += s * y2;
        a3 += s * y3;
        c0 += t * y0;
        c1 += t * y1;
        c2 += t * y2;
        c3 += t * y3;
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
  if (m4 < m) columnPairs(A, B, out, n, k, m, m4);
}

export function concatPlain(xs: Plain[], axis: number, fn: string): Plain {
  const ts = xs.map(asTensor);
  const nd = ts[0].ndim;
  if (nd === 0) {
    throw new RangeError(
      `${fn}: zero-dimensional arrays cannot be concatenated`,
    );
  }
  const ax = normAxis(axis, nd, fn);
  for (const [j, t] of ts.entries()) {
    if (
      t.ndim !== nd ||
      t.shape.some((s, a) => a !== ax && s !== ts[0].shape[a])
    ) {
      throw new RangeError(
        `${fn}: array ${j} has shape ${
          formatShape(t.shape)
        }, which does not match ${
          formatShape(ts[0].shape)
        } except on axis ${ax}`,
      );
    }
  }
  const shape = [...ts[0].shape];
  shape[ax] = ts.reduce((s, t) => s + t.shape[ax], 0);
  const outer = sizeOf(shape.slice(0, ax));
  const out = f64(sizeOf(shape));
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (const t of ts) {
      const block = sizeOf(t.shape.slice(ax));
      out.set(t.data.subarray(i * block, (i + 1) * block), o);
      o += block;
    }
  }
  return new Tensor(shape, out);
}

/** One index spec per axis: a number, a slice string "a:b:c", or null for ":". */
export type IndexSpec = number | string | null;

/** Where basic indexing reads: the output shape and, per output element, its flat position in the input. */
export function indexPositions(
  shape: readonly number[],
  spec: readonly IndexSpec[],
  fn: string,
): { shape: number[]; positions: number[] } {
  if (spec.length > shape.length) {
    throw new RangeError(
      `${fn}: too many indices (${spec.length}) for an array of shape ${
        formatShape(shape)
      }`,
    );
  }
  const picks: number[][] = [];
  const keep: boolean[] = [];
  for (let a = 0; a < shape.length; a++) {
    const s = a < spec.length ? spec[a] : null;
    const n = shape[a];
    if (typeof s === "number") {
      if (!Number.isInteger(s) || s < -n || s >= n) {
        throw new RangeError(
          `${fn}: index ${s} is out of bounds for axis ${a} with size ${n}`,
        );
      }
      picks.push([s < 0 ? s + n : s]);
      keep.push(false);
    } else {
      picks.push(sliceRange(s, n, fn, a));
      keep.push(true);
    }
  }
  const out = picks.filter((_, a) => keep[a]).map((p) => p.length);
  const strides = stridesOf(shape);
  const positions: number[] = [];
  const rec = (a: number, off: number) => {
    if (a === shape.length) {
      positions.push(off);
      return;
    }
    for (const i of picks[a]) rec(a + 1, off + i * strides[a]);
  };
  rec(0, 0);
  return { shape: out, positions };
}

/** Reads `x[spec…]` as numpy would (basic indexing). */
export function indexPlain(
  x: Plain,
  spec: readonly IndexSpec[],
  fn: string,
): Plain {
  const t = asTensor(x);
  const { shape, positions } = indexPositions(t.shape, spec, fn);
  const out = f64(positions.length);
  for (let k = 0; k < positions.length; k++) out[k] = t.data[positions[k]];
  if (shape.length === 0) return out[0];
  return new Tensor(shape, out);
}

function sliceRange(
  s: string | null,
  n: number,
  fn: string,
  axis: number,
): number[] {
  if (s === null || s === ":") return Array.from({ length: n }, (_, i) => i);
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/.exec(s);
  if (!m) {
    throw new TypeError(
      `${fn}: index "${s}" on axis ${axis} is not a slice like "1:3" or "::-1"`,
    );
  }
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (step === 0) throw new RangeError(`${fn}: slice step cannot be zero`);
  const clamp = (v: number, lo: number, hi: number) =>
    Math.min(Math.max(v, lo), hi);
  const norm = (v: string | undefined, def: number, lo: number, hi: number) => {
    if (v === undefined) return def;
    let i = Number(v);
    if (i < 0) i += n;
    return clamp(i, lo, hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = norm(m[1], 0, 0, n), stop = norm(m[2], n, 0, n);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = norm(m[1], n - 1, -1, n - 1),
      stop = norm(m[2], -1, -1, n - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}
