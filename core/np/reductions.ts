/**
 * np's reductions: sum, mean, var, std, max, min, prod, logsumexp, softmax.
 *
 * @module
 */
import { f64 } from "../_alloc.ts";
import { type Operand, toValue } from "../_convert.ts";
import { normAxes, normAxis, sumAxes } from "../_plain.ts";
import { Box } from "../box.ts";
import { Dual, type Value } from "../dual.ts";
import { HyperDual } from "../hyperdual.ts";
import { linear, type Plain, primal, shapeOf } from "../ops.ts";
import { linearRules } from "../linear_rules.ts";
import {
  broadcastIndex,
  filled,
  sizeOf,
  Tensor,
  zipTensor,
} from "../tensor.ts";
import { ones, type PlainArray } from "./creation.ts";
import {
  add,
  divide,
  exp,
  log,
  multiply,
  sqrt,
  square,
  subtract,
} from "./elementwise.ts";
import { index, reshape, transpose } from "./shape.ts";
import { isNumber, squeezeAxes } from "./_util.ts";

/**
 * Options of the reductions: the axis or axes to reduce (all when absent)
 * and whether to keep them with length 1.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const o: np.ReduceOptions = { axis: 0, keepdims: true };
 * console.log(np.sum([[1, 2], [3, 4]], o).toString()); // array([[4., 6.]])
 * ```
 */
export interface ReduceOptions {
  /** The axis or axes to reduce; all when absent or null. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes with length 1. */
  keepdims?: boolean;
  /** For var and std: divide by n − ddof. */
  ddof?: number;
}

/**
 * The axis argument of a reduction: an axis, a list of axes, null (all), or
 * {@linkcode ReduceOptions}.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const a: np.AxisArg = { axis: [0, 1], keepdims: true };
 * console.log(np.sum(np.ones([2, 2]), a).toString()); // array([[4.]])
 * ```
 */
export type AxisArg = number | readonly number[] | null | ReduceOptions;

// [0, 1, …, n − 1] for each rank, shared (and frozen): every axis, the
// common np.sum(x) and np.mean(x).
const ALL_AXES: (readonly number[])[] = [];

function allAxes(n: number): readonly number[] {
  let axes = ALL_AXES[n];
  if (axes === undefined) {
    axes = Object.freeze(Array.from({ length: n }, (_, i) => i));
    ALL_AXES[n] = axes;
  }
  return axes;
}

function reduceOpts(x: Value, arg: AxisArg | undefined, fn: string) {
  if (arg === null || arg === undefined) {
    const from = shapeOf(x);
    return {
      from,
      axes: allAxes(from.length),
      keepdims: false,
      count: sizeOf(from),
      ddof: 0,
      fromNumber: isNumber(x),
    };
  }
  const o: ReduceOptions = typeof arg === "number" || Array.isArray(arg)
    ? { axis: arg as number | number[] }
    : arg as ReduceOptions;
  const from = shapeOf(x);
  const axes = normAxes(o.axis, from.length, fn);
  const count = axes.reduce((n, a) => n * from[a], 1);
  return {
    from,
    axes,
    keepdims: o.keepdims ?? false,
    count,
    ddof: o.ddof ?? 0,
    fromNumber: isNumber(x),
  };
}

/** The sum over an axis, axes, or everything (a number). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log(np.sum([[1, 2], [3, 4]])); // 10
 * console.log((np.sum([[1, 2], [3, 4]], 1) as Tensor).toArray()); // [ 3, 7 ]
 * ``` */
export function sum(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function sum(x: Operand, axis?: AxisArg): Value;
export function sum(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.sum");
  const o = reduceOpts(v, axis, "np.sum");
  return linear(linearRules.sum, v, { ...o, count: 1 });
}
/** The mean over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.mean([1, 2, 3, 4])); // 2.5
 * ``` */
export function mean(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function mean(x: Operand, axis?: AxisArg): Value;
export function mean(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.mean");
  const o = reduceOpts(v, axis, "np.mean");
  return linear(linearRules.sum, v, o);
}
/** The variance (divide by n − ddof). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.var([1, 2, 3, 4])); // 1.25
 * ``` */
export function var_(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function var_(x: Operand, axis?: AxisArg): Value;
export function var_(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.var");
  const o = reduceOpts(v, axis, "np.var");
  const m = mean(v, { axis: o.axes, keepdims: true });
  const s = sum(square(subtract(v, m)), { axis: o.axes, keepdims: o.keepdims });
  return divide(s, o.count - o.ddof);
}
export { var_ as var };
/** The standard deviation. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.std([1, 3])); // 1
 * ``` */
export function std(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function std(x: Operand, axis?: AxisArg): Value;
export function std(x: Operand, axis?: AxisArg): Value {
  return sqrt(var_(x, axis));
}

function extreme(
  x: Operand,
  axis: AxisArg | undefined,
  fn: string,
  pick: (a: number, b: number) => boolean,
): Value {
  const v = toValue(x, fn);
  const o = reduceOpts(v, axis, fn);
  const p = primal(v);
  const t = typeof p === "number" ? new Tensor([], Float64Array.of(p)) : p;
  if (t.size === 0) {
    throw new RangeError(
      `${fn}: zero-size array has no ${
        fn === "np.max" ? "maximum" : "minimum"
      }`,
    );
  }
  // The extreme value of the primal, kept with length-1 axes.
  const keepShape = t.shape.map((s, a) => (o.axes.includes(a) ? 1 : s));
  const best = filled(keepShape, NaN);
  const bi = broadcastIndex(keepShape, t.shape);
  const seen = new Uint8Array(best.size);
  for (let i = 0; i < t.size; i++) {
    const j = bi[i], val = t.data[i];
    if (!seen[j] || val !== val || pick(val, best.data[j])) {
      if (best.data[j] !== best.data[j] && seen[j]) continue;
      best.data[j] = val;
      seen[j] = 1;
    }
  }
  // Ties share the derivative evenly, as autograd does.
  const mask = f64(t.size);
  const counts = f64(best.size);
  for (let i = 0; i < t.size; i++) {
    const b = best.data[bi[i]], val = t.data[i];
    if (val === b || (val !== val && b !== b)) {
      mask[i] = 1;
      counts[bi[i]]++;
    }
  }
  for (let i = 0; i < t.size; i++) if (mask[i]) mask[i] /= counts[bi[i]];
  const w = new Tensor(t.shape, mask);
  const exact = o.keepdims ? best : (sumAxes(best, o.axes, false) as Plain);
  if (typeof v === "number" || v instanceof Tensor) return exact;
  const weighted = sum(multiply(v, w), { axis: o.axes, keepdims: o.keepdims });
  return replacePrimal(weighted, exact);
}

// The weighted sum's value may differ from the maximum by rounding; the
// primal is replaced by the exact one, the partials kept.
function replacePrimal(x: Value, exact: Plain): Value {
  if (x instanceof Dual) return new Dual(x.tag, replacePrimal(x.v, exact), x.d);
  if (x instanceof Box) {
    return new Box(x.tag, replacePrimal(x.v, exact), x.node, x.tape);
  }
  if (x instanceof HyperDual) return new HyperDual(exact, x.b, x.c, x.d, x.tag);
  return exact;
}

/** The maximum over an axis, axes, or everything; ties share the derivative. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.max([1, 5, 3])); // 5
 * ``` */
export function max(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function max(x: Operand, axis?: AxisArg): Value;
export function max(x: Operand, axis?: AxisArg): Value {
  return extreme(x, axis, "np.max", (a, b) => a > b);
}
/** The minimum over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.min([1, 5, 3])); // 1
 * ``` */
export function min(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function min(x: Operand, axis?: AxisArg): Value;
export function min(x: Operand, axis?: AxisArg): Value {
  return extreme(x, axis, "np.min", (a, b) => a < b);
}
/** The product over an axis, axes, or everything. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.prod([1, 2, 3, 4])); // 24
 * ``` */
export function prod(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function prod(x: Operand, axis?: AxisArg): Value;
export function prod(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.prod");
  const o = reduceOpts(v, axis, "np.prod");
  // Move the reduced axes last, flatten them, and multiply slice by slice.
  const nd = shapeOf(v).length;
  const rest = Array.from({ length: nd }, (_, a) => a).filter((a) =>
    !o.axes.includes(a)
  );
  const moved = transpose(v, [...rest, ...o.axes]);
  const keptShape = rest.map((a) => shapeOf(v)[a]);
  const flat = reshape(moved, [...keptShape, o.count]);
  let acc: Value = keptShape.length === 0 ? 1 : ones(keptShape);
  for (let i = 0; i < o.count; i++) {
    const slice = index(flat, ...keptShape.map(() => null), i);
    acc = multiply(acc, slice);
  }
  if (o.keepdims) {
    const shape = shapeOf(v).map((s, a) => (o.axes.includes(a) ? 1 : s));
    return reshape(acc, shape);
  }
  return acc;
}

/** log Σ exp(x), computed stably. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.logsumexp([1000, 1000])); // 1000.6931471805599
 * ``` */
export function logsumexp(x: PlainArray, axis?: null): number;
/** On anything: a number, Tensor or dual. */
export function logsumexp(x: Operand, axis?: AxisArg): Value;
export function logsumexp(x: Operand, axis?: AxisArg): Value {
  const v = toValue(x, "np.logsumexp");
  const o = reduceOpts(v, axis, "np.logsumexp");
  const m = primal(max(primal(v), { axis: o.axes, keepdims: true }));
  const finite = typeof m === "number"
    ? (Number.isFinite(m) ? m : 0)
    : zipTensor(m, 0, (a) => (Number.isFinite(a) ? a : 0));
  const s = sum(exp(subtract(v, finite)), { axis: o.axes, keepdims: true });
  const out = add(log(s), finite);
  return o.keepdims ? out : squeezeAxes(out, o.axes);
}

/** exp(x) / Σ exp(x) along an axis (the last by default). @example ```ts
 * import { np, type Tensor } from "../../mod.ts";
 * console.log((np.softmax([0, 0]) as Tensor).toArray()); // [ 0.5, 0.5 ]
 * ``` */
export function softmax(x: PlainArray, axis?: number): Tensor;
/** On anything: a Tensor or a dual tensor. */
export function softmax(x: Operand, axis?: number): Value;
export function softmax(x: Operand, axis: number = -1): Value {
  const v = toValue(x, "np.softmax");
  const ax = normAxis(axis, shapeOf(v).length, "np.softmax");
  const m = primal(max(primal(v), { axis: ax, keepdims: true }));
  const ex = exp(subtract(v, m));
  return divide(ex, sum(ex, { axis: ax, keepdims: true }));
}
