import { type GradOptions } from "./config.d.ts";
/**
 * The Hessian of a scalar function, exact (hyper-dual numbers, no step
 * size). For an input of shape I the result has shape I + I ("matrix
 * partials" ∂²f/∂Wij∂Wkl for a matrix W); a tree of inputs gives a tree of
 * trees of blocks.
 *
 * @example
 * ```ts
 * import { hessian, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessian(f)([3, 2])); // [ [ 4, 6 ], [ 6, 0 ] ]
 * ```
 */
export declare function hessian<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/**
 * The Hessian times a vector, exact, without forming the Hessian:
 * `hessianVectorProduct(f, argnum)(...args, v)`; the result is shaped like
 * argument `argnum`.
 *
 * @example
 * ```ts
 * import { hessianVectorProduct, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessianVectorProduct(f)([3, 2], [1, 0])); // [ 4, 6 ]
 * ```
 */
export declare function hessianVectorProduct(f: (...args: any[]) => unknown, argnum?: number): (...argsAndVector: any[]) => any;
