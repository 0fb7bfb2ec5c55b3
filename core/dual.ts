/**
 * Dual numbers with many partials at once: `v + Σ dᵢ·εᵢ`. One evaluation with
 * k partials gives k directional derivatives. The value may be a number, a
 * Tensor (a dual tensor: its partials are tensors of the same shape), or a
 * dual of an enclosing derivative (nesting), told apart by tags.
 *
 * @module
 */
import { Arith } from "./arith.ts";
import { formatShape, isTensor, type Tensor } from "./tensor.ts";
import type { HyperDual } from "./hyperdual.ts";
import type { Box } from "./box.ts";

/**
 * Any value dualgrade computes with: a number, a Tensor, a Dual, a HyperDual
 * or a Box (reverse mode).
 *
 * @example
 * ```ts
 * import { np, type Value } from "../mod.ts";
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
 * import { Dual, np } from "../mod.ts";
 * const x = new Dual(1000, 3, [1]); // x = 3, dx = 1
 * const y = np.power(x, 2);
 * console.log((y as Dual).v, (y as Dual).d); // 9 [ 6 ]
 * ```
 */
export class Dual {
  /** The derivative this dual belongs to. */
  declare readonly tag: number;
  /** The value (number, Tensor, or a dual of an outer derivative). */
  declare readonly v: Value;
  /** The partials, one per direction, each shaped like the value. */
  declare readonly d: Value[];

  /**
   * A dual with tag, value and partials.
   *
   * @example
   * ```ts
   * import { Dual } from "../mod.ts";
   * console.log(new Dual(1000, 2, [1, 0]).d.length); // 2
   * ```
   */
  constructor(tag: number, v: Value, d: Value[]) {
    this.tag = tag;
    this.v = v;
    this.d = d;
  }

  /** Always `"Dual"`. */
  get kind(): string {
    return "Dual";
  }

  /** The plain value underneath every level of nesting (a number or Tensor). */
  get value(): number | Tensor {
    let x: Value = this.v;
    while (typeof x !== "number" && !isTensor(x)) {
      x = (x as Dual).v ?? (x as HyperDual).a;
    }
    return x;
  }

  /** The shape of the value (`[]` for a scalar). */
  get shape(): readonly number[] {
    const x = this.value;
    return typeof x === "number" ? [] : x.shape;
  }

  /** A readable form: `Dual(9, [6])`. */
  toString(): string {
    const show = (x: Value) => typeof x === "number" ? String(x) : x.toString();
    return `Dual(${show(this.v)}, [${this.d.map(show).join(", ")}])`;
  }

  /** Iterates over the first axis of a dual tensor, giving duals. */
  *[Symbol.iterator](): Iterator<Value> {
    const shape = this.shape;
    if (shape.length === 0) {
      throw new TypeError(
        `Cannot iterate over a scalar Dual: only tensors of shape ${
          formatShape([2])
        } or larger can be unpacked`,
      );
    }
    const at = methodsTable.index!;
    for (let i = 0; i < shape[0]; i++) yield at(this, i);
  }

  /** Shown by Deno's console.log. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * Dual takes Arith's methods (`x.add(y)` …) through its prototype, without a
 * `super()` call: V8 does not inline a super constructor, which made each
 * allocation of a dual about twice as slow (measured, Deno 2.9).
 */
export interface Dual extends Arith {}
Object.setPrototypeOf(Dual.prototype, Arith.prototype);

/** Late-bound functions the value classes need from ops. */
export const methodsTable: { index?: (x: Value, i: number) => Value } = {};

/** Whether `x` is a Dual. */
export function isDual(x: unknown): x is Dual {
  return x instanceof Dual;
}
