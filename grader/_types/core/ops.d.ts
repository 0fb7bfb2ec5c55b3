import { methodOps } from "./arith.d.ts";
import { Box } from "./box.d.ts";
import { methodsTable, type Value } from "./dual.d.ts";
import { type BilinearRule, type LinearNRule, type LinearRule } from "./linear_rules.d.ts";
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
/**
 * {@linkcode binary} for operands already offered to `binaryScalar` (np's
 * entry does that before converting arrays): the lift by level.
 */
export declare function binaryLifted(r: BinaryRule, x: Value, y: Value): Value;
/** Broadcasting's sum: an adjoint summed down to an operand's shape. */
export declare function unbroadcast(g: Value, shape: readonly number[], number: boolean): Value;
/**
 * A binary row on boxes of plain values of one tape, or a box and a plain
 * value (a first-order gradient's, the common case), recorded by
 * {@linkcode boxBinary} itself; null for anything else (a dual, a box of a
 * dual, boxes of two derivatives), which takes the general lift. np's
 * generated functions come here before their general entry and skip its
 * dispatch: its conversions, the compact-dual cases and the levels. The
 * network benchmark's gradient went from 1.99× to 1.90× the hand-written
 * one at 2 hidden units with add, subtract and multiply through here
 * (interleaved, medians of five runs, Deno 2.9).
 */
export declare function boxLane(r: BinaryRule, x: unknown, y: unknown): Box | null;
/** Applies a linear row to any value: partials included, adjoint recorded. */
export declare function linear<P>(rule: LinearRule<P>, x: Value, o: P): Value;
/** Applies a linear row of several inputs (concatenate, where …) to any values. */
export declare function linearN<P>(rule: LinearNRule<P>, xs: Value[], o: P): Value;
/** Applies a bilinear row (matmul) to any values. */
export declare function bilinear(rule: BilinearRule, x: Value, y: Value): Value;
/** The ops the rule table's generic derivatives are written in. */
export declare const ruleOps: RuleOps;
/** Describes what kind of thing `x` is, for error messages. */
export declare function describe(x: unknown): string;
export { methodOps, methodsTable };
