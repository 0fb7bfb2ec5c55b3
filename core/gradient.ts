/**
 * `grad` and `valueAndGrad`: the mode comes from the number of input
 * elements (see `config.ts`); forward mode keeps fast paths for a number and
 * for a short list of numbers, each evaluating f once.
 *
 * @module
 */
import {
  type AnyFn,
  assemble,
  checkFunction,
  inChunks,
  scalarOutput,
  selectArgs,
} from "./_apiutils.ts";
import { derivativeAt } from "./_call_sites.ts";
import { chooseMode, CHUNK_THRESHOLD, type GradOptions } from "./config.ts";
import { Dual, type Value } from "./dual.ts";
import { reverseGradient } from "./reverse.ts";
import { isScalarDual, ScalarDual } from "./scalar_dual.ts";
import { enterTag, leaveTag, newTag, split } from "./tags.ts";

/** Value and gradient: the engine under grad and valueAndGrad. */
export function gradient(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  options: GradOptions,
  fn: string,
): [Value, unknown] {
  const fast = options.chunkSize === undefined && options.mode !== "reverse";
  if (fast && typeof argnum === "number" && typeof args[argnum] === "number") {
    return scalarGradient(f, args, argnum, fn);
  }
  if (
    fast && typeof argnum === "number" && isSmallNumberList(args[argnum])
  ) {
    return listGradient(f, args, argnum, fn);
  }
  const flat = selectArgs(args, argnum, fn);
  if (chooseMode(flat.size, options, fn) === "reverse") {
    return reverseGradient(f, args, argnum, flat, fn);
  }
  const partials = new Array<Value>(flat.size);
  let value: Value = 0;
  inChunks(f, args, argnum, flat, options, fn, (out, tag, start, width) => {
    const [v, d] = split(scalarOutput(out, fn), tag, width);
    value = v;
    for (let i = 0; i < width; i++) partials[start + i] = d[i];
  });
  const grads = flat.leaves.map((l) =>
    assemble(l, partials.slice(l.offset, l.offset + l.size))
  );
  return [value, flat.rebuild(grads)];
}

/** The common case, a number in and a number out, without tree handling. */
export function scalarGradient(
  f: AnyFn,
  args: unknown[],
  argnum: number,
  fn: string,
): [Value, Value] {
  const tag = newTag();
  const x = new ScalarDual(tag, args[argnum] as number, 1);
  let out: unknown;
  enterTag(tag);
  try {
    if (args.length === 1) out = f(x);
    else {
      const a = args.slice();
      a[argnum] = x;
      out = f(...a);
    }
    if (isScalarDual(out) && out.tag === tag) return [out.v, out.t];
    if (out instanceof Dual && out.tag === tag && typeof out.v === "number") {
      const d = out.d[0];
      if (typeof d === "number") return [out.v, d];
    }
    if (out instanceof Promise) {
      throw new TypeError(
        `${fn}: the function returned a Promise; it must be synchronous`,
      );
    }
    const [v, d] = split(scalarOutput(out, fn), tag, 1);
    return [v, d[0]];
  } finally {
    leaveTag(tag);
  }
}

export function isSmallNumberList(x: unknown): x is number[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > CHUNK_THRESHOLD) {
    return false;
  }
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== "number") return false;
  return true;
}

// The seeds' partials, one-hot rows of the identity for each list length,
// made once and shared by every call: no op writes into a partials array
// (each makes its own), so a seed's row stays as it is.
const identities: number[][][] = [];

/** The rows of the n×n identity, as arrays shared by every call. */
function oneHots(n: number): number[][] {
  let rows = identities[n];
  if (rows === undefined) {
    rows = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(n);
      for (let j = 0; j < n; j++) row[j] = i === j ? 1 : 0;
      rows.push(row);
    }
    identities[n] = rows;
  }
  return rows;
}

/** A short flat list of numbers (`[x, y, z]`): one pass, no tree handling. */
export function listGradient(
  f: AnyFn,
  args: unknown[],
  argnum: number,
  fn: string,
): [Value, Value[]] {
  const xs = args[argnum] as number[];
  const n = xs.length;
  const tag = newTag();
  const hots = oneHots(n);
  const seeded = new Array<Dual>(n);
  for (let i = 0; i < n; i++) seeded[i] = new Dual(tag, xs[i], hots[i]);
  enterTag(tag);
  try {
    let out: unknown;
    if (args.length === 1) out = f(seeded);
    else {
      const a = args.slice();
      a[argnum] = seeded;
      out = f(...a);
    }
    if (out instanceof Dual && out.tag === tag && typeof out.v === "number") {
      const d = out.d;
      let plain = true;
      for (let i = 0; i < n; i++) if (typeof d[i] !== "number") plain = false;
      // The partials array is the last op's fresh result, handed over as
      // it is, unless f returned a seed's shared one-hot partials.
      if (plain) return [out.v, hots.includes(d as number[]) ? d.slice() : d];
    }
    if (out instanceof Promise) {
      throw new TypeError(
        `${fn}: the function returned a Promise; it must be synchronous`,
      );
    }
    const [v, d] = split(scalarOutput(out, fn), tag, n);
    return [v, d.slice()];
  } finally {
    leaveTag(tag);
  }
}

/**
 * The gradient of a scalar function with respect to argument `argnum` (or a
 * tuple of gradients for a list of argnums). The argument may be a number, a
 * Tensor, or arrays and plain objects of these; the gradient has its shape.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.ts";
 * const f = ([x, y]: number[]) => np.add(np.power(x, 2), np.multiply(3, y));
 * console.log(grad(f)([3, 2])); // [ 6, 3 ]
 * console.log(grad((x: number) => np.power(np.subtract(x, 10), 2))(3)); // -14
 * ```
 */
export function grad<A extends unknown[]>(
  f: (...args: A) => unknown,
  argnum: number | readonly number[] = 0,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => any {
  checkFunction(f, "grad");
  const fast = argnum === 0 && options.chunkSize === undefined &&
    options.mode !== "reverse";
  // f(x) of one number, the learner's common case, through a call site of
  // its own (`_call_sites.ts`). A function reading `arguments` rather than
  // a rest parameter, which would allocate an array on every call.
  const atNumber = fast ? derivativeAt(f, tangentOf, "grad") : undefined;
  return function () {
    const x = arguments[0];
    if (atNumber !== undefined && arguments.length === 1) {
      if (typeof x === "number") return atNumber(x);
      if (isSmallNumberList(x)) return listGradient(f, [x], 0, "grad")[1];
    }
    const args = new Array<unknown>(arguments.length);
    for (let i = 0; i < args.length; i++) args[i] = arguments[i];
    return gradient(f, args, argnum, options, "grad")[1];
  } as (...args: A) => unknown;
}

/** The tangent of f's output at `tag`, when it is not a compact dual of it. */
function tangentOf(out: unknown, tag: number, fn: string): Value {
  if (out instanceof Dual && out.tag === tag && typeof out.v === "number") {
    const d = out.d[0];
    if (typeof d === "number") return d;
  }
  if (out instanceof Promise) {
    throw new TypeError(
      `${fn}: the function returned a Promise; it must be synchronous`,
    );
  }
  return split(scalarOutput(out, fn), tag, 1)[1][0];
}

/**
 * The value and the gradient together, from the same evaluations.
 *
 * @example
 * ```ts
 * import { np, valueAndGrad } from "../mod.ts";
 * const [v, g] = valueAndGrad((x: number) => np.multiply(x, np.exp(x)))(0);
 * console.log(v, g); // 0 1
 * ```
 */
export function valueAndGrad<A extends unknown[]>(
  f: (...args: A) => unknown,
  argnum: number | readonly number[] = 0,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => [any, any] {
  checkFunction(f, "valueAndGrad");
  return (...args: A) => gradient(f, args, argnum, options, "valueAndGrad");
}
