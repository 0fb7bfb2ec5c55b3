import { type Value } from "./dual.d.ts";
/** One numeric leaf of a tree, with where it sits. */
export interface Leaf {
    /** Where the leaf sits, e.g. `args[0][2]` or `args[0].W`. */
    readonly path: string;
    /** The leaf as a value (typed arrays become 1-d tensors). */
    readonly value: Value;
    /** The primal shape. */
    readonly shape: readonly number[];
    /** The number of elements. */
    readonly size: number;
    /** Where its elements start among all leaves' elements. */
    readonly offset: number;
    /** Whether it came as a typed array (and goes back as one). */
    readonly typed: boolean;
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
/** `leaf` with its elements starting at `offset` instead. */
export declare function shiftLeaf(leaf: Leaf, offset: number): Leaf;
/**
 * Flattens `tree`, naming bad leaves by path: `args[0][2] is a string`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flattenTree } from "./tree.d.ts";
 * const flat = flattenTree([3, { y: 2 }], "args[0]");
 * assert.deepEqual(flat.leaves.map((l) => l.path), ["args[0][0]", "args[0][1].y"]);
 * assert.deepEqual(flat.rebuild([6, 3]), [6, { y: 3 }]);
 * ```
 */
export declare function flattenTree(tree: unknown, path: string, fn?: string): Flat;
