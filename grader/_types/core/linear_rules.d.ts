import { type IndexSpec, matmulPlain } from "./_plain.d.ts";
import type { Plain } from "./ops.d.ts";
import { Tensor } from "./tensor.d.ts";
/**
 * A linear op of one input: the kernel `f` and its adjoint `fT`, with the
 * parameters `P` of one call (axes, shapes …).
 *
 * @example
 * ```ts
 * import { linearRules } from "./linear_rules.d.ts";
 * import { np } from "../mod.d.ts";
 * const o = { from: [2, 2], axes: [0], keepdims: false, count: 1, fromNumber: false };
 * console.log(linearRules.sum.fT(np.array([1, 2]), o).toString()); // array([[1., 2.], [1., 2.]]) over two lines
 * ```
 */
export interface LinearRule<P> {
    /** A name for messages. */
    name: string;
    /** The map on plain values. */
    f: (x: Plain, o: P) => Plain;
    /** Its adjoint: the vector–Jacobian product, itself linear. */
    fT: (g: Plain, o: P) => Plain;
}
/**
 * A linear op of several inputs (concatenate, where …): the kernel and the
 * adjoint for input `j`.
 */
export interface LinearNRule<P> {
    /** A name for messages. */
    name: string;
    /** The map on plain values. */
    f: (xs: Plain[], o: P) => Plain;
    /** The adjoint with respect to input `j`. */
    fT: (g: Plain, o: P, j: number) => Plain;
    /** The primal shape of input `j`, for the zeros its adjoint's adjoint needs. */
    shapeOf: (o: P, j: number) => readonly number[];
}
/** The ops a bilinear row writes its vector–Jacobian products in. */
export interface LinearOps<V> {
    /** The same bilinear op, lifted. */
    apply(x: V, y: V): V;
    /** Swaps the last two axes. */
    swap(x: V): V;
    /** Reshapes (to `[]` a 0-d tensor). */
    reshape(x: V, shape: readonly number[]): V;
    /** Broadcasting's sum: sums `x` down to `shape` (a number for `[]` when `number`). */
    sumTo(x: V, shape: readonly number[], number: boolean): V;
    /** The primal shape. */
    shape(x: V): readonly number[];
}
/**
 * A bilinear op (matmul): the kernel and its two vector–Jacobian products.
 * `fast` may answer both products for plain operands at once, or null.
 */
export interface BilinearRule {
    /** A name for messages. */
    name: string;
    /** The map on plain values. */
    f: (x: Plain, y: Plain) => Plain;
    /** ḡ ↦ x̄ for adjoint `g` of the output. */
    vjpX: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
    /** ḡ ↦ ȳ. */
    vjpY: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
    /** Plain kernels for x̄ and ȳ (2-d operands), skipping the generic path. */
    fast?: (g: Plain, x: Plain, y: Plain, which: 0 | 1) => Plain | null;
}
/** Sums `x` down to `shape` (broadcasting's adjoint); a number if `number`. */
export declare function sumToPlain(x: Plain, shape: readonly number[], number: boolean): Plain;
/** Parameters of sum and mean: the input's shape, the axes, keepdims, and the count divided by (1 for sum). */
export interface ReduceParams {
    /** The input's shape. */
    from: readonly number[];
    /** The reduced axes, sorted. */
    axes: readonly number[];
    /** Whether reduced axes stay with length 1. */
    keepdims: boolean;
    /** What the sum is divided by (1 for sum, n for mean). */
    count: number;
    /** The input is a number (not a 0-d tensor). */
    fromNumber: boolean;
}
/** Parameters of reshape: both shapes, and which side is a plain number. */
export interface ReshapeParams {
    /** The input's shape. */
    from: readonly number[];
    /** The output's shape. */
    to: readonly number[];
    /** The input is a number (not a 0-d tensor). */
    fromNumber: boolean;
    /** The output is a number (not a 0-d tensor). */
    toNumber: boolean;
}
/** Parameters of broadcasting's sum: the shapes, and whether the result is a number. */
export interface SumToParams {
    /** The input's shape. */
    from: readonly number[];
    /** The output's shape. */
    to: readonly number[];
    /** The output is a number. */
    toNumber: boolean;
}
/** Parameters of basic indexing. */
export interface IndexParams {
    /** The input's shape. */
    from: readonly number[];
    /** The index. */
    spec: readonly IndexSpec[];
    /** The input is a number. */
    fromNumber: boolean;
    /** The function name for messages. */
    fn: string;
}
/**
 * The linear ops of one input, by name.
 *
 * @example
 * ```ts
 * import { linearRules } from "./linear_rules.d.ts";
 * import { np } from "../mod.d.ts";
 * const o = { perm: [1, 0] };
 * console.log(linearRules.transpose.fT(np.zeros([2, 3]), o).toString().length > 0); // true
 * ```
 */
export declare const linearRules: {
    sum: {
        name: string;
        f: (x: Plain, o: ReduceParams) => Plain;
        fT: (g: Plain, o: ReduceParams) => Plain;
    };
    reshape: {
        name: string;
        f: (x: Plain, o: ReshapeParams) => Plain;
        fT: (g: Plain, o: ReshapeParams) => Plain;
    };
    transpose: {
        name: string;
        f: (x: Plain, o: {
            perm: readonly number[];
        }) => Plain;
        fT: (g: Plain, o: {
            perm: readonly number[];
        }) => Plain;
    };
    sumTo: {
        name: string;
        f: (x: Plain, o: SumToParams) => Plain;
        fT: (g: Plain, o: SumToParams) => Tensor;
    };
    index: {
        name: string;
        f: (x: Plain, o: IndexParams) => Plain;
        fT: (g: Plain, o: IndexParams) => number | Tensor;
    };
};
/** Parameters of concatenate: the axis and the inputs' shapes. */
export interface ConcatParams {
    /** The (normalized) axis. */
    axis: number;
    /** The inputs' shapes. */
    shapes: readonly (readonly number[])[];
    /** The function name for messages. */
    fn: string;
}
/** Parameters of where: the condition broadcast to the output shape, and the operands' shapes. */
export interface WhereParams {
    /** The condition, broadcast to `shape`. */
    mask: Tensor;
    /** The output's shape. */
    shape: readonly number[];
    /** The two operands' shapes. */
    shapes: readonly (readonly number[])[];
    /** Which operands are numbers. */
    numbers: readonly boolean[];
}
/** Parameters of packing values into one tensor (np.array of duals). */
export interface PackParams {
    /** The output's shape. */
    full: readonly number[];
    /** Each leaf's shape. */
    shapes: readonly (readonly number[])[];
    /** Which leaves are numbers. */
    numbers: readonly boolean[];
}
/**
 * The linear ops of several inputs, by name.
 *
 * @example
 * ```ts
 * import { linearNRules } from "./linear_rules.d.ts";
 * import { np } from "../mod.d.ts";
 * const o = { axis: 0, shapes: [[2], [1]], fn: "np.concatenate" };
 * console.log(linearNRules.concatenate.fT(np.array([1, 2, 3]), o, 1).toString()); // array([3.])
 * ```
 */
export declare const linearNRules: {
    concatenate: {
        name: string;
        f: (xs: Plain[], o: ConcatParams) => Plain;
        fT: (g: Plain, o: ConcatParams, j: number) => Tensor;
        shapeOf: (o: ConcatParams, j: number) => readonly number[];
    };
    where: {
        name: string;
        f: ([a, b]: Plain[], o: WhereParams) => number | Tensor;
        fT: (g: Plain, o: WhereParams, j: number) => Plain;
        shapeOf: (o: WhereParams, j: number) => readonly number[];
    };
    pack: {
        name: string;
        f: (ps: Plain[], o: PackParams) => Tensor;
        fT: (g: Plain, o: PackParams, j: number) => number | Tensor;
        shapeOf: (o: PackParams, j: number) => readonly number[];
    };
};
declare function matmulFast(g: Plain, x: Plain, y: Plain, which: 0 | 1): Plain | null;
/**
 * The bilinear ops, by name.
 *
 * @example
 * ```ts
 * import { bilinearRules } from "./linear_rules.d.ts";
 * import { np } from "../mod.d.ts";
 * console.log(bilinearRules.matmul.f(np.eye(2), np.array([1, 2])).toString()); // array([1., 2.])
 * ```
 */
export declare const bilinearRules: {
    matmul: {
        name: string;
        f: typeof matmulPlain;
        vjpX: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
        vjpY: <V>(g: V, x: V, y: V, o: LinearOps<V>) => V;
        fast: typeof matmulFast;
    };
};
export {};
