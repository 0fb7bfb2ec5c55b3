/**
 * Tolerant comparison of a learner's value with the reference value.
 *
 * Closeness is numpy's `isclose` with the reference as `b`:
 * `|actual − expected| ≤ atol + rtol·|expected|`, element by element. NaN
 * matches only NaN and ±Infinity only itself. Numbers, nested arrays, typed
 * arrays and Tensors are compared by shape and values, whatever their
 * container; booleans and strings compare exactly. A value of the wrong kind
 * (a Dual, a Promise, a string, a function …) gets a message saying what came
 * back.
 *
 * @module
 */

import type { Tolerance } from "../exercises/types.ts";

export type { Tolerance };

/**
 * The outcome of comparing one value with its reference.
 *
 * @example
 * ```ts
 * import type { Comparison } from "./compare.ts";
 * const c: Comparison = { ok: false, message: "Expected 6, got 5" };
 * ```
 */
export interface Comparison {
  /** Whether the value is close enough to the reference. */
  ok: boolean;
  /** Empty when `ok`; otherwise what was expected, what came back, and where. */
  message: string;
  /** Where the first mismatch is, e.g. `[1][0, 2]`; absent when not inside a structure. */
  where?: string;
}

/**
 * Options of {@linkcode compareValues}.
 *
 * @example
 * ```ts
 * import type { CompareOptions } from "./compare.ts";
 * const options: CompareOptions = { hidden: true };
 * ```
 */
export interface CompareOptions {
  /** A hidden check: messages never reveal the expected value. */
  hidden?: boolean;
}

/**
 * A value received from the sandbox that has no faithful copy in the grader's
 * process (a Dual, a Promise, a function, a class instance …). It only
 * carries a description for messages.
 *
 * @example
 * ```ts
 * import { Opaque } from "./compare.ts";
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
   * import { Opaque } from "./compare.ts";
   * console.log(new Opaque("function", "a function fGrad").kind); // "function"
   * ```
   */
  constructor(kind: string, description: string) {
    this.kind = kind;
    this.description = description;
  }
}

/**
 * numpy's `isclose(actual, expected)` for two numbers, with the reference as
 * `b`: `|actual − expected| ≤ atol + rtol·|expected|`. NaN is close only to
 * NaN, and an infinity only to the same infinity.
 *
 * @param actual The learner's number.
 * @param expected The reference number.
 * @param tolerance `rtol` and `atol`.
 * @returns Whether they are close.
 *
 * @example
 * ```ts
 * import { isClose } from "./compare.ts";
 * import assert from "node:assert/strict";
 * assert.equal(isClose(1.000001, 1, { rtol: 1e-5, atol: 1e-8 }), true);
 * assert.equal(isClose(NaN, NaN, { rtol: 1e-5, atol: 1e-8 }), true);
 * assert.equal(isClose(Infinity, 1e308, { rtol: 1e-5, atol: 1e-8 }), false);
 * ```
 */
export function isClose(
  actual: number,
  expected: number,
  tolerance: Tolerance,
): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) {
    return Number.isNaN(expected) && Number.isNaN(actual);
  }
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) {
    return actual === expected;
  }
  return Math.abs(actual - expected) <=
    tolerance.atol + tolerance.rtol * Math.abs(expected);
}

/**
 * Compares a learner's value with the reference value.
 *
 * @param expected The reference value (plain data: numbers, booleans, strings,
 *   nested arrays, typed arrays, Tensors, and arrays or plain objects of these).
 * @param actual What the learner's code gave (as decoded from the sandbox).
 * @param tolerance Closeness for numbers.
 * @param options `hidden: true` keeps the expected value out of messages.
 * @returns Whether it passed, and if not, a message a learner can act on.
 *
 * @example
 * ```ts
 * import { compareValues } from "./compare.ts";
 * import assert from "node:assert/strict";
 * const tol = { rtol: 1e-5, atol: 1e-8 };
 * assert.equal(compareValues([1, 2], [1, 2.000001], tol).ok, true);
 * const c = compareValues([[1, 2], [3, 4]], [[1, 2], [3, 5]], tol);
 * assert.equal(c.where, "[1, 1]");
 * assert.match(c.message, /expected 4, got 5/);
 * ```
 */
export function compareValues(
  expected: unknown,
  actual: unknown,
  tolerance: Tolerance,
  options: CompareOptions = {},
): Comparison {
  const mismatch = compareAt(
    expected,
    actual,
    tolerance,
    options.hidden ?? false,
    "",
  );
  if (mismatch === undefined) return { ok: true, message: "" };
  const message = mismatch.where
    ? `At ${mismatch.where}: ${mismatch.text}`
    : capitalize(mismatch.text);
  return mismatch.where
    ? { ok: false, message, where: mismatch.where }
    : { ok: false, message };
}

/**
 * Describes a value for a learner: its kind, and its content when short.
 *
 * @param value Any value, or an {@linkcode Opaque} marker.
 * @returns A phrase such as `the string "abc"`, `a Promise`, `an array of shape [2, 3]`.
 *
 * @example
 * ```ts
 * import { describeValue } from "./compare.ts";
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
 * import { formatNumber } from "./compare.ts";
 * console.log(formatNumber(0.1 + 0.2)); // 0.30000000000000004
 * ```
 */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

interface Mismatch {
  text: string;
  where: string;
}

/** A numeric array of any container: shape and elements in C order. */
interface Nd {
  shape: number[];
  data: ArrayLike<number>;
}

function compareAt(
  expected: unknown,
  actual: unknown,
  tol: Tolerance,
  hidden: boolean,
  where: string,
): Mismatch | undefined {
  if (typeof expected === "number") {
    let got = actual;
    if (isTensorLike(got) && got.shape.length === 0) got = got.data[0];
    if (typeof got !== "number") {
      return { text: `expected a number, got ${describeValue(actual)}`, where };
    }
    if (isClose(got, expected, tol)) return undefined;
    return { text: numberMismatch(expected, got, tol, hidden), where };
  }
  if (typeof expected === "boolean" || typeof expected === "string") {
    if (actual === expected) return undefined;
    const kind = typeof expected === "boolean" ? "a boolean" : "a string";
    if (typeof actual !== typeof expected) {
      return { text: `expected ${kind}, got ${describeValue(actual)}`, where };
    }
    return {
      text: hidden
        ? `got ${describeValue(actual)}, which is not the expected answer`
        : `expected ${describeValue(expected)}, got ${describeValue(actual)}`,
      where,
    };
  }
  if (expected === null || expected === undefined) {
    if (actual === expected) return undefined;
    return {
      text: `expected ${String(expected)}, got ${describeValue(actual)}`,
      where,
    };
  }
  const expectedNd = toNd(expected);
  if (expectedNd !== undefined && !("ragged" in expectedNd)) {
    return compareNd(expectedNd, actual, tol, hidden, where);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return {
        text: `expected an array of length ${expected.length}, got ${
          describeValue(actual)
        }`,
        where,
      };
    }
    if (actual.length !== expected.length) {
      return {
        text:
          `expected an array of length ${expected.length}, got one of length ${actual.length}`,
        where,
      };
    }
    for (let i = 0; i < expected.length; i++) {
      const m = compareAt(
        expected[i],
        actual[i],
        tol,
        hidden,
        `${where}[${i}]`,
      );
      if (m !== undefined) return m;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      return {
        text: `expected an object, got ${describeValue(actual)}`,
        where,
      };
    }
    for (const key of Object.keys(expected)) {
      if (!Object.hasOwn(actual, key)) {
        return { text: `missing the key ${JSON.stringify(key)}`, where };
      }
      const m = compareAt(
        expected[key],
        actual[key],
        tol,
        hidden,
        `${where}.${key}`,
      );
      if (m !== undefined) return m;
    }
    const extra = Object.keys(actual).filter((k) =>
      !Object.hasOwn(expected, k)
    );
    if (extra.length > 0) {
      return { text: `unexpected keys ${extra.join(", ")}`, where };
    }
    return undefined;
  }
  if (Object.is(expected, actual)) return undefined;
  return {
    text: `expected ${describeValue(expected)}, got ${describeValue(actual)}`,
    where,
  };
}

function compareNd(
  expected: Nd,
  actual: unknown,
  tol: Tolerance,
  hidden: boolean,
  where: string,
): Mismatch | undefined {
  const got = typeof actual === "number"
    ? { shape: [], data: [actual] }
    : toNd(actual);
  const shapeText = formatShape(expected.shape);
  if (got === undefined) {
    return {
      text: `expected an array of shape ${shapeText}, got ${
        describeValue(actual)
      }`,
      where,
    };
  }
  if ("ragged" in got) {
    return {
      text:
        `expected an array of shape ${shapeText}, got a ragged array (${got.ragged})`,
      where,
    };
  }
  if (!sameShape(expected.shape, got.shape)) {
    const gotText = got.shape.length === 0
      ? "a single number"
      : `shape ${formatShape(got.shape)}`;
    return { text: `expected shape ${shapeText}, got ${gotText}`, where };
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < expected.data.length; i++) {
    if (!isClose(got.data[i], expected.data[i], tol)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return undefined;
  const index = expected.shape.length === 0
    ? ""
    : `[${unravel(first, expected.shape).join(", ")}]`;
  const of = expected.data.length > 1
    ? ` (${count} of ${expected.data.length} elements differ)`
    : "";
  return {
    text: numberMismatch(expected.data[first], got.data[first], tol, hidden) +
      of,
    where: where + index,
  };
}

function numberMismatch(
  expected: number,
  got: number,
  tol: Tolerance,
  hidden: boolean,
): string {
  const tolText = `rtol ${formatShort(tol.rtol)}, atol ${
    formatShort(tol.atol)
  }`;
  if (hidden) {
    return `got ${
      formatNumber(got)
    }, which is not close to the expected value (${tolText})`;
  }
  if (
    Number.isNaN(got) || Number.isNaN(expected) || !Number.isFinite(got) ||
    !Number.isFinite(expected)
  ) {
    return `expected ${formatNumber(expected)}, got ${formatNumber(got)}`;
  }
  const allowed = tol.atol + tol.rtol * Math.abs(expected);
  return `expected ${formatNumber(expected)}, got ${
    formatNumber(got)
  }: the difference ${
    formatShort(Math.abs(got - expected))
  } exceeds the tolerance ${formatShort(allowed)} (${tolText})`;
}

/** The shape and C-order elements of a numeric value, or why it is ragged. */
function toNd(value: unknown): Nd | { ragged: string } | undefined {
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

function isTensorLike(
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function formatShort(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const short = Number(x.toPrecision(3));
  return Math.abs(short) < 1e-3 ? short.toExponential() : String(short);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
