/**
 * Seeded random numbers for hidden points.
 *
 * The grader records one run seed; each check draws from its own stream,
 * seeded from the run seed, the exercise id and the check name, so adding or
 * removing a check never changes the points another check draws.
 *
 * @module
 */

import type { Rng } from "./types.ts";

/**
 * A seeded generator (mulberry32): the same seed gives the same sequence on
 * every platform.
 *
 * @param seed Any finite number; it is hashed, so nearby seeds give
 *   unrelated sequences.
 * @returns An {@linkcode Rng} drawing numbers in [0, 1).
 *
 * @example
 * ```ts
 * import { createRng } from "./rng.ts";
 * import assert from "node:assert/strict";
 * const a = createRng(42), b = createRng(42);
 * assert.equal(a.next(), b.next());
 * ```
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `Cannot seed a random generator: the seed ${seed} is not a finite number`,
    );
  }
  let state = hash32(String(seed));
  return {
    next(): number {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/**
 * The seed of one stream, derived from a run seed and labels (an exercise id
 * and a check name), as an unsigned 32-bit integer.
 *
 * @param seed The run seed.
 * @param labels What the stream belongs to, e.g. `"03"`, `"f1 at hidden points"`.
 * @returns A seed for {@linkcode createRng}.
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./rng.ts";
 * import assert from "node:assert/strict";
 * assert.equal(deriveSeed(7, "01", "f at hidden points"), deriveSeed(7, "01", "f at hidden points"));
 * assert.notEqual(deriveSeed(7, "01", "a"), deriveSeed(7, "01", "b"));
 * ```
 */
export function deriveSeed(seed: number, ...labels: string[]): number {
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `Cannot derive a seed: the run seed ${seed} is not a finite number`,
    );
  }
  // A separator that cannot occur in the labels keeps ("ab", "c") apart from ("a", "bc").
  return hash32(
    [String(seed), ...labels.map((l) => l.replaceAll("\u0000", "\u0000\u0000"))]
      .join("\u0000|"),
  );
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser for avalanche. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
