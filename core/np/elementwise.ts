/**
 * np's elementwise functions: one per row of the rule table in `rules.ts`,
 * numbers in give numbers out.
 *
 * @module
 */
import { type Operand, toValue } from "../_convert.ts";
import { Box } from "../box.ts";
import { Dual, type Value } from "../dual.ts";
import type { HyperDual } from "../hyperdual.ts";
import { binary, unary } from "../ops.ts";
import { binaryRules, unaryRules } from "../rules.ts";
import { noteCall, watch } from "../_nonfinite.ts";
import type { Tensor } from "../tensor.ts";

/**
 * A one-argument elementwise function: numbers give numbers, tensors
 * tensors, duals duals.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const f: np.UnaryOp = np.sin;
 * console.log(f(0)); // 0
 * ```
 */
export interface UnaryOp {
  /** On a number. */
  (x: number): number;
  /** On a tensor or nested arrays. */
  (x: Tensor | readonly Operand[]): Tensor;
  /** On a dual. */
  (x: Dual): Dual;
  /** On a hyper-dual. */
  (x: HyperDual): HyperDual;
  /** On anything. */
  (x: Operand): Value;
}

/**
 * A two-argument elementwise function with numpy broadcasting.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const f: np.BinaryOp = np.add;
 * console.log(f(1, 2)); // 3
 * ```
 */
export interface BinaryOp {
  /** On numbers. */
  (x: number, y: number): number;
  /** With a dual. */
  (x: Dual, y: Operand): Dual;
  /** With a dual. */
  (x: Operand, y: Dual): Dual;
  /** On tensors, arrays and numbers. */
  (
    x: Tensor | number | readonly Operand[],
    y: Tensor | number | readonly Operand[],
  ): Tensor;
  /** On anything. */
  (x: Operand, y: Operand): Value;
}

// Numbers and duals, the common operands, skip the conversion call.
function un(name: string): UnaryOp {
  const r = unaryRules[name];
  const fn = `np.${name}`;
  return ((x: unknown) => {
    const out = unary(
      r,
      typeof x === "number" || x instanceof Dual || x instanceof Box
        ? x
        : toValue(x, fn),
    );
    if (watch.on) noteCall(name, [x], out); // Where NaN/∞ begin (sandbox only).
    return out;
  }) as UnaryOp;
}
function bin(name: string): BinaryOp {
  const r = binaryRules[name];
  const fn = `np.${name}`;
  return ((x: unknown, y: unknown) => {
    const out = binary(
      r,
      typeof x === "number" || x instanceof Dual || x instanceof Box
        ? x
        : toValue(x, fn, 1),
      typeof y === "number" || y instanceof Dual || y instanceof Box
        ? y
        : toValue(y, fn, 2),
    );
    if (watch.on) noteCall(name, [x, y], out); // Where NaN/∞ begin (sandbox only).
    return out;
  }) as BinaryOp;
}

/** Euler's number, 2.718281828459045. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log(np.e)); // 1
 * ``` */
export const e: number = Math.E;
/** π, 3.141592653589793. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.cos(np.pi)); // -1
 * ``` */
export const pi: number = Math.PI;

/** x + y. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.add(2, 3)); // 5
 * ``` */
export const add: BinaryOp = bin("add");
/** x − y. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.subtract(2, 3)); // -1
 * ``` */
export const subtract: BinaryOp = bin("subtract");
/** x · y, elementwise. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.multiply(2, 3)); // 6
 * ``` */
export const multiply: BinaryOp = bin("multiply");
/** x / y. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.divide(3, 2)); // 1.5
 * ``` */
export const divide: BinaryOp = bin("divide");
/** xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.power(2, 10)); // 1024
 * ``` */
export const power: BinaryOp = bin("power");
/** The angle of the point (x, y): `arctan2(y, x)`. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctan2(1, 1)); // 0.7853981633974483
 * ``` */
export const arctan2: BinaryOp = bin("arctan2");
/** The larger of x and y, elementwise (NaN if either is); ties split the derivative. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.maximum(0, -2)); // 0
 * ``` */
export const maximum: BinaryOp = bin("maximum");
/** The smaller of x and y, elementwise. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.minimum(0, -2)); // -2
 * ``` */
export const minimum: BinaryOp = bin("minimum");

/** −x. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.negative(2)); // -2
 * ``` */
export const negative: UnaryOp = un("negative");
/** |x|; its derivative at 0 is 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.abs(-2)); // 2
 * ``` */
export const abs: UnaryOp = un("abs");
/** −1, 0 or 1; derivative 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sign(-2)); // -1
 * ``` */
export const sign: UnaryOp = un("sign");
/** x². @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.square(3)); // 9
 * ``` */
export const square: UnaryOp = un("square");
/** √x; its derivative at 0 is +∞. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sqrt(9)); // 3
 * ``` */
export const sqrt: UnaryOp = un("sqrt");
/** eˣ. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.exp(0)); // 1
 * ``` */
export const exp: UnaryOp = un("exp");
/** eˣ − 1, accurate near 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.expm1(0)); // 0
 * ``` */
export const expm1: UnaryOp = un("expm1");
/** The natural logarithm; log(0) = −∞, its derivative there +∞. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log(1)); // 0
 * ``` */
export const log: UnaryOp = un("log");
/** log(1 + x), accurate near 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log1p(0)); // 0
 * ``` */
export const log1p: UnaryOp = un("log1p");
/** The base-2 logarithm. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log2(8)); // 3
 * ``` */
export const log2: UnaryOp = un("log2");
/** The base-10 logarithm. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log10(100)); // 2
 * ``` */
export const log10: UnaryOp = un("log10");
/** sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sin(0)); // 0
 * ``` */
export const sin: UnaryOp = un("sin");
/** cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.cos(0)); // 1
 * ``` */
export const cos: UnaryOp = un("cos");
/** tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.tan(0)); // 0
 * ``` */
export const tan: UnaryOp = un("tan");
/** inverse sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arcsin(0)); // 0
 * ``` */
export const arcsin: UnaryOp = un("arcsin");
/** inverse cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arccos(1)); // 0
 * ``` */
export const arccos: UnaryOp = un("arccos");
/** inverse tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctan(0)); // 0
 * ``` */
export const arctan: UnaryOp = un("arctan");
/** hyperbolic sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sinh(0)); // 0
 * ``` */
export const sinh: UnaryOp = un("sinh");
/** hyperbolic cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.cosh(0)); // 1
 * ``` */
export const cosh: UnaryOp = un("cosh");
/** hyperbolic tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.tanh(0)); // 0
 * ``` */
export const tanh: UnaryOp = un("tanh");
/** inverse hyperbolic sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arcsinh(0)); // 0
 * ``` */
export const arcsinh: UnaryOp = un("arcsinh");
/** inverse hyperbolic cosine (x ≥ 1). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arccosh(1)); // 0
 * ``` */
export const arccosh: UnaryOp = un("arccosh");
/** inverse hyperbolic tangent (|x| < 1). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctanh(0)); // 0
 * ``` */
export const arctanh: UnaryOp = un("arctanh");
/** 1 / x. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.reciprocal(4)); // 0.25
 * ``` */
export const reciprocal: UnaryOp = un("reciprocal");
