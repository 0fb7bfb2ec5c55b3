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
import { Dual, type Value } from "./dual.ts";
import type { BinaryRule, UnaryRule } from "./rules.ts";

/**
 * A dual number with one plain-number tangent: `v + t·ε` at derivative `tag`.
 * Behaves as a {@linkcode Dual} with one partial.
 *
 * @example
 * ```ts
 * import { ScalarDual } from "./scalar_dual.ts";
 * import { Dual } from "./dual.ts";
 * const x = new ScalarDual(1000, 3, 1);
 * console.log(x instanceof Dual, x.d); // true [ 1 ]
 * ```
 */
export class ScalarDual {
  /** The derivative this dual belongs to. */
  declare readonly tag: number;
  /** The value. */
  declare readonly v: number;
  /** The tangent: the derivative along the one direction. */
  declare readonly t: number;

  /**
   * A dual with tag, value and tangent.
   *
   * @example
   * ```ts
   * import { ScalarDual } from "./scalar_dual.ts";
   * console.log(new ScalarDual(1000, 2, 1).t); // 1
   * ```
   */
  constructor(tag: number, v: number, t: number) {
    this.tag = tag;
    this.v = v;
    this.t = t;
  }

  /** The partials as a `Dual` has them: `[t]` (a fresh array). */
  get d(): number[] {
    return [this.t];
  }
}

/** A ScalarDual is a Dual with one numeric partial (see the module doc). */
export interface ScalarDual extends Dual {}
Object.setPrototypeOf(ScalarDual.prototype, Dual.prototype);
// Seen from outside (messages, describers that read constructor.name) it is
// a Dual: the compact layout is not something a learner should meet.
Object.defineProperty(ScalarDual.prototype, "constructor", {
  value: Dual,
  writable: true,
  configurable: true,
});

// The mark every compact dual carries on its prototype. Tested with a
// property read, not `instanceof`: V8's escape analysis cannot see through
// an `instanceof` (nor `typeof … === "object"`, nor `!= null`) on an object
// it would otherwise never allocate, so with the mark a compact dual passed
// from one inlined op to the next is never built at all (measured: two ops
// on a compact dual, 8.5 ns with instanceof against 1.4 ns with the mark).
const COMPACT: unique symbol = Symbol("compact dual");
(ScalarDual.prototype as { [COMPACT]?: true })[COMPACT] = true;

/**
 * Whether `x` is a ScalarDual, by its prototype's mark. The strict
 * comparisons with null and undefined (not `!= null`) keep it transparent
 * to escape analysis.
 */
export function isScalarDual(x: unknown): x is ScalarDual {
  return x !== null && x !== undefined &&
    (x as { [COMPACT]?: true })[COMPACT] === true;
}

/**
 * `f(x)` for a unary rule: value `f(v)`, tangent `f′(v)·t` (f′ from the value
 * where the row has `dy`), a zero tangent staying exactly 0.
 */
export function unaryScalar(r: UnaryRule, x: ScalarDual): ScalarDual {
  const v = x.v, t = x.t, y = r.f(v);
  if (t === 0) return new ScalarDual(x.tag, y, 0);
  return new ScalarDual(x.tag, y, (r.dy ? r.dy(y, v) : r.df(v)) * t);
}

/** `f(x, c)` for a compact dual x and a number c. */
export function leftScalar(
  r: BinaryRule,
  x: ScalarDual,
  y: number,
): ScalarDual {
  const v = x.v, t = x.t;
  return new ScalarDual(x.tag, r.f(v, y), t === 0 ? 0 : r.fx(v, y) * t);
}

/** `f(c, y)` for a number c and a compact dual y (∂f/∂y from the value where the row has `vy`). */
export function rightScalar(
  r: BinaryRule,
  x: number,
  y: ScalarDual,
): ScalarDual {
  const v = y.v, t = y.t, out = r.f(x, v);
  if (t === 0) return new ScalarDual(y.tag, out, 0);
  return new ScalarDual(y.tag, out, (r.vy ? r.vy(out, x, v) : r.fy(x, v)) * t);
}

/** `f(x, y)` for two compact duals of the same tag. */
export function bothScalar(
  r: BinaryRule,
  x: ScalarDual,
  y: ScalarDual,
): ScalarDual {
  const xv = x.v, yv = y.v, s = x.t, t = y.t, out = r.f(xv, yv);
  const px = r.fx(xv, yv);
  const py = r.vy ? r.vy(out, xv, yv) : r.fy(xv, yv);
  return new ScalarDual(
    x.tag,
    out,
    (s === 0 ? 0 : px * s) + (t === 0 ? 0 : py * t),
  );
}

/**
 * `f(x, y)` on the scalar fast paths: a compact dual with a number or a
 * compact dual of the same tag, or a dual whose value and partials are all
 * numbers with a number or such a dual of the same tag; `undefined` for
 * every other pair (the general lift's case).
 */
export function binaryScalar(
  r: BinaryRule,
  x: unknown,
  y: unknown,
): Dual | undefined {
  if (isScalarDual(x)) {
    if (typeof y === "number") return leftScalar(r, x, y);
    if (isScalarDual(y) && y.tag === x.tag) return bothScalar(r, x, y);
  } else if (typeof x === "number") {
    if (isScalarDual(y)) return rightScalar(r, x, y);
    if (y instanceof Dual) return rightNumbers(r, x, y);
  } else if (x instanceof Dual) {
    if (typeof y === "number") return leftNumbers(r, x, y);
    if (y instanceof Dual && y.tag === x.tag) return bothNumbers(r, x, y);
  }
  return undefined;
}

// Duals with k partials whose value and partials are plain numbers (a short
// list of numbers under grad): one pass over the partials, `undefined` as
// soon as something is not a number (a nested derivative's tangent). The
// two loops take the row's numbers, not the row: np's generated functions
// compute them inline (see `scripts/gen_np.ts`), and no call to a row's
// function sits inside a loop shared by every row.

/**
 * A dual of numbers at `tag` with value `value` and partials `p·d[i]` (a
 * zero partial staying exactly 0); `undefined` if a partial is not a number.
 */
export function scaledNumbers(
  tag: number,
  value: number,
  p: number,
  xd: readonly Value[],
): Dual | undefined {
  const k = xd.length, d = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const t = xd[i];
    if (typeof t !== "number") return undefined;
    d[i] = t === 0 ? 0 : p * t;
  }
  return new Dual(tag, value, d);
}

/**
 * A dual of numbers at `tag` with value `value` and partials
 * `px·xd[i] + py·yd[i]` (each zero term exactly 0); `undefined` if a
 * partial is not a number.
 */
export function combinedNumbers(
  tag: number,
  value: number,
  px: number,
  xd: readonly Value[],
  py: number,
  yd: readonly Value[],
): Dual | undefined {
  const k = xd.length, d = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const s = xd[i], t = yd[i];
    if (typeof s !== "number" || typeof t !== "number") return undefined;
    d[i] = (s === 0 ? 0 : px * s) + (t === 0 ? 0 : py * t);
  }
  return new Dual(tag, value, d);
}

/** `f(x)` for a dual of numbers. */
export function unaryNumbers(r: UnaryRule, x: Dual): Dual | undefined {
  const v = x.v;
  if (typeof v !== "number") return undefined;
  const y = r.f(v);
  return scaledNumbers(x.tag, y, r.dy ? r.dy(y, v) : r.df(v), x.d);
}

/** `f(x, c)` for a dual of numbers x and a number c. */
export function leftNumbers(
  r: BinaryRule,
  x: Dual,
  y: number,
): Dual | undefined {
  const v = x.v;
  if (typeof v !== "number") return undefined;
  return scaledNumbers(x.tag, r.f(v, y), r.fx(v, y), x.d);
}

/** `f(c, y)` for a number c and a dual of numbers y. */
export function rightNumbers(
  r: BinaryRule,
  x: number,
  y: Dual,
): Dual | undefined {
  const v = y.v;
  if (typeof v !== "number") return undefined;
  const out = r.f(x, v);
  return scaledNumbers(y.tag, out, r.vy ? r.vy(out, x, v) : r.fy(x, v), y.d);
}

/** `f(x, y)` for two duals of numbers with the same tag and width. */
export function bothNumbers(
  r: BinaryRule,
  x: Dual,
  y: Dual,
): Dual | undefined {
  const xv = x.v, yv = y.v;
  if (typeof xv !== "number" || typeof yv !== "number") return undefined;
  const out = r.f(xv, yv);
  const px = r.fx(xv, yv), py = r.vy ? r.vy(out, xv, yv) : r.fy(xv, yv);
  return combinedNumbers(x.tag, out, px, x.d, py, y.d);
}

/**
 * A dual seeded at `value` with one tangent: compact when both are numbers,
 * a {@linkcode Dual} with one partial otherwise (a tensor, or an outer
 * derivative's dual).
 */
export function seedOne(tag: number, value: Value, tangent: Value): Dual {
  return typeof value === "number" && typeof tangent === "number"
    ? new ScalarDual(tag, value, tangent)
    : new Dual(tag, value, [tangent]);
}
