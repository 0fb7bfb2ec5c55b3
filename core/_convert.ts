// Turning what a caller passes (numbers, nested arrays, typed arrays,
// tensors, duals) into values, with errors that say what and where.
import { f64 } from "./_alloc.ts";
import { Box } from "./box.ts";
import { Dual, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import { linearNRules } from "./linear_rules.ts";
import { describe, linearN, primal } from "./ops.ts";
import { formatShape, sameShape, Tensor } from "./tensor.ts";

/** A value, or numbers and values nested in arrays, or a typed array. */
export type Operand = Value | readonly Operand[] | ArrayLike<number>;

/** Converts an operand of `fn` (argument `pos`, 1-based) to a value. */
export function toValue(x: unknown, fn: string, pos = 1): Value {
  if (typeof x === "number") return x;
  if (
    x instanceof Tensor || x instanceof Dual || x instanceof HyperDual ||
    x instanceof Box
  ) {
    return x;
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return arrayOf(x, fn, pos);
  throw new TypeError(
    `${fn}: argument ${pos} is ${
      describe(x)
    }, expected a number, an array or a Tensor`,
  );
}

/** `np.array`: nested arrays of numbers (or of duals) to a tensor. */
export function arrayOf(x: unknown, fn = "np.array", pos = 1): Value {
  if (x instanceof Tensor) return new Tensor(x.shape, x.data.slice());
  if (typeof x === "number") return new Tensor([], Float64Array.of(x));
  if (
    x instanceof Dual || x instanceof HyperDual ||
    x instanceof Box
  ) return x;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const src = x as unknown as ArrayLike<number | bigint>;
    const out = f64(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      if (typeof v !== "number") {
        throw new TypeError(`${fn}: argument ${pos}[${i}] is a bigint`);
      }
      out[i] = v;
    }
    return new Tensor([src.length], out);
  }
  if (!Array.isArray(x)) {
    throw new TypeError(
      `${fn}: argument ${pos} is ${
        describe(x)
      }, expected nested arrays of numbers`,
    );
  }
  const leaves: Value[] = [];
  const dims: number[] = [];
  let first: unknown = x;
  while (Array.isArray(first)) {
    dims.push(first.length);
    if (first.length === 0) break;
    first = first[0];
  }
  const depth = dims.length;
  const leafShape: readonly number[] =
    first instanceof Tensor || first instanceof Dual ||
      first instanceof HyperDual || first instanceof Box
      ? first.shape
      : [];
  const full = [...dims, ...leafShape];
  let plain = true;
  const walk = (node: unknown, path: string, d: number): void => {
    if (d < depth) {
      if (!Array.isArray(node) || node.length !== dims[d]) {
        throw new RangeError(
          `${fn}: argument ${pos} is ragged: argument ${pos}${path} is ${
            Array.isArray(node)
              ? `an array of length ${node.length}`
              : describe(node)
          } where an array of length ${dims[d]} was expected`,
        );
      }
      for (let i = 0; i < node.length; i++) {
        walk(node[i], `${path}[${i}]`, d + 1);
      }
      return;
    }
    if (typeof node === "number") {
      if (leafShape.length === 0) return void leaves.push(node);
    } else if (
      node instanceof Tensor || node instanceof Dual ||
      node instanceof HyperDual || node instanceof Box
    ) {
      if (!(node instanceof Tensor)) plain = false;
      if (sameShape(node.shape, leafShape)) return void leaves.push(node);
    } else if (!Array.isArray(node)) {
      throw new TypeError(
        `${fn}: argument ${pos}${path} is ${describe(node)}, expected a number`,
      );
    }
    throw new RangeError(
      `${fn}: argument ${pos} is ragged: argument ${pos}${path} is ${
        describe(node)
      } where ${
        leafShape.length ? `shape ${formatShape(leafShape)}` : "a number"
      } was expected`,
    );
  };
  walk(x, "", 0);
  if (plain) {
    const out = f64(full.reduce((a, b) => a * b, 1));
    let k = 0;
    for (const leaf of leaves) {
      if (typeof leaf === "number") out[k++] = leaf;
      else {
        out.set((leaf as Tensor).data, k);
        k += (leaf as Tensor).size;
      }
    }
    return new Tensor(full, out);
  }
  return linearN(linearNRules.pack, leaves, {
    full,
    shapes: leaves.map((l) => typeof l === "number" ? [] : l.shape),
    numbers: leaves.map((l) => typeof primal(l) === "number"),
  });
}
