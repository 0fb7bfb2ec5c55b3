import { Arith } from "./arith.d.ts";
/**
 * An n-dimensional array of float64 numbers in C (row-major) order.
 *
 * Build one with `np.array`; every np function accepts and returns them.
 *
 * @example
 * ```ts
 * import { np } from "../mod.d.ts";
 * const t = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(t.shape, t.get(1, 2)); // [ 2, 3 ] 6
 * console.log(t.toString()); // array([[1., 2., 3.], [4., 5., 6.]]) over two lines
 * ```
 */
export declare class Tensor {
    /** The length along each axis. */
    readonly shape: readonly number[];
    /** The elements in C order. */
    readonly data: Float64Array;
    /**
     * Wraps `data` (not copied) with `shape`.
     *
     * @example
     * ```ts
     * import { Tensor } from "../mod.d.ts";
     * const t = new Tensor([2], new Float64Array([1, 2]));
     * console.log(t.size); // 2
     * ```
     */
    constructor(shape: readonly number[], data: Float64Array);
    /** Always `"Tensor"`. */
    get kind(): string;
    /** The number of elements. */
    get size(): number;
    /** The number of axes. */
    get ndim(): number;
    /**
     * One element, by an index per axis (negative counts from the end).
     *
     * @example
     * ```ts
     * import { np } from "../mod.d.ts";
     * console.log(np.array([[1, 2], [3, 4]]).get(1, -1)); // 4
     * ```
     */
    get(...index: number[]): number;
    /**
     * The elements as nested arrays (a number for a 0-d tensor).
     *
     * @example
     * ```ts
     * import { np } from "../mod.d.ts";
     * console.log(np.array([[1, 2]]).toArray()); // [ [ 1, 2 ] ]
     * ```
     */
    toArray(): NestedNumbers;
    /**
     * numpy's printed form, e.g. `array([[0.1 , 0.1 ],\n       [0.  , 0.  ]])`.
     *
     * @example
     * ```ts
     * import { np } from "../mod.d.ts";
     * console.log(np.array([6, 3]).toString()); // array([6., 3.])
     * ```
     */
    toString(): string;
    /** Iterates over the first axis: numbers for a 1-d tensor, tensors otherwise. */
    [Symbol.iterator](): Iterator<Tensor | number>;
}
/**
 * Tensor takes Arith's methods (`x.add(y)` …) through its prototype, without a
 * `super()` call: V8 does not inline a super constructor, which made each
 * allocation of a tensor about twice as slow (measured, Deno 2.9).
 */
export interface Tensor extends Arith {
}
/**
 * Numbers nested in arrays, as `Tensor.toArray` returns them.
 *
 * @example
 * ```ts
 * import type { NestedNumbers } from "../mod.d.ts";
 * const m: NestedNumbers = [[1, 2], [3, 4]];
 * ```
 */
export type NestedNumbers = number | NestedNumbers[];
/** Whether `x` is a Tensor. */
export declare function isTensor(x: unknown): x is Tensor;
/** The product of the lengths. */
export declare function sizeOf(shape: readonly number[]): number;
/** `(2, 3)` as numpy writes shapes. */
export declare function formatShape(shape: readonly number[]): string;
/** The flat C-order position of `index` in `shape`, with checks. */
export declare function flatIndex(shape: readonly number[], index: readonly number[]): number;
/** C-order strides in elements. */
export declare function stridesOf(shape: readonly number[]): number[];
/** The broadcast shape of two shapes, or a RangeError naming both. */
export declare function broadcastShapes(a: readonly number[], b: readonly number[]): number[];
/** Element strides of `shape` read as if broadcast to `target` (0 on broadcast axes). */
export declare function broadcastStrides(shape: readonly number[], target: readonly number[]): number[];
/**
 * For each position of `shape` in C order, the flat position reached by
 * stepping `strides` (an odometer over the axes): with broadcast strides it
 * reads a broadcast operand, with permuted strides a transposed one.
 */
export declare function stridedPositions(shape: readonly number[], strides: readonly number[]): number[];
/** For each position of `target` in C order, the flat position in a broadcast operand. */
export declare function broadcastIndex(shape: readonly number[], target: readonly number[]): number[];
/** A new tensor of `shape` holding `fill`. */
export declare function filled(shape: readonly number[], fill: number): Tensor;
/** Elementwise `f` of one tensor. */
export declare function mapTensor(x: Tensor, f: (v: number) => number): Tensor;
/** Elementwise `f` of two operands (tensors or numbers) with broadcasting. */
export declare function zipTensor(x: Tensor | number, y: Tensor | number, f: (a: number, b: number) => number): Tensor;
/**
 * The elementwise combinations the engine uses most (a linear row's
 * value and adjoint, a product, a tangent scaled by a partial), written out
 * so that no function is called per element: through `zipTensor`'s shared
 * loop a call costs several nanoseconds an element, more than the add
 * itself (measured, Deno 2.9). Each gives the bits its rule's `f` gives.
 */
export declare const Combine: {
    /** a + b */
    readonly add: 0;
    /** a − b */
    readonly subtract: 1;
    /** a · b */
    readonly multiply: 2;
    /** 0 where b is 0, else a · b: a partial a times a tangent b. */
    readonly scale: 3;
    /** a / b */
    readonly divide: 4;
};
/**
 * `x op y` elementwise with broadcasting, for one of {@linkcode Combine}'s
 * ops; at least one operand is a tensor.
 */
export declare function combine(x: Tensor | number, y: Tensor | number, op: typeof Combine[keyof typeof Combine]): Tensor;
/** −x elementwise (−0 for 0, as negative's rule gives). */
export declare function negated(x: Tensor): Tensor;
/**
 * Whether `shape` broadcast to `target` only repeats along leading axes:
 * its trailing lengths equal the target's, after any leading 1s.
 */
export declare function isTrailing(shape: readonly number[], target: readonly number[]): boolean;
/** Whether two shapes are equal. */
export declare function sameShape(a: readonly number[], b: readonly number[]): boolean;
/** `x` broadcast to `shape` as a new tensor. */
export declare function broadcastTo(x: Tensor | number, shape: readonly number[]): Tensor;
/** numpy's repr of an array with `shape` and `data`. */
export declare function formatArray(shape: readonly number[], data: Float64Array): string;
