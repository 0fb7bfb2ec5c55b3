/**
 * `jacobian`: forward mode (a chunk of input directions per call) up to the
 * reverse threshold, reverse mode (one backward pass per output element)
 * above it when the output is the smaller side.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { arrayOf } from "./_convert.ts";
import {
  checkFunction,
  flattenOutput,
  inChunks,
  selectArgs,
} from "./_apiutils.ts";
import { chooseMode, type GradOptions } from "./config.ts";
import type { Value } from "./dual.ts";
import { reshape, stack } from "./np.ts";
import { reverseJacobian } from "./reverse.ts";
import { split } from "./tags.ts";
import { sizeOf, Tensor } from "./tensor.ts";
import type { Flat } from "./tree.ts";

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
export function block(
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
