import { type Operand } from "./_convert.d.ts";
import { type IndexSpec } from "./_plain.d.ts";
import { Dual, type Value } from "./dual.d.ts";
import { HyperDual } from "./hyperdual.d.ts";
import { Tensor } from "./tensor.d.ts";
export type { IndexSpec, Operand };
/**
 * A one-argument elementwise function: numbers give numbers, tensors
 * tensors, duals duals.
 *
 * @example
 * ```ts
 * import { np } from "../mod.d.ts";
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
 * import { np } from "../mod.d.ts";
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
    (x: Tensor | number | readonly Operand[], y: Tensor | number | readonly Operand[]): Tensor;
    /** On anything. */
    (x: Operand, y: Operand): Value;
}
/** Euler's number, 2.718281828459045. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.log(np.e)); // 1
 * ``` */
export declare const e: number;
/** π, 3.141592653589793. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.cos(np.pi)); // -1
 * ``` */
export declare const pi: number;
/** x + y. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.add(2, 3)); // 5
 * ``` */
export declare const add: BinaryOp;
/** x − y. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.subtract(2, 3)); // -1
 * ``` */
export declare const subtract: BinaryOp;
/** x · y, elementwise. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.multiply(2, 3)); // 6
 * ``` */
export declare const multiply: BinaryOp;
/** x / y. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.divide(3, 2)); // 1.5
 * ``` */
export declare const divide: BinaryOp;
/** xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases). @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.power(2, 10)); // 1024
 * ``` */
export declare const power: BinaryOp;
/** The angle of the point (x, y): `arctan2(y, x)`. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arctan2(1, 1)); // 0.7853981633974483
 * ``` */
export declare const arctan2: BinaryOp;
/** The larger of x and y, elementwise (NaN if either is); ties split the derivative. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.maximum(0, -2)); // 0
 * ``` */
export declare const maximum: BinaryOp;
/** The smaller of x and y, elementwise. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.minimum(0, -2)); // -2
 * ``` */
export declare const minimum: BinaryOp;
/** −x. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.negative(2)); // -2
 * ``` */
export declare const negative: UnaryOp;
/** |x|; its derivative at 0 is 0. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.abs(-2)); // 2
 * ``` */
export declare const abs: UnaryOp;
/** −1, 0 or 1; derivative 0. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.sign(-2)); // -1
 * ``` */
export declare const sign: UnaryOp;
/** x². @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.square(3)); // 9
 * ``` */
export declare const square: UnaryOp;
/** √x; its derivative at 0 is +∞. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.sqrt(9)); // 3
 * ``` */
export declare const sqrt: UnaryOp;
/** eˣ. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.exp(0)); // 1
 * ``` */
export declare const exp: UnaryOp;
/** eˣ − 1, accurate near 0. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.expm1(0)); // 0
 * ``` */
export declare const expm1: UnaryOp;
/** The natural logarithm; log(0) = −∞, its derivative there +∞. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.log(1)); // 0
 * ``` */
export declare const log: UnaryOp;
/** log(1 + x), accurate near 0. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.log1p(0)); // 0
 * ``` */
export declare const log1p: UnaryOp;
/** The base-2 logarithm. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.log2(8)); // 3
 * ``` */
export declare const log2: UnaryOp;
/** The base-10 logarithm. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.log10(100)); // 2
 * ``` */
export declare const log10: UnaryOp;
/** sine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.sin(0)); // 0
 * ``` */
export declare const sin: UnaryOp;
/** cosine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.cos(0)); // 1
 * ``` */
export declare const cos: UnaryOp;
/** tangent. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.tan(0)); // 0
 * ``` */
export declare const tan: UnaryOp;
/** inverse sine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arcsin(0)); // 0
 * ``` */
export declare const arcsin: UnaryOp;
/** inverse cosine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arccos(1)); // 0
 * ``` */
export declare const arccos: UnaryOp;
/** inverse tangent. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arctan(0)); // 0
 * ``` */
export declare const arctan: UnaryOp;
/** hyperbolic sine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.sinh(0)); // 0
 * ``` */
export declare const sinh: UnaryOp;
/** hyperbolic cosine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.cosh(0)); // 1
 * ``` */
export declare const cosh: UnaryOp;
/** hyperbolic tangent. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.tanh(0)); // 0
 * ``` */
export declare const tanh: UnaryOp;
/** inverse hyperbolic sine. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arcsinh(0)); // 0
 * ``` */
export declare const arcsinh: UnaryOp;
/** inverse hyperbolic cosine (x ≥ 1). @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arccosh(1)); // 0
 * ``` */
export declare const arccosh: UnaryOp;
/** inverse hyperbolic tangent (|x| < 1). @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arctanh(0)); // 0
 * ``` */
export declare const arctanh: UnaryOp;
/** 1 / x. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.reciprocal(4)); // 0.25
 * ``` */
export declare const reciprocal: UnaryOp;
/**
 * A tensor from a number, nested arrays, a typed array or a tensor (copied).
 * Arrays holding duals give a dual tensor.
 *
 * @example
 * ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.array([[1, 2], [3, 4]]).shape); // [ 2, 2 ]
 * ```
 */
export declare function array(x: Operand): Tensor;
/** A tensor of zeros. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.zeros([2, 3]).size); // 6
 * ``` */
export declare function zeros(shape: number | readonly number[]): Tensor;
/** A tensor of ones. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.ones(2).toArray()); // [ 1, 1 ]
 * ``` */
export declare function ones(shape: number | readonly number[]): Tensor;
/** A tensor filled with one value. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.full([2], 7).toArray()); // [ 7, 7 ]
 * ``` */
export declare function full(shape: number | readonly number[], value: number): Tensor;
/** The n×n identity (or n×m with ones on the diagonal). @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ``` */
export declare function eye(n: number, m?: number): Tensor;
/** Evenly spaced values in [start, stop) by step; `arange(n)` is 0 … n−1. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.arange(3).toArray()); // [ 0, 1, 2 ]
 * ``` */
export declare function arange(start: number, stop?: number, step?: number): Tensor;
/** `num` evenly spaced values from start to stop inclusive. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.linspace(0, 1, 3).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export declare function linspace(start: number, stop: number, num?: number): Tensor;
/**
 * Options of the reductions: the axis or axes to reduce (all when absent)
 * and whether to keep them with length 1.
 *
 * @example
 * ```ts
 * import { np } from "../mod.d.ts";
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
 * import { np } from "../mod.d.ts";
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
 * import { np } from "../mod.d.ts";
 * const m: np.PlainArray = [[1, 2], [3, 4]];
 * const total: number = np.sum(m);
 * ```
 */
export type PlainArray = Tensor | readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];
/** The sum over an axis, axes, or everything (a number). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log(np.sum([[1, 2], [3, 4]])); // 10
 * console.log((np.sum([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ 3, 7 ]
 * ``` */
export declare function sum(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function sum(x: Operand, axis?: AxisArg): Value;
/** The mean over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.mean([1, 2, 3, 4])); // 2.5
 * ``` */
export declare function mean(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function mean(x: Operand, axis?: AxisArg): Value;
/** The variance (divide by n − ddof). @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.var([1, 2, 3, 4])); // 1.25
 * ``` */
export declare function var_(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function var_(x: Operand, axis?: AxisArg): Value;
export { var_ as var };
/** The standard deviation. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.std([1, 3])); // 1
 * ``` */
export declare function std(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function std(x: Operand, axis?: AxisArg): Value;
/** The maximum over an axis, axes, or everything; ties share the derivative. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.max([1, 5, 3])); // 5
 * ``` */
export declare function max(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function max(x: Operand, axis?: AxisArg): Value;
/** The minimum over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.min([1, 5, 3])); // 1
 * ``` */
export declare function min(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function min(x: Operand, axis?: AxisArg): Value;
/** The product over an axis, axes, or everything. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.prod([1, 2, 3, 4])); // 24
 * ``` */
export declare function prod(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function prod(x: Operand, axis?: AxisArg): Value;
/** log Σ exp(x), computed stably. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.logsumexp([1000, 1000])); // 1000.6931471805599
 * ``` */
export declare function logsumexp(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function logsumexp(x: Operand, axis?: AxisArg): Value;
/** exp(x) / Σ exp(x) along an axis (the last by default). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.softmax([0, 0]) as Tensor).toArray()); // [ 0.5, 0.5 ]
 * ``` */
export declare function softmax(x: PlainArray, axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function softmax(x: Operand, axis?: number): Value;
/** Permutes axes (reverses them by default). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.transpose(np.zeros([2, 3])) as Tensor).shape); // [ 3, 2 ]
 * ``` */
export declare function transpose(x: PlainArray, axes?: readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function transpose(x: Operand, axes?: readonly number[]): Value;
/** A new shape for the same elements; one length may be −1. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.reshape(np.arange(6), [2, -1]) as Tensor).shape); // [ 2, 3 ]
 * ``` */
export declare function reshape(x: PlainArray, shape: number | readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function reshape(x: Operand, shape: number | readonly number[]): Value;
/** The elements as a 1-d tensor. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.ravel([[1, 2], [3, 4]]).toString()); // array([1., 2., 3., 4.])
 * ``` */
export declare function ravel(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function ravel(x: Operand): Value;
/** The same as {@linkcode ravel}. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.flatten([[1], [2]]) as Tensor).shape); // [ 2 ]
 * ``` */
export declare function flatten(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function flatten(x: Operand): Value;
/** Inserts a length-1 axis at `axis`. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.expand_dims([1, 2], 0) as Tensor).shape); // [ 1, 2 ]
 * ``` */
export declare function expand_dims(x: PlainArray, axis: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function expand_dims(x: Operand, axis: number): Value;
/** Removes length-1 axes (all, or the ones named). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.squeeze(np.zeros([1, 3, 1])) as Tensor).shape); // [ 3 ]
 * ``` */
export declare function squeeze(x: PlainArray, axis?: number | readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function squeeze(x: Operand, axis?: number | readonly number[]): Value;
/** Joins tensors along an existing axis. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.concatenate([[1, 2], [3]]) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ``` */
export declare function concatenate(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function concatenate(xs: readonly Operand[], axis?: number): Value;
/** Joins tensors along a new axis. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.stack([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ [ 1, 3 ], [ 2, 4 ] ]
 * ``` */
export declare function stack(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function stack(xs: readonly Operand[], axis?: number): Value;
/** x where the condition holds, y elsewhere (the condition is read on values, not differentiated). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.where([1, 0], [1, 2], [3, 4]) as Tensor).toArray()); // [ 1, 4 ]
 * ``` */
export declare function where(condition: Operand | boolean[] | boolean[][], x: Operand, y: Operand): Value;
/** Limits values to [lo, hi]; the derivative is 0 where a bound is reached. @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.clip([-1, 0.5, 2], 0, 1) as Tensor).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export declare function clip(x: PlainArray, lo: number, hi: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function clip(x: Operand, lo: number, hi: number): Value;
/**
 * Reads `x[index…]` as numpy's basic indexing: a number picks (and drops
 * the axis), a slice string `"1:3"`, `"::-1"` or `null` (all) keeps it.
 *
 * @example
 * ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * const m = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(np.index(m, 1, 2)); // 6
 * console.log((np.index(m, null, "1:") as Tensor).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export declare function index(x: Operand, ...spec: IndexSpec[]): Value;
/** numpy's matrix product (1-d operands as vectors, batches broadcast). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.matmul([[1, 2]], [[3], [4]]) as Tensor).toArray()); // [ [ 11 ] ]
 * ``` */
export declare function matmul(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function matmul(x: Operand, y: Operand): Value;
/** numpy's dot: a product for scalars, matmul for 1-d and 2-d. @example ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.dot([1, 2], [3, 4])); // 11
 * ``` */
export declare function dot(x: Operand, y: Operand): Value;
/** The outer product of two vectors (inputs are flattened). @example ```ts
 * import { np, type Tensor } from "../mod.d.ts";
 * console.log((np.outer([1, 2], [3, 4]) as Tensor).toArray()); // [ [ 3, 4 ], [ 6, 8 ] ]
 * ``` */
export declare function outer(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function outer(x: Operand, y: Operand): Value;
