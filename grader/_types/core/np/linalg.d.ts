/**
 * np's linear algebra: matmul, dot, outer.
 *
 * @module
 */
import { type Operand } from "../_convert.d.ts";
import type { Value } from "../dual.d.ts";
import type { Tensor } from "../tensor.d.ts";
import type { PlainArray } from "./creation.d.ts";
/** numpy's matrix product (1-d operands as vectors, batches broadcast). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.matmul([[1, 2]], [[3], [4]]) as Tensor).toArray()); // [ [ 11 ] ]
 * ``` */
export declare function matmul(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function matmul(x: Operand, y: Operand): Value;
/** numpy's dot: a product for scalars, matmul for 1-d and 2-d. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.dot([1, 2], [3, 4])); // 11
 * ``` */
export declare function dot(x: Operand, y: Operand): Value;
/** The outer product of two vectors (inputs are flattened). @example ```ts
 * import { np, type Tensor } from "../../mod.d.ts";
 * console.log((np.outer([1, 2], [3, 4]) as Tensor).toArray()); // [ [ 3, 4 ], [ 6, 8 ] ]
 * ``` */
export declare function outer(x: PlainArray, y: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export declare function outer(x: Operand, y: Operand): Value;
