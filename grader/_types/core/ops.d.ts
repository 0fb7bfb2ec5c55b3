import { methodOps } from "./arith.d.ts";
import { methodsTable, type Value } from "./dual.d.ts";
import { type BinaryRule, type RuleOps, type UnaryRule } from "./rules.d.ts";
import { Tensor } from "./tensor.d.ts";
/** A number or a Tensor: the values with no derivative attached. */
export type Plain = number | Tensor;
/** The derivative level of a value: 0 plain, 1 hyper-dual, a dual's tag. */
export declare function levelOf(x: Value): number;
/** The shape of any value's primal. */
export declare function shapeOf(x: Value): readonly number[];
/** The plain primal of any value. */
export declare function primal(x: Value): Plain;
/** Zero shaped like the primal of `x`. */
export declare function zerosLike(x: Value): Plain;
/** Applies an elementwise rule to any value. */
export declare function unary(r: UnaryRule, x: Value): Value;
/** Applies a two-argument elementwise rule to any values, with broadcasting. */
export declare function binary(r: BinaryRule, x: Value, y: Value): Value;
/** Applies a linear map of plain values to any value, partials included. */
export declare function linear(x: Value, f: (p: Plain) => Plain): Value;
/** Applies a linear map of several plain values (concatenate, stack …) to any values. */
export declare function linearN(xs: Value[], f: (ps: Plain[]) => Plain): Value;
/** Applies a bilinear map of plain values (matmul, outer …) to any values. */
export declare function bilinear(x: Value, y: Value, f: (a: Plain, b: Plain) => Plain): Value;
/** The ops the rule table's generic derivatives are written in. */
export declare const ruleOps: RuleOps;
/** Describes what kind of thing `x` is, for error messages. */
export declare function describe(x: unknown): string;
export { methodOps, methodsTable };
