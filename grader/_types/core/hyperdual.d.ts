/**
 * Hyper-dual numbers (Fike & Alonso, 2011): `a + b·ε1 + c·ε2 + d·ε1ε2` with
 * ε1² = ε2² = 0 and ε1ε2 ≠ 0. Seeding ε1 and ε2 along two inputs gives the
 * exact mixed second derivative in `d`, with no step size. Components are
 * numbers, or tensors of one shape (a hyper-dual tensor).
 *
 * @module
 */
import { Arith } from "./arith.d.ts";
import type { Tensor } from "./tensor.d.ts";
/**
 * A hyper-dual number or tensor.
 *
 * @example
 * ```ts
 * import { HyperDual, np } from "../mod.d.ts";
 * const x = new HyperDual(2, 1, 1, 0);
 * const y = np.power(x, 3) as HyperDual;
 * console.log(y.a, y.b, y.d); // 8 12 12  (x³, 3x², 6x)
 * ```
 */
export declare class HyperDual {
    /** The value. */
    readonly a: number | Tensor;
    /** The ε1 part: first derivative along the first direction. */
    readonly b: number | Tensor;
    /** The ε2 part: first derivative along the second direction. */
    readonly c: number | Tensor;
    /** The ε1ε2 part: the mixed second derivative. */
    readonly d: number | Tensor;
    /** The hessian this number belongs to. */
    readonly tag: number;
    /**
     * A hyper-dual from its four parts.
     *
     * @example
     * ```ts
     * import { HyperDual } from "../mod.d.ts";
     * console.log(new HyperDual(1, 1, 1, 0).a); // 1
     * ```
     */
    constructor(a: number | Tensor, b: number | Tensor, c: number | Tensor, d: number | Tensor, tag?: number);
    /** Always `"HyperDual"`. */
    get kind(): string;
    /** The value, `a`. */
    get value(): number | Tensor;
    /** The shape of the value (`[]` for a scalar). */
    get shape(): readonly number[];
    /** `HyperDual(a, b, c, d)`. */
    toString(): string;
}
/**
 * HyperDual takes Arith's methods (`x.add(y)` …) through its prototype, without a
 * `super()` call: V8 does not inline a super constructor, which made each
 * allocation of a hyper-dual about twice as slow (measured, Deno 2.9).
 */
export interface HyperDual extends Arith {
}
/** Whether `x` is a HyperDual. */
export declare function isHyperDual(x: unknown): x is HyperDual;
