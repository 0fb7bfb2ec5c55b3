/**
 * The compact dual for one direction: a value and one tangent, both plain
 * numbers, in three fields and no array. `deriv`, `grad` and `valueAndGrad`
 * of a function of one number, and `elementwiseGrad`/`jvp` at number
 * arguments, seed it; every elementwise op keeps it compact while its
 * operands are compact duals of the same tag or numbers, and hands anything
 * else to the general lifts in `ops.ts`.
 *
 * It is a `Dual` to everything outside this fast path: `instanceof Dual`
 * holds, `constructor` is `Dual`, and `d` reads as the one-element array of
 * partials, so tags, nesting, escape checks and the general lifts need no
 * case of their own. A `ScalarDual` is never seeded around a value that is
 * itself a dual (an outer derivative's): its fields are numbers only.
 *
 * Each fast path below is small and takes the rule row as a parameter, so
 * V8 inlines it into the calling `np` function; each computes what the
 * general lift computes for a dual with one numeric partial, in the same
 * order, so results are the same to the bit (`scalar_dual_test.ts`).
 * Measured (Deno 2.9): a `Dual` with its partials array costs about three
 * allocations per op, a `ScalarDual` one.
 *
 * @module
 */
import { Dual, type Value } from "./dual.d.ts";
import type { BinaryRule, UnaryRule } from "./rules.d.ts";
/**
 * A dual number with one plain-number tangent: `v + t·ε` at derivative `tag`.
 * Behaves as a {@linkcode Dual} with one partial.
 *
 * @example
 * ```ts
 * import { ScalarDual } from "./scalar_dual.d.ts";
 * import { Dual } from "./dual.d.ts";
 * const x = new ScalarDual(1000, 3, 1);
 * console.log(x instanceof Dual, x.d); // true [ 1 ]
 * ```
 */
export declare class ScalarDual {
    /** The derivative this dual belongs to. */
    readonly tag: number;
    /** The value. */
    readonly v: number;
    /** The tangent: the derivative along the one direction. */
    readonly t: number;
    /**
     * A dual with tag, value and tangent.
     *
     * @example
     * ```ts
     * import { ScalarDual } from "./scalar_dual.d.ts";
     * console.log(new ScalarDual(1000, 2, 1).t); // 1
     * ```
     */
    constructor(tag: number, v: number, t: number);
    /** The partials as a `Dual` has them: `[t]` (a fresh array). */
    get d(): number[];
}
/** A ScalarDual is a Dual with one numeric partial (see the module doc). */
export interface ScalarDual extends Dual {
}
/**
 * Whether `x` is a ScalarDual, by its prototype's mark. The strict
 * comparisons with null and undefined (not `!= null`) keep it transparent
 * to escape analysis.
 */
export declare function isScalarDual(x: unknown): x is ScalarDual;
/**
 * `f(x)` for a unary rule: value `f(v)`, tangent `f′(v)·t` (f′ from the value
 * where the row has `dy`), a zero tangent staying exactly 0.
 */
export declare function unaryScalar(r: UnaryRule, x: ScalarDual): ScalarDual;
/** `f(x, c)` for a compact dual x and a number c. */
export declare function leftScalar(r: BinaryRule, x: ScalarDual, y: number): ScalarDual;
/** `f(c, y)` for a number c and a compact dual y (∂f/∂y from the value where the row has `vy`). */
export declare function rightScalar(r: BinaryRule, x: number, y: ScalarDual): ScalarDual;
/** `f(x, y)` for two compact duals of the same tag. */
export declare function bothScalar(r: BinaryRule, x: ScalarDual, y: ScalarDual): ScalarDual;
/**
 * `f(x, y)` on the scalar fast paths: a compact dual with a number or a
 * compact dual of the same tag, or a dual whose value and partials are all
 * numbers with a number or such a dual of the same tag; `undefined` for
 * every other pair (the general lift's case).
 */
export declare function binaryScalar(r: BinaryRule, x: unknown, y: unknown): Dual | undefined;
/**
 * A dual of numbers at `tag` with value `value` and partials `p·d[i]` (a
 * zero partial staying exactly 0); `undefined` if a partial is not a number.
 */
export declare function scaledNumbers(tag: number, value: number, p: number, xd: readonly Value[]): Dual | undefined;
/**
 * A dual of numbers at `tag` with value `value` and partials
 * `px·xd[i] + py·yd[i]` (each zero term exactly 0); `undefined` if a
 * partial is not a number.
 */
export declare function combinedNumbers(tag: number, value: number, px: number, xd: readonly Value[], py: number, yd: readonly Value[]): Dual | undefined;
/** `f(x)` for a dual of numbers. */
export declare function unaryNumbers(r: UnaryRule, x: Dual): Dual | undefined;
/** `f(x, c)` for a dual of numbers x and a number c. */
export declare function leftNumbers(r: BinaryRule, x: Dual, y: number): Dual | undefined;
/** `f(c, y)` for a number c and a dual of numbers y. */
export declare function rightNumbers(r: BinaryRule, x: number, y: Dual): Dual | undefined;
/** `f(x, y)` for two duals of numbers with the same tag and width. */
export declare function bothNumbers(r: BinaryRule, x: Dual, y: Dual): Dual | undefined;
/**
 * A dual seeded at `value` with one tangent: compact when both are numbers,
 * a {@linkcode Dual} with one partial otherwise (a tensor, or an outer
 * derivative's dual).
 */
export declare function seedOne(tag: number, value: Value, tangent: Value): Dual;
