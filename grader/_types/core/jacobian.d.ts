import { type GradOptions } from "./config.d.ts";
import type { Value } from "./dual.d.ts";
/**
 * The Jacobian: for an output of shape O and an input of shape I, a tensor
 * of shape O + I (a number when both are scalars). Trees of inputs or
 * outputs give the same trees, nested output-first.
 *
 * @example
 * ```ts
 * import { jacobian, np, type Tensor } from "../mod.d.ts";
 * const J = jacobian((x: Tensor) => np.multiply(2, x))(np.array([1, 2]));
 * console.log(J.toArray()); // [ [ 2, 0 ], [ 0, 2 ] ]
 * ```
 */
export declare function jacobian<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/** Stacks per-input-element partials (each shaped like the output) into O + I. */
export declare function block(so: readonly number[], si: readonly number[], col: Value[]): Value;
