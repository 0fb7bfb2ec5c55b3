/**
 * A numpy-like namespace that differentiates: every function accepts
 * numbers, nested arrays, Tensors, Duals and HyperDuals, and plain numbers
 * in give plain numbers out.
 *
 * ```ts
 * import { grad, np } from "../mod.ts";
 * const f = (x: number) => np.power(np.subtract(x, 10), 2);
 * console.log(f(3), grad(f)(3)); // 49 -14
 * ```
 *
 * @module
 */
export type { IndexSpec } from "./_plain.ts";
export type { Operand } from "./_convert.ts";
export * from "./np/elementwise.ts";
export * from "./np/creation.ts";
export * from "./np/reductions.ts";
export * from "./np/shape.ts";
export * from "./np/linalg.ts";
import { methodOps } from "./arith.ts";
import { boxMethods } from "./box.ts";
import { methodsTable, type Value } from "./dual.ts";
import {
  add,
  divide,
  multiply,
  negative,
  power,
  subtract,
} from "./np/elementwise.ts";
import { index } from "./np/shape.ts";

Object.assign(methodOps, { add, subtract, multiply, divide, power, negative });
methodsTable.index = (x: Value, i: number) => index(x, i);
boxMethods.index = (x: Value, i: number) => index(x, i);
