/**
 * `grad` and `valueAndGrad`: the mode comes from the number of input
 * elements (see `config.ts`); forward mode keeps fast paths for a number and
 * for a short list of numbers, each evaluating f once.
 *
 * @module
 */
import { type AnyFn } from "./_apiutils.d.ts";
import { type GradOptions } from "./config.d.ts";
import { type Value } from "./dual.d.ts";
/** Value and gradient: the engine under grad and valueAndGrad. */
export declare function gradient(f: AnyFn, args: unknown[], argnum: number | readonly number[], options: GradOptions, fn: string): [Value, unknown];
/** The common case, a number in and a number out, without tree handling. */
export declare function scalarGradient(f: AnyFn, args: unknown[], argnum: number, fn: string): [Value, Value];
export declare function isSmallNumberList(x: unknown): x is number[];
/** A short flat list of numbers (`[x, y, z]`): one pass, no tree handling. */
export declare function listGradient(f: AnyFn, args: unknown[], argnum: number, fn: string): [Value, Value[]];
/**
 * The gradient of a scalar function with respect to argument `argnum` (or a
 * tuple of gradients for a list of argnums). The argument may be a number, a
 * Tensor, or arrays and plain objects of these; the gradient has its shape.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.add(np.power(x, 2), np.multiply(3, y));
 * console.log(grad(f)([3, 2])); // [ 6, 3 ]
 * console.log(grad((x: number) => np.power(np.subtract(x, 10), 2))(3)); // -14
 * ```
 */
export declare function grad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/**
 * The value and the gradient together, from the same evaluations.
 *
 * @example
 * ```ts
 * import { np, valueAndGrad } from "../mod.d.ts";
 * const [v, g] = valueAndGrad((x: number) => np.multiply(x, np.exp(x)))(0);
 * console.log(v, g); // 0 1
 * ```
 */
export declare function valueAndGrad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => [any, any];
