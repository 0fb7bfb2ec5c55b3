// The layer every differential operator stands on: checking the function
// and argnum, selecting and flattening the arguments, seeding duals,
// calling f, and reading its output back into the arguments' structure.
import { f64 } from "./_alloc.ts";
import { arrayOf } from "./_convert.ts";
import { Box } from "./box.ts";
import { Dual, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import { seedOne } from "./scalar_dual.ts";
import { describe, primal, shapeOf } from "./ops.ts";
import { reshape } from "./np.ts";
import { chunkSize, type GradOptions } from "./config.ts";
import { checkEscaped, newTag, split, withTag } from "./tags.ts";
import { filled, formatShape, Tensor } from "./tensor.ts";
import { type Flat, flattenTree, type Leaf, shiftLeaf } from "./tree.ts";

// deno-lint-ignore no-explicit-any
export type AnyFn = (...args: any[]) => any;

export function checkFunction(f: unknown, fn: string): void {
  if (typeof f !== "function") {
    throw new TypeError(
      `${fn}: expected a function to differentiate, got ${describe(f)}`,
    );
  }
}

export function checkArgnum(argnum: number, args: unknown[], fn: string): void {
  if (!Number.isInteger(argnum) || argnum < 0 || argnum >= args.length) {
    throw new RangeError(
      `${fn}: argnum ${argnum} is out of range: the function was called with ${args.length} argument${
        args.length === 1 ? "" : "s"
      }`,
    );
  }
}

// `args[0]` … named once: a path is built on every gradient call otherwise.
const ROOTS = Array.from({ length: 8 }, (_, i) => `args[${i}]`);

function rootName(argnum: number): string {
  return argnum < ROOTS.length ? ROOTS[argnum] : `args[${argnum}]`;
}

/** The selected arguments flattened as one tree. */
export function selectArgs(
  args: unknown[],
  argnum: number | readonly number[],
  fn: string,
): Flat {
  if (typeof argnum === "number") {
    checkArgnum(argnum, args, fn);
    return flattenTree(args[argnum], rootName(argnum), fn);
  }
  if (!Array.isArray(argnum) || argnum.length === 0) {
    throw new TypeError(
      `${fn}: argnum must be a number or a non-empty list of numbers`,
    );
  }
  for (const a of argnum) checkArgnum(a, args, fn);
  const flats = argnum.map((a) => flattenTree(args[a], rootName(a), fn));
  const leaves: Leaf[] = [];
  let offset = 0;
  for (const f of flats) {
    for (const l of f.leaves) leaves.push(shiftLeaf(l, offset + l.offset));
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
export function substitute(
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

export function oneHot(shape: readonly number[], at: number): Tensor {
  const t = filled(shape, 0);
  t.data[at] = 1;
  return t;
}

/** Seeds one chunk of directions [start, start + k) over the leaves. */
export function seedChunk(
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
export function callSync(f: AnyFn, args: unknown[], fn: string): unknown {
  const out = args.length === 1 ? f(args[0]) : f(...args);
  if (out instanceof Promise) {
    throw new TypeError(
      `${fn}: the function returned a Promise; it must be synchronous`,
    );
  }
  return out;
}

/** Checks that an output is a number-like value and returns it. */
export function asOutputValue(out: unknown, fn: string, what: string): Value {
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

export function scalarOutput(out: unknown, fn: string): Value {
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
export function assemble(leaf: Leaf, parts: Value[]): Value {
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
export function inChunks(
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

/** Seeds every leaf with a single tangent taken from `tangents` (leaf values). */
export function seedSingle(
  flat: Flat,
  tag: number,
  tangents: Value[],
): unknown[] {
  return flat.leaves.map((l, i) => seedOne(tag, l.value, tangents[i]));
}

/** The tangent of an output tree at `tag` (one direction). */
export function tangentTree(
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

export function flattenOutput(out: unknown, fn: string): Flat {
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

/** The leaves of `v`, checked against the leaves of the argument. */
export function tangentLeaves(flat: Flat, v: unknown, fn: string): Value[] {
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

export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
