/**
 * The differential operators, named as autograd names them, one module
 * each over a shared layer (`_apiutils.ts`: argnums, trees, seeding, output
 * checks), the tag rules (`tags.ts`) and the mode choice (`config.ts`):
 *
 * | operator | module | how |
 * | --- | --- | --- |
 * | `grad`, `valueAndGrad` | `gradient.ts` | forward (duals) or reverse (a tape) by input size |
 * | `jacobian` | `jacobian.ts` | forward, or reverse when the output is smaller |
 * | `deriv`, `elementwiseGrad`, `jvp` | `derivative.ts` | one forward pass |
 * | `hessian`, `hessianVectorProduct` | `hessian.ts` | hyper-duals, or forward over reverse |
 *
 * @module
 */
export { chunkSize, type GradOptions, HESSIAN_REVERSE_THRESHOLD, REVERSE_THRESHOLD, } from "./config.d.ts";
export { grad, valueAndGrad } from "./gradient.d.ts";
export { jacobian } from "./jacobian.d.ts";
export { deriv, elementwiseGrad, jvp } from "./derivative.d.ts";
export { hessian, hessianVectorProduct } from "./hessian.d.ts";
export { primal } from "./ops.d.ts";
