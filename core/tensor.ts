/**
 * Float64 tensors: a shape and a Float64Array in C order, with numpy's
 * broadcasting and a printed form that reads like numpy's.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { Arith } from "./arith.ts";

/**
 * An n-dimensional array of float64 numbers in C (row-major) order.
 *
 * Build one with `np.array`; every np function accepts and returns them.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const t = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.get(1, 2)); // [ 2, 3 ] 6
 * console.log(t.toString()); // array([[1., 2., 3.], [4., 5., 6.]]) over two lines
 * ```
 */
export class Tensor {
  /** The length along each axis. */
  readonly shape: readonly number[];
  /** The elements in C order. */
  readonly data: Float64Array;

  /**
   * Wraps `data` (not copied) with `shape`.
   *
   * @example
   * ```ts
   * import { Tensor } from "../mod.ts";
   * const t = new Tensor([2], new Float64Array([1, 2]));
   * console.log(t.size); // 2
   * ```
   */
  constructor(shape: readonly number[], data: Float64Array) {
    const n = sizeOf(shape);
    if (data.length !== n) {
      throw new RangeError(
        `Cannot make a tensor of shape ${
          formatShape(shape)
        }: it needs ${n} elements, got ${data.length}`,
      );
    }
    this.shape = shape;
    this.data = data;
  }

  /** Always `"Tensor"`. */
  get kind(): string {
    return "Tensor";
  }
  /** The number of elements. */
  get size(): number {
    return this.data.length;
  }
  /** The number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * One element, by an index per axis (negative counts from the end).
   *
   * @example
   * ```ts
   * import { np } from "../mod.ts";
   * console.log(np.array([[1, 2], [3, 4]]).get(1, -1)); // 4
   * ```
   */
  get(...index: number[]): number {
    return this.data[flatIndex(this.shape, index)];
  }

  /**
   * The elements as nested arrays (a number for a 0-d tensor).
   *
   * @example
   * ```ts
   * import { np } from "../mod.ts";
   * console.log(np.array([[1, 2]]).toArray()); // [ [ 1, 2 ] ]
   * ```
   */
  toArray(): NestedNumbers {
    return nest(this.shape, this.data);
  }

  /**
   * numpy's printed form, e.g. `array([[0.1 , 0.1 ],\n       [0.  , 0.  ]])`.
   *
   * @example
   * ```ts
   * import { np } from "../mod.ts";
   * console.log(np.array([6, 3]).toString()); // array([6., 3.])
   * ```
   */
  toString(): string {
    return formatArray(this.shape, this.data);
  }

  /** Iterates over the first axis: numbers for a 1-d tensor, tensors otherwise. */
  *[Symbol.iterator](): Iterator<Tensor | number> {
    if (this.shape.length === 0) {
      throw new TypeError("Cannot iterate over a 0-d tensor");
    }
    const inner = this.shape.slice(1);
    const m = sizeOf(inner);
    for (let i = 0; i < this.shape[0]; i++) {
      if (inner.length === 0) yield this.data[i];
      else yield new Tensor(inner, this.data.slice(i * m, (i + 1) * m));
    }
  }

  /** Shown by Deno's console.log. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
  /** Shown by Node's console.log. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * Tensor takes Arith's methods (`x.add(y)` …) through its prototype, without a
 * `super()` call: V8 does not inline a super constructor, which made each
 * allocation of a tensor about twice as slow (measured, Deno 2.9).
 */
export interface Tensor extends Arith {}
Object.setPrototypeOf(Tensor.prototype, Arith.prototype);

/**
 * Numbers nested in arrays, as `Tensor.toArray` returns them.
 *
 * @example
 * ```ts
 * import type { NestedNumbers } from "../mod.ts";
 * const m: NestedNumbers = [[1, 2], [3, 4]];
 * ```
 */
export type NestedNumbers = number | NestedNumbers[];

/** Whether `x` is a Tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** The product of the lengths. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** `(2, 3)` as numpy writes shapes. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** The flat C-order position of `index` in `shape`, with checks. */
export function flatIndex(
  shape: readonly number[],
  index: readonly number[],
): number {
  if (index.length !== shape.length) {
    throw new RangeError(
      `Cannot index a tensor of shape ${
        formatShape(shape)
      } with ${index.length} indices: it needs ${shape.length}`,
    );
  }
  let flat = 0;
  for (let a = 0; a < shape.length; a++) {
    let i = index[a];
    if (!Number.isInteger(i)) {
      throw new TypeError(`Index ${i} on axis ${a} is not an integer`);
    }
    if (i < 0) i += shape[a];
    if (i < 0 || i >= shape[a]) {
      throw new RangeError(
        `Index ${index[a]} is out of bounds for axis ${a} with size ${
          shape[a]
        }`,
      );
    }
    flat = flat * shape[a] + i;
  }
  return flat;
}

/** C-order strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    s[a] = acc;
    acc *= shape[a];
  }
  return s;
}

/** The broadcast shape of two shapes, or a RangeError naming both. */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // leading axes missing from the shorter shape count as 1 (no reads before
  // an array's start, which V8 serves through a slow path)
  const da = n - a.length, db = n - b.length;
  for (let i = 0; i < n; i++) {
    const x = i < da ? 1 : a[i - da];
    const y = i < db ? 1 : b[i - db];
    if (x !== y && x !== 1 && y !== 1) {
      throw new RangeError(
        `Operands could not be broadcast together with shapes ${
          formatShape(a)
        } ${formatShape(b)}${
          a.length === 2 && b.length === 2 && a[1] === b[0]
            ? ": elementwise ops need equal shapes; the matrix product is np.matmul"
            : ""
        }`,
      );
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/** Element strides of `shape` read as if broadcast to `target` (0 on broadcast axes). */
export function broadcastStrides(
  shape: readonly number[],
  target: readonly number[],
): number[] {
  const s = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let a = 0; a < shape.length; a++) {
    out[a + off] = shape[a] === 1 ? 0 : s[a];
  }
  return out;
}

/**
 * For each position of `shape` in C order, the flat position reached by
 * stepping `strides` (an odometer over the axes): with broadcast strides it
 * reads a broadcast operand, with permuted strides a transposed one.
 */
export function stridedPositions(
  shape: readonly number[],
  strides: readonly number[],
): number[] {
  const n = sizeOf(shape);
  const idx = new Array<number>(n);
  const nd = shape.length;
  const counter = new Array<number>(nd).fill(0);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = pos;
    for (let a = nd - 1; a >= 0; a--) {
      counter[a]++;
      pos += strides[a];
      if (counter[a] < shape[a]) break;
      pos -= strides[a] * counter[a];
      counter[a] = 0;
    }
  }
  return idx;
}

/** For each position of `target` in C order, the flat position in a broadcast operand. */
export function broadcastIndex(
  shape: readonly number[],
  target: readonly number[],
): number[] {
  return stridedPositions(target, broadcastStrides(shape, target));
}

/** A new tensor of `shape` holding `fill`. */
export function filled(shape: readonly number[], fill: number): Tensor {
  const d = f64(sizeOf(shape));
  if (fill !== 0) d.fill(fill);
  return new Tensor(shape, d);
}

/** Elementwise `f` of one tensor. */
export function mapTensor(x: Tensor, f: (v: number) => number): Tensor {
  const a = x.data;
  const out = f64(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
  return new Tensor(x.shape, out);
}

/** Elementwise `f` of two operands (tensors or numbers) with broadcasting. */
export function zipTensor(
  x: Tensor | number,
  y: Tensor | number,
  f: (a: number, b: number) => number,
): Tensor {
  if (typeof x === "number") {
    const b = (y as Tensor).data;
    const out = f64(b.length);
    for (let i = 0; i < b.length; i++) out[i] = f(x, b[i]);
    return new Tensor((y as Tensor).shape, out);
  }
  if (typeof y === "number") {
    const a = x.data;
    const out = f64(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i], y);
    return new Tensor(x.shape, out);
  }
  const a = x.data, b = y.data;
  if (sameShape(x.shape, y.shape)) {
    const out = f64(a.length);
    for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
    return new Tensor(x.shape, out);
  }
  const shape = broadcastShapes(x.shape, y.shape);
  // The common broadcast, a bias: one operand repeats along leading axes,
  // read by a modulus instead of an index array per operand.
  const n = sizeOf(shape);
  if (a.length === n && isTrailing(y.shape, shape)) {
    const out = f64(n), m = b.length;
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = f(a[i], b[j]);
      if (++j === m) j = 0;
    }
    return new Tensor(shape, out);
  }
  if (b.length === n && isTrailing(x.shape, shape)) {
    const out = f64(n), m = a.length;
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = f(a[j], b[i]);
      if (++j === m) j = 0;
    }
    return new Tensor(shape, out);
  }
  const ia = broadcastIndex(x.shape, shape);
  const ib = broadcastIndex(y.shape, shape);
  const out = f64(ia.length);
  for (let i = 0; i < ia.length; i++) out[i] = f(a[ia[i]], b[ib[i]]);
  return new Tensor(shape, out);
}

/**
 * The elementwise combinations the engine uses most (a linear row's
 * value and adjoint, a product, a tangent scaled by a partial), written out
 * so that no function is called per element: through `zipTensor`'s shared
 * loop a call costs several nanoseconds an element, more than the add
 * itself (measured, Deno 2.9). Each gives the bits its rule's `f` gives.
 */
export const Combine = {
  /** a + b */
  add: 0,
  /** a − b */
  subtract: 1,
  /** a · b */
  multiply: 2,
  /** 0 where b is 0, else a · b: a partial a times a tangent b. */
  scale: 3,
  /** a / b */
  divide: 4,
} as const;

/**
 * `x op y` elementwise with broadcasting, for one of {@linkcode Combine}'s
 * ops; at least one operand is a tensor.
 */
export function combine(
  x: Tensor | number,
  y: Tensor | number,
  op: typeof Combine[keyof typeof Combine],
): Tensor {
  let a: Float64Array | null = null, b: Float64Array | null = null;
  let sa = 0, sb = 0;
  let shape: readonly number[];
  if (typeof x === "number") {
    sa = x;
    shape = (y as Tensor).shape;
    b = (y as Tensor).data;
  } else if (typeof y === "number") {
    sb = y;
    shape = x.shape;
    a = x.data;
  } else if (sameShape(x.shape, y.shape)) {
    shape = x.shape;
    a = x.data;
    b = y.data;
  } else {
    shape = broadcastShapes(x.shape, y.shape);
    const n = sizeOf(shape);
    if (x.data.length === n && isTrailing(y.shape, shape)) {
      return new Tensor(shape, combineRows(x.data, y.data, op, false));
    }
    if (y.data.length === n && isTrailing(x.shape, shape)) {
      return new Tensor(shape, combineRows(y.data, x.data, op, true));
    }
    a = broadcastTo(x, shape).data;
    b = broadcastTo(y, shape).data;
  }
  const n = a ? a.length : b!.length, out = f64(n);
  if (a && b) {
    if (op === 0) { for (let i = 0; i < n; i++) out[i] = a[i] + b[i]; }
    else if (op === 1) { for (let i = 0; i < n; i++) out[i] = a[i] - b[i]; }
    else if (op === 2) { for (let i = 0; i < n; i++) out[i] = a[i] * b[i]; }
    else if (op === 4) { for (let i = 0; i < n; i++) out[i] = a[i] / b[i]; }
    else {
      for (let i = 0; i < n; i++) {
        const t = b[i];
        out[i] = t === 0 ? 0 : a[i] * t;
      }
    }
  } else if (a) {
    if (op === 0) { for (let i = 0; i < n; i++) out[i] = a[i] + sb; }
    else if (op === 1) { for (let i = 0; i < n; i++) out[i] = a[i] - sb; }
    else if (op === 4) { for (let i = 0; i < n; i++) out[i] = a[i] / sb; }
    else if (op === 2 || sb !== 0) {
      for (let i = 0; i < n; i++) out[i] = a[i] * sb;
    }
  } else if (b) {
    if (op === 0) { for (let i = 0; i < n; i++) out[i] = sa + b[i]; }
    else if (op === 1) { for (let i = 0; i < n; i++) out[i] = sa - b[i]; }
    else if (op === 2) { for (let i = 0; i < n; i++) out[i] = sa * b[i]; }
    else if (op === 4) { for (let i = 0; i < n; i++) out[i] = sa / b[i]; }
    else {
      for (let i = 0; i < n; i++) {
        const t = b[i];
        out[i] = t === 0 ? 0 : sa * t;
      }
    }
  }
  return new Tensor(shape, out);
}

/**
 * `full op row` (or `row op full` when `rowFirst`) with `row` repeated along
 * `full`'s leading axes: a bias, without materializing its broadcast copy.
 */
function combineRows(
  full: Float64Array,
  row: Float64Array,
  op: typeof Combine[keyof typeof Combine],
  rowFirst: boolean,
): Float64Array {
  const n = full.length, m = row.length, out = f64(n);
  if (m === 0) return out;
  // one pass with the row's position kept by a counter: for short rows a
  // loop per row costs more than its adds; a bias of one or two adds from
  // registers (np.add of the network benchmark's two biases, 369 and 240
  // ns, now 313 and 206 ns, a scratch probe, Deno 2.9)
  if (op === 0 && m === 1) {
    const r = row[0];
    for (let i = 0; i < n; i++) out[i] = full[i] + r;
  } else if (op === 0 && m === 2) {
    const r0 = row[0], r1 = row[1];
    for (let i = 0; i < n; i += 2) {
      out[i] = full[i] + r0;
      out[i + 1] = full[i + 1] + r1;
    }
  } else if (op === 0) {
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = full[i] + row[j];
      if (++j === m) j = 0;
    }
  } else if (op === 2) {
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = full[i] * row[j];
      if (++j === m) j = 0;
    }
  } else if (rowFirst) {
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = combineOne(row[j], full[i], op);
      if (++j === m) j = 0;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++) {
      out[i] = combineOne(full[i], row[j], op);
      if (++j === m) j = 0;
    }
  }
  return out;
}

function combineOne(a: number, b: number, op: number): number {
  return op === 0
    ? a + b
    : op === 1
    ? a - b
    : op === 2
    ? a * b
    : op === 4
    ? a / b
    : b === 0
    ? 0
    : a * b;
}

/** −x elementwise (−0 for 0, as negative's rule gives). */
export function negated(x: Tensor): Tensor {
  const a = x.data, n = a.length, out = f64(n);
  for (let i = 0; i < n; i++) out[i] = -a[i];
  return new Tensor(x.shape, out);
}

/**
 * Whether `shape` broadcast to `target` only repeats along leading axes:
 * its trailing lengths equal the target's, after any leading 1s.
 */
export function isTrailing(
  shape: readonly number[],
  target: readonly number[],
): boolean {
  let a = 0;
  while (a < shape.length && shape[a] === 1) a++;
  const off = target.length - shape.length;
  for (let i = a; i < shape.length; i++) {
    if (shape[i] !== target[i + off]) return false;
  }
  return true;
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `x` broadcast to `shape` as a new tensor. */
export function broadcastTo(
  x: Tensor | number,
  shape: readonly number[],
): Tensor {
  if (typeof x === "number") return filled(shape, x);
  if (sameShape(x.shape, shape)) return x;
  const full = broadcastShapes(x.shape, shape);
  if (!sameShape(full, shape)) {
    throw new RangeError(
      `Cannot broadcast shape ${formatShape(x.shape)} to ${formatShape(shape)}`,
    );
  }
  const n = sizeOf(shape), src = x.data;
  if (src.length === 1) return new Tensor(shape, f64(n).fill(src[0]));
  if (isTrailing(x.shape, shape)) {
    // a bias repeated along leading axes: whole copies, no index array
    const out = f64(n), m = src.length;
    if (m >= 64) { for (let o = 0; o < n; o += m) out.set(src, o); }
    else {
      // short rows: a call to set per row costs more than the copy
      for (let i = 0, j = 0; i < n; i++) {
        out[i] = src[j];
        if (++j === m) j = 0;
      }
    }
    return new Tensor(shape, out);
  }
  const idx = broadcastIndex(x.shape, shape);
  const out = f64(n);
  for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  return new Tensor(shape, out);
}

function nest(shape: readonly number[], data: Float64Array): NestedNumbers {
  if (shape.length === 0) return data[0];
  const rec = (axis: number, offset: number, stride: number): NestedNumbers => {
    const n = shape[axis];
    const inner = stride / n;
    const out: NestedNumbers[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        axis === shape.length - 1
          ? data[offset + i]
          : rec(axis + 1, offset + i * inner, inner),
      );
    }
    return out;
  };
  return rec(0, 0, data.length);
}

// numpy's default float formatting (arrayprint's FloatingFormat): at most 8
// fraction digits, the shortest digits that round-trip, padded so the
// decimal points line up; scientific notation when a non-zero magnitude is
// ≥ 1e8 or < 1e-4, or the largest is over 1000 times the smallest; nan and
// inf right-aligned in the same width.
function formatNumbers(data: Float64Array): string[] {
  const values = Array.from(data);
  const abs = values.filter(Number.isFinite).map(Math.abs).filter((v) =>
    v !== 0
  );
  const max = Math.max(...abs), min = Math.min(...abs);
  const scientific = abs.length > 0 &&
    (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  // sign and integer digits, fraction digits, exponent ("" if positional)
  const parts = values.map((v): [string, string, string] | null => {
    if (!Number.isFinite(v)) return null;
    let m: string, e = "";
    if (scientific) {
      const [mant, exp] = v.toExponential(8).split("e");
      m = mant.includes(".") ? mant.replace(/0+$/, "") : mant;
      e = exp[0] === "-" ? exp : "+" + exp.replace("+", "");
    } else {
      m = String(Number(v.toFixed(8)));
    }
    if ((v < 0 || Object.is(v, -0)) && m[0] !== "-") m = "-" + m;
    const dot = m.indexOf(".");
    return dot < 0 ? [m, "", e] : [m.slice(0, dot), m.slice(dot + 1), e];
  });
  let left = 0, frac = 0, exp = scientific ? 3 : 0;
  for (const p of parts) {
    if (!p) continue;
    left = Math.max(left, p[0].length);
    frac = Math.max(frac, p[1].length);
    exp = Math.max(exp, p[2].length);
  }
  const right = frac + (exp && exp + 1);
  if (parts.includes(null)) {
    const inf = values.includes(-Infinity) ? 4 : 3;
    left = Math.max(left, 3 - right - 1, inf - right - 1);
  }
  return parts.map((p, k) => {
    if (!p) return special(values[k]).padStart(left + 1 + right);
    // scientific mantissas pad with zeros, positional fractions with spaces
    const f = scientific ? p[1].padEnd(frac, "0") : p[1].padEnd(frac);
    // exponent digits pad with zeros to the longest, two at least
    const e = p[2] && "e" + p[2][0] + p[2].slice(1).padStart(exp - 1, "0");
    return p[0].padStart(left) + "." + f + e;
  });
}

function special(v: number): string {
  return v !== v ? "nan" : v > 0 ? "inf" : "-inf";
}

/** numpy's repr of an array with `shape` and `data`. */
export function formatArray(
  shape: readonly number[],
  data: Float64Array,
): string {
  if (shape.length === 0) return `array(${formatNumbers(data)[0]})`;
  // Like numpy, more than 1000 elements print as the first and last three
  // along each axis, with "..." between.
  const summarize = data.length > 1000;
  const shown = shape.map((n) =>
    summarize && n > 6
      ? [0, 1, 2, -1, n - 3, n - 2, n - 1]
      : Array.from({ length: n }, (_, i) => i)
  );
  const strides = stridesOf(shape);
  const picked: number[] = [];
  const collect = (axis: number, offset: number) => {
    for (const i of shown[axis]) {
      if (i < 0) continue;
      const o = offset + i * strides[axis];
      if (axis === shape.length - 1) picked.push(data[o]);
      else collect(axis + 1, o);
    }
  };
  collect(0, 0);
  const items = formatNumbers(Float64Array.from(picked));
  const prefix = "array(";
  let k = 0;
  const rec = (axis: number, indent: string, offset: number): string => {
    if (axis === shape.length - 1) {
      // numpy wraps the last axis at 75 columns, less one per bracket
      const hanging = indent + " ", width = 73 - axis;
      const idx = shown[axis];
      let s = "", line = hanging;
      idx.forEach((i, j) => {
        const word = i < 0 ? "..." : items[k++];
        if (
          line.length + word.length > width && line.length > hanging.length
        ) {
          s += line.trimEnd() + "\n";
          line = hanging;
        }
        line += word + (j < idx.length - 1 ? ", " : "");
      });
      return "[" + (s + line).slice(hanging.length) + "]";
    }
    const parts = shown[axis].map((i) =>
      i < 0 ? "..." : rec(axis + 1, indent + " ", offset + i * strides[axis])
    );
    const sep = ",\n" + "\n".repeat(shape.length - axis - 2) + indent + " ";
    return "[" + parts.join(sep) + "]";
  };
  const body = prefix + rec(0, " ".repeat(prefix.length), 0);
  return summarize ? `${body}, shape=${formatShape(shape)})` : body + ")";
}
