/**
 * Exercise 05 (optional): exercise 04's partial derivatives, on paper.
 *
 * For f(x, y, z) = x²·y·3ᶻ:
 * ∂f/∂x = 2x·y·3ᶻ, ∂f/∂y = x²·3ᶻ, ∂f/∂z = x²·y·3ᶻ·ln 3.
 * At [3, −1, 2]: −54, 81 and −81·ln 3 ≈ −88.98759538, as grad found.
 *
 * @module
 */

/**
 * [∂f/∂x, ∂f/∂y, ∂f/∂z] of f(x, y, z) = x²·y·3ᶻ, by hand.
 *
 * @example
 * ```ts
 * import { fGradByHand } from "./05.ts";
 * console.log(fGradByHand([3, -1, 2])); // [ -54, 81, -88.98759538… ]
 * ```
 */
export const fGradByHand = ([x, y, z]: number[]): number[] => [
  2 * x * y * 3 ** z,
  x ** 2 * 3 ** z,
  x ** 2 * y * 3 ** z * Math.log(3),
];
