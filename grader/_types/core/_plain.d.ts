import type { Plain } from "./ops.d.ts";
import { Tensor } from "./tensor.d.ts";
export declare function asTensor(x: Plain): Tensor;
/** Normalizes `axis` (number, list, or null for all) against `ndim`. */
export declare function normAxes(axis: number | readonly number[] | null | undefined, ndim: number, fn: string): number[];
export declare function normAxis(a: number, ndim: number, fn: string): number;
/** Sum over `axes` (sorted); a number when every axis goes and keepdims is off. */
export declare function sumAxes(x: Plain, axes: number[], keepdims: boolean): Plain;
export declare function transposePlain(x: Plain, axes: number[]): Plain;
export declare function reshapePlain(x: Plain, shape: readonly number[]): Plain;
/** Resolves a -1 in `shape` against `size`, or throws naming both shapes. */
export declare function resolveShape(from: readonly number[], shape: readonly number[]): number[];
/** numpy's matmul, including its 1-D rules and broadcast batch axes. */
export declare function matmulPlain(x: Plain, y: Plain): Plain;
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
