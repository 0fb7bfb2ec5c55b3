/**
 * np's linear algebra: matmul, dot, outer.
 *
 * @module
 */
import { type Operand, toValue } from "../_convert.ts";
import type { Value } from "../dual.ts";
import { bilinear, shapeOf } from "../ops.ts";
import { bilinearRules } from "../linear_rules.ts";
import type { Tensor } from "../tensor.ts";
import type { PlainArray } from "./creation.ts";
import { multiply } from "./elementwise.ts";
import { reshape } from "./shape.ts";

/** numpy's matrix product (1-d operands as vectors, batches broadcast). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.matmul([[1, 2]], [[3], [4]]) as Tensor).toArray()); // [ [ 11 ] ]
 * ``` */
export function matmul(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function matmul(x: Operand, y: Operand): Value;
export function matmul(x: Operand, y: Operand): Value {
  const a = toValue(x, "np.matmul", 1), b = toValue(y, "np.matmul", 2);
  return bilinear(bilinearRules.matmul, a, b);
}
/** numpy's dot: a product for scalars, matmul for 1-d and 2-d. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.dot([1, 2], [3, 4])); // 11
 * ``` */
export function dot(x: Operand, y: Operand): Value {
  const a = toValue(x, "np.dot", 1), b = toValue(y, "np.dot", 2);
  if (shapeOf(a).length === 0 || shapeOf(b).length === 0) return multiply(a, b);
  if (shapeOf(a).length > 2 || shapeOf(b).length > 2) {
    throw new RangeError(
      "np.dot: arrays of more than 2 dimensions are not supported; use np.matmul",
    );
  }
  return bilinear(bilinearRules.matmul, a, b);
}
/** The outer product of two vectors (inputs are flattened). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.outer([1, 2], [3, 4]) as Tensor).toArray()); // [ [ 3, 4 ], [ 6, 8 ] ]
 * ``` */
export function outer(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function outer(x: Operand, y: Operand): Value;
export function outer(x: Operand, y: Operand): Value {
  const a = reshape(toValue(x, "np.outer", 1), [-1, 1]);
  const b = reshape(toValue(y, "np.outer", 2), [1, -1]);
  return bilinear(bilinearRules.matmul, a, b);
}
