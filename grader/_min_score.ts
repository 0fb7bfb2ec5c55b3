/**
 * The `--min-score` decision, in one place: the exit code and the GitHub
 * Classroom result's status both come from it, so the reporter's check is
 * red exactly when the grading step's is.
 *
 * @module
 */

import type { GradeResult } from "./result.ts";

/**
 * A minimum score: points, or a percentage of the required points; bonus
 * points count towards it only when `countBonus` is set.
 *
 * @example
 * ```ts
 * import type { MinScore } from "./_min_score.ts";
 * const m: MinScore = { value: 80, percent: true, countBonus: false };
 * ```
 */
export interface MinScore {
  /** Points, or a percentage when `percent`. */
  value: number;
  /** Whether `value` is a percentage of the required points. */
  percent: boolean;
  /** Whether earned bonus points count (`--min-score-bonus`). */
  countBonus: boolean;
}

/**
 * Whether a result reaches a minimum score. With no required points, a
 * percentage is always reached.
 *
 * @param result The grading result (`score` counts required points only).
 * @param min The minimum.
 * @returns Whether the points counted reach it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minScoreReached } from "./_min_score.ts";
 * const r = { score: 30, maxScore: 40, bonus: 3 };
 * assert.equal(minScoreReached(r, { value: 75, percent: true, countBonus: false }), true);
 * assert.equal(minScoreReached(r, { value: 33, percent: false, countBonus: false }), false);
 * assert.equal(minScoreReached(r, { value: 33, percent: false, countBonus: true }), true);
 * ```
 */
export function minScoreReached(
  result: Pick<GradeResult, "score" | "maxScore" | "bonus">,
  min: MinScore,
): boolean {
  const earned = result.score + (min.countBonus ? result.bonus : 0);
  if (!min.percent) return earned >= min.value;
  if (result.maxScore === 0) return true;
  return (100 * earned) / result.maxScore >= min.value;
}
