import { type Operand } from "../_convert.d.ts";
import { Tensor } from "../tensor.d.ts";
/**
 * Plain numbers, as a Tensor or nested arrays: what a reduction over every
 * axis turns into a number.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.d.ts";
 * const m: np.PlainArray = [[1, 2], [3, 4]];
 * const total: number = np.sum(m);
 * ```
 */
export type PlainArray = Tensor | readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];
/**
 * A tensor from a number, nested arrays, a typed array or a tensor (copied).
 * Arrays holding duals give a dual tensor.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.array([[1, 2], [3, 4]]).shape); // [ 2, 2 ]
 * ```
 */
export declare function array(x: Operand): Tensor;
/** A tensor of zeros. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.zeros([2, 3]).size); // 6
 * ``` */
export declare function zeros(shape: number | readonly number[]): Tensor;
/** A tensor of ones. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.ones(2).toArray()); // [ 1, 1 ]
 * ``` */
export declare function ones(shape: number | readonly number[]): Tensor;
/** A tensor filled with one value. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.full([2], 7).toArray()); // [ 7, 7 ]
 * ``` */
export declare function full(shape: number | readonly number[], value: number): Tensor;
/** The n×n identity (or n×m with ones on the diagonal). @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ``` */
export declare function eye(n: number, m?: number): Tensor;
/** Evenly spaced values in [start, stop) by step; `arange(n)` is 0 … n−1. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arange(3).toArray()); // [ 0, 1, 2 ]
 * ``` */
export declare function arange(start: number, stop?: number, step?: number): Tensor;
/** `num` evenly spaced values from start to stop inclusive. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.linspace(0, 1, 3).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export declare function linspace(start: number, stop: number, num?: number): Tensor;
