// Helpers the np modules share: whether a value is a plain number, and
// reshapes that keep a dual or box attached.
import type { Value } from "../dual.ts";
import { linear, primal, shapeOf } from "../ops.ts";
import { linearRules } from "../linear_rules.ts";

/** Whether a value's primal is a plain number (not a 0-d tensor). */
export function isNumber(x: Value): boolean {
  return typeof primal(x) === "number";
}

export function reshapeTo(
  v: Value,
  to: readonly number[],
  toNumber: boolean,
): Value {
  return linear(linearRules.reshape, v, {
    from: shapeOf(v),
    to,
    fromNumber: isNumber(v),
    toNumber,
  });
}

export function squeezeAxes(v: Value, axes: readonly number[]): Value {
  const s = shapeOf(v).filter((_, a) => !axes.includes(a));
  return reshapeTo(v, s, s.length === 0);
}
