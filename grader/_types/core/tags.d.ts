import { type Value } from "./dual.d.ts";
/** A fresh tag, greater than every tag made before: inner derivatives outrank outer ones. */
export declare function newTag(): number;
/** Marks `tag` as running (the innermost derivative). */
export declare function enterTag(tag: number): void;
/**
 * Marks the innermost running derivative, `_tag`, as finished (see above:
 * derivatives finish innermost first).
 */
export declare function leaveTag(_tag: number): void;
/** Whether `tag` is running. */
export declare function isRunning(tag: number): boolean;
/** Runs `body` with `tag` active: its duals count as live until it returns. */
export declare function withTag<T>(tag: number, body: () => T): T;
/** Refuses duals that belong to no running derivative (a value escaped). */
export declare function checkEscaped(x: unknown, fn: string): void;
/** Splits an output at `tag` into its primal and its k partials. */
export declare function split(out: Value, tag: number, k: number): [Value, Value[]];
