/**
 * The Gradescope report: the `results.json` an autograder writes to
 * `/autograder/results/results.json` (Gradescope's "Autograder
 * Specifications"). Every check is a test with its points as `max_score`
 * and an explicit `status`. Bonus checks are extra credit: tagged `bonus`
 * and named "(extra credit)", their points are earned on top of the
 * assignment's autograder points, which an instructor sets to the required
 * total (`extra_data.maxScore`): the top-level `score` counts both, so a
 * learner with every check passed has, say, 43 of 40. A bonus never fills
 * the gap of a failed required check: while one fails, the bonus tests
 * score 0 (their output says what they earned) and the top-level `score` is
 * the required points, so Gradescope never shows full marks then. Hidden checks (random
 * points) take the visibility asked for: `visible`, `after_due_date`,
 * `after_published` or `hidden`.
 *
 * @module
 */

import { explanationLines, type GradeResult } from "../result.ts";

/**
 * One test in Gradescope's results.json.
 *
 * @example
 * ```ts
 * import type { GradescopeTest } from "./gradescope.ts";
 * const t: GradescopeTest = {
 *   name: "01 · fGrad at 3", score: 1, max_score: 1, status: "passed", output: "", visibility: "visible", tags: [],
 * };
 * ```
 */
export interface GradescopeTest {
  /** The exercise id and the check's name. */
  name: string;
  /** Points earned. */
  score: number;
  /** Points possible (a bonus check's too: they are extra credit on top of the assignment's total). */
  max_score: number;
  /** `passed` or `failed`. */
  status: "passed" | "failed";
  /** The message shown to the learner. */
  output: string;
  /** Gradescope visibility: `visible`, or for a hidden check the one asked for. */
  visibility: GradescopeVisibility;
  /** The exercise, as a Gradescope test number. */
  number?: string;
  /** `bonus` for a bonus check, `hidden` for a check at hidden points. */
  tags: string[];
}

/**
 * When Gradescope shows a test to the learner.
 *
 * @example
 * ```ts
 * import type { GradescopeVisibility } from "./gradescope.ts";
 * const v: GradescopeVisibility = "after_due_date";
 * ```
 */
export type GradescopeVisibility =
  | "visible"
  | "hidden"
  | "after_due_date"
  | "after_published";

/**
 * Every Gradescope visibility, for checking a flag's value.
 *
 * @example
 * ```ts
 * import { GRADESCOPE_VISIBILITIES } from "./gradescope.ts";
 * console.log(GRADESCOPE_VISIBILITIES.includes("hidden")); // true
 * ```
 */
export const GRADESCOPE_VISIBILITIES: readonly GradescopeVisibility[] = [
  "visible",
  "after_due_date",
  "after_published",
  "hidden",
];

/**
 * Gradescope's results.json.
 *
 * @example
 * ```ts
 * import type { GradescopeResults } from "./gradescope.ts";
 * const r: GradescopeResults = {
 *   score: 0, output: "", visibility: "visible", tests: [],
 *   extra_data: { seed: 1, set: "autograd", schema: 1, maxScore: 0, requiredScore: 0, bonus: 0, bonusMax: 0 },
 * };
 * ```
 */
export interface GradescopeResults {
  /** Total points earned, extra credit included (it overrides the tests' sum). */
  score: number;
  /** Text shown above the tests. */
  output: string;
  /** Visibility of the whole result. */
  visibility: "visible";
  /** One per check. */
  tests: GradescopeTest[];
  /** The seed, the set and schema version (for regrading), and the required and bonus totals. */
  extra_data: {
    seed: number;
    set: string;
    schema: number;
    /** Points of the required checks: the assignment's autograder points. */
    maxScore: number;
    /** Required points earned. */
    requiredScore: number;
    /** Bonus points earned. */
    bonus: number;
    /** Bonus points available. */
    bonusMax: number;
  };
}

/**
 * Converts a result to Gradescope's results.json.
 *
 * @param result The grading result.
 * @param options `hidden`: the visibility of checks at hidden points (default `visible`).
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
 * }, { hidden: "after_due_date" });
 * console.log(r.score, r.tests.length); // 0 0
 * ```
 */
export function toGradescope(
  result: GradeResult,
  options: { hidden?: GradescopeVisibility } = {},
): GradescopeResults {
  const hidden = options.hidden ?? "visible";
  const tests: GradescopeTest[] = [];
  // Extra credit counts only once every required check has passed.
  const requiredMissed = result.exercises.some((e) =>
    e.checks.some((c) => !c.optional && !c.passed)
  );
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
      const tags = [
        ...(c.optional ? ["bonus"] : []),
        ...(c.visibility === "hidden" ? ["hidden"] : []),
      ];
      const withheld = c.optional && requiredMissed && c.score > 0;
      tests.push({
        name: `${ex.id} · ${c.name}${c.optional ? " (extra credit)" : ""}`,
        number: `${ex.id}.${i + 1}`,
        score: withheld ? 0 : c.score,
        max_score: c.points,
        status: c.passed ? "passed" : "failed",
        output: [
          withheld
            ? `Extra credit earned: ${c.score} point${
              c.score === 1 ? "" : "s"
            }, counted once every required check passes`
            : "",
          c.message,
          ...explanationLines(c),
          ...extra,
        ].filter((s) => s !== "").join("\n"),
        visibility: c.visibility === "hidden" ? hidden : "visible",
        tags,
      });
    });
  }
  const { required, bonus } = totals(result);
  const lines = result.exercises.map((e) => {
    const t = totals({ exercises: [e] });
    return `${e.id} ${e.title}: ${t.required}/${e.maxScore}${
      e.bonusMax > 0 ? ` + ${t.bonus}/${e.bonusMax} extra credit` : ""
    }`;
  });
  return {
    score: required + (requiredMissed ? 0 : bonus),
    output: `${result.set.title}, seed ${result.seed}\n${lines.join("\n")}`,
    visibility: "visible",
    tests,
    extra_data: {
      seed: result.seed,
      set: result.set.id,
      schema: result.version,
      maxScore: result.maxScore,
      requiredScore: required,
      bonus,
      bonusMax: result.bonusMax,
    },
  };
}

/** Required and bonus points earned, summed from the checks themselves. */
function totals(
  result: Pick<GradeResult, "exercises">,
): { required: number; bonus: number } {
  let required = 0;
  let bonus = 0;
  for (const ex of result.exercises) {
    for (const c of ex.checks) {
      if (c.optional) bonus += c.score;
      else required += c.score;
    }
  }
  return { required, bonus };
}
