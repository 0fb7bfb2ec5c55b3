/**
 * Reverse mode under the operators: record f on a tape with the selected
 * leaves boxed, then pull adjoints back from one output element at a time.
 * `grad` needs one backward pass, `jacobian` one per output element.
 *
 * @module
 */
import {
  f64,
  inScratch,
  retireScratch,
  startScratch,
  stopScratch,
} from "./_alloc.ts";
import { arrayOf } from "./_convert.ts";
import {
  type AnyFn,
  callSync,
  flattenOutput,
  scalarOutput,
  substitute,
} from "./_apiutils.ts";
import { backward, Box, Tape } from "./box.ts";
import { Dual, type Value } from "./dual.ts";
import { reshape } from "./np.ts";
import { binary, primal } from "./ops.ts";
import { binaryRules } from "./rules.ts";
import { enterTag, leaveTag, newTag } from "./tags.ts";
import { filled, sizeOf, Tensor } from "./tensor.ts";
import type { Flat, Leaf } from "./tree.ts";

export function addValues(a: Value, b: Value): Value {
  return binary(binaryRules.add, a, b);
}

/** A zero adjoint for a leaf that the output does not depend on. */
export function zeroLike(l: Leaf): Value {
  if (l.shape.length > 0) return filled(l.shape, 0);
  return primal(l.value) instanceof Tensor ? filled([], 0) : 0;
}

/** A one-hot adjoint seed shaped like `v`'s primal. */
export function seedAt(v: Value, q: number): Value {
  const p = primal(v);
  if (typeof p === "number") return 1;
  const t = filled(p.shape, 0);
  t.data[q] = 1;
  return t;
}

/** Records f on a tape with the selected leaves boxed. */
export function record(
  f: AnyFn,
  args: unknown[],
  argnum: number | readonly number[],
  flat: Flat,
  fn: string,
): { tag: number; boxes: Box[]; out: unknown } {
  const tag = newTag();
  const tape = new Tape(tag);
  const leaves = flat.leaves, boxes = new Array<Box>(leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    boxes[i] = tape.input(leaves[i].value);
  }
  enterTag(tag);
  try {
    const out = callSync(f, substitute(args, argnum, flat, boxes), fn);
    return { tag, boxes, out };
  } catch (e) {
    leaveTag(tag);
    throw e;
  }
}

/** Each leaf's adjoint when `out` (an output leaf) is seeded with `seed`. */
export function pullback(
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
  // A plain output value means no enclosing derivative reached it, so the
  // adjoints are plain too (ownGradients retires the buffer otherwise)
  const scratch = isPlain(out.v) && isPlain(seed) && startScratch();
  let adj: (Value | null)[];
  try {
    adj = backward(out, seed, addValues);
  } finally {
    if (scratch) stopScratch();
  }
  return ownGradients(adj, flat.leaves, boxes, scratch);
}

/**
 * The leaves' gradients from a backward pass's adjoints, each with storage
 * of its own. Adjoints may share storage (add passes its adjoint to both
 * operands, reshape is a view), so updating one gradient in place would
 * change another: a shared one is copied. A handful of leaves are compared
 * with the earlier ones directly; a Set costs more than the scan below 32.
 *
 * After a pass in scratch memory (`_alloc.ts`: only for a plain output,
 * whose adjoints are plain), tensors there are copied out; were a gradient
 * anything else, the scratch buffer is retired to it.
 */
function ownGradients(
  adj: (Value | null)[],
  leaves: readonly Leaf[],
  boxes: Box[],
  scratch: boolean,
): Value[] {
  const n = leaves.length;
  const seen = n > 32 ? new Set<Float64Array>() : null;
  const grads = new Array<Value>(n);
  let retire = false;
  for (let i = 0; i < n; i++) {
    const a = adj[boxes[i].node.id] ?? zeroLike(leaves[i]);
    if (!(a instanceof Tensor)) {
      if (scratch && typeof a !== "number") retire = true;
      grads[i] = a;
    } else if (scratch && inScratch(a.data)) {
      const copy = f64(a.data.length);
      copy.set(a.data);
      grads[i] = new Tensor(a.shape, copy);
    } else if (seen ? seen.has(a.data) : sharesData(a.data, grads, i)) {
      grads[i] = new Tensor(a.shape, a.data.slice());
    } else {
      seen?.add(a.data);
      grads[i] = a;
    }
  }
  if (retire) retireScratch();
  return grads;
}

function isPlain(v: Value): boolean {
  return typeof v === "number" || v instanceof Tensor;
}

/** Whether one of the first `n` gradients holds `data`. */
function sharesData(data: Float64Array, grads: Value[], n: number): boolean {
  for (let j = 0; j < n; j++) {
    const g = grads[j];
    if (g instanceof Tensor && g.data === data) return true;
  }
  return false;
}

/** Value and gradient in reverse mode: one recorded call, one backward pass. */
export function reverseGradient(
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
    leaveTag(tag);
  }
}

/**
 * The Jacobian in reverse mode: one recorded call and a backward pass per
 * output element. Null when the output has at least as many elements as
 * the input, where forward mode is cheaper (and `forced` is false).
 */
export function reverseJacobian(
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
    leaveTag(tag);
  }
}

/** Stacks per-output-element adjoints (each shaped like the input) into O + I. */
export function rowBlock(
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
