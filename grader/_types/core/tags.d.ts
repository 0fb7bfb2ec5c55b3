import { type Value } from "./dual.d.ts";
/** A fresh tag, greater than every tag made before: inner derivatives outrank outer ones. */
export declare function newTag(): number;
/** Tags of the derivatives currently being evaluated (a stack: they nest). */
export declare const activeTags: {
    stack: number[];
    /** Marks `tag` as running. */
    add(tag: number): void;
    /** Marks `tag` as finished. */
    delete(tag: number): void;
    /** Whether `tag` is running. */
    has(tag: number): boolean;
};
/** Runs `body` with `tag` active: its duals count as live until it returns. */
export declare function withTag<T>(tag: number, body: () => T): T;
/** Refuses duals that belong to no running derivative (a value escaped). */
export declare function checkEscaped(x: unknown, fn: string): void;
/** Splits an output at `tag` into its primal and its k partials. */
export declare function split(out: Value, tag: number, k: number): [Value, Value[]];
