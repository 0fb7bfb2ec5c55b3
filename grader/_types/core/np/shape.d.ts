/**
 * np's shape ops: transpose, reshape, ravel, flatten, expand_dims,
 * squeeze, concatenate, stack, where, clip, index.
 *
 * @module
 */
import { type Operand } from "../_convert.d.ts";
import { type IndexSpec } from "../_plain.d.ts";
import type { Value } from "../dual.d.ts";
import { type Tensor } from "../tensor.d.ts";
import type { PlainArray } from "./creation.d.ts";
/** Permutes axes (reverses them by default). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.transpose(np.zeros([2, 3])) as Tensor).shape); // [ 3, 2 ]
 * ``` */
export declare function transpose(x: PlainArray, axes?: readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function transpose(x: Operand, axes?: readonly number[]): Value;
/** A new shape for the same elements; one length may be −1. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.reshape(np.arange(6), [2, -1]) as Tensor).shape); // [ 2, 3 ]
 * ``` */
export declare function reshape(x: PlainArray, shape: number | readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function reshape(x: Operand, shape: number | readonly number[]): Value;
/** The elements as a 1-d tensor. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.ravel([[1, 2], [3, 4]]).toString()); // array([1., 2., 3., 4.])
 * ``` */
export declare function ravel(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function ravel(x: Operand): Value;
/** The same as {@linkcode ravel}. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.flatten([[1], [2]]) as Tensor).shape); // [ 2 ]
 * ``` */
export declare function flatten(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function flatten(x: Operand): Value;
/** Inserts a length-1 axis at `axis`. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.expand_dims([1, 2], 0) as Tensor).shape); // [ 1, 2 ]
 * ``` */
export declare function expand_dims(x: PlainArray, axis: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function expand_dims(x: Operand, axis: number): Value;
/** Removes length-1 axes (all, or the ones named). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.squeeze(np.zeros([1, 3, 1])) as Tensor).shape); // [ 3 ]
 * ``` */
export declare function squeeze(x: PlainArray, axis?: number | readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function squeeze(x: Operand, axis?: number | readonly number[]): Value;
/** Joins tensors along an existing axis. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.concatenate([[1, 2], [3]]) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ``` */
export declare function concatenate(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function concatenate(xs: readonly Operand[], axis?: number): Value;
/** Joins tensors along a new axis. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.stack([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ [ 1, 3 ], [ 2, 4 ] ]
 * ``` */
export declare function stack(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function stack(xs: readonly Operand[], axis?: number): Value;
/** x where the condition holds, y elsewhere (the condition is read on values, not differentiated). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.where([1, 0], [1, 2], [3, 4]) as Tensor).toArray()); // [ 1, 4 ]
 * ``` */
export declare function where(condition: Operand | boolean[] | boolean[][], x: Operand, y: Operand): Value;
/** Limits values to [lo, hi]; the derivative is 0 where a bound is reached. @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
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
 * import { np, type Tensor } from "../../mod.d.ts";
 * const m = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(np.index(m, 1, 2)); // 6
 * console.log((np.index(m, null, "1:") as Tensor).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export declare function index(x: Operand, ...spec: IndexSpec[]): Value;
