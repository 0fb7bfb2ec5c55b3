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
import {
  binaryScalar,
  ScalarDual,
  unaryNumbers,
  unaryScalar,
} from "../scalar_dual.ts";
import {
  type BinaryRule,
  binaryRules,
  type UnaryRule,
  unaryRules,
} from "../rules.ts";
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

// Each op below is its own function, with its rule row in a module
// constant: V8 then specialises each op's code to its row (the row's f and
// f′ inlined), where one closure shared by every op saw all rows at one call
// site and called them megamorphically. Compact duals (a learner's scalar
// function under grad) take the small fast paths of `scalar_dual.ts` first;
// numbers and duals, the other common operands, skip the conversion call.

function unaryOp(r: UnaryRule, x: unknown): Value {
  const out = x instanceof ScalarDual
    ? unaryScalar(r, x)
    : (x instanceof Dual ? unaryNumbers(r, x) : undefined) ?? unary(
      r,
      typeof x === "number" || x instanceof Dual || x instanceof Box
        ? x
        : toValue(x, `np.${r.name}`),
    );
  if (watch.on) noteCall(r.name, [x], out); // Where NaN/∞ begin (sandbox only).
  return out;
}

function binaryOp(r: BinaryRule, x: unknown, y: unknown): Value {
  const out = binaryScalar(r, x, y) ?? binaryLift(r, x, y);
  if (watch.on) noteCall(r.name, [x, y], out); // Where NaN/∞ begin (sandbox only).
  return out;
}

function binaryLift(r: BinaryRule, x: unknown, y: unknown): Value {
  return binary(
    r,
    typeof x === "number" || x instanceof Dual || x instanceof Box
      ? x
      : toValue(x, `np.${r.name}`, 1),
    typeof y === "number" || y instanceof Dual || y instanceof Box
      ? y
      : toValue(y, `np.${r.name}`, 2),
  );
}

const B_ADD = binaryRules.add;
const B_SUBTRACT = binaryRules.subtract;
const B_MULTIPLY = binaryRules.multiply;
const B_DIVIDE = binaryRules.divide;
const B_POWER = binaryRules.power;
const B_ARCTAN2 = binaryRules.arctan2;
const B_MAXIMUM = binaryRules.maximum;
const B_MINIMUM = binaryRules.minimum;
const U_NEGATIVE = unaryRules.negative;
const U_ABS = unaryRules.abs;
const U_SIGN = unaryRules.sign;
const U_SQUARE = unaryRules.square;
const U_SQRT = unaryRules.sqrt;
const U_EXP = unaryRules.exp;
const U_EXPM1 = unaryRules.expm1;
const U_LOG = unaryRules.log;
const U_LOG1P = unaryRules.log1p;
const U_LOG2 = unaryRules.log2;
const U_LOG10 = unaryRules.log10;
const U_SIN = unaryRules.sin;
const U_COS = unaryRules.cos;
const U_TAN = unaryRules.tan;
const U_ARCSIN = unaryRules.arcsin;
const U_ARCCOS = unaryRules.arccos;
const U_ARCTAN = unaryRules.arctan;
const U_SINH = unaryRules.sinh;
const U_COSH = unaryRules.cosh;
const U_TANH = unaryRules.tanh;
const U_ARCSINH = unaryRules.arcsinh;
const U_ARCCOSH = unaryRules.arccosh;
const U_ARCTANH = unaryRules.arctanh;
const U_RECIPROCAL = unaryRules.reciprocal;

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
export const add: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_ADD, x, y)) as BinaryOp;
/** x − y. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.subtract(2, 3)); // -1
 * ``` */
export const subtract: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_SUBTRACT, x, y)) as BinaryOp;
/** x · y, elementwise. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.multiply(2, 3)); // 6
 * ``` */
export const multiply: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_MULTIPLY, x, y)) as BinaryOp;
/** x / y. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.divide(3, 2)); // 1.5
 * ``` */
export const divide: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_DIVIDE, x, y)) as BinaryOp;
/** xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.power(2, 10)); // 1024
 * ``` */
export const power: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_POWER, x, y)) as BinaryOp;
/** The angle of the point (x, y): `arctan2(y, x)`. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctan2(1, 1)); // 0.7853981633974483
 * ``` */
export const arctan2: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_ARCTAN2, x, y)) as BinaryOp;
/** The larger of x and y, elementwise (NaN if either is); ties split the derivative. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.maximum(0, -2)); // 0
 * ``` */
export const maximum: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_MAXIMUM, x, y)) as BinaryOp;
/** The smaller of x and y, elementwise. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.minimum(0, -2)); // -2
 * ``` */
export const minimum: BinaryOp =
  ((x: unknown, y: unknown) => binaryOp(B_MINIMUM, x, y)) as BinaryOp;

/** −x. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.negative(2)); // -2
 * ``` */
export const negative: UnaryOp =
  ((x: unknown) => unaryOp(U_NEGATIVE, x)) as UnaryOp;
/** |x|; its derivative at 0 is 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.abs(-2)); // 2
 * ``` */
export const abs: UnaryOp = ((x: unknown) => unaryOp(U_ABS, x)) as UnaryOp;
/** −1, 0 or 1; derivative 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sign(-2)); // -1
 * ``` */
export const sign: UnaryOp = ((x: unknown) => unaryOp(U_SIGN, x)) as UnaryOp;
/** x². @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.square(3)); // 9
 * ``` */
export const square: UnaryOp =
  ((x: unknown) => unaryOp(U_SQUARE, x)) as UnaryOp;
/** √x; its derivative at 0 is +∞. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sqrt(9)); // 3
 * ``` */
export const sqrt: UnaryOp = ((x: unknown) => unaryOp(U_SQRT, x)) as UnaryOp;
/** eˣ. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.exp(0)); // 1
 * ``` */
export const exp: UnaryOp = ((x: unknown) => unaryOp(U_EXP, x)) as UnaryOp;
/** eˣ − 1, accurate near 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.expm1(0)); // 0
 * ``` */
export const expm1: UnaryOp = ((x: unknown) => unaryOp(U_EXPM1, x)) as UnaryOp;
/** The natural logarithm; log(0) = −∞, its derivative there +∞. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log(1)); // 0
 * ``` */
export const log: UnaryOp = ((x: unknown) => unaryOp(U_LOG, x)) as UnaryOp;
/** log(1 + x), accurate near 0. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log1p(0)); // 0
 * ``` */
export const log1p: UnaryOp = ((x: unknown) => unaryOp(U_LOG1P, x)) as UnaryOp;
/** The base-2 logarithm. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log2(8)); // 3
 * ``` */
export const log2: UnaryOp = ((x: unknown) => unaryOp(U_LOG2, x)) as UnaryOp;
/** The base-10 logarithm. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.log10(100)); // 2
 * ``` */
export const log10: UnaryOp = ((x: unknown) => unaryOp(U_LOG10, x)) as UnaryOp;
/** sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sin(0)); // 0
 * ``` */
export const sin: UnaryOp = ((x: unknown) => unaryOp(U_SIN, x)) as UnaryOp;
/** cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.cos(0)); // 1
 * ``` */
export const cos: UnaryOp = ((x: unknown) => unaryOp(U_COS, x)) as UnaryOp;
/** tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.tan(0)); // 0
 * ``` */
export const tan: UnaryOp = ((x: unknown) => unaryOp(U_TAN, x)) as UnaryOp;
/** inverse sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arcsin(0)); // 0
 * ``` */
export const arcsin: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCSIN, x)) as UnaryOp;
/** inverse cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arccos(1)); // 0
 * ``` */
export const arccos: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCCOS, x)) as UnaryOp;
/** inverse tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctan(0)); // 0
 * ``` */
export const arctan: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCTAN, x)) as UnaryOp;
/** hyperbolic sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.sinh(0)); // 0
 * ``` */
export const sinh: UnaryOp = ((x: unknown) => unaryOp(U_SINH, x)) as UnaryOp;
/** hyperbolic cosine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.cosh(0)); // 1
 * ``` */
export const cosh: UnaryOp = ((x: unknown) => unaryOp(U_COSH, x)) as UnaryOp;
/** hyperbolic tangent. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.tanh(0)); // 0
 * ``` */
export const tanh: UnaryOp = ((x: unknown) => unaryOp(U_TANH, x)) as UnaryOp;
/** inverse hyperbolic sine. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arcsinh(0)); // 0
 * ``` */
export const arcsinh: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCSINH, x)) as UnaryOp;
/** inverse hyperbolic cosine (x ≥ 1). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arccosh(1)); // 0
 * ``` */
export const arccosh: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCCOSH, x)) as UnaryOp;
/** inverse hyperbolic tangent (|x| < 1). @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arctanh(0)); // 0
 * ``` */
export const arctanh: UnaryOp =
  ((x: unknown) => unaryOp(U_ARCTANH, x)) as UnaryOp;
/** 1 / x. @example ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.reciprocal(4)); // 0.25
 * ``` */
export const reciprocal: UnaryOp =
  ((x: unknown) => unaryOp(U_RECIPROCAL, x)) as UnaryOp;
