/**
 * Dual numbers with many partials at once: `v + Σ dᵢ·εᵢ`. One evaluation with
 * k partials gives k directional derivatives. The value may be a number, a
 * Tensor (a dual tensor: its partials are tensors of the same shape), or a
 * dual of an enclosing derivative (nesting), told apart by tags.
 *
 * @module
 */
import { Arith } from "./arith.d.ts";
import { type Tensor } from "./tensor.d.ts";
import type { HyperDual } from "./hyperdual.d.ts";
import type { Box } from "./box.d.ts";
/**
 * Any value dualgrade computes with: a number, a Tensor, a Dual, a HyperDual
 * or a Box (reverse mode).
 *
 * @example
 * ```ts
 * import { np, type Value } from "../mod.d.ts";
 * const v: Value = np.multiply(2, 3);
 * ```
 */
export type Value = number | Tensor | Dual | HyperDual | Box;
/**
 * A dual number (or dual tensor): a value and its partial derivatives along
 * k directions, tagged by the derivative that made it.
 *
 * @example
 * ```ts
 * import { Dual, np } from "../mod.d.ts";
 * const x = new Dual(1000, 3, [1]); // x = 3, dx = 1
 * const y = np.power(x, 2);
 * console.log((y as Dual).v, (y as Dual).d); // 9 [ 6 ]
 * ```
 */
export declare class Dual {
    /** The derivative this dual belongs to. */
    readonly tag: number;
    /** The value (number, Tensor, or a dual of an outer derivative). */
    readonly v: Value;
    /** The partials, one per direction, each shaped like the value. */
    readonly d: Value[];
    /**
     * A dual with tag, value and partials.
     *
     * @example
     * ```ts
     * import { Dual } from "../mod.d.ts";
     * console.log(new Dual(1000, 2, [1, 0]).d.length); // 2
     * ```
     */
    constructor(tag: number, v: Value, d: Value[]);
    /** Always `"Dual"`. */
    get kind(): string;
    /** The plain value underneath every level of nesting (a number or Tensor). */
    get value(): number | Tensor;
    /** The shape of the value (`[]` for a scalar). */
    get shape(): readonly number[];
    /** A readable form: `Dual(9, [6])`. */
    toString(): string;
    /** Iterates over the first axis of a dual tensor, giving duals. */
    [Symbol.iterator](): Iterator<Value>;
}
/**
 * Dual takes Arith's methods (`x.add(y)` …) through its prototype, without a
 * `super()` call: V8 does not inline a super constructor, which made each
 * allocation of a dual about twice as slow (measured, Deno 2.9).
 */
export interface Dual extends Arith {
}
/** Late-bound functions the value classes need from ops. */
export declare const methodsTable: {
    index?: (x: Value, i: number) => Value;
};
/** Whether `x` is a Dual. */
export declare function isDual(x: unknown): x is Dual;
