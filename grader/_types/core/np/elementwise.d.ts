/**
 * np's elementwise functions: one per row of the rule table in `rules.ts`,
 * numbers in give numbers out.
 *
 * @module
 */
import { type Operand } from "../_convert.d.ts";
import { Dual, type Value } from "../dual.d.ts";
import type { HyperDual } from "../hyperdual.d.ts";
import { type BinaryName, type UnaryName } from "../rules.d.ts";
import { Tensor } from "../tensor.d.ts";
/**
 * A one-argument elementwise function: numbers give numbers, tensors
 * tensors, duals duals.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.d.ts";
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
 * import { np } from "../../mod.d.ts";
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
    (x: Tensor | number | readonly Operand[], y: Tensor | number | readonly Operand[]): Tensor;
    /** On anything. */
    (x: Operand, y: Operand): Value;
}
export type { BinaryName, UnaryName } from "../rules.d.ts";
/**
 * np's elementwise functions as one type, derived from the rule table's
 * keys: a row added to `core/rules.ts` is a function of this type (and
 * `deno task gen:np` writes its declaration below).
 *
 * @example
 * ```ts
 * import { np } from "../../mod.d.ts";
 * const f: np.Elementwise["tanh"] = np.tanh;
 * const g: np.Elementwise["add"] = np.add;
 * console.log(f(0), g(1, 2)); // 0 3
 * ```
 */
export type Elementwise = {
    readonly [K in UnaryName]: UnaryOp;
} & {
    readonly [K in BinaryName]: BinaryOp;
};
/** Euler's number, 2.718281828459045. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.log(np.e)); // 1
 * ``` */
export declare const e: number;
/** π, 3.141592653589793. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.cos(np.pi)); // -1
 * ``` */
export declare const pi: number;
/** x + y. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.add(2, 3)); // 5
 * ``` */
export declare const add: BinaryOp;
/** x − y. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.subtract(2, 3)); // -1
 * ``` */
export declare const subtract: BinaryOp;
/** x · y, elementwise. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.multiply(2, 3)); // 6
 * ``` */
export declare const multiply: BinaryOp;
/** x / y. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.divide(3, 2)); // 1.5
 * ``` */
export declare const divide: BinaryOp;
/** xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases). @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.power(2, 10)); // 1024
 * ``` */
export declare const power: BinaryOp;
/** The angle of the point (x, y): `arctan2(y, x)`. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arctan2(1, 1)); // 0.7853981633974483
 * ``` */
export declare const arctan2: BinaryOp;
/** The larger of x and y, elementwise (NaN if either is); ties split the derivative. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.maximum(0, -2)); // 0
 * ``` */
export declare const maximum: BinaryOp;
/** The smaller of x and y, elementwise. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.minimum(0, -2)); // -2
 * ``` */
export declare const minimum: BinaryOp;
/** −x. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.negative(2)); // -2
 * ``` */
export declare const negative: UnaryOp;
/** |x|; its derivative at 0 is 0. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.abs(-2)); // 2
 * ``` */
export declare const abs: UnaryOp;
/** −1, 0 or 1; derivative 0. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.sign(-2)); // -1
 * ``` */
export declare const sign: UnaryOp;
/** x². @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.square(3)); // 9
 * ``` */
export declare const square: UnaryOp;
/** √x; its derivative at 0 is +∞. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.sqrt(9)); // 3
 * ``` */
export declare const sqrt: UnaryOp;
/** eˣ. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.exp(0)); // 1
 * ``` */
export declare const exp: UnaryOp;
/** eˣ − 1, accurate near 0. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.expm1(0)); // 0
 * ``` */
export declare const expm1: UnaryOp;
/** The natural logarithm; log(0) = −∞, its derivative there +∞. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.log(1)); // 0
 * ``` */
export declare const log: UnaryOp;
/** log(1 + x), accurate near 0. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.log1p(0)); // 0
 * ``` */
export declare const log1p: UnaryOp;
/** The base-2 logarithm. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.log2(8)); // 3
 * ``` */
export declare const log2: UnaryOp;
/** The base-10 logarithm. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.log10(100)); // 2
 * ``` */
export declare const log10: UnaryOp;
/** sine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.sin(0)); // 0
 * ``` */
export declare const sin: UnaryOp;
/** cosine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.cos(0)); // 1
 * ``` */
export declare const cos: UnaryOp;
/** tangent. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.tan(0)); // 0
 * ``` */
export declare const tan: UnaryOp;
/** inverse sine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arcsin(0)); // 0
 * ``` */
export declare const arcsin: UnaryOp;
/** inverse cosine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arccos(1)); // 0
 * ``` */
export declare const arccos: UnaryOp;
/** inverse tangent. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arctan(0)); // 0
 * ``` */
export declare const arctan: UnaryOp;
/** hyperbolic sine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.sinh(0)); // 0
 * ``` */
export declare const sinh: UnaryOp;
/** hyperbolic cosine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.cosh(0)); // 1
 * ``` */
export declare const cosh: UnaryOp;
/** hyperbolic tangent. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.tanh(0)); // 0
 * ``` */
export declare const tanh: UnaryOp;
/** inverse hyperbolic sine. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arcsinh(0)); // 0
 * ``` */
export declare const arcsinh: UnaryOp;
/** inverse hyperbolic cosine (x ≥ 1). @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arccosh(1)); // 0
 * ``` */
export declare const arccosh: UnaryOp;
/** inverse hyperbolic tangent (|x| < 1). @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.arctanh(0)); // 0
 * ``` */
export declare const arctanh: UnaryOp;
/** 1 / x. @example ```ts
 * import { np } from "../../mod.d.ts";
 * console.log(np.reciprocal(4)); // 0.25
 * ``` */
export declare const reciprocal: UnaryOp;
