/**
 * The differential operators, named as autograd names them: grad,
 * valueAndGrad, elementwiseGrad, deriv, jacobian, hessian, jvp and
 * hessianVectorProduct. Forward mode carries k partials at once in duals
 * (inputs are split into chunks of at most k elements); reverse mode records
 * a tape of boxes and runs it backwards once per output element. `grad`,
 * `valueAndGrad` and `jacobian` pick the mode from the sizes of the input
 * and the output; `hessian` uses hyper-duals for few inputs and
 * forward-over-reverse (a reverse gradient carrying duals) for many.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { arrayOf } from "./_convert.ts";
import { backward, Box, Tape } from "./box.ts";
import { activeTags, Dual, newTag, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import { binary, describe, primal, shapeOf, zerosLike } from "./ops.ts";
import { binaryRules } from "./rules.ts";
import { reshape, stack } from "./np.ts";
import { filled, formatShape, sizeOf, Tensor } from "./tensor.ts";
import { type Flat, flattenTree, type Leaf } from "./tree.ts";

/**
 * Options of the differential operators.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.ts";
 * const g = grad((x: number[]) => np.sum(np.square(x)), 0, { chunkSize: 2 });
 * console.log(g([1, 2, 3])); // [ 2, 4, 6 ]
 * ```
 */
export interface GradOptions {
  /**
   * The most partials carried in one evaluation. By default, ForwardDiff.jl's
   * rule: all of them up to 12, else the input split into equal chunks of at
   * most 12.
   */
  chunkSize?: number;
  /**
   * Forces forward mode (duals) or reverse mode (a tape). By default
   * `grad`, `valueAndGrad` and `jacobian` use forward mode up to
   * {@linkcode REVERSE_THRESHOLD} input elements (or when `chunkSize` is
   * given) and reverse mode above, where a jacobian's output must also be
   * smaller than its input. For `hessian`, `"forward"` means hyper-duals and
   * `"reverse"` forward-over-reverse.
   */
  mode?: "forward" | "reverse";
}

const CHUNK_THRESHOLD = 12;

/**
 * The number of input elements above which `grad` and `jacobian` switch to
 * reverse mode by default. Measured with `deno task bench:report`: at 16
 * inputs a reverse gradient of a tensor function already costs less than
 * the forward one with two chunks (see bench/RESULTS.md).
 *
 * @example
 * ```ts
 * import { REVERSE_THRESHOLD } from "../mod.ts";
 * console.log(REVERSE_THRESHOLD > 0); // true
 * ```
 */
export const REVERSE_THRESHOLD = 12;

/**
 * The number of input elements from which `hessian` uses forward-over-reverse
 * instead of one hyper-dual pass per pair of inputs.
 */
const HESSIAN_REVERSE_THRESHOLD = 4;

/** The mode for `n` input elements under `options`. */
function chooseMode(
  n: number,
  options: GradOptions,
  fn: string,
): "forward" | "reverse" {
  const m = options.mode;
  if (m !== undefined) {
    if (m !== "forward" && m !== "reverse") {
      throw new RangeError(
        `${fn}: mode must be "forward" or "reverse", got ${JSON.stringify(m)}`,
      );
    }
    return m;
  }
  if (options.chunkSize !== undefined) return "forward";
  return n > REVERSE_THRESHOLD ? "reverse" : "forward";
}

/**
 * The chunk size used for `n` input elements: `n` up to 12, else
 * `ceil(n / ceil(n / 12))`.
 *
 * @example
 * ```ts
 * import { chunkSize } from "../mod.ts";
 * console.log(chunkSize(6), chunkSize(13), chunkSize(100)); // 6 7 12
 * ```
 */
export function chunkSize(n: number, threshold = CHUNK_THRESHOLD): number {
  if (n <= threshold) return Math.max(n, 1);
  return Math.ceil(n / Math.ceil(n / threshold));
}

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;

function checkArgnum(argnum: number, args: unknown[], fn: string): void {
  if (!Number.isInteger(argnum) || argnum < 0 || argnum >= args.length) {
    throw new RangeError(
      `${fn}: argnum ${argnum} is out of range: the function was called with ${args.length} argument${
        args.length === 1 ? "" : "s"
      }`,
    );
  }
}

/** The selected arguments flattened as one tree. */
function selectArgs(
  args: unknown[],
  argnum: number | readonly number[],
  fn: string,
): Flat {
  if (typeof argnum === "number") {
    checkArgnum(argnum, args, fn);
    return flattenTree(args[argnum], `args[${argnum}]`, fn);
  }
  if (!Array.isArray(argnum) || argnum.length === 0) {
    throw new TypeError(
      `${fn}: argnum must be a number or a non-empty list of numbers`,
    );
  }
  for (const a of argnum) checkArgnum(a, args, fn);
  const flats = argnum.map((a) => flattenTree(args[a], `args[${a}]`, fn));
  const leaves: Leaf[] = [];
  let offset = 0;
  for (const f of flats) {
    for (const l of f.leaves) leaves.push({ ...l, offset: offset + l.offset });
    offset += f.size;
  }
  return {
    leaves,
    size: offset,
    rebuild(values) {
      let k = 0;
      return flats.map((f) => {
        const part = values.slice(k, k + f.leaves.length);
        k += f.leaves.length;
        return f.rebuild(part);
      });
    },
  };
}

/** The arguments with the selected ones replaced by `values` at their leaves. */
function substitute(
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  values: unknown[],
): unknown[] {
  const out = args.slice();
  const built = flat.rebuild(values);
  if (typeof argnum === "number") out[argnum] = built;
  else argnum.forEach((a, i) => (out[a] = (built as unknown[])[i]));
  return out;
}

function oneHot(shape: readonly number[], at: number): Tensor {
  const t = filled(shape, 0);
  t.data[at] = 1;
  return t;
}

/** Seeds one chunk of directions [start, start + k) over the leaves. */
function seedChunk(
  flat: Flat,
  tag: number,
  start: number,
  k: number,
): unknown[] {
  return flat.leaves.map((l) => {
    if (l.offset + l.size <= start || l.offset >= start + k) return l.value;
    const d = new Array<Value>(k);
    const zero = l.shape.length === 0 ? 0 : filled(l.shape, 0);
    for (let i = 0; i < k; i++) {
      const j = start + i - l.offset;
      d[i] = j < 0 || j >= l.size
        ? zero
        : l.shape.length === 0
        ? 1
        : oneHot(l.shape, j);
    }
    return new Dual(tag, l.value, d);
  });
}

/** Calls f, refusing asynchronous functions. */
function callSync(f: AnyFn, args: unknown[], fn: string): unknown {
  const out = f(...args);
  if (out instanceof Promise) {
    throw new TypeError(
      `${fn}: the function returned a Promise; it must be synchronous`,
    );
  }
  return out;
}

/** Runs `body` with `tag` active: its duals count as live until it returns. */
function withTag<T>(tag: number, body: () => T): T {
  activeTags.add(tag);
  try {
    return body();
  } finally {
    activeTags.delete(tag);
  }
}

/** Refuses duals that belong to no running derivative (a value escaped). */
function checkEscaped(x: unknown, fn: string): void {
  if (x instanceof Box) {
    if (!activeTags.has(x.tag)) {
      throw new Error(
        `${fn}: the function returned a Box of a gradient that is not running: a value escaped from another grad call (kept in a variable, or returned from a callback)`,
      );
    }
    checkEscaped(x.v, fn);
  } else if (x instanceof Dual) {
    if (!activeTags.has(x.tag)) {
      throw new Error(
        `${fn}: the function returned a Dual of a derivative that is not running: a value escaped from another grad call (kept in a variable, or returned from a callback)`,
      );
    }
    checkEscaped(x.v, fn);
    for (const t of x.d) checkEscaped(t, fn);
  } else if (x instanceof HyperDual && !activeTags.has(x.tag)) {
    throw new Error(
      `${fn}: the function returned a HyperDual of a hessian that is not running: a value escaped from another hessian call`,
    );
  }
}

/** Splits an output at `tag` into its primal and its k partials. */
function split(out: Value, tag: number, k: number): [Value, Value[]] {
  if (out instanceof Dual && out.tag === tag) return [out.v, out.d];
  if ((out instanceof Dual || out instanceof Box) && out.tag > tag) {
    throw new Error(
      "A Dual from an inner derivative escaped into an outer one: do not keep values from inside grad calls",
    );
  }
  const z = zerosLike(out);
  return [out, new Array<Value>(k).fill(z)];
}

/** Checks that an output is a number-like value and returns it. */
function asOutputValue(out: unknown, fn: string, what: string): Value {
  if (
    typeof out === "number" || out instanceof Tensor || out instanceof Dual ||
    out instanceof HyperDual || out instanceof Box
  ) {
    checkEscaped(out, fn);
    return out;
  }
  if (out instanceof Promise) {
    throw new TypeError(
      `${fn}: the function returned a Promise; it must be synchronous`,
    );
  }
  throw new TypeError(`${fn}: the function returned ${describe(out)}; ${what}`);
}

function scalarOutput(out: unknown, fn: string): Value {
  const v = asOutputValue(out, fn, "it must return a number");
  const s = shapeOf(v);
  if (s.length !== 0) {
    throw new TypeError(
      `${fn}: the function must return a scalar, but it returned an array of shape ${
        formatShape(s)
      }; use jacobian for a vector output, or elementwiseGrad for an elementwise function`,
    );
  }
  return v;
}

/** Assembles per-element partials into a leaf's shape. */
function assemble(leaf: Leaf, parts: Value[]): Value {
  if (leaf.shape.length === 0) {
    // a 0-d tensor gets a 0-d tensor back, a number a number
    return primal(leaf.value) instanceof Tensor
      ? reshape(parts[0], [])
      : parts[0];
  }
  if (parts.every((p) => typeof p === "number")) {
    const data = f64(parts.length);
    for (let i = 0; i < parts.length; i++) data[i] = parts[i] as number;
    return new Tensor(leaf.shape, data);
  }
  return reshape(arrayOf(parts), leaf.shape);
}

/**
 * Calls f once per chunk of at most `chunkSize` input directions, each with
 * a fresh tag that stays active while `take` reads the output. With no input
 * elements, f is called once with the arguments as they are.
 */
function inChunks(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  options: GradOptions,
  fn: string,
  take: (out: unknown, tag: number, start: number, width: number) => void,
): void {
  const n = flat.size;
  if (n === 0) {
    const tag = newTag();
    withTag(tag, () => take(callSync(f, args, fn), tag, 0, 0));
    return;
  }
  const k = options.chunkSize ?? chunkSize(n);
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(
      `${fn}: chunkSize must be a positive integer, got ${k}`,
    );
  }
  for (let start = 0; start < n; start += k) {
    const width = Math.min(k, n - start);
    const tag = newTag();
    const seeded = seedChunk(flat, tag, start, width);
    withTag(tag, () => {
      const out = callSync(f, substitute(args, argnum, flat, seeded), fn);
      take(out, tag, start, width);
    });
  }
}

/** Value and gradient: the engine under grad and valueAndGrad. */
function gradient(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  options: GradOptions,
  fn: string,
): [Value, unknown] {
  const fast = options.chunkSize === undefined && options.mode === undefined;
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

function addValues(a: Value, b: Value): Value {
  return binary(binaryRules.add, a, b);
}

/** A zero adjoint for a leaf that the output does not depend on. */
function zeroLike(l: Leaf): Value {
  if (l.shape.length > 0) return filled(l.shape, 0);
  return primal(l.value) instanceof Tensor ? filled([], 0) : 0;
}

/** A one-hot adjoint seed shaped like `v`'s primal. */
function seedAt(v: Value, q: number): Value {
  const p = primal(v);
  if (typeof p === "number") return 1;
  const t = filled(p.shape, 0);
  t.data[q] = 1;
  return t;
}

/** Records f on a tape with the selected leaves boxed. */
function record(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  fn: string,
): { tag: number; boxes: Box[]; out: unknown } {
  const tag = newTag();
  const tape = new Tape(tag);
  const boxes = flat.leaves.map((l) => tape.input(l.value));
  activeTags.add(tag);
  try {
    const out = callSync(f, substitute(args, argnum, flat, boxes), fn);
    return { tag, boxes, out };
  } catch (e) {
    activeTags.delete(tag);
    throw e;
  }
}

/** Each leaf's adjoint when `out` (an output leaf) is seeded with `seed`. */
function pullback(
  out: Value,
  tag: number,
  seed: Value,
  flat: Flat,
  boxes: Box[],
): Value[] {
  if (!(out instanceof Box) || out.tag !== tag) {
    if ((out instanceof Dual || out instanceof Box) && out.tag > tag) {
      throw new Error(
        "A value from an inner derivative escaped into an outer one: do not keep values from inside grad calls",
      );
    }
    return flat.leaves.map(zeroLike);
  }
  const adj = backward(out, seed, addValues);
  return flat.leaves.map((l, i) => adj[boxes[i].node.id] ?? zeroLike(l));
}

/** Value and gradient in reverse mode: one recorded call, one backward pass. */
function reverseGradient(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  fn: string,
): [Value, unknown] {
  const { tag, boxes, out } = record(f, args, argnum, flat, fn);
  try {
    const v = scalarOutput(out, fn);
    const value = v instanceof Box && v.tag === tag ? v.v : v;
    const grads = pullback(v, tag, seedAt(v, 0), flat, boxes);
    return [value, flat.rebuild(grads)];
  } finally {
    activeTags.delete(tag);
  }
}

/**
 * The Jacobian in reverse mode: one recorded call and a backward pass per
 * output element. Null when the output has at least as many elements as
 * the input, where forward mode is cheaper (and `forced` is false).
 */
function reverseJacobian(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  fn: string,
  forced: boolean,
): { result: unknown } | null {
  const { tag, boxes, out } = record(f, args, argnum, flat, fn);
  try {
    const of = flattenOutput(out, fn);
    if (!forced && of.size >= flat.size) return null;
    const blocks = of.leaves.map((ol) => {
      // rows[i][q]: input leaf i's adjoint for output element q
      const rows = flat.leaves.map(() => new Array<Value>(ol.size));
      for (let q = 0; q < ol.size; q++) {
        const adj = pullback(ol.value, tag, seedAt(ol.value, q), flat, boxes);
        for (let i = 0; i < adj.length; i++) rows[i][q] = adj[i];
      }
      return flat.rebuild(
        flat.leaves.map((il, i) => rowBlock(ol.shape, il.shape, rows[i])),
      );
    });
    return { result: of.rebuild(blocks) };
  } finally {
    activeTags.delete(tag);
  }
}

/** Stacks per-output-element adjoints (each shaped like the input) into O + I. */
function rowBlock(
  so: readonly number[],
  si: readonly number[],
  rows: Value[],
): Value {
  if (so.length === 0) return rows[0];
  const ni = sizeOf(si), no = rows.length;
  if (rows.every((r) => typeof r === "number" || r instanceof Tensor)) {
    const out = f64(no * ni);
    rows.forEach((r, q) => {
      if (typeof r === "number") out[q * ni] = r;
      else out.set(r.data, q * ni);
    });
    return new Tensor([...so, ...si], out);
  }
  return reshape(arrayOf(rows), [...so, ...si]);
}

/** The common case, a number in and a number out, without tree handling. */
function scalarGradient(
  f: AnyFn,
  args: unknown[],
  argnum: number,
  fn: string,
): [Value, Value] {
  const tag = newTag();
  const x = new Dual(tag, args[argnum] as number, [1]);
  let out: unknown;
  activeTags.add(tag);
  try {
    if (args.length === 1) out = f(x);
    else {
      const a = args.slice();
      a[argnum] = x;
      out = f(...a);
    }
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
    activeTags.delete(tag);
  }
}

function isSmallNumberList(x: unknown): x is number[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > CHUNK_THRESHOLD) {
    return false;
  }
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== "number") return false;
  return true;
}

/** A short flat list of numbers (`[x, y, z]`): one pass, no tree handling. */
function listGradient(
  f: AnyFn,
  args: unknown[],
  argnum: number,
  fn: string,
): [Value, Value[]] {
  const xs = args[argnum] as number[];
  const n = xs.length;
  const tag = newTag();
  const seeded = new Array<Dual>(n);
  for (let i = 0; i < n; i++) {
    const d = new Array<number>(n).fill(0);
    d[i] = 1;
    seeded[i] = new Dual(tag, xs[i], d);
  }
  activeTags.add(tag);
  try {
    const a = args.slice();
    a[argnum] = seeded;
    const out = f(...a);
    if (out instanceof Promise) {
      throw new TypeError(
        `${fn}: the function returned a Promise; it must be synchronous`,
      );
    }
    const [v, d] = split(scalarOutput(out, fn), tag, n);
    return [v, d.slice()];
  } finally {
    activeTags.delete(tag);
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
  return (...args: A) => gradient(f, args, argnum, options, "grad")[1];
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

function checkFunction(f: unknown, fn: string): void {
  if (typeof f !== "function") {
    throw new TypeError(
      `${fn}: expected a function to differentiate, got ${describe(f)}`,
    );
  }
}

/** Seeds every leaf with a single tangent taken from `tangents` (leaf values). */
function seedSingle(flat: Flat, tag: number, tangents: Value[]): unknown[] {
  return flat.leaves.map((l, i) => new Dual(tag, l.value, [tangents[i]]));
}

/** The tangent of an output tree at `tag` (one direction). */
function tangentTree(
  out: unknown,
  tag: number,
  fn: string,
): [unknown, unknown] {
  const flat = flattenOutput(out, fn);
  const values: Value[] = [], tangents: Value[] = [];
  for (const l of flat.leaves) {
    const [v, d] = split(l.value, tag, 1);
    values.push(v);
    tangents.push(d[0]);
  }
  return [flat.rebuild(values), flat.rebuild(tangents)];
}

function flattenOutput(out: unknown, fn: string): Flat {
  if (out instanceof Promise) {
    throw new TypeError(
      `${fn}: the function returned a Promise; it must be synchronous`,
    );
  }
  try {
    const flat = flattenTree(out, "output", fn);
    for (const l of flat.leaves) checkEscaped(l.value, fn);
    return flat;
  } catch (e) {
    if (e instanceof TypeError && String(e.message).includes("output")) {
      throw new TypeError(
        e.message.replace(
          "the argument being differentiated",
          "the function's output",
        ),
      );
    }
    throw e;
  }
}

/**
 * The derivative of each output element with respect to its own input
 * element, for functions that act elementwise (like `np.tanh`); the result
 * has the input's shape. Computed in one forward pass along the all-ones
 * direction, so for a function that is not elementwise it gives row sums of
 * the Jacobian, and an output of another shape than the input is an error.
 *
 * @example
 * ```ts
 * import { elementwiseGrad, np } from "../mod.ts";
 * console.log(elementwiseGrad(np.tanh)(np.array([0, 0])).toArray()); // [ 1, 1 ]
 * ```
 */
export function elementwiseGrad<A extends unknown[]>(
  f: (...args: A) => unknown,
  argnum = 0,
  // deno-lint-ignore no-explicit-any
): (...args: A) => any {
  checkFunction(f, "elementwiseGrad");
  return (...args: A) => {
    const fn = "elementwiseGrad";
    const flat = selectArgs(args, argnum, fn);
    const tag = newTag();
    const ones = flat.leaves.map((
      l,
    ) => (l.shape.length === 0 ? 1 : filled(l.shape, 1)));
    const seeded = seedSingle(flat, tag, ones);
    return withTag(tag, () => {
      const out = callSync(f, substitute(args, argnum, flat, seeded), fn);
      const v = asOutputValue(out, fn, "it must return a number or a Tensor");
      if (flat.leaves.length === 1) {
        const si = flat.leaves[0].shape, so = shapeOf(v);
        if (si.join() !== so.join()) {
          throw new TypeError(
            `${fn}: the output's shape ${
              formatShape(so)
            } differs from the input's ${
              formatShape(si)
            }, so the function is not elementwise; use jacobian, or grad for a scalar output`,
          );
        }
      }
      return split(v, tag, 1)[1][0];
    });
  };
}

/**
 * The derivative of a function of one number; the output may be a number, a
 * Tensor, or arrays and objects of these.
 *
 * @example
 * ```ts
 * import { deriv, np } from "../mod.ts";
 * console.log(deriv(np.sin)(0)); // 1
 * ```
 */
export function deriv(
  f: (x: number) => unknown,
  // deno-lint-ignore no-explicit-any
): (x: number) => any {
  checkFunction(f, "deriv");
  return (x: number) => {
    const fn = "deriv";
    const flat = flattenTree(x, "args[0]", fn);
    if (flat.leaves.length !== 1 || flat.leaves[0].shape.length !== 0) {
      throw new TypeError(
        `${fn}: expected a number, got ${describe(x)}; use jacobian for arrays`,
      );
    }
    const tag = newTag();
    return withTag(tag, () => {
      const out = callSync(f, [new Dual(tag, flat.leaves[0].value, [1])], fn);
      return tangentTree(out, tag, fn)[1];
    });
  };
}

/**
 * The Jacobian: for an output of shape O and an input of shape I, a tensor
 * of shape O + I (a number when both are scalars). Trees of inputs or
 * outputs give the same trees, nested output-first.
 *
 * @example
 * ```ts
 * import { jacobian, np, type Tensor } from "../mod.ts";
 * const J = jacobian((x: Tensor) => np.multiply(2, x))(np.array([1, 2]));
 * console.log(J.toArray()); // [ [ 2, 0 ], [ 0, 2 ] ]
 * ```
 */
export function jacobian<A extends unknown[]>(
  f: (...args: A) => unknown,
  argnum: number | readonly number[] = 0,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => any {
  checkFunction(f, "jacobian");
  return (...args: A) => {
    const fn = "jacobian";
    const flat = selectArgs(args, argnum, fn);
    if (chooseMode(flat.size, options, fn) === "reverse") {
      const r = reverseJacobian(
        f,
        args,
        argnum,
        flat,
        fn,
        options.mode === "reverse",
      );
      if (r) return r.result;
    }
    // partials[j] = the output tree's leaves' derivatives along input element j
    const partials: Value[][] = new Array(flat.size);
    let outFlat: Flat | null = null;
    inChunks(f, args, argnum, flat, options, fn, (out, tag, start, width) => {
      outFlat = flattenOutput(out, fn);
      const splits = outFlat.leaves.map((l) => split(l.value, tag, width)[1]);
      for (let i = 0; i < width; i++) {
        partials[start + i] = splits.map((d) => d[i]);
      }
    });
    const of = outFlat!;
    const blocks = of.leaves.map((ol, o) =>
      flat.rebuild(
        flat.leaves.map((il) => {
          const col = partials.slice(il.offset, il.offset + il.size).map((p) =>
            p[o]
          );
          return block(ol.shape, il.shape, col);
        }),
      )
    );
    return of.rebuild(blocks);
  };
}

/** Stacks per-input-element partials (each shaped like the output) into O + I. */
function block(
  so: readonly number[],
  si: readonly number[],
  col: Value[],
): Value {
  const no = sizeOf(so), ni = col.length;
  if (si.length === 0 && so.length === 0) return col[0];
  if (col.every((c) => typeof c === "number" || c instanceof Tensor)) {
    const out = f64(no * ni);
    col.forEach((c, j) => {
      if (typeof c === "number") out[j] = c;
      else for (let q = 0; q < no; q++) out[q * ni + j] = c.data[q];
    });
    return new Tensor([...so, ...si], out);
  }
  const stacked = so.length === 0 ? arrayOf(col) : stack(col, -1);
  return reshape(stacked, [...so, ...si]);
}

/**
 * The Hessian of a scalar function, exact (hyper-dual numbers, no step
 * size). For an input of shape I the result has shape I + I ("matrix
 * partials" ∂²f/∂Wij∂Wkl for a matrix W); a tree of inputs gives a tree of
 * trees of blocks.
 *
 * @example
 * ```ts
 * import { hessian, np } from "../mod.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessian(f)([3, 2])); // [ [ 4, 6 ], [ 6, 0 ] ]
 * ```
 */
export function hessian<A extends unknown[]>(
  f: (...args: A) => unknown,
  argnum: number | readonly number[] = 0,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => any {
  checkFunction(f, "hessian");
  return (...args: A) => {
    const fn = "hessian";
    const flat = selectArgs(args, argnum, fn);
    const nested = flat.leaves.some((l) =>
      l.value instanceof Dual || l.value instanceof HyperDual ||
      l.value instanceof Box
    );
    if (nested) {
      // Inside another derivative: differentiate the gradient with duals.
      return jacobian(grad(f, argnum), argnum)(...args);
    }
    const n = flat.size;
    const mode = options.mode ??
      (n >= HESSIAN_REVERSE_THRESHOLD ? "reverse" : "forward");
    chooseMode(n, { mode }, fn);
    if (mode === "reverse") {
      // Forward over reverse: each reverse pass carries a chunk of duals.
      return jacobian(
        grad(f, argnum, { mode: "reverse" }),
        argnum,
        { mode: "forward", chunkSize: options.chunkSize },
      )(...args);
    }
    const H = new Float64Array(n * n);
    const tag = newTag();
    const zeros = flat.leaves.map((l) => zerosLike(l.value));
    const part = (l: Leaf, j: number, zero: Value): Value => {
      const local = j - l.offset;
      if (local < 0 || local >= l.size) return zero;
      return l.shape.length === 0 ? 1 : oneHot(l.shape, local);
    };
    // A function closing over an enclosing derivative's duals returns a
    // dual of hyper-duals, which the Hessian matrix cannot hold as numbers:
    // then differentiate the gradient with duals instead.
    let closesOverDuals = false;
    activeTags.add(tag);
    try {
      rows: for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const seeded = flat.leaves.map((l, q) => {
            const b = part(l, i, zeros[q]), c = part(l, j, zeros[q]);
            if (b === zeros[q] && c === zeros[q]) return l.value;
            return new HyperDual(
              l.value as number | Tensor,
              b as number | Tensor,
              c as number | Tensor,
              zeros[q] as number | Tensor,
              tag,
            );
          });
          const out = scalarOutput(
            callSync(f, substitute(args, argnum, flat, seeded), fn),
            fn,
          );
          if (out instanceof Dual) {
            closesOverDuals = true;
            break rows;
          }
          const h = out instanceof HyperDual ? (out.d as number) : 0;
          H[i * n + j] = h;
          H[j * n + i] = h;
        }
      }
    } finally {
      activeTags.delete(tag);
    }
    if (closesOverDuals) return jacobian(grad(f, argnum), argnum)(...args);
    const blocks = flat.leaves.map((p) =>
      flat.rebuild(
        flat.leaves.map((q) => {
          const shape = [...p.shape, ...q.shape];
          if (shape.length === 0) return H[p.offset * n + q.offset];
          const out = f64(p.size * q.size);
          for (let a = 0; a < p.size; a++) {
            for (let b = 0; b < q.size; b++) {
              out[a * q.size + b] = H[(p.offset + a) * n + q.offset + b];
            }
          }
          return new Tensor(shape, out);
        }),
      )
    );
    return flat.rebuild(blocks);
  };
}

/** The leaves of `v`, checked against the leaves of the argument. */
function tangentLeaves(flat: Flat, v: unknown, fn: string): Value[] {
  const tv = flattenTree(v, "vector", fn);
  if (tv.leaves.length !== flat.leaves.length) {
    throw new TypeError(
      `${fn}: the vector has ${
        count(tv.leaves.length, "number or array", "numbers or arrays")
      } but the argument has ${flat.leaves.length}; give the vector the argument's structure`,
    );
  }
  return tv.leaves.map((l, i) => {
    const want = flat.leaves[i].shape;
    if (l.shape.join() !== want.join()) {
      throw new RangeError(
        `${fn}: ${l.path} has shape ${formatShape(l.shape)} but ${
          flat.leaves[i].path
        } has ${formatShape(want)}`,
      );
    }
    return l.value;
  });
}

/**
 * The Jacobian-vector product in one forward pass:
 * `jvp(f, argnum)(...args, v)` returns `[f(...args), J·v]`, with `v` shaped
 * like argument `argnum`.
 *
 * @example
 * ```ts
 * import { jvp, np } from "../mod.ts";
 * const [y, t] = jvp((x: number) => np.sin(x))(0, 2);
 * console.log(y, t); // 0 2
 * ```
 */
export function jvp(
  // deno-lint-ignore no-explicit-any
  f: (...args: any[]) => unknown,
  argnum = 0,
  // deno-lint-ignore no-explicit-any
): (...argsAndVector: any[]) => [any, any] {
  checkFunction(f, "jvp");
  return directional(f, argnum, "jvp");
}

/** `[f(...args), J·v]` for jvp and hessianVectorProduct, errors named after `fn`. */
function directional(
  f: AnyFn,
  argnum: number,
  fn: string,
): (...argsAndVector: unknown[]) => [unknown, unknown] {
  return (...argsAndVector: unknown[]) => {
    const args = argsAndVector.slice(0, -1);
    const v = argsAndVector[argsAndVector.length - 1];
    const flat = selectArgs(args, argnum, fn);
    const tag = newTag();
    const seeded = seedSingle(flat, tag, tangentLeaves(flat, v, fn));
    return withTag(tag, () => {
      const out = callSync(f, substitute(args, argnum, flat, seeded), fn);
      return tangentTree(out, tag, fn) as [unknown, unknown];
    });
  };
}

/**
 * The Hessian times a vector, exact, without forming the Hessian:
 * `hessianVectorProduct(f, argnum)(...args, v)`; the result is shaped like
 * argument `argnum`.
 *
 * @example
 * ```ts
 * import { hessianVectorProduct, np } from "../mod.ts";
 * const f = ([x, y]: number[]) => np.multiply(np.square(x), y);
 * console.log(hessianVectorProduct(f)([3, 2], [1, 0])); // [ 4, 6 ]
 * ```
 */
export function hessianVectorProduct(
  // deno-lint-ignore no-explicit-any
  f: (...args: any[]) => unknown,
  argnum = 0,
  // deno-lint-ignore no-explicit-any
): (...argsAndVector: any[]) => any {
  checkFunction(f, "hessianVectorProduct");
  // Forward over forward: the directional derivative of the gradient along v.
  const along = directional(grad(f, argnum), argnum, "hessianVectorProduct");
  return (...argsAndVector: unknown[]) => along(...argsAndVector)[1];
}

export { primal };

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
