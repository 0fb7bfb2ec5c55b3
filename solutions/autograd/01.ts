/**
 * Exercise 01: f(x) = (x − 10)² and its derivative with `grad`.
 *
 * @module
 */

import { grad, np } from "../../mod.ts";

/**
 * f(x) = (x − 10)².
 *
 * @example
 * ```ts
 * import { f } from "./01.ts";
 * console.log(f(3), f(10), f(12)); // 49 0 4
 * ```
 */
export const f = (x: number): number => np.power(np.subtract(x, 10), 2);

/**
 * The derivative of f, made with grad.
 *
 * @example
 * ```ts
 * import { fGrad } from "./01.ts";
 * console.log(fGrad(3), fGrad(10), fGrad(12)); // -14 0 4
 * ```
 */
export const fGrad: (x: number) => number = grad(f);
