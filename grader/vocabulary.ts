/**
 * The one vocabulary learners read values and shapes in: numbers at full
 * precision (`NaN`, `-0` as such), shapes as numpy writes them (`(2, 3)`),
 * and descriptions of whatever came back ("a Promise: make the function
 * synchronous"). Comparison messages, diagnoses and argument labels all
 * speak through this module.
 *
 * @module
 */

/**
 * A value received from the sandbox that has no faithful copy in the grader's
 * process (a Dual, a Promise, a function, a class instance …). It only
 * carries a description for messages.
 *
 * @example
 * ```ts
 * import { Opaque } from "./vocabulary.ts";
 * const p = new Opaque("Promise", "a Promise");
 * console.log(p.description); // "a Promise"
 * ```
 */
export class Opaque {
  /** What came back, e.g. `Dual`, `Promise`, `function`, `object`, `unreadable`. */
  readonly kind: string;
  /** A learner-readable description, e.g. `a Dual (value 3)`. */
  readonly description: string;

  /**
   * A marker of `kind` described as `description`.
   *
   * @example
   * ```ts
   * import { Opaque } from "./vocabulary.ts";
   * console.log(new Opaque("function", "a function fGrad").kind); // "function"
   * ```
   */
  constructor(kind: string, description: string) {
    this.kind = kind;
    this.description = description;
  }
}

/**
 * Describes a value for a learner: its kind, and its content when short.
 *
 * @param value Any value, or an {@linkcode Opaque} marker.
 * @returns A phrase such as `the string "abc"`, `a Promise`, `an array of shape (2, 3)`.
 *
 * @example
 * ```ts
 * import { describeValue } from "./vocabulary.ts";
 * console.log(describeValue("abc")); // the string "abc"
 * console.log(describeValue(Promise.resolve(1))); // a Promise: make the function synchronous (no async)
 * ```
 */
export function describeValue(value: unknown): string {
  if (value instanceof Opaque) return value.description;
  switch (typeof value) {
    case "number":
      return `the number ${formatNumber(value)}`;
    case "string":
      return `the string ${JSON.stringify(truncate(value, 80))}`;
    case "boolean":
      return `the boolean ${value}`;
    case "undefined":
      return "undefined (did the function forget to return?)";
    case "bigint":
      return `the bigint ${value}n: use a number`;
    case "symbol":
      return "a symbol";
    case "function":
      return `a function${
        value.name ? ` (${value.name})` : ""
      }: call it to get a value`;
  }
  if (value === null) return "null";
  if (isTensorLike(value)) {
    return `a Tensor of shape ${formatShape(value.shape)}`;
  }
  if (isDualLike(value)) return describeDual(value);
  if (
    value instanceof Promise ||
    typeof (value as { then?: unknown }).then === "function"
  ) {
    return "a Promise: make the function synchronous (no async)";
  }
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name} of length ${
      (value as unknown as ArrayLike<number>).length
    }`;
  }
  if (Array.isArray(value)) {
    const nd = toNd(value);
    if (nd !== undefined && !("ragged" in nd)) {
      return `an array of shape ${formatShape(nd.shape)}`;
    }
    return `an array of length ${value.length}`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) {
    const keys = Object.keys(value as object);
    return keys.length === 0
      ? "an empty object"
      : `an object with keys ${keys.slice(0, 6).join(", ")}`;
  }
  const name = (proto?.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && name !== ""
    ? `an object of class ${name}`
    : "an object";
}

/**
 * Formats a number as the learner should read it: full precision, and
 * `NaN`, `Infinity`, `-Infinity` as such.
 *
 * @param x The number.
 * @returns Its shortest round-trip decimal form.
 *
 * @example
 * ```ts
 * import { formatNumber } from "./vocabulary.ts";
 * console.log(formatNumber(0.1 + 0.2)); // 0.30000000000000004
 * ```
 */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/**
 * A numeric array of any container: its shape and its elements in C order.
 *
 * @example
 * ```ts
 * import type { Nd } from "./vocabulary.ts";
 * const m: Nd = { shape: [2, 2], data: [1, 2, 3, 4] };
 * ```
 */
export interface Nd {
  /** The shape, numpy's. */
  shape: number[];
  /** The elements in C order. */
  data: ArrayLike<number>;
}

/**
 * The shape and C-order elements of a numeric value (a number, nested
 * arrays, a typed array or a Tensor), why it is ragged, or `undefined` when
 * it is not numeric.
 *
 * @param value Any value.
 * @returns Its {@linkcode Nd}, `{ ragged }` with the reason, or `undefined`.
 *
 * @example
 * ```ts
 * import { toNd } from "./vocabulary.ts";
 * const nd = toNd([[1, 2], [3, 4]]);
 * console.log(nd !== undefined && "shape" in nd ? nd.shape : nd); // [2, 2]
 * ```
 */
export function toNd(value: unknown): Nd | { ragged: string } | undefined {
  if (typeof value === "number") return { shape: [], data: [value] };
  if (isTensorLike(value)) return { shape: [...value.shape], data: value.data };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<unknown>;
    if (arr.length > 0 && typeof arr[0] !== "number") return undefined;
    return { shape: [arr.length], data: arr as ArrayLike<number> };
  }
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return { shape: [0], data: [] };
  const parts: Nd[] = [];
  for (let i = 0; i < value.length; i++) {
    const part = toNd(value[i]);
    if (part === undefined) return undefined;
    if ("ragged" in part) return part;
    if (parts.length > 0 && !sameShape(parts[0].shape, part.shape)) {
      return {
        ragged: `element [0] has shape ${
          formatShape(parts[0].shape)
        }, element [${i}] has shape ${formatShape(part.shape)}`,
      };
    }
    parts.push(part);
  }
  const data: number[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.data.length; i++) data.push(p.data[i]);
  }
  return { shape: [value.length, ...parts[0].shape], data };
}

/**
 * Whether a value is a Tensor (or looks like one: a shape and Float64Array data).
 *
 * @param value Any value.
 * @returns Whether it has a shape array and Float64Array data.
 *
 * @example
 * ```ts
 * import { isTensorLike } from "./vocabulary.ts";
 * console.log(isTensorLike({ shape: [1], data: new Float64Array(1) })); // true
 * ```
 */
export function isTensorLike(
  value: unknown,
): value is { shape: readonly number[]; data: Float64Array } {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { shape?: unknown; data?: unknown };
  return Array.isArray(v.shape) && v.data instanceof Float64Array;
}

function isDualLike(
  value: unknown,
): value is { constructor: { name: string } } {
  if (typeof value !== "object" || value === null) return false;
  const name = (value as { constructor?: { name?: unknown } }).constructor
    ?.name;
  return name === "Dual" || name === "HyperDual";
}

function describeDual(value: { constructor: { name: string } }): string {
  const v = value as { v?: unknown; a?: unknown };
  const primal = value.constructor.name === "Dual" ? v.v : v.a;
  const shown = typeof primal === "number"
    ? ` (value ${formatNumber(primal)})`
    : "";
  return `a ${value.constructor.name}${shown}: return a plain number, not the dual number grad works with inside`;
}

/**
 * A shape as numpy writes it: `(2, 3)`, `(3,)` for a vector, `()` for a
 * single number — the one way learners read shapes, here and in the core's
 * errors.
 *
 * @param shape The shape.
 * @returns numpy's notation.
 *
 * @example
 * ```ts
 * import { formatShape } from "./vocabulary.ts";
 * console.log(formatShape([2, 3]), formatShape([3]), formatShape([])); // (2, 3) (3,) ()
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * A shape for a sentence: "a single number" for `()`, else "shape (2, 3)".
 *
 * @param shape The shape.
 * @returns The phrase.
 *
 * @example
 * ```ts
 * import { shapePhrase } from "./vocabulary.ts";
 * console.log(shapePhrase([]), shapePhrase([2, 3])); // a single number shape (2, 3)
 * ```
 */
export function shapePhrase(shape: readonly number[]): string {
  return shape.length === 0 ? "a single number" : `shape ${formatShape(shape)}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
