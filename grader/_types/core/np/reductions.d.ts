import { type Operand } from "../_convert.d.ts";
import { type Value } from "../dual.d.ts";
import { Tensor } from "../tensor.d.ts";
import { type PlainArray } from "./creation.d.ts";
/**
 * Options of the reductions: the axis or axes to reduce (all when absent)
 * and whether to keep them with length 1.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.d.ts";
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
 * import { np } from "../../mod.d.ts";
 * const a: np.AxisArg = { axis: [0, 1], keepdims: true };
 * console.log(np.sum(np.ones([2, 2]), a).toString()); // array([[4.]])
 * ```
 */
export type AxisArg = number | readonly number[] | null | ReduceOptions;
/** The sum over an axis, axes, or everything (a number). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log(np.sum([[1, 2], [3, 4]])); // 10
 * console.log((np.sum([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ 3, 7 ]
 * ``` */
export declare function sum(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function sum(x: Operand, axis?: AxisArg): Value;
/** The mean over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.mean([1, 2, 3, 4])); // 2.5
 * ``` */
export declare function mean(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function mean(x: Operand, axis?: AxisArg): Value;
/** The variance (divide by n − ddof). @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.var([1, 2, 3, 4])); // 1.25
 * ``` */
export declare function var_(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function var_(x: Operand, axis?: AxisArg): Value;
export { var_ as var };
/** The standard deviation. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.std([1, 3])); // 1
 * ``` */
export declare function std(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function std(x: Operand, axis?: AxisArg): Value;
/** The maximum over an axis, axes, or everything; ties share the derivative. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.max([1, 5, 3])); // 5
 * ``` */
export declare function max(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function max(x: Operand, axis?: AxisArg): Value;
/** The minimum over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.min([1, 5, 3])); // 1
 * ``` */
export declare function min(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function min(x: Operand, axis?: AxisArg): Value;
/** The product over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.prod([1, 2, 3, 4])); // 24
 * ``` */
export declare function prod(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function prod(x: Operand, axis?: AxisArg): Value;
/** log Σ exp(x), computed stably. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.logsumexp([1000, 1000])); // 1000.6931471805599
 * ``` */
export declare function logsumexp(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export declare function logsumexp(x: Operand, axis?: AxisArg): Value;
/** exp(x) / Σ exp(x) along an axis (the last by default). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.softmax([0, 0]) as Tensor).toArray()); // [ 0.5, 0.5 ]
 * ``` */
export declare function softmax(x: PlainArray, axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function softmax(x: Operand, axis?: number): Value;
