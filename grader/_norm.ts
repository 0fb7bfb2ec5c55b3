/**
 * Norm-wise closeness (a tolerance with `mode: "norm"`): the whole result at
 * once, `‖actual − expected‖₂ ≤ atol + rtol·‖expected‖₂`. Element-wise
 * closeness, the default, is `compare.ts`'s.
 *
 * @module
 */

import { isTensor } from "../mod.ts";
import type { Tolerance } from "../exercises/types.ts";
import { formatNumber } from "./compare.ts";

/**
 * The entries of a number, a (nested) array, a typed array or a Tensor,
 * flattened, with its shape; undefined for anything else.
 *
 * @example
 * ```ts
 * import { flatNumbers } from "./_norm.ts";
 * console.log(flatNumbers([[1, 2], [3, 4]])); // { shape: [2, 2], data: [1, 2, 3, 4] }
 * ```
 */
export function flatNumbers(
  value: unknown,
): { shape: number[]; data: number[] } | undefined {
  if (typeof value === "number") return { shape: [], data: [value] };
  if (isTensor(value)) {
    return { shape: [...value.shape], data: Array.from(value.data) };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const data = Array.from(value as unknown as ArrayLike<number>);
    return { shape: [data.length], data };
  }
  if (Array.isArray(value)) {
    const items = value.map(flatNumbers);
    if (items.some((i) => i === undefined)) return undefined;
    const first = items[0]?.shape ?? [];
    if (
      items.some((i) => i!.shape.join(",") !== first.join(","))
    ) return undefined;
    return {
      shape: [value.length, ...first],
      data: items.flatMap((i) => i!.data),
    };
  }
  return undefined;
}

/**
 * Compares norm-wise; undefined when the values are not both numeric with
 * one shape (the caller then compares element-wise, which names shapes).
 *
 * @example
 * ```ts
 * import { normClose } from "./_norm.ts";
 * import assert from "node:assert/strict";
 * const tol = { rtol: 1e-3, atol: 0, mode: "norm" as const };
 * assert.equal(normClose([100, 1e-9], [100, 2e-9], tol)?.ok, true);
 * assert.equal(normClose([100, 0], [101, 0], tol)?.ok, false);
 * ```
 */
export function normClose(
  expected: unknown,
  actual: unknown,
  tolerance: Tolerance,
  options: { hidden?: boolean } = {},
): { ok: boolean; message: string } | undefined {
  const e = flatNumbers(expected), a = flatNumbers(actual);
  if (e === undefined || a === undefined) return undefined;
  if (e.shape.join(",") !== a.shape.join(",")) return undefined;
  if (a.data.some(Number.isNaN) !== e.data.some(Number.isNaN)) {
    return undefined;
  }
  let diff = 0, size = 0;
  for (let i = 0; i < e.data.length; i++) {
    diff += (a.data[i] - e.data[i]) ** 2;
    size += e.data[i] ** 2;
  }
  const distance = Math.sqrt(diff), norm = Math.sqrt(size);
  const allowed = tolerance.atol + tolerance.rtol * norm;
  if (distance <= allowed) return { ok: true, message: "" };
  if (options.hidden) {
    return {
      ok: false,
      message:
        `Not close to the expected value norm-wise (rtol ${tolerance.rtol}, atol ${tolerance.atol})`,
    };
  }
  return {
    ok: false,
    message: `‖Got − expected‖ is ${formatNumber(distance)}, more than ${
      formatNumber(allowed)
    } (norm-wise: atol ${tolerance.atol} + rtol ${tolerance.rtol} · ‖expected‖ ${
      formatNumber(norm)
    })`,
  };
}
