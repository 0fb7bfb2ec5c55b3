/**
 * The chainable methods shared by Tensor, Dual and HyperDual. They call the
 * np functions through a table filled in when np loads, so the value
 * classes do not import the ops that import them.
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => any;
/** Filled by ops.ts when it loads. */
export const methodOps: Record<string, Fn> = {};

const OPERATOR_HINT =
  "JavaScript operators (+, -, *, /, **, <, >) and Math functions (Math.sin, Math.exp …) " +
  "do not work on dualgrade values; use np.add, np.subtract, np.multiply, np.divide, " +
  "np.power, np.sin, np.exp … or the methods x.add(y), x.sub(y), x.mul(y), x.div(y), " +
  "x.pow(y); to compare, use x.value";

/**
 * The arithmetic methods every dualgrade value (Tensor, Dual, HyperDual)
 * has: `x.sub(3).pow(2)` is `np.power(np.subtract(x, 3), 2)`.
 *
 * @example
 * ```ts
 * import { np } from "../mod.ts";
 * console.log(np.array([1, 2]).sub(3).pow(2).toArray()); // [ 4, 1 ]
 * ```
 */
export abstract class Arith {
  /** A short name of the kind of value, for messages. */
  abstract get kind(): string;

  /** `np.add(this, y)`. */
  add(y: unknown): this {
    return methodOps.add(this, y);
  }
  /** `np.subtract(this, y)`. */
  sub(y: unknown): this {
    return methodOps.subtract(this, y);
  }
  /** `np.multiply(this, y)`. */
  mul(y: unknown): this {
    return methodOps.multiply(this, y);
  }
  /** `np.divide(this, y)`. */
  div(y: unknown): this {
    return methodOps.divide(this, y);
  }
  /** `np.power(this, y)`. */
  pow(y: unknown): this {
    return methodOps.power(this, y);
  }
  /** `np.negative(this)`. */
  neg(): this {
    return methodOps.negative(this);
  }

  /** Refuses numeric conversion, so `x - 3` fails loudly instead of dropping derivatives. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === "string") return this.toString();
    throw new TypeError(
      `Cannot convert a ${this.kind} to a number: ${OPERATOR_HINT}`,
    );
  }
}
