/**
 * Exercise 02: the derivative of f(x) = (x − 10)², worked out on paper.
 *
 * d(x − 10)²/dx = 2(x − 10), by the power rule (the −10 only shifts x).
 *
 * @module
 */

/**
 * The derivative of f(x) = (x − 10)², by hand: 2(x − 10).
 *
 * @example
 * ```ts
 * import { fPrime } from "./02.ts";
 * console.log(fPrime(3), fPrime(10), fPrime(12)); // -14 0 4
 * ```
 */
export const fPrime = (x: number): number => 2 * (x - 10);
