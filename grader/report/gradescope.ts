/**
 * The Gradescope report: the `results.json` an autograder writes to
 * `/autograder/results/results.json`. Optional checks are extra credit
 * (`max_score` 0), which Gradescope adds on top.
 *
 * @module
 */

import type { GradeResult } from "../result.ts";

/**
 * One test in Gradescope's results.json.
 *
 * @example
 * ```ts
 * import type { GradescopeTest } from "./gradescope.ts";
 * const t: GradescopeTest = {
 *   name: "01 · fGrad at 3", score: 1, max_score: 1, status: "passed", output: "", visibility: "visible",
 * };
 * ```
 */
export interface GradescopeTest {
  /** The exercise id and the check's name. */
  name: string;
  /** Points earned. */
  score: number;
  /** Points possible (0 for an optional check: extra credit). */
  max_score: number;
  /** `passed` or `failed`. */
  status: "passed" | "failed";
  /** The message shown to the learner. */
  output: string;
  /** Gradescope visibility: always `visible` (hidden checks' messages reveal nothing). */
  visibility: "visible" | "hidden" | "after_due_date" | "after_published";
  /** The exercise, as a Gradescope test number. */
  number?: string;
}

/**
 * Gradescope's results.json.
 *
 * @example
 * ```ts
 * import type { GradescopeResults } from "./gradescope.ts";
 * const r: GradescopeResults = { score: 0, max_score: 0, output: "", visibility: "visible", tests: [], extra_data: {} };
 * ```
 */
export interface GradescopeResults {
  /** Total points earned, extra credit included. */
  score: number;
  /** Total points possible. */
  max_score: number;
  /** Text shown above the tests. */
  output: string;
  /** Visibility of the whole result. */
  visibility: "visible";
  /** One per check. */
  tests: GradescopeTest[];
  /** The seed and schema version, for reproducing the run. */
  extra_data: Record<string, unknown>;
}

/**
 * Converts a result to Gradescope's results.json.
 *
 * @param result The grading result.
 * @returns The object to write as JSON.
 *
 * @example
 * ```ts
 * import { toGradescope } from "./gradescope.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const r = toGradescope({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * });
 * console.log(r.score, r.tests.length); // 0 0
 * ```
 */
export function toGradescope(result: GradeResult): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const ex of result.exercises) {
    ex.checks.forEach((c, i) => {
      const extra = [
        ...(i === 0 ? ex.problems.filter((p) => p !== c.message) : []),
        ...(i === 0
          ? ex.typeErrors.map((t) =>
            `Type error ${t.code} at line ${t.line}:${t.column}: ${t.message}`
          )
          : []),
      ];
      tests.push({
        name: `${ex.id} · ${c.name}${c.optional ? " (bonus)" : ""}`,
        number: `${ex.id}.${i + 1}`,
        score: c.score,
        max_score: c.optional ? 0 : c.points,
        status: c.passed ? "passed" : "failed",
        output: [c.message, ...extra].filter((s) => s !== "").join("\n"),
        visibility: "visible",
      });
    });
  }
  const lines = result.exercises.map((e) =>
    `${e.id} ${e.title}: ${e.score}/${e.maxScore}`
  );
  return {
    score: result.score,
    max_score: result.maxScore,
    output: `${result.set.title}, seed ${result.seed}\n${lines.join("\n")}`,
    visibility: "visible",
    tests,
    extra_data: {
      seed: result.seed,
      set: result.set.id,
      schema: result.version,
    },
  };
}
