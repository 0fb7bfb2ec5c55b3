/**
 * Exercise 03: derivatives of x·eˣ, (x + 2ˣ)/eˣ and ln(2 + x) + cos²(x)
 * with `grad`.
 *
 * @module
 */

import { grad, np } from "../../mod.ts";

/**
 * A) f(x) = x·eˣ.
 *
 * @example
 * ```ts
 * import { f1, f1Grad } from "./03.ts";
 * console.log(f1(7), f1Grad(7)); // 7676.432108999208 8773.065267427666
 * ```
 */
export const f1 = (x: number): number => np.multiply(x, np.power(np.e, x));

/**
 * The derivative of f1, made with grad.
 *
 * @example
 * ```ts
 * import { f1Grad } from "./03.ts";
 * console.log(f1Grad(0)); // 1
 * ```
 */
export const f1Grad: (x: number) => number = grad(f1);

/**
 * B) f(x) = (x + 2ˣ) / eˣ.
 *
 * @example
 * ```ts
 * import { f2, f2Grad } from "./03.ts";
 * console.log(f2(3.5), f2Grad(3.5)); // 0.44733523545030124 -0.18032800393862408
 * ```
 */
export const f2 = (x: number): number =>
  np.divide(np.add(x, np.power(2, x)), np.power(np.e, x));

/**
 * The derivative of f2, made with grad.
 *
 * @example
 * ```ts
 * import { f2Grad } from "./03.ts";
 * console.log(f2Grad(0)); // 1 + ln 2 − 1 = 0.693…
 * ```
 */
export const f2Grad: (x: number) => number = grad(f2);

/**
 * C) f(x) = ln(2 + x) + cos²(x), as the notebook's text states it.
 *
 * @example
 * ```ts
 * import { f3, f3Grad } from "./03.ts";
 * console.log(f3(-0.5), f3Grad(-0.5)); // 1.1756162610422343 1.5081376514745632
 * ```
 */
export const f3 = (x: number): number =>
  np.add(np.log(np.add(2, x)), np.power(np.cos(x), 2));

/**
 * The derivative of f3, made with grad.
 *
 * @example
 * ```ts
 * import { f3Grad } from "./03.ts";
 * console.log(f3Grad(0)); // 0.5
 * ```
 */
export const f3Grad: (x: number) => number = grad(f3);
