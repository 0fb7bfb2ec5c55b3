/**
 * Exercise 06: derivatives of mean(W·V) and mean(V·W) with respect to the
 * matrices W and V, with `grad`.
 *
 * @module
 */

import { grad, np } from "../../mod.ts";
import type { Tensor } from "../../mod.ts";

/**
 * The 2×3 matrix W.
 *
 * @example
 * ```ts
 * import { W } from "./06.ts";
 * console.log(W.shape); // [2, 3]
 * ```
 */
export const W: Tensor = np.array([
  [0.3, -0.2, 0.1],
  [0.1, 0.2, 0.1],
]);

/**
 * The 3×2 matrix V.
 *
 * @example
 * ```ts
 * import { V } from "./06.ts";
 * console.log(V.shape); // [3, 2]
 * ```
 */
export const V: Tensor = np.array([
  [0.1, -0.3],
  [0.1, 0.5],
  [0.2, 0.7],
]);

/**
 * A) f([W, V]) = mean(W·V).
 *
 * @example
 * ```ts
 * import { f1, V, W } from "./06.ts";
 * console.log(f1([W, V])); // 0.025
 * ```
 */
export const f1 = ([W, V]: Tensor[]) => np.mean(np.matmul(W, V));

/**
 * B) f([W, V]) = mean(V·W).
 *
 * @example
 * ```ts
 * import { f2, V, W } from "./06.ts";
 * console.log(f2([W, V])); // 0.048888888888888885
 * ```
 */
export const f2 = ([W, V]: Tensor[]) => np.mean(np.matmul(V, W));

/**
 * The gradient of f1, [∂f/∂W, ∂f/∂V], made with grad.
 *
 * @example
 * ```ts
 * import { f1Grad, V, W } from "./06.ts";
 * const [dW, dV] = f1Grad([W, V]);
 * console.log(dW.toString(), dV.toString());
 * ```
 */
export const f1Grad: (args: Tensor[]) => Tensor[] = grad(f1);

/**
 * The gradient of f2, [∂f/∂W, ∂f/∂V], made with grad.
 *
 * @example
 * ```ts
 * import { f2Grad, V, W } from "./06.ts";
 * const [dW, dV] = f2Grad([W, V]);
 * console.log(dW.toString(), dV.toString());
 * ```
 */
export const f2Grad: (args: Tensor[]) => Tensor[] = grad(f2);

/**
 * Are the results of A and B the same? No: mean(W·V) and mean(V·W) are
 * different functions (0.025 and 0.0489 here) with different gradients.
 *
 * @example
 * ```ts
 * import { sameResults } from "./06.ts";
 * console.log(sameResults); // false
 * ```
 */
export const sameResults = false;
