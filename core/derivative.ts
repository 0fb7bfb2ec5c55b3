/**
 * One forward pass along one direction: `deriv` (a function of one number),
 * `elementwiseGrad` (the all-ones direction) and `jvp` (a given direction).
 *
 * @module
 */
import {
  type AnyFn,
  asOutputValue,
  callSync,
  checkFunction,
  seedSingle,
  selectArgs,
  substitute,
  tangentLeaves,
  tangentTree,
} from "./_apiutils.ts";
import { derivativeAt } from "./_call_sites.ts";
import { seedOne } from "./scalar_dual.ts";
import { describe, shapeOf } from "./ops.ts";
import { newTag, split, withTag } from "./tags.ts";
import { filled, formatShape } from "./tensor.ts";
import { flattenTree } from "./tree.ts";

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
  // At a number, f is called through a call site of its own, as grad's is
  // (`_call_sites.ts`); any output but a compact dual of the derivative is
  // read as a tree, as below.
  const atNumber = derivativeAt(f, treeTangent, "deriv");
  return (x: number) => {
    if (typeof x === "number") return atNumber(x);
    const fn = "deriv";
    const flat = flattenTree(x, "args[0]", fn);
    if (flat.leaves.length !== 1 || flat.leaves[0].shape.length !== 0) {
      throw new TypeError(
        `${fn}: expected a number, got ${describe(x)}; use jacobian for arrays`,
      );
    }
    const tag = newTag();
    return withTag(tag, () => {
      const out = callSync(f, [seedOne(tag, flat.leaves[0].value, 1)], fn);
      return tangentTree(out, tag, fn)[1];
    });
  };
}

/** The tangent of f's output at `tag`, leaf by leaf in the output's shape. */
function treeTangent(out: unknown, tag: number, fn: string): unknown {
  return tangentTree(out, tag, fn)[1];
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
export function directional(
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
