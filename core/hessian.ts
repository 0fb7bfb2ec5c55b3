/**
 * `hessian` and `hessianVectorProduct`. Few inputs: one hyper-dual pass per
 * pair of inputs (exact, no step size). Many: forward over reverse, a
 * reverse gradient whose adjoints carry a chunk of duals. H·v is the
 * directional derivative of the gradient: forward over reverse from 2 input
 * elements (`HVP_REVERSE_THRESHOLD`).
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import {
  callSync,
  checkFunction,
  oneHot,
  scalarOutput,
  selectArgs,
  substitute,
} from "./_apiutils.ts";
import { Box } from "./box.ts";
import {
  chooseMode,
  chunkSize,
  type GradOptions,
  HESSIAN_CHUNK,
  HESSIAN_REVERSE_THRESHOLD,
  HVP_REVERSE_THRESHOLD,
} from "./config.ts";
import { Dual, type Value } from "./dual.ts";
import { directional } from "./derivative.ts";
import { grad } from "./gradient.ts";
import { HyperDual } from "./hyperdual.ts";
import { jacobian } from "./jacobian.ts";
import { zerosLike } from "./ops.ts";
import { enterTag, leaveTag, newTag } from "./tags.ts";
import { Tensor } from "./tensor.ts";
import type { Leaf } from "./tree.ts";

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
        {
          mode: "forward",
          chunkSize: options.chunkSize ?? chunkSize(n, HESSIAN_CHUNK),
        },
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
    enterTag(tag);
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
      leaveTag(tag);
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
  // The directional derivative of the gradient along v: forward over
  // reverse from HVP_REVERSE_THRESHOLD input elements, else forward over
  // forward (grad's own choice for a single number).
  const fn = "hessianVectorProduct";
  const forward = directional(grad(f, argnum), argnum, fn);
  const reverse = directional(grad(f, argnum, { mode: "reverse" }), argnum, fn);
  return (...argsAndVector: unknown[]) => {
    const args = argsAndVector.slice(0, -1);
    const n = selectArgs(args, argnum, fn).size;
    const along = n > HVP_REVERSE_THRESHOLD ? reverse : forward;
    return along(...argsAndVector)[1];
  };
}
