import { primal } from "./ops.d.ts";
/**
 * Options of the differential operators.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.d.ts";
 * const g = grad((x: number[]) => np.sum(np.square(x)), 0, { chunkSize: 2 });
 * console.log(g([1, 2, 3])); // [ 2, 4, 6 ]
 * ```
 */
export interface GradOptions {
    /**
     * The most partials carried in one evaluation. By default, ForwardDiff.jl's
     * rule: all of them up to 12, else the input split into equal chunks of at
     * most 12.
     */
    chunkSize?: number;
    /**
     * Forces forward mode (duals) or reverse mode (a tape). By default
     * `grad`, `valueAndGrad` and `jacobian` use forward mode up to
     * {@linkcode REVERSE_THRESHOLD} input elements (or when `chunkSize` is
     * given) and reverse mode above, where a jacobian's output must also be
     * smaller than its input. For `hessian`, `"forward"` means hyper-duals and
     * `"reverse"` forward-over-reverse.
     */
    mode?: "forward" | "reverse";
}
/**
 * The number of input elements above which `grad` and `jacobian` switch to
 * reverse mode by default. Measured with `deno task bench:report`: at 16
 * inputs a reverse gradient of a tensor function already costs less than
 * the forward one with two chunks (see bench/RESULTS.md).
 *
 * @example
 * ```ts
 * import { REVERSE_THRESHOLD } from "../mod.d.ts";
 * console.log(REVERSE_THRESHOLD > 0); // true
 * ```
 */
export declare const REVERSE_THRESHOLD = 12;
/**
 * The chunk size used for `n` input elements: `n` up to 12, else
 * `ceil(n / ceil(n / 12))`.
 *
 * @example
 * ```ts
 * import { chunkSize } from "../mod.d.ts";
 * console.log(chunkSize(6), chunkSize(13), chunkSize(100)); // 6 7 12
 * ```
 */
export declare function chunkSize(n: number, threshold?: number): number;
/**
 * The gradient of a scalar function with respect to argument `argnum` (or a
 * tuple of gradients for a list of argnums). The argument may be a number, a
 * Tensor, or arrays and plain objects of these; the gradient has its shape.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.add(np.power(x, 2), np.multiply(3, y));
 * console.log(grad(f)([3, 2])); // [ 6, 3 ]
 * console.log(grad((x: number) => np.power(np.subtract(x, 10), 2))(3)); // -14
 * ```
 */
export declare function grad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/**
 * The value and the gradient together, from the same evaluations.
 *
 * @example
 * ```ts
 * import { np, valueAndGrad } from "../mod.d.ts";
 * const [v, g] = valueAndGrad((x: number) => np.multiply(x, np.exp(x)))(0);
 * console.log(v, g); // 0 1
 * ```
 */
export declare function valueAndGrad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => [any, any];
/**
 * The derivative of each output element with respect to its own input
 * element, for functions that act elementwise (like `np.tanh`); the result
 * has the input's shape. Computed in one forward pass along the all-ones
 * direction, so for a function that is not elementwise it gives row sums of
 * the Jacobian, and an output of another shape than the input is an error.
 *
 * @example
 * ```ts
 * import { elementwiseGrad, np } from "../mod.d.ts";
 * console.log(elementwiseGrad(np.tanh)(np.array([0, 0])).toArray()); // [ 1, 1 ]
 * ```
 */
export declare function elementwiseGrad<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number): (...args: A) => any;
/**
 * The derivative of a function of one number; the output may be a number, a
 * Tensor, or arrays and objects of these.
 *
 * @example
 * ```ts
 * import { deriv, np } from "../mod.d.ts";
 * console.log(deriv(np.sin)(0)); // 1
 * ```
 */
export declare function deriv(f: (x: number) => unknown): (x: number) => any;
/**
 * The Jacobian: for an output of shape O and an input of shape I, a tensor
 * of shape O + I (a number when both are scalars). Trees of inputs or
 * outputs give the same trees, nested output-first.
 *
 * @example
 * ```ts
 * import { jacobian, np, type Tensor } from "../mod.d.ts";
 * const J = jacobian((x: Tensor) => np.multiply(2, x))(np.array([1, 2]));
 * console.log(J.toArray()); // [ [ 2, 0 ], [ 0, 2 ] ]
 * ```
 */
export declare function jacobian<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/**
 * The Hessian of a scalar function, exact (hyper-dual numbers, no step
 * size). For an input of shape I the result has shape I + I ("matrix
 * partials" ∂²f/∂Wij∂Wkl for a matrix W); a tree of inputs gives a tree of
 * trees of blocks.
 *
 * @example
 * ```ts
 * import { hessian, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessian(f)([3, 2])); // [ [ 4, 6 ], [ 6, 0 ] ]
 * ```
 */
export declare function hessian<A extends unknown[]>(f: (...args: A) => unknown, argnum?: number | readonly number[], options?: GradOptions): (...args: A) => any;
/**
 * The Jacobian-vector product in one forward pass:
 * `jvp(f, argnum)(...args, v)` returns `[f(...args), J·v]`, with `v` shaped
 * like argument `argnum`.
 *
 * @example
 * ```ts
 * import { jvp, np } from "../mod.d.ts";
 * const [y, t] = jvp((x: number) => np.sin(x))(0, 2);
 * console.log(y, t); // 0 2
 * ```
 */
export declare function jvp(f: (...args: any[]) => unknown, argnum?: number): (...argsAndVector: any[]) => [any, any];
/**
 * The Hessian times a vector, exact, without forming the Hessian:
 * `hessianVectorProduct(f, argnum)(...args, v)`; the result is shaped like
 * argument `argnum`.
 *
 * @example
 * ```ts
 * import { hessianVectorProduct, np } from "../mod.d.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessianVectorProduct(f)([3, 2], [1, 0])); // [ 4, 6 ]
 * ```
 */
export declare function hessianVectorProduct(f: (...args: any[]) => unknown, argnum?: number): (...argsAndVector: any[]) => any;
export { primal };
