/**
 * np's creation functions: array, zeros, ones, full, eye, arange, linspace.
 *
 * @module
 */
import { f64 } from "../_alloc.ts";
import { arrayOf, type Operand } from "../_convert.ts";
import { filled, Tensor } from "../tensor.ts";

/**
 * Plain numbers, as a Tensor or nested arrays: what a reduction over every
 * axis turns into a number.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const m: np.PlainArray = [[1, 2], [3, 4]];
 * const total: number = np.sum(m);
 * ```
 */
export type PlainArray =
  | Tensor
  | readonly number[]
  | readonly (readonly number[])[]
  | readonly (readonly (readonly number[])[])[];

/**
 * A tensor from a number, nested arrays, a typed array or a tensor (copied).
 * Arrays holding duals give a dual tensor.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.array([[1, 2], [3, 4]]).shape); // [ 2, 2 ]
 * ```
 */
export function array(x: Operand): Tensor {
  return arrayOf(x) as Tensor;
}

function checkShape(shape: number | readonly number[], fn: string): number[] {
  const s = typeof shape === "number" ? [shape] : [...shape];
  for (const n of s) {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `${fn}: invalid shape ${
          JSON.stringify(shape)
        }: lengths must be non-negative integers`,
      );
    }
  }
  return s;
}

/** A tensor of zeros. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.zeros([2, 3]).size); // 6
 * ``` */
export function zeros(shape: number | readonly number[]): Tensor {
  return filled(checkShape(shape, "np.zeros"), 0);
}
/** A tensor of ones. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.ones(2).toArray()); // [ 1, 1 ]
 * ``` */
export function ones(shape: number | readonly number[]): Tensor {
  return filled(checkShape(shape, "np.ones"), 1);
}
/** A tensor filled with one value. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.full([2], 7).toArray()); // [ 7, 7 ]
 * ``` */
export function full(shape: number | readonly number[], value: number): Tensor {
  return filled(checkShape(shape, "np.full"), value);
}
/** The n×n identity (or n×m with ones on the diagonal). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.eye(2).toArray()); // [ [ 1, 0 ], [ 0, 1 ] ]
 * ``` */
export function eye(n: number, m: number = n): Tensor {
  const t = filled(checkShape([n, m], "np.eye"), 0);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}
/** Evenly spaced values in [start, stop) by step; `arange(n)` is 0 … n−1. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arange(3).toArray()); // [ 0, 1, 2 ]
 * ``` */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) {
    throw new RangeError(
      `np.arange: step must be a finite non-zero number, got ${step}`,
    );
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = f64(n);
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return new Tensor([n], out);
}
/** `num` evenly spaced values from start to stop inclusive. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.linspace(0, 1, 3).toArray()); // [ 0, 0.5, 1 ]
 * ``` */
export function linspace(start: number, stop: number, num = 50): Tensor {
  checkShape([num], "np.linspace");
  const out = f64(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) out[i] = start + i * step;
  if (num > 1) out[num - 1] = stop;
  return new Tensor([num], out);
}
