/**
 * A numpy-like namespace that differentiates: every function accepts
 * numbers, nested arrays, Tensors, Duals and HyperDuals, and plain numbers
 * in give plain numbers out.
 *
 * ```ts
 * import { grad, np } from "../mod.d.ts";
 * const f = (x: number) => np.power(np.subtract(x, 10), 2);
 * console.log(f(3), grad(f)(3)); // 49 -14
 * ```
 *
 * @module
 */
export type { IndexSpec } from "./_plain.d.ts";
export type { Operand } from "./_convert.d.ts";
export * from "./np/elementwise.d.ts";
export * from "./np/creation.d.ts";
export * from "./np/reductions.d.ts";
export * from "./np/shape.d.ts";
export * from "./np/linalg.d.ts";
