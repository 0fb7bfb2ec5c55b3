/**
 * One forward pass along one direction: `deriv` (a function of one number),
 * `elementwiseGrad` (the all-ones direction) and `jvp` (a given direction).
 *
 * @module
 */
import { type AnyFn } from "./_apiutils.d.ts";
/**
 * The derivative of each output element with respect to its own input
 * element, for functions that act elementwise (like `np.tanh`); the result
 * has the input's shape. Computed in one forward pass along the all-ones
 * direction, so for a function that is not elementwise it gives row sums of
 * the Jacobian, and an output of another shape than the input is an error.
 *
 * @example
 * ```ts
 * import { elementwiseGrad, np } from "../mod.d.ts";
 * console.log(elementwiseGrad(np.tanh)(np.array([0, 0])).toArray()); // [ 1, 1 ]
 * ```
 */
export declare function elementwiseGrad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number): (...args: A) => any;
/**
 * The derivative of a function of one number; the output may be a number, a
 * Tensor, or arrays and objects of these.
 *
 * @example
 * ```ts
 * import { deriv, np } from "../mod.d.ts";
 * console.log(deriv(np.sin)(0)); // 1
 * ```
 */
export declare function deriv(f: (x: number) => unknown): (x: number) => any;
/**
 * The Jacobian-vector product in one forward pass:
 * `jvp(f, argnum)(...args, v)` returns `[f(...args), J·v]`, with `v` shaped
 * like argument `argnum`.
 *
 * @example
 * ```ts
 * import { jvp, np } from "../mod.d.ts";
 * const [y, t] = jvp((x: number) => np.sin(x))(0, 2);
 * console.log(y, t); // 0 2
 * ```
 */
export declare function jvp(f: (...args: any[]) => unknown, argnum?: number): (...argsAndVector: any[]) => [any, any];
/** `[f(...args), J·v]` for jvp and hessianVectorProduct, errors named after `fn`. */
export declare function directional(f: AnyFn, argnum: number, fn: string): (...argsAndVector: unknown[]) => [unknown, unknown];
