/**
 * Builders for the check kinds, and the defaults a check takes for what it
 * leaves out. See {@linkcode Check} for the kinds.
 *
 * @module
 */

import type {
  ByHandCheck,
  CallCheck,
  Check,
  PropertyCheck,
  Tolerance,
  ValueCheck,
  Visibility,
} from "./types.ts";

/**
 * numpy's `isclose` defaults, used where a check gives no tolerance.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOLERANCE } from "./check.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(DEFAULT_TOLERANCE, { rtol: 1e-5, atol: 1e-8 });
 * ```
 */
export const DEFAULT_TOLERANCE: Readonly<Tolerance> = Object.freeze({
  rtol: 1e-5,
  atol: 1e-8,
});

/**
 * A check calling a function export at points; see {@linkcode CallCheck}.
 *
 * @example
 * ```ts
 * import { callCheck } from "./check.ts";
 * import { uniform } from "./domain.ts";
 * const visible = callCheck({ name: "fGrad at 3", points: 1, export: "fGrad", at: [[3]] });
 * const hidden = callCheck({
 *   name: "fGrad at hidden points", points: 1, export: "fGrad",
 *   random: { count: 5, args: [uniform(-20, 20)] },
 * });
 * ```
 */
export function callCheck(spec: Omit<CallCheck, "kind">): CallCheck {
  return { kind: "call", ...spec };
}

/**
 * A check reading a value export; see {@linkcode ValueCheck}.
 *
 * @example
 * ```ts
 * import { valueCheck } from "./check.ts";
 * const check = valueCheck({ name: "are the results the same?", points: 1, export: "sameResults" });
 * ```
 */
export function valueCheck(spec: Omit<ValueCheck, "kind">): ValueCheck {
  return { kind: "value", ...spec };
}

/**
 * A check comparing a derivative worked out by hand with `grad` of `of`; see
 * {@linkcode ByHandCheck}.
 *
 * @example
 * ```ts
 * import { byHandCheck } from "./check.ts";
 * import { uniform } from "./domain.ts";
 * import { np } from "../mod.ts";
 * const check = byHandCheck({
 *   name: "fPrime at random points", points: 2, export: "fPrime",
 *   of: (x: number) => np.power(np.subtract(x, 10), 2),
 *   random: { count: 5, args: [uniform(-20, 20)] },
 * });
 * ```
 */
export function byHandCheck(spec: Omit<ByHandCheck, "kind">): ByHandCheck {
  return { kind: "byHand", ...spec };
}

/**
 * A check of a property of the learner's result; see
 * {@linkcode PropertyCheck}.
 *
 * @example
 * ```ts
 * import { propertyCheck } from "./check.ts";
 * import { uniform } from "./domain.ts";
 * const check = propertyCheck({
 *   name: "the root is a root", points: 2, export: "newtonRoot",
 *   random: { count: 3, args: [uniform(1, 4)] },
 *   holds: (x: number) => Math.abs(x * x - 2) < 1e-9,
 *   message: "x² − 2 at the returned point is not within 1e-9 of 0",
 * });
 * ```
 */
export function propertyCheck(
  spec: Omit<PropertyCheck, "kind">,
): PropertyCheck {
  return { kind: "property", ...spec };
}

/**
 * The tolerance a check grades with: its own fields, numpy's defaults for
 * the rest.
 *
 * @example
 * ```ts
 * import { checkTolerance } from "./check.ts";
 * import assert from "node:assert/strict";
 * const t = checkTolerance({ kind: "value", name: "x", points: 1, export: "x", tolerance: { atol: 0 } });
 * assert.deepEqual(t, { rtol: 1e-5, atol: 0 });
 * ```
 */
export function checkTolerance(check: Check): Tolerance {
  const tolerance: Tolerance = {
    rtol: check.tolerance?.rtol ?? DEFAULT_TOLERANCE.rtol,
    atol: check.tolerance?.atol ?? DEFAULT_TOLERANCE.atol,
  };
  if (check.tolerance?.mode === "norm") tolerance.mode = "norm";
  return tolerance;
}

/**
 * A check's visibility: its own, else "hidden" when it draws random points
 * and "visible" otherwise.
 *
 * @example
 * ```ts
 * import { checkVisibility } from "./check.ts";
 * import assert from "node:assert/strict";
 * assert.equal(checkVisibility({ kind: "call", name: "f", points: 1, export: "f", at: [[3]] }), "visible");
 * ```
 */
export function checkVisibility(check: Check): Visibility {
  if (check.visibility !== undefined) return check.visibility;
  return check.kind !== "value" && check.random !== undefined
    ? "hidden"
    : "visible";
}
