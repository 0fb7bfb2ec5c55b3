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
import {
  describeValue,
  formatNumber,
  formatShape,
  isTensorLike,
  type Nd,
  Opaque,
  shapePhrase,
  toNd,
} from "./vocabulary.ts";

export type { Tolerance };
// The learner-facing vocabulary lives in vocabulary.ts; these stay importable from here.
export { describeValue, formatNumber, Opaque };

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

interface Mismatch {
  text: string;
  where: string;
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
    return {
      text: `expected shape ${shapeText}, got ${shapePhrase(got.shape)}`,
      where,
    };
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

function formatShort(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const short = Number(x.toPrecision(3));
  return Math.abs(short) < 1e-3 ? short.toExponential() : String(short);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
