/**
 * np's shape ops: transpose, reshape, ravel, flatten, expand_dims,
 * squeeze, concatenate, stack, where, clip, index.
 *
 * @module
 */
import { type Operand, toValue } from "../_convert.ts";
import { type IndexSpec, normAxes, normAxis, resolveShape } from "../_plain.ts";
import type { Value } from "../dual.ts";
import { linear, linearN, primal, shapeOf } from "../ops.ts";
import { linearNRules, linearRules } from "../linear_rules.ts";
import {
  broadcastShapes,
  broadcastTo,
  formatShape,
  type Tensor,
  zipTensor,
} from "../tensor.ts";
import type { PlainArray } from "./creation.ts";
import { isNumber, reshapeTo, squeezeAxes } from "./_util.ts";

/** Permutes axes (reverses them by default). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.transpose(np.zeros([2, 3])) as Tensor).shape); // [ 3, 2 ]
 * ``` */
export function transpose(x: PlainArray, axes?: readonly number[]): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function transpose(x: Operand, axes?: readonly number[]): Value;
export function transpose(x: Operand, axes?: readonly number[]): Value {
  const v = toValue(x, "np.transpose");
  const nd = shapeOf(v).length;
  const perm = axes
    ? axes.map((a) => normAxis(a, nd, "np.transpose"))
    : Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new RangeError(
      `np.transpose: axes ${
        JSON.stringify(axes)
      } do not match an array of dimension ${nd}`,
    );
  }
  return linear(linearRules.transpose, v, { perm });
}
/** A new shape for the same elements; one length may be −1. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.reshape(np.arange(6), [2, -1]) as Tensor).shape); // [ 2, 3 ]
 * ``` */
export function reshape(
  x: PlainArray,
  shape: number | readonly number[],
): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function reshape(x: Operand, shape: number | readonly number[]): Value;
export function reshape(x: Operand, shape: number | readonly number[]): Value {
  const v = toValue(x, "np.reshape");
  const s = resolveShape(
    shapeOf(v),
    typeof shape === "number" ? [shape] : shape,
  );
  return reshapeTo(v, s, false);
}
/** The elements as a 1-d tensor. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.ravel([[1, 2], [3, 4]]).toString()); // array([1., 2., 3., 4.])
 * ``` */
export function ravel(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function ravel(x: Operand): Value;
export function ravel(x: Operand): Value {
  return reshape(x, [-1]);
}
/** The same as {@linkcode ravel}. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.flatten([[1], [2]]) as Tensor).shape); // [ 2 ]
 * ``` */
export function flatten(x: PlainArray): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function flatten(x: Operand): Value;
export function flatten(x: Operand): Value {
  return reshape(x, [-1]);
}
/** Inserts a length-1 axis at `axis`. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.expand_dims([1, 2], 0) as Tensor).shape); // [ 1, 2 ]
 * ``` */
export function expand_dims(x: PlainArray, axis: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function expand_dims(x: Operand, axis: number): Value;
export function expand_dims(x: Operand, axis: number): Value {
  const v = toValue(x, "np.expand_dims");
  const s = [...shapeOf(v)];
  const ax = normAxis(axis, s.length + 1, "np.expand_dims");
  s.splice(ax, 0, 1);
  return reshapeTo(v, s, false);
}
/** Removes length-1 axes (all, or the ones named). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.squeeze(np.zeros([1, 3, 1])) as Tensor).shape); // [ 3 ]
 * ``` */
export function squeeze(
  x: PlainArray,
  axis?: number | readonly number[],
): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function squeeze(x: Operand, axis?: number | readonly number[]): Value;
export function squeeze(x: Operand, axis?: number | readonly number[]): Value {
  const v = toValue(x, "np.squeeze");
  const s = shapeOf(v);
  const axes = axis === undefined
    ? s.flatMap((n, a) => (n === 1 ? [a] : []))
    : normAxes(axis, s.length, "np.squeeze");
  for (const a of axes) {
    if (s[a] !== 1) {
      throw new RangeError(
        `np.squeeze: cannot select axis ${a}: its length is ${s[a]}, not 1`,
      );
    }
  }
  return squeezeAxes(v, axes);
}
/** Joins tensors along an existing axis. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.concatenate([[1, 2], [3]]) as Tensor).toArray()); // [ 1, 2, 3 ]
 * ``` */
export function concatenate(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function concatenate(xs: readonly Operand[], axis?: number): Value;
export function concatenate(xs: readonly Operand[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError("np.concatenate: expected a non-empty list of arrays");
  }
  const vs = xs.map((x, i) => toValue(x, "np.concatenate", i + 1));
  return concat(vs, axis, "np.concatenate");
}
function concat(vs: Value[], axis: number, fn: string): Value {
  const shapes = vs.map(shapeOf);
  const nd = shapes[0].length;
  const ax = nd === 0 ? axis : normAxis(axis, nd, fn);
  return linearN(linearNRules.concatenate, vs, { axis: ax, shapes, fn });
}
/** Joins tensors along a new axis. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.stack([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ [ 1, 3 ], [ 2, 4 ] ]
 * ``` */
export function stack(xs: readonly PlainArray[], axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function stack(xs: readonly Operand[], axis?: number): Value;
export function stack(xs: readonly Operand[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError("np.stack: expected a non-empty list of arrays");
  }
  const vs = xs.map((x, i) => toValue(x, "np.stack", i + 1));
  const s0 = shapeOf(vs[0]);
  for (const [i, v] of vs.entries()) {
    if (shapeOf(v).join() !== s0.join()) {
      throw new RangeError(
        `np.stack: all input arrays must have the same shape: array 0 is ${
          formatShape(s0)
        }, array ${i} is ${formatShape(shapeOf(v))}`,
      );
    }
  }
  const ax = normAxis(axis, s0.length + 1, "np.stack");
  const expanded = vs.map((v) => expand_dims(v, ax));
  return concat(expanded, ax, "np.stack");
}
/** x where the condition holds, y elsewhere (the condition is read on values, not differentiated). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.where([1, 0], [1, 2], [3, 4]) as Tensor).toArray()); // [ 1, 4 ]
 * ``` */
export function where(
  condition: Operand | boolean[] | boolean[][],
  x: Operand,
  y: Operand,
): Value {
  const c = primal(toValue(toNumbers(condition), "np.where", 1));
  const vx = toValue(x, "np.where", 2), vy = toValue(y, "np.where", 3);
  const shape = broadcastShapes(
    broadcastShapes(shapeOf(c), shapeOf(vx)),
    shapeOf(vy),
  );
  const mask = broadcastTo(c, shape);
  return linearN(linearNRules.where, [vx, vy], {
    mask,
    shape,
    shapes: [shapeOf(vx), shapeOf(vy)],
    numbers: [isNumber(vx), isNumber(vy)],
  });
}
function toNumbers(c: unknown): unknown {
  if (typeof c === "boolean") return c ? 1 : 0;
  if (Array.isArray(c)) return c.map(toNumbers);
  return c;
}
/** Limits values to [lo, hi]; the derivative is 0 where a bound is reached. @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.clip([-1, 0.5, 2], 0, 1) as Tensor).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export function clip(x: PlainArray, lo: number, hi: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function clip(x: Operand, lo: number, hi: number): Value;
export function clip(x: Operand, lo: number, hi: number): Value {
  const v = toValue(x, "np.clip");
  const p = primal(v);
  const inside = typeof p === "number"
    ? (p > lo && p < hi ? 1 : 0)
    : zipTensor(p, 0, (a) => (a > lo && a < hi ? 1 : 0));
  const bounded = typeof p === "number"
    ? Math.min(Math.max(p, lo), hi)
    : zipTensor(p, 0, (a) => Math.min(Math.max(a, lo), hi));
  return where(inside, v, bounded);
}

/**
 * Reads `x[index…]` as numpy's basic indexing: a number picks (and drops
 * the axis), a slice string `"1:3"`, `"::-1"` or `null` (all) keeps it.
 *
 * @example
 * ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * const m = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(np.index(m, 1, 2)); // 6
 * console.log((np.index(m, null, "1:") as Tensor).toArray()); // [ [ 2, 3 ], [ 5, 6 ] ]
 * ```
 */
export function index(x: Operand, ...spec: IndexSpec[]): Value {
  const v = toValue(x, "np.index");
  return linear(linearRules.index, v, {
    from: shapeOf(v),
    spec,
    fromNumber: isNumber(v),
    fn: "np.index",
  });
}
