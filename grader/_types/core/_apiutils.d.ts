import { type Value } from "./dual.d.ts";
import { type GradOptions } from "./config.d.ts";
import { Tensor } from "./tensor.d.ts";
import { type Flat, type Leaf } from "./tree.d.ts";
export type AnyFn = (...args: any[]) => any;
export declare function checkFunction(f: unknown, fn: string): void;
export declare function checkArgnum(argnum: number, args: unknown[], fn: string): void;
/** The selected arguments flattened as one tree. */
export declare function selectArgs(args: unknown[], argnum: number | readonly number[], fn: string): Flat;
/** The arguments with the selected ones replaced by `values` at their leaves. */
export declare function substitute(args: unknown[], argnum: number | readonly number[], flat: Flat, values: unknown[]): unknown[];
export declare function oneHot(shape: readonly number[], at: number): Tensor;
/** Seeds one chunk of directions [start, start + k) over the leaves. */
export declare function seedChunk(flat: Flat, tag: number, start: number, k: number): unknown[];
/** Calls f, refusing asynchronous functions. */
export declare function callSync(f: AnyFn, args: unknown[], fn: string): unknown;
/** Checks that an output is a number-like value and returns it. */
export declare function asOutputValue(out: unknown, fn: string, what: string): Value;
export declare function scalarOutput(out: unknown, fn: string): Value;
/** Assembles per-element partials into a leaf's shape. */
export declare function assemble(leaf: Leaf, parts: Value[]): Value;
/**
 * Calls f once per chunk of at most `chunkSize` input directions, each with
 * a fresh tag that stays active while `take` reads the output. With no input
 * elements, f is called once with the arguments as they are.
 */
export declare function inChunks(f: AnyFn, args: unknown[], argnum: number | readonly number[], flat: Flat, options: GradOptions, fn: string, take: (out: unknown, tag: number, start: number, width: number) => void): void;
/** Seeds every leaf with a single tangent taken from `tangents` (leaf values). */
export declare function seedSingle(flat: Flat, tag: number, tangents: Value[]): unknown[];
/** The tangent of an output tree at `tag` (one direction). */
export declare function tangentTree(out: unknown, tag: number, fn: string): [unknown, unknown];
export declare function flattenOutput(out: unknown, fn: string): Flat;
/** The leaves of `v`, checked against the leaves of the argument. */
export declare function tangentLeaves(flat: Flat, v: unknown, fn: string): Value[];
export declare function count(n: number, one: string, many: string): string;
