/**
 * The per-learner deadline: one `AbortSignal` over every stage of grading
 * one learner (bundling, the type check, every sandbox run and rerun). Each
 * stage has its own limit too; the deadline bounds their sum, so a learner
 * whose stages each stay just under their limits still cannot hold a class
 * up for longer than it.
 *
 * When it fires, each stage stops what it is doing for the learner (a
 * sandbox or type-check child is killed, an esbuild call is abandoned and
 * its service replaced) and reports what it did not finish with the reason
 * `deadline`; what finished before stands.
 *
 * @module
 */

/**
 * The reason a learner's deadline signal aborts with: the limit, in
 * milliseconds.
 *
 * @example
 * ```ts
 * import { DeadlineReached } from "./_deadline.ts";
 * const reason = new DeadlineReached(120000);
 * console.log(reason.ms, reason.name); // 120000 "DeadlineReached"
 * ```
 */
export class DeadlineReached extends Error {
  /** The learner's time limit, in milliseconds. */
  readonly ms: number;
  /**
   * The reason for a deadline of `ms` milliseconds.
   *
   * @example
   * ```ts
   * import { DeadlineReached } from "./_deadline.ts";
   * console.log(new DeadlineReached(1500).message);
   * // Grading this learner reached its time limit of 1500 ms
   * ```
   */
  constructor(ms: number) {
    super(`Grading this learner reached its time limit of ${limitText(ms)}`);
    this.name = "DeadlineReached";
    this.ms = ms;
  }
}

/** A running deadline: its signal, and a way to stop its timer. */
export interface Deadline {
  /** Aborts with a {@linkcode DeadlineReached} when the time is up. */
  signal: AbortSignal;
  /** Stops the timer (grading is over); the signal never aborts after it. */
  dispose(): void;
}

/**
 * Starts a deadline of `ms` milliseconds from now.
 *
 * @example
 * ```ts
 * import { startDeadline } from "./_deadline.ts";
 * const deadline = startDeadline(60_000);
 * console.log(deadline.signal.aborted); // false
 * deadline.dispose();
 * ```
 */
export function startDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DeadlineReached(ms)),
    ms,
  );
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}

/**
 * Whether `signal` was aborted by a learner's deadline.
 *
 * @example
 * ```ts
 * import { deadlineReached, startDeadline } from "./_deadline.ts";
 * const deadline = startDeadline(60_000);
 * console.log(deadlineReached(deadline.signal)); // false
 * deadline.dispose();
 * ```
 */
export function deadlineReached(
  signal: AbortSignal | undefined,
): signal is AbortSignal & { reason: DeadlineReached } {
  return signal?.aborted === true && signal.reason instanceof DeadlineReached;
}

/**
 * What the learner reads about work their deadline stopped: the limit, and
 * what was happening then.
 *
 * @example
 * ```ts
 * import { deadlineMessage } from "./_deadline.ts";
 * console.log(deadlineMessage(120000, "while bundling"));
 * // Not graded: grading this learner reached its time limit of 120 s in all while bundling
 * ```
 */
export function deadlineMessage(ms: number, doing: string): string {
  return `Not graded: grading this learner reached its time limit of ${
    limitText(ms)
  } in all ${doing}`;
}

function limitText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
