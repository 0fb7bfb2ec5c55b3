/**
 * dualgrade: automatic differentiation for exercises and grading, forward
 * mode (duals, hyper-duals) with reverse mode beside it for many inputs. `grad` and its family differentiate functions written with `np`,
 * a numpy-like namespace of float64 tensors with broadcasting.
 *
 * ```ts
 * import { grad, hessian, np } from "./mod.ts";
 * const f = (x: number) => np.multiply(x, np.exp(x));
 * console.log(grad(f)(7)); // 8773.065267427668
 * console.log(hessian(f)(0)); // 2
 * ```
 *
 * @module
 */
export * as np from "./core/np.ts";
export {
  chunkSize,
  deriv,
  elementwiseGrad,
  grad,
  type GradOptions,
  hessian,
  hessianVectorProduct,
  jacobian,
  jvp,
  REVERSE_THRESHOLD,
  valueAndGrad,
} from "./core/grad.ts";
export { Box, isBox, Tape, type TapeNode, type Vjp } from "./core/box.ts";
export { Arith } from "./core/arith.ts";
export { Dual, isDual, type Value } from "./core/dual.ts";
export { HyperDual, isHyperDual } from "./core/hyperdual.ts";
export { isTensor, type NestedNumbers, Tensor } from "./core/tensor.ts";
