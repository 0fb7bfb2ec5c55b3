import type { Plain } from "./ops.d.ts";
import { Tensor } from "./tensor.d.ts";
export declare function asTensor(x: Plain): Tensor;
/** Normalizes `axis` (number, list, or null for all) against `ndim`. */
export declare function normAxes(axis: number | readonly number[] | null | undefined, ndim: number, fn: string): number[];
export declare function normAxis(a: number, ndim: number, fn: string): number;
/**
 * The rows of `d` (each `m` long) summed, each column from +0 in row order:
 * a sum over leading axes (a bias's gradient, broadcasting's sum). Four
 * columns at a time keep four sums in flight in registers: adding into the
 * output in memory made each add wait for the last one's store, and took
 * 0.3 µs for 64 rows of 2 (measured, Deno 2.9).
 */
export declare function sumRows(d: Float64Array, m: number): Float64Array;
/** Sum over `axes` (sorted); a number when every axis goes and keepdims is off. */
export declare function sumAxes(x: Plain, axes: readonly number[], keepdims: boolean): Plain;
export declare function transposePlain(x: Plain, axes: number[]): Plain;
export declare function reshapePlain(x: Plain, shape: readonly number[]): Plain;
/** Resolves a -1 in `shape` against `size`, or throws naming both shapes. */
export declare function resolveShape(from: readonly number[], shape: readonly number[]): number[];
/**
 * Whether `a[from, from + n)` is finite and mostly nonzero (fewer than a
 * quarter zeros), where the product needs no zero skipping: skipping a
 * term 0·b changes a sum only when b is ±∞ or NaN. `finiteZeros` counts the
 * zeros (-1 when a value is not finite); `denseFinite` is -1 unless the
 * range is finite with fewer than a quarter zeros (one-hot tangents are
 * faster skipped).
 */
export declare function finiteZeros(a: Float64Array, from: number, n: number): number;
/**
 * out[oo + i·m + j] = Σ_p A[oa + i·ai + p·ap] · B[ob + p·bp + j·bj] for an
 * n×m result, each sum taken from +0 in increasing p as the skipping loops
 * do (the same bits when the operands are finite), four columns at a time
 * so each A element is read once per four (or two) products.
 */
export declare function stridedProduct(A: Float64Array, oa: number, ai: number, ap: number, B: Float64Array, ob: number, bp: number, bj: number, out: Float64Array, oo: number, n: number, k: number, m: number): void;
/** numpy's matmul, including its 1-D rules and broadcast batch axes. */
export declare function matmulPlain(xp: Plain, yp: Plain): Plain;
/**
 * `out` when every element is finite, else null: the check after a dense
 * product (a finite sum had only finite terms; see {@linkcode denseProduct}).
 */
export declare function finiteOrNull(out: Float64Array): Float64Array | null;
export declare function concatPlain(xs: Plain[], axis: number, fn: string): Plain;
/** One index spec per axis: a number, a slice string "a:b:c", or null for ":". */
export type IndexSpec = number | string | null;
/** Where basic indexing reads: the output shape and, per output element, its flat position in the input. */
export declare function indexPositions(shape: readonly number[], spec: readonly IndexSpec[], fn: string): {
    shape: number[];
    positions: number[];
};
/** Reads `x[spec…]` as numpy would (basic indexing). */
export declare function indexPlain(x: Plain, spec: readonly IndexSpec[], fn: string): Plain;
