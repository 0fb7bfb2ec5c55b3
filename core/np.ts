/**
 * A numpy-like namespace that differentiates: every function accepts
 * numbers, nested arrays, Tensors, Duals and HyperDuals, and plain numbers
 * in give plain numbers out.
 *
 * ```ts
 * import { grad, np } from "../mod.ts";
 * const f = (x: number) => np.power(np.subtract(x, 10), 2);
 * console.log(f(3), grad(f)(3)); // 49 -14
 * ```
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { methodOps } from "./arith.ts";
import { arrayOf, type Operand, toValue } from "./_convert.ts";
import {
  type IndexSpec,
  normAxes,
  normAxis,
  resolveShape,
  sumAxes,
} from "./_plain.ts";
import { Box, boxMethods } from "./box.ts";
import { Dual, methodsTable, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import {
  bilinear,
  binary,
  linear,
  linearN,
  type Plain,
  primal,
  shapeOf,
  unary,
} from "./ops.ts";
import { binaryRules, unaryRules } from "./rules.ts";
import { noteCall, watch } from "./_nonfinite.ts";
import { bilinearRules, linearNRules, linearRules } from "./linear_rules.ts";
import {
  broadcastIndex,
  broadcastShapes,
  broadcastTo,
  filled,
  formatShape,
  Tensor,
  zipTensor,
} from "./tensor.ts";

export type { IndexSpec, Operand };

/**
 * A one-argument elementwise function: numbers give numbers, tensors
 * tensors, duals duals.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const f: np.UnaryOp = np.sin;
 * console.log(f(0)); // 0
 * ```
 */
export interface UnaryOp {
  /** On a number. */
  (x: number): number;
  /** On a tensor or nested arrays. */
  (x: Tensor | readonly Operand[]): Tensor;
  /** On a dual. */
  (x: Dual): Dual;
  /** On a hyper-dual. */
  (x: HyperDual): HyperDual;
  /** On anything. */
  (x: Operand): Value;
}

/**
 * A two-argument elementwise function with numpy broadcasting.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const f: np.BinaryOp = np.add;
 * console.log(f(1, 2)); // 3
 * ```
 */
export interface BinaryOp {
  /** On numbers. */
  (x: number, y: number): number;
  /** With a dual. */
  (x: Dual, y: Operand): Dual;
  /** With a dual. */
  (x: Operand, y: Dual): Dual;
  /** On tensors, arrays and numbers. */
  (
    x: Tensor | number | readonly Operand[],
    y: Tensor | number | readonly Operand[],
  ): Tensor;
  /** On anything. */
  (x: Operand, y: Operand): Value;
}

// Numbers and duals, the common operands, skip the conversion call.
function un(name: string): UnaryOp {
  const r = unaryRules[name];
  const fn = `np.${name}`;
  return ((x: unknown) => {
    const out = unary(
      r,
      typeof x === "number" || x instanceof Dual || x instanceof Box
        ? x
        : toValue(x, fn),
    );
    if (watch.on) noteCall(name, [x], out); // Where NaN/∞ begin (sandbox only).
    return out;
  }) as UnaryOp;
}
function bin(name: string): BinaryOp {
  const r = binaryRules[name];
  const fn = `np.${name}`;
  return ((x: unknown, y: unknown) => {
    const out = binary(
      r,
      typeof x === "number" || x instanceof Dual || x instanceof Box
        ? x
        : toValue(x, fn, 1),
      typeof y === "number" || y instanceof Dual || y instanceof Box
        ? y
        : toValue(y, fn, 2),
    );
    if (watch.on) noteCall(name, [x, y], out); // Where NaN/∞ begin (sandbox only).
    return out;
  }) as BinaryOp;
}

/** Euler's number, 2.718281828459045. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.log(np.e)); // 1
 * ``` */
export const e: number = Math.E;
/** π, 3.141592653589793. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.cos(np.pi)); // -1
 * ``` */
export const pi: number = Math.PI;

/** x + y. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.add(2, 3)); // 5
 * ``` */
export const add: BinaryOp = bin("add");
/** x − y. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.subtract(2, 3)); // -1
 * ``` */
export const subtract: BinaryOp = bin("subtract");
/** x · y, elementwise. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.multiply(2, 3)); // 6
 * ``` */
export const multiply: BinaryOp = bin("multiply");
/** x / y. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.divide(3, 2)); // 1.5
 * ``` */
export const divide: BinaryOp = bin("divide");
/** xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases). @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.power(2, 10)); // 1024
 * ``` */
export const power: BinaryOp = bin("power");
/** The angle of the point (x, y): `arctan2(y, x)`. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arctan2(1, 1)); // 0.7853981633974483
 * ``` */
export const arctan2: BinaryOp = bin("arctan2");
/** The larger of x and y, elementwise (NaN if either is); ties split the derivative. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.maximum(0, -2)); // 0
 * ``` */
export const maximum: BinaryOp = bin("maximum");
/** The smaller of x and y, elementwise. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.minimum(0, -2)); // -2
 * ``` */
export const minimum: BinaryOp = bin("minimum");

/** −x. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.negative(2)); // -2
 * ``` */
export const negative: UnaryOp = un("negative");
/** |x|; its derivative at 0 is 0. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.abs(-2)); // 2
 * ``` */
export const abs: UnaryOp = un("abs");
/** −1, 0 or 1; derivative 0. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.sign(-2)); // -1
 * ``` */
export const sign: UnaryOp = un("sign");
/** x². @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.square(3)); // 9
 * ``` */
export const square: UnaryOp = un("square");
/** √x; its derivative at 0 is +∞. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.sqrt(9)); // 3
 * ``` */
export const sqrt: UnaryOp = un("sqrt");
/** eˣ. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.exp(0)); // 1
 * ``` */
export const exp: UnaryOp = un("exp");
/** eˣ − 1, accurate near 0. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.expm1(0)); // 0
 * ``` */
export const expm1: UnaryOp = un("expm1");
/** The natural logarithm; log(0) = −∞, its derivative there +∞. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.log(1)); // 0
 * ``` */
export const log: UnaryOp = un("log");
/** log(1 + x), accurate near 0. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.log1p(0)); // 0
 * ``` */
export const log1p: UnaryOp = un("log1p");
/** The base-2 logarithm. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.log2(8)); // 3
 * ``` */
export const log2: UnaryOp = un("log2");
/** The base-10 logarithm. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.log10(100)); // 2
 * ``` */
export const log10: UnaryOp = un("log10");
/** sine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.sin(0)); // 0
 * ``` */
export const sin: UnaryOp = un("sin");
/** cosine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.cos(0)); // 1
 * ``` */
export const cos: UnaryOp = un("cos");
/** tangent. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.tan(0)); // 0
 * ``` */
export const tan: UnaryOp = un("tan");
/** inverse sine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arcsin(0)); // 0
 * ``` */
export const arcsin: UnaryOp = un("arcsin");
/** inverse cosine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arccos(1)); // 0
 * ``` */
export const arccos: UnaryOp = un("arccos");
/** inverse tangent. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arctan(0)); // 0
 * ``` */
export const arctan: UnaryOp = un("arctan");
/** hyperbolic sine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.sinh(0)); // 0
 * ``` */
export const sinh: UnaryOp = un("sinh");
/** hyperbolic cosine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.cosh(0)); // 1
 * ``` */
export const cosh: UnaryOp = un("cosh");
/** hyperbolic tangent. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.tanh(0)); // 0
 * ``` */
export const tanh: UnaryOp = un("tanh");
/** inverse hyperbolic sine. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arcsinh(0)); // 0
 * ``` */
export const arcsinh: UnaryOp = un("arcsinh");
/** inverse hyperbolic cosine (x ≥ 1). @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arccosh(1)); // 0
 * ``` */
export const arccosh: UnaryOp = un("arccosh");
/** inverse hyperbolic tangent (|x| < 1). @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arctanh(0)); // 0
 * ``` */
export const arctanh: UnaryOp = un("arctanh");
/** 1 / x. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.reciprocal(4)); // 0.25
 * ``` */
export const reciprocal: UnaryOp = un("reciprocal");

// ------------------------------------------------------------- creation

/**
 * A tensor from a number, nested arrays, a typed array or a tensor (copied).
 * Arrays holding duals give a dual tensor.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * console.log(np.array([[1, 2], [3, 4]]).shape); // [ 2, 2 ]
 * ```
 */
export function array(x: Operand): Tensor {
  return arrayOf(x) as Tensor;
}

function checkShape(shape: number | readonly number[], fn: string): number[] {
  const s = typeof shape === "number" ? [shape] : [...shape];
  for (const n of s) {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `${fn}: invalid shape ${
          JSON.stringify(shape)
        }: lengths must be non-negative integers`,
      );
    }
  }
  return s;
}

/** A tensor of zeros. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.zeros([2, 3]).size); // 6
 * ``` */
export function zeros(shape: number | readonly number[]): Tensor {
  return filled(checkShape(shape, "np.zeros"), 0);
}
/** A tensor of ones. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.ones(2).toArray()); // [ 1, 1 ]
 * ``` */
export function ones(shape: number | readonly number[]): Tensor {
  return filled(checkShape(shape, "np.ones"), 1);
}
/** A tensor filled with one value. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.full([2], 7).toArray()); // [ 7, 7 ]
 * ``` */
export function full(shape: number | readonly number[], value: number): Tensor {
  return filled(checkShape(shape, "np.full"), value);
}
/** The n×n identity (or n×m with ones on the diagonal). @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ``` */
export function eye(n: number, m: number = n): Tensor {
  const t = filled(checkShape([n, m], "np.eye"), 0);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}
/** Evenly spaced values in [start, stop) by step; `arange(n)` is 0 … n−1. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.arange(3).toArray()); // [ 0, 1, 2 ]
 * ``` */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) {
    throw new RangeError(
      `np.arange: step must be a finite non-zero number, got ${step}`,
    );
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = f64(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return new Tensor([n], out);
}
/** `num` evenly spaced values from start to stop inclusive. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.linspace(0, 1, 3).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export function linspace(start: number, stop: number, num = 50): Tensor {
  checkShape([num], "np.linspace");
  const out = f64(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (num > 1) out[num - 1] = stop;
  return new Tensor([num], out);
}

// ----------------------------------------------------------- reductions

/**
 * Options of the reductions: the axis or axes to reduce (all when absent)
 * and whether to keep them with length 1.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const o: np.ReduceOptions = { axis: 0, keepdims: true };
 * console.log(np.sum([[1, 2], [3, 4]], o).toString()); // array([[4., 6.]])
 * ```
 */
export interface ReduceOptions {
  /** The axis or axes to reduce; all when absent or null. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes with length 1. */
  keepdims?: boolean;
  /** For var and std: divide by n − ddof. */
  ddof?: number;
}

/**
 * The axis argument of a reduction: an axis, a list of axes, null (all), or
 * {@linkcode ReduceOptions}.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const a: np.AxisArg = { axis: [0, 1], keepdims: true };
 * console.log(np.sum(np.ones([2, 2]), a).toString()); // array([[4.]])
 * ```
 */
export type AxisArg = number | readonly number[] | null | ReduceOptions;

/**
 * Plain numbers, as a Tensor or nested arrays: what a reduction over every
 * axis turns into a number.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * const m: np.PlainArray = [[1, 2], [3, 4]];
 * const total: number = np.sum(m);
 * ```
 */
export type PlainArray =
  | Tensor
  | readonly number[]
  | readonly (readonly number[])[]
  | readonly (readonly (readonly number[])[])[];

function reduceOpts(x: Value, arg: AxisArg | undefined, fn: string) {
  const o: ReduceOptions = arg === null || arg === undefined
    ? {}
    : typeof arg === "number" || Array.isArray(arg)
    ? { axis: arg as number | number[] }
    : arg as ReduceOptions;
  const from = shapeOf(x);
  const axes = normAxes(o.axis, from.length, fn);
  const count = axes.reduce((n, a) => n * from[a], 1);
  return {
    from,
    axes,
    keepdims: o.keepdims ?? false,
    count,
    ddof: o.ddof ?? 0,
    fromNumber: isNumber(x),
  };
}

/** Whether a value's primal is a plain number (not a 0-d tensor). */
function isNumber(x: Value): boolean {
  return typeof primal(x) === "number";
}

/** The sum over an axis, axes, or everything (a number). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log(np.sum([[1, 2], [3, 4]])); // 10
 * console.log((np.sum([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ 3, 7 ]
 * ``` */
export function sum(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function sum(x: Operand, axis?: AxisArg): Value;
export function sum(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.sum");
  const o = reduceOpts(v, axis, "np.sum");
  return linear(linearRules.sum, v, { ...o, count: 1 });
}
/** The mean over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.mean([1, 2, 3, 4])); // 2.5
 * ``` */
export function mean(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function mean(x: Operand, axis?: AxisArg): Value;
export function mean(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.mean");
  const o = reduceOpts(v, axis, "np.mean");
  return linear(linearRules.sum, v, o);
}
/** The variance (divide by n − ddof). @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.var([1, 2, 3, 4])); // 1.25
 * ``` */
export function var_(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function var_(x: Operand, axis?: AxisArg): Value;
export function var_(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.var");
  const o = reduceOpts(v, axis, "np.var");
  const m = mean(v, { axis: o.axes, keepdims: true });
  const s = sum(square(subtract(v, m)), { axis: o.axes, keepdims: o.keepdims });
  return divide(s, o.count - o.ddof);
}
export { var_ as var };
/** The standard deviation. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.std([1, 3])); // 1
 * ``` */
export function std(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function std(x: Operand, axis?: AxisArg): Value;
export function std(x: Operand, axis?: AxisArg): Value {
  return sqrt(var_(x, axis));
}

function extreme(
  x: Operand,
  axis: AxisArg | undefined,
  fn: string,
  pick: (a: number, b: number) => boolean,
): Value {
  const v = toValue(x, fn);
  const o = reduceOpts(v, axis, fn);
  const p = primal(v);
  const t = typeof p === "number" ? new Tensor([], Float64Array.of(p)) : p;
  if (t.size === 0) {
    throw new RangeError(
      `${fn}: zero-size array has no ${
        fn === "np.max" ? "maximum" : "minimum"
      }`,
    );
  }
  // The extreme value of the primal, kept with length-1 axes.
  const keepShape = t.shape.map((s, a) => (o.axes.includes(a) ? 1 : s));
  const best = filled(keepShape, NaN);
  const bi = broadcastIndex(keepShape, t.shape);
  const seen = new Uint8Array(best.size);
  for (let i = 0; i < t.size; i++) {
    const j = bi[i], val = t.data[i];
    if (!seen[j] || val !== val || pick(val, best.data[j])) {
      if (best.data[j] !== best.data[j] && seen[j]) continue;
      best.data[j] = val;
      seen[j] = 1;
    }
  }
  // Ties share the derivative evenly, as autograd does.
  const mask = f64(t.size);
  const counts = f64(best.size);
  for (let i = 0; i < t.size; i++) {
    const b = best.data[bi[i]], val = t.data[i];
    if (val === b || (val !== val && b !== b)) {
      mask[i] = 1;
      counts[bi[i]]++;
    }
  }
  for (let i = 0; i < t.size; i++) if (mask[i]) mask[i] /= counts[bi[i]];
  const w = new Tensor(t.shape, mask);
  const exact = o.keepdims ? best : (sumAxes(best, o.axes, false) as Plain);
  if (typeof v === "number" || v instanceof Tensor) return exact;
  const weighted = sum(multiply(v, w), { axis: o.axes, keepdims: o.keepdims });
  return replacePrimal(weighted, exact);
}

// The weighted sum's value may differ from the maximum by rounding; the
// primal is replaced by the exact one, the partials kept.
function replacePrimal(x: Value, exact: Plain): Value {
  if (x instanceof Dual) return new Dual(x.tag, replacePrimal(x.v, exact), x.d);
  if (x instanceof Box) {
    return new Box(x.tag, replacePrimal(x.v, exact), x.node, x.tape);
  }
  if (x instanceof HyperDual) return new HyperDual(exact, x.b, x.c, x.d, x.tag);
  return exact;
}

/** The maximum over an axis, axes, or everything; ties share the derivative. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.max([1, 5, 3])); // 5
 * ``` */
export function max(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function max(x: Operand, axis?: AxisArg): Value;
export function max(x: Operand, axis?: AxisArg): Value {
  return extreme(x, axis, "np.max", (a, b) => a > b);
}
/** The minimum over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.min([1, 5, 3])); // 1
 * ``` */
export function min(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function min(x: Operand, axis?: AxisArg): Value;
export function min(x: Operand, axis?: AxisArg): Value {
  return extreme(x, axis, "np.min", (a, b) => a < b);
}
/** The product over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.prod([1, 2, 3, 4])); // 24
 * ``` */
export function prod(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function prod(x: Operand, axis?: AxisArg): Value;
export function prod(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.prod");
  const o = reduceOpts(v, axis, "np.prod");
  // Move the reduced axes last, flatten them, and multiply slice by slice.
  const nd = shapeOf(v).length;
  const rest = Array.from({ length: nd }, (_, a) => a).filter((a) =>
    !o.axes.includes(a)
  );
  const moved = transpose(v, [...rest, ...o.axes]);
  const keptShape = rest.map((a) => shapeOf(v)[a]);
  const flat = reshape(moved, [...keptShape, o.count]);
  let acc: Value = keptShape.length === 0 ? 1 : ones(keptShape);
  for (let i = 0; i < o.count; i++) {
    const slice = index(flat, ...keptShape.map(() => null), i);
    acc = multiply(acc, slice);
  }
  if (o.keepdims) {
    const shape = shapeOf(v).map((s, a) => (o.axes.includes(a) ? 1 : s));
    return reshape(acc, shape);
  }
  return acc;
}

/** log Σ exp(x), computed stably. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.logsumexp([1000, 1000])); // 1000.6931471805599
 * ``` */
export function logsumexp(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function logsumexp(x: Operand, axis?: AxisArg): Value;
export function logsumexp(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.logsumexp");
  const o = reduceOpts(v, axis, "np.logsumexp");
  const m = primal(max(primal(v), { axis: o.axes, keepdims: true }));
  const finite = typeof m === "number"
    ? (Number.isFinite(m) ? m : 0)
    : zipTensor(m, 0, (a) => (Number.isFinite(a) ? a : 0));
  const s = sum(exp(subtract(v, finite)), { axis: o.axes, keepdims: true });
  const out = add(log(s), finite);
  return o.keepdims ? out : squeezeAxes(out, o.axes);
}

/** exp(x) / Σ exp(x) along an axis (the last by default). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.softmax([0, 0]) as Tensor).toArray()); // [ 0.5, 0.5 ]
 * ``` */
export function softmax(x: PlainArray, axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function softmax(x: Operand, axis?: number): Value;
export function softmax(x: Operand, axis: number = -1): Value {
  const v = toValue(x, "np.softmax");
  const ax = normAxis(axis, shapeOf(v).length, "np.softmax");
  const m = primal(max(primal(v), { axis: ax, keepdims: true }));
  const ex = exp(subtract(v, m));
  return divide(ex, sum(ex, { axis: ax, keepdims: true }));
}

// ------------------------------------------------------------ shape ops

/** Permutes axes (reverses them by default). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.transpose(np.zeros([2, 3])) as Tensor).shape); // [ 3, 2 ]
 * ``` */
export function transpose(x: PlainArray, axes?: readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function transpose(x: Operand, axes?: readonly number[]): Value;
export function transpose(x: Operand, axes?: readonly number[]): Value {
  const v = toValue(x, "np.transpose");
  const nd = shapeOf(v).length;
  const perm = axes
    ? axes.map((a) => normAxis(a, nd, "np.transpose"))
    : Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new RangeError(
      `np.transpose: axes ${
        JSON.stringify(axes)
      } do not match an array of dimension ${nd}`,
    );
  }
  return linear(linearRules.transpose, v, { perm });
}
/** A new shape for the same elements; one length may be −1. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.reshape(np.arange(6), [2, -1]) as Tensor).shape); // [ 2, 3 ]
 * ``` */
export function reshape(
  x: PlainArray,
  shape: number | readonly number[],
): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function reshape(x: Operand, shape: number | readonly number[]): Value;
export function reshape(x: Operand, shape: number | readonly number[]): Value {
  const v = toValue(x, "np.reshape");
  const s = resolveShape(
    shapeOf(v),
    typeof shape === "number" ? [shape] : shape,
  );
  return reshapeTo(v, s, false);
}
function reshapeTo(v: Value, to: readonly number[], toNumber: boolean): Value {
  return linear(linearRules.reshape, v, {
    from: shapeOf(v),
    to,
    fromNumber: isNumber(v),
    toNumber,
  });
}
/** The elements as a 1-d tensor. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.ravel([[1, 2], [3, 4]]).toString()); // array([1., 2., 3., 4.])
 * ``` */
export function ravel(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function ravel(x: Operand): Value;
export function ravel(x: Operand): Value {
  return reshape(x, [-1]);
}
/** The same as {@linkcode ravel}. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.flatten([[1], [2]]) as Tensor).shape); // [ 2 ]
 * ``` */
export function flatten(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function flatten(x: Operand): Value;
export function flatten(x: Operand): Value {
  return reshape(x, [-1]);
}
/** Inserts a length-1 axis at `axis`. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.expand_dims([1, 2], 0) as Tensor).shape); // [ 1, 2 ]
 * ``` */
export function expand_dims(x: PlainArray, axis: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function expand_dims(x: Operand, axis: number): Value;
export function expand_dims(x: Operand, axis: number): Value {
  const v = toValue(x, "np.expand_dims");
  const s = [...shapeOf(v)];
  const ax = normAxis(axis, s.length + 1, "np.expand_dims");
  s.splice(ax, 0, 1);
  return reshapeTo(v, s, false);
}
/** Removes length-1 axes (all, or the ones named). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.squeeze(np.zeros([1, 3, 1])) as Tensor).shape); // [ 3 ]
 * ``` */
export function squeeze(
  x: PlainArray,
  axis?: number | readonly number[],
): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function squeeze(x: Operand, axis?: number | readonly number[]): Value;
export function squeeze(x: Operand, axis?: number | readonly number[]): Value {
  const v = toValue(x, "np.squeeze");
  const s = shapeOf(v);
  const axes = axis === undefined
    ? s.flatMap((n, a) => (n === 1 ? [a] : []))
    : normAxes(axis, s.length, "np.squeeze");
  for (const a of axes) {
    if (s[a] !== 1) {
      throw new RangeError(
        `np.squeeze: cannot select axis ${a}: its length is ${s[a]}, not 1`,
      );
    }
  }
  return squeezeAxes(v, axes);
}
function squeezeAxes(v: Value, axes: number[]): Value {
  const s = shapeOf(v).filter((_, a) => !axes.includes(a));
  return reshapeTo(v, s, s.length === 0);
}
/** Joins tensors along an existing axis. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.concatenate([[1, 2], [3]]) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ``` */
export function concatenate(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function concatenate(xs: readonly Operand[], axis?: number): Value;
export function concatenate(xs: readonly Operand[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError("np.concatenate: expected a non-empty list of arrays");
  }
  const vs = xs.map((x, i) => toValue(x, "np.concatenate", i + 1));
  return concat(vs, axis, "np.concatenate");
}
function concat(vs: Value[], axis: number, fn: string): Value {
  const shapes = vs.map(shapeOf);
  const nd = shapes[0].length;
  const ax = nd === 0 ? axis : normAxis(axis, nd, fn);
  return linearN(linearNRules.concatenate, vs, { axis: ax, shapes, fn });
}
/** Joins tensors along a new axis. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.stack([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ [ 1, 3 ], [ 2, 4 ] ]
 * ``` */
export function stack(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function stack(xs: readonly Operand[], axis?: number): Value;
export function stack(xs: readonly Operand[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError("np.stack: expected a non-empty list of arrays");
  }
  const vs = xs.map((x, i) => toValue(x, "np.stack", i + 1));
  const s0 = shapeOf(vs[0]);
  for (const [i, v] of vs.entries()) {
    if (shapeOf(v).join() !== s0.join()) {
      throw new RangeError(
        `np.stack: all input arrays must have the same shape: array 0 is ${
          formatShape(s0)
        }, array ${i} is ${formatShape(shapeOf(v))}`,
      );
    }
  }
  const ax = normAxis(axis, s0.length + 1, "np.stack");
  const expanded = vs.map((v) => expand_dims(v, ax));
  return concat(expanded, ax, "np.stack");
}
/** x where the condition holds, y elsewhere (the condition is read on values, not differentiated). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.where([1, 0], [1, 2], [3, 4]) as Tensor).toArray()); // [ 1, 4 ]
 * ``` */
export function where(
  condition: Operand | boolean[] | boolean[][],
  x: Operand,
  y: Operand,
): Value {
  const c = primal(toValue(toNumbers(condition), "np.where", 1));
  const vx = toValue(x, "np.where", 2), vy = toValue(y, "np.where", 3);
  const shape = broadcastShapes(
    broadcastShapes(shapeOf(c), shapeOf(vx)),
    shapeOf(vy),
  );
  const mask = broadcastTo(c, shape);
  return linearN(linearNRules.where, [vx, vy], {
    mask,
    shape,
    shapes: [shapeOf(vx), shapeOf(vy)],
    numbers: [isNumber(vx), isNumber(vy)],
  });
}
function toNumbers(c: unknown): unknown {
  if (typeof c === "boolean") return c ? 1 : 0;
  if (Array.isArray(c)) return c.map(toNumbers);
  return c;
}
/** Limits values to [lo, hi]; the derivative is 0 where a bound is reached. @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.clip([-1, 0.5, 2], 0, 1) as Tensor).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export function clip(x: PlainArray, lo: number, hi: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function clip(x: Operand, lo: number, hi: number): Value;
export function clip(x: Operand, lo: number, hi: number): Value {
  const v = toValue(x, "np.clip");
  const p = primal(v);
  const inside = typeof p === "number"
    ? (p > lo && p < hi ? 1 : 0)
    : zipTensor(p, 0, (a) => (a > lo && a < hi ? 1 : 0));
  const bounded = typeof p === "number"
    ? Math.min(Math.max(p, lo), hi)
    : zipTensor(p, 0, (a) => Math.min(Math.max(a, lo), hi));
  return where(inside, v, bounded);
}

/**
 * Reads `x[index…]` as numpy's basic indexing: a number picks (and drops
 * the axis), a slice string `"1:3"`, `"::-1"` or `null` (all) keeps it.
 *
 * @example
 * ```ts
 * import { np, type Tensor } from "../mod.ts";
 * const m = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(np.index(m, 1, 2)); // 6
 * console.log((np.index(m, null, "1:") as Tensor).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export function index(x: Operand, ...spec: IndexSpec[]): Value {
  const v = toValue(x, "np.index");
  return linear(linearRules.index, v, {
    from: shapeOf(v),
    spec,
    fromNumber: isNumber(v),
    fn: "np.index",
  });
}

// -------------------------------------------------------- linear algebra

/** numpy's matrix product (1-d operands as vectors, batches broadcast). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.matmul([[1, 2]], [[3], [4]]) as Tensor).toArray()); // [ [ 11 ] ]
 * ``` */
export function matmul(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function matmul(x: Operand, y: Operand): Value;
export function matmul(x: Operand, y: Operand): Value {
  const a = toValue(x, "np.matmul", 1), b = toValue(y, "np.matmul", 2);
  return bilinear(bilinearRules.matmul, a, b);
}
/** numpy's dot: a product for scalars, matmul for 1-d and 2-d. @example ```ts
 * import { np } from "../mod.ts";
 * console.log(np.dot([1, 2], [3, 4])); // 11
 * ``` */
export function dot(x: Operand, y: Operand): Value {
  const a = toValue(x, "np.dot", 1), b = toValue(y, "np.dot", 2);
  if (shapeOf(a).length === 0 || shapeOf(b).length === 0) return multiply(a, b);
  if (shapeOf(a).length > 2 || shapeOf(b).length > 2) {
    throw new RangeError(
      "np.dot: arrays of more than 2 dimensions are not supported; use np.matmul",
    );
  }
  return bilinear(bilinearRules.matmul, a, b);
}
/** The outer product of two vectors (inputs are flattened). @example ```ts
 * import { np, type Tensor } from "../mod.ts";
 * console.log((np.outer([1, 2], [3, 4]) as Tensor).toArray()); // [ [ 3, 4 ], [ 6, 8 ] ]
 * ``` */
export function outer(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function outer(x: Operand, y: Operand): Value;
export function outer(x: Operand, y: Operand): Value {
  const a = reshape(toValue(x, "np.outer", 1), [-1, 1]);
  const b = reshape(toValue(y, "np.outer", 2), [1, -1]);
  return bilinear(bilinearRules.matmul, a, b);
}

// ------------------------------------------------------------- wiring

Object.assign(methodOps, { add, subtract, multiply, divide, power, negative });
methodsTable.index = (x: Value, i: number) => index(x, i);
boxMethods.index = (x: Value, i: number) => index(x, i);
