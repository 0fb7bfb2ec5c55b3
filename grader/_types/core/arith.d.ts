/**
 * The chainable methods shared by Tensor, Dual and HyperDual. They call the
 * np functions through a table filled in when np loads, so the value
 * classes do not import the ops that import them.
 *
 * @module
 */
type Fn = (...args: any[]) => any;
/** Filled by ops.ts when it loads. */
export declare const methodOps: Record<string, Fn>;
/**
 * The arithmetic methods every dualgrade value (Tensor, Dual, HyperDual)
 * has: `x.sub(3).pow(2)` is `np.power(np.subtract(x, 3), 2)`.
 *
 * @example
 * ```ts
 * import { np } from "../mod.d.ts";
 * console.log(np.array([1, 2]).sub(3).pow(2).toArray()); // [ 4, 1 ]
 * ```
 */
export declare abstract class Arith {
    /** A short name of the kind of value, for messages. */
    abstract get kind(): string;
    /** `np.add(this, y)`. */
    add(y: unknown): this;
    /** `np.subtract(this, y)`. */
    sub(y: unknown): this;
    /** `np.multiply(this, y)`. */
    mul(y: unknown): this;
    /** `np.divide(this, y)`. */
    div(y: unknown): this;
    /** `np.power(this, y)`. */
    pow(y: unknown): this;
    /** `np.negative(this)`. */
    neg(): this;
    /** Refuses numeric conversion, so `x - 3` fails loudly instead of dropping derivatives. */
    [Symbol.toPrimitive](hint: string): string;
}
export {};
