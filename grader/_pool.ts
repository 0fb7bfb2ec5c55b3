/**
 * The one worker pool of the grader: a learner's exercises in
 * `grade.ts` and a class's learners in `batch.ts` both run through
 * {@linkcode runPool}, as do the sandbox's reruns of exercises alone.
 *
 * @module
 */

/**
 * Options of {@linkcode runPool}.
 *
 * @example
 * ```ts
 * import type { PoolOptions } from "./_pool.ts";
 * const o: PoolOptions = { concurrency: 2, stopped: () => false };
 * ```
 */
export interface PoolOptions {
  /** How many items are worked on at once (at least 1). */
  concurrency: number;
  /** When it returns true, no further item is started. */
  stopped?: () => boolean;
}

/**
 * Works through `items` with at most `concurrency` at once, in order of
 * start. Waits for every started item before returning, so nothing is
 * still running afterwards; the first failure is rethrown then.
 *
 * @param items What to work on.
 * @param work The work for one item.
 * @param options Concurrency and an optional stop signal.
 *
 * @example
 * ```ts
 * import { runPool } from "./_pool.ts";
 * import assert from "node:assert/strict";
 * const seen: number[] = [];
 * await runPool([1, 2, 3], async (n) => { seen.push(n); }, { concurrency: 2 });
 * assert.deepEqual(seen.sort(), [1, 2, 3]);
 * ```
 */
export async function runPool<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  options: PoolOptions,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !(options.stopped?.() ?? false)) {
      await work(items[next++]);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency, items.length));
  const settled = await Promise.allSettled(
    Array.from({ length: width }, worker),
  );
  const failed = settled.find((s): s is PromiseRejectedResult =>
    s.status === "rejected"
  );
  if (failed) throw failed.reason;
}
