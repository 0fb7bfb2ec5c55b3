import { type AnyFn } from "./_apiutils.d.ts";
import { Box } from "./box.d.ts";
import { type Value } from "./dual.d.ts";
import type { Flat, Leaf } from "./tree.d.ts";
export declare function addValues(a: Value, b: Value): Value;
/** A zero adjoint for a leaf that the output does not depend on. */
export declare function zeroLike(l: Leaf): Value;
/** A one-hot adjoint seed shaped like `v`'s primal. */
export declare function seedAt(v: Value, q: number): Value;
/** Records f on a tape with the selected leaves boxed. */
export declare function record(f: AnyFn, args: unknown[], argnum: number | readonly number[], flat: Flat, fn: string): {
    tag: number;
    boxes: Box[];
    out: unknown;
};
/** Each leaf's adjoint when `out` (an output leaf) is seeded with `seed`. */
export declare function pullback(out: Value, tag: number, seed: Value, flat: Flat, boxes: Box[]): Value[];
/** Value and gradient in reverse mode: one recorded call, one backward pass. */
export declare function reverseGradient(f: AnyFn, args: unknown[], argnum: number | readonly number[], flat: Flat, fn: string): [Value, unknown];
/**
 * The Jacobian in reverse mode: one recorded call and a backward pass per
 * output element. Null when the output has at least as many elements as
 * the input, where forward mode is cheaper (and `forced` is false).
 */
export declare function reverseJacobian(f: AnyFn, args: unknown[], argnum: number | readonly number[], flat: Flat, fn: string, forced: boolean): {
    result: unknown;
} | null;
/** Stacks per-output-element adjoints (each shaped like the input) into O + I. */
export declare function rowBlock(so: readonly number[], si: readonly number[], rows: Value[]): Value;
