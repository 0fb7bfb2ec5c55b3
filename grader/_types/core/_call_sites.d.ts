/**
 * Copies of one small function, so that each `grad(f)` of a number gets a
 * call to `f` of its own.
 *
 * V8 keeps what it learns about a call (which function it calls) per
 * function literal, not per closure: every `grad(f)` made from one literal
 * shares one record of every `f` it has called, and once it has seen more
 * than four, V8 stops inlining `f` into the caller. Inlined, `f`'s compact
 * duals (the seed, every intermediate, the result) live in registers and
 * are never allocated; called, at least the seed and the result are.
 * Handing out these copies in turn gives each of the first eight
 * derivatives of a number made in a process a call site of its own; from
 * the ninth on they share again (measured: with twelve, as slow as one
 * shared literal).
 *
 * Measured with a scratch probe (Deno 2.9, best of 15 batches of CPU
 * time): grad of (x − 10)² with five gradients made in the process, 20 ns a
 * call through one shared literal, 11 ns through a copy each; with one
 * gradient in the process, 9 ns either way.
 *
 * The copies are the same code, character for character; a test checks
 * that, and runs every copy.
 *
 * @module
 */
import type { AnyFn } from "./_apiutils.d.ts";
/**
 * Reads f's output at `tag` when it is not a compact dual of `tag` (a
 * value for grad, a tree of tangents for deriv).
 */
export type TangentOf = (out: unknown, tag: number, fn: string) => unknown;
/** f′(x) for a number x: f at a compact dual seeded with tangent 1. */
export type DerivativeAt = (x: number) => unknown;
/**
 * f′ at a number, through the next copy of the call site (in turn).
 * `rest` reads any output other than a compact dual of the derivative.
 *
 * @example
 * ```ts
 * import { derivativeAt } from "./_call_sites.d.ts";
 * import { np } from "../mod.d.ts";
 * const d = derivativeAt((x) => np.multiply(x, x), () => NaN, "grad");
 * console.log(d(3)); // 6
 * ```
 */
export declare function derivativeAt(f: AnyFn, rest: TangentOf, fn: string): DerivativeAt;
/** How many copies there are (for the test that runs each). */
export declare const SITE_COUNT: number;
