/**
 * Trees of arguments: a number, a Tensor, a typed array, or arrays, tuples
 * and plain objects of these. Differential operators flatten the argument
 * into leaves, differentiate, and rebuild a result of the same structure.
 *
 * @module
 */
import { Box } from "./box.ts";
import { Dual, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import { describe, shapeOf } from "./ops.ts";
import { sizeOf, Tensor } from "./tensor.ts";

/** One numeric leaf of a tree, with where it sits. */
export interface Leaf {
  /** Where the leaf sits, e.g. `args[0][2]` or `args[0].W`. */
  path: string;
  /** The leaf as a value (typed arrays become 1-d tensors). */
  value: Value;
  /** The primal shape. */
  shape: readonly number[];
  /** The number of elements. */
  size: number;
  /** Where its elements start among all leaves' elements. */
  offset: number;
  /** Whether it came as a typed array (and goes back as one). */
  typed: boolean;
}

/** A flattened tree: its leaves and a function rebuilding the structure. */
export interface Flat {
  /** The leaves in order. */
  leaves: Leaf[];
  /** The total number of elements. */
  size: number;
  /** A tree of the same structure with these values at the leaves. */
  rebuild(values: readonly unknown[]): unknown;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Flattens `tree`, naming bad leaves by path: `args[0][2] is a string`.
 *
 * @example
 * ```ts
 * import { flattenTree } from "./tree.ts";
 * const flat = flattenTree([3, { y: 2 }], "args[0]");
 * console.log(flat.leaves.map((l) => l.path)); // [ "args[0][0]", "args[0][1].y" ]
 * console.log(flat.rebuild([6, 3])); // [ 6, { y: 3 } ]
 * ```
 */
export function flattenTree(tree: unknown, path: string, fn = "grad"): Flat {
  const leaves: Leaf[] = [];
  let offset = 0;
  const walk = (
    x: unknown,
    p: string,
  ): (vals: readonly unknown[]) => unknown => {
    if (
      typeof x === "number" || x instanceof Tensor || x instanceof Dual ||
      x instanceof HyperDual || x instanceof Box
    ) {
      return leaf(x, p, false);
    }
    if (
      ArrayBuffer.isView(x) && !(x instanceof DataView) &&
      !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array)
    ) {
      const arr = x as unknown as ArrayLike<number>;
      return leaf(new Tensor([arr.length], Float64Array.from(arr)), p, true);
    }
    if (Array.isArray(x)) {
      const parts = x.map((c, i) => walk(c, `${p}[${i}]`));
      return (vals) => parts.map((b) => b(vals));
    }
    if (isPlainObject(x)) {
      const keys = Object.keys(x);
      const parts = keys.map((k) =>
        walk(
          x[k],
          /^[A-Za-z_$][\w$]*$/.test(k)
            ? `${p}.${k}`
            : `${p}[${JSON.stringify(k)}]`,
        )
      );
      return (vals) =>
        Object.fromEntries(keys.map((k, i) => [k, parts[i](vals)]));
    }
    throw new TypeError(
      `${fn}: ${p} is ${
        describe(x)
      }; the argument being differentiated must hold only numbers, Tensors, typed arrays, and arrays or plain objects of these`,
    );
  };
  const leaf = (value: Value, p: string, typed: boolean) => {
    const shape = shapeOf(value);
    const i = leaves.length;
    const size = sizeOf(shape);
    leaves.push({ path: p, value, shape, size, offset, typed });
    offset += size;
    return (vals: readonly unknown[]) => {
      const v = vals[i];
      return typed && v instanceof Tensor && v.ndim === 1
        ? Float64Array.from(v.data)
        : v;
    };
  };
  const build = walk(tree, path);
  return { leaves, size: offset, rebuild: build };
}
