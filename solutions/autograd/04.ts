/**
 * Exercise 04: the three partial derivatives of x²·y·3ᶻ with `grad`.
 *
 * @module
 */

import { grad, np } from "../../mod.ts";

/**
 * f([x, y, z]) = x²·y·3ᶻ.
 *
 * @example
 * ```ts
 * import { f } from "./04.ts";
 * console.log(f([3, -1, 2])); // -81
 * ```
 */
export const f = ([x, y, z]: number[]): number =>
  np.multiply(np.multiply(np.power(x, 2), y), np.power(3, z));

/**
 * The gradient of f, [∂f/∂x, ∂f/∂y, ∂f/∂z], made with grad.
 *
 * @example
 * ```ts
 * import { fGrad } from "./04.ts";
 * console.log(fGrad([3, -1, 2])); // [ -54, 81, -88.98759538… ]
 * ```
 */
export const fGrad: (args: number[]) => number[] = grad(f);
