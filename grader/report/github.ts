/**
 * Reports for GitHub Actions: a Markdown job summary, annotations on the
 * lines of the learner's files where checks fail (`::error` for required
 * checks, `::warning` for bonus checks and type errors; at most
 * {@linkcode ANNOTATIONS_PER_STEP}, as GitHub shows no more), and the GitHub
 * Classroom `result` step output (base64 JSON). Under a failing check's
 * message, the summary and the annotation both say what it probably is (the
 * diagnosis) and the author's hint; an annotation's title is cut to GitHub's
 * 255 characters and its message to 4000.
 *
 * @module
 */

import { exercisePictures } from "./pictures.ts";
import { relative } from "node:path";
import { type MinScore, minScoreReached } from "../_min_score.ts";
import { explanationLines, type GradeResult } from "../result.ts";
import { cleanResult } from "../_sanitize.ts";

/**
 * The GitHub Classroom result, before base64 encoding.
 *
 * @example
 * ```ts
 * import type { ClassroomResult } from "./github.ts";
 * const r: ClassroomResult = { version: 1, status: "pass", max_score: 0, tests: [] };
 * ```
 */
export interface ClassroomResult {
  /** The format's version: 1. */
  version: 1;
  /** `pass` when every required check passed, `fail` otherwise, `error` when a module could not run. */
  status: "pass" | "fail" | "error";
  /** Total points possible. */
  max_score: number;
  /** One per check. */
  tests: {
    name: string;
    status: "pass" | "fail" | "error";
    score: number;
    max_score: number;
    message: string;
    line_no: number;
    filename: string;
  }[];
}

/**
 * The Markdown job summary.
 *
 * @param result The grading result.
 * @returns Markdown for `$GITHUB_STEP_SUMMARY`.
 *
 * @example
 * ```ts
 * import { githubSummary } from "./github.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const md = githubSummary({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * });
 * console.log(md.startsWith("## ")); // true
 * ```
 */
export function githubSummary(result: GradeResult): string {
  result = cleanResult(result);
  const out: string[] = [];
  const mark = result.passed ? "✅" : "❌";
  // Required points and bonus points apart: a bonus never fills a gap.
  const bonus = result.bonusMax > 0
    ? ` · bonus ${result.bonus}/${result.bonusMax}`
    : "";
  out.push(
    `## ${mark} ${
      md(result.set.title)
    }: ${result.score}/${result.maxScore}${bonus}`,
  );
  out.push("");
  out.push(`Seed \`${result.seed}\` · ${result.exercises.length} exercises`);
  out.push("");
  out.push("| Exercise | Score | Checks | Status |");
  out.push("| --- | ---: | ---: | --- |");
  for (const ex of result.exercises) {
    const passed = ex.checks.filter((c) => c.passed).length;
    const required = ex.score;
    const status = ex.run !== "ok"
      ? `⚠️ ${ex.run}`
      : required >= ex.maxScore
      ? "✅"
      : "❌";
    const bonus = ex.bonusMax > 0 ? ` +${ex.bonus} bonus` : "";
    out.push(
      `| ${
        md(`${ex.id} ${ex.title}`)
      } | ${required}/${ex.maxScore}${bonus} | ${passed}/${ex.checks.length} | ${status} |`,
    );
  }
  const failing = result.exercises.filter((e) =>
    e.problems.length > 0 || e.checks.some((c) => !c.passed) ||
    e.typeErrors.length > 0
  );
  for (const ex of failing) {
    out.push("");
    out.push(`### ${md(`${ex.id} ${ex.title}`)}`);
    out.push("");
    for (const p of ex.problems) out.push(`- ⚠️ ${md(p)}`);
    for (const c of ex.checks.filter((c) => !c.passed)) {
      const text = c.message && !ex.problems.includes(c.message)
        ? `: ${md(c.message)}`
        : "";
      out.push(
        `- ${c.optional ? "➖" : "❌"} **${md(c.name)}** (${c.points} pt${
          c.points === 1 ? "" : "s"
        })${text}`,
      );
      for (const line of explanationLines(c)) out.push(`  - ${md(line)}`);
    }
    for (const t of ex.typeErrors) {
      out.push(`- 🔶 type error ${t.code} at line ${t.line}: ${md(t.message)}`);
    }
    // The HTML report's pictures in their text form: a summary cannot show SVG.
    for (const p of exercisePictures(ex).filter((p) => p.failing)) {
      out.push(`- 📈 ${md(p.summary)}`);
      if (p.strip) out.push(`  \`${p.strip}\``);
    }
  }
  const { omitted } = planAnnotations(result, result.folder);
  if (omitted > 0) out.push("", `> ${md(leftOutText(omitted))}.`);
  out.push("");
  out.push(`**Total: ${result.score}/${result.maxScore}${bonus}**`);
  return out.join("\n") + "\n";
}

/**
 * How many annotations one step may print: GitHub shows 10 errors, 10
 * warnings and 10 notices per step and drops the rest unordered, so the
 * grader prints at most 10 in all, the most important first.
 *
 * @example
 * ```ts
 * import { ANNOTATIONS_PER_STEP } from "./github.ts";
 * console.log(ANNOTATIONS_PER_STEP); // 10
 * ```
 */
export const ANNOTATIONS_PER_STEP = 10;

/**
 * One annotation on a line of a learner's file.
 *
 * @example
 * ```ts
 * import type { Annotation } from "./github.ts";
 * const a: Annotation = {
 *   level: "error", file: "solutions/01.ts", line: 3, title: "01 fGrad at 3",
 *   message: "fGrad(3): expected -14, got 14",
 * };
 * ```
 */
export interface Annotation {
  /** `error` when a required check fails on the line, `warning` otherwise. */
  level: "error" | "warning";
  /** The file, relative to the workspace. */
  file: string;
  /** The line, from 1. */
  line: number;
  /** The column, when the line holds a single type error. */
  col?: number;
  /** What fails on the line. */
  title: string;
  /** Why, one line per failing check or type error. */
  message: string;
}

/**
 * The annotations to print: one per file and line (the failing checks and
 * type errors of one line share it), lines with a failing required check
 * first, then failing bonus checks, then type errors, each in the set's
 * order. When there are more lines than {@linkcode ANNOTATIONS_PER_STEP},
 * the last place goes to a notice saying how many were left out.
 *
 * @param result The grading result.
 * @param cwd Paths are given relative to this folder (the workspace).
 * @returns The annotations shown, and how many annotated lines were left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planAnnotations } from "./github.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const plan = planAnnotations({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, "/tmp");
 * assert.deepEqual(plan, { shown: [], omitted: 0 });
 * ```
 */
export function planAnnotations(
  result: GradeResult,
  cwd: string,
): { shown: Annotation[]; omitted: number } {
  const lines = rankLines(collectLineProblems(result, cwd));
  if (lines.length <= ANNOTATIONS_PER_STEP) {
    return { shown: lines, omitted: 0 };
  }
  const shown = lines.slice(0, ANNOTATIONS_PER_STEP - 1);
  return { shown, omitted: lines.length - shown.length };
}

/** A failing check or a type error, before lines are merged. */
interface LineProblem {
  /** 0 a required check, 1 a bonus check, 2 a type error. */
  rank: 0 | 1 | 2;
  file: string;
  line: number;
  col?: number;
  exercise: string;
  label: string;
  message: string;
  /** Under the message: what the failure probably is, and the author's hint. */
  explanation?: string[];
}

/** Stage 1: every failing check and type error, in the set's order. */
function collectLineProblems(result: GradeResult, cwd: string): LineProblem[] {
  const out: LineProblem[] = [];
  for (const ex of result.exercises) {
    const file = relative(cwd, ex.file);
    for (const c of ex.checks) {
      if (c.passed) continue;
      out.push({
        rank: c.optional ? 1 : 0,
        file,
        line: c.line,
        exercise: ex.id,
        label: `${c.name}${c.optional ? " (bonus)" : ""}`,
        message: c.message || "Failed",
        explanation: explanationLines(c),
      });
    }
    for (const t of ex.typeErrors) {
      out.push({
        rank: 2,
        file,
        line: t.line,
        col: t.column,
        exercise: ex.id,
        label: `type error ${t.code}`,
        message: t.message,
      });
    }
  }
  return out;
}

/** Stage 2: one annotation per file and line, the most important first. */
function rankLines(problems: LineProblem[]): Annotation[] {
  const byLine = new Map<string, LineProblem[]>();
  for (const p of problems) {
    const key = `${p.line}:${p.file}`;
    const list = byLine.get(key);
    if (list) list.push(p);
    else byLine.set(key, [p]);
  }
  const groups = [...byLine.values()].map((list) => ({
    rank: Math.min(...list.map((p) => p.rank)),
    annotation: mergeLine(list),
  }));
  // Array.prototype.sort is stable: the set's order is kept within a rank.
  groups.sort((a, b) => a.rank - b.rank);
  return groups.map((g) => g.annotation);
}

/** GitHub's limit on an annotation's title, in characters. */
const MAX_TITLE = 255;
/**
 * The longest annotation message printed: GitHub takes 64 KB, but a line's
 * annotation is read in a pull request's margin; the job summary has the rest.
 */
const MAX_MESSAGE = 4000;

/** `text` cut to `max` characters, ending in an ellipsis when cut. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One line's problems as one annotation. */
function mergeLine(list: LineProblem[]): Annotation {
  const [first] = list;
  const exercises = [...new Set(list.map((p) => p.exercise))];
  const title = `${exercises.join(", ")} ${
    list.map((p) => p.label).join(", ")
  }`;
  // Each check's message, then its diagnosis and hint; a line already said
  // on this annotation (two checks with one hint) is not said again.
  const single = list.length === 1 ||
    list.every((p) =>
      p.message === first.message &&
      (p.explanation ?? []).join("\n") === (first.explanation ?? []).join("\n")
    );
  const said = new Set<string>();
  const lines: string[] = [];
  for (const p of single ? [first] : list) {
    lines.push(single ? p.message : `${p.label}: ${p.message}`);
    for (const line of p.explanation ?? []) {
      if (!said.has(line)) lines.push(line);
      said.add(line);
    }
  }
  const message = lines.join("\n");
  const annotation: Annotation = {
    level: list.some((p) => p.rank === 0) ? "error" : "warning",
    file: first.file,
    line: first.line,
    title: cut(title, MAX_TITLE),
    message: cut(message, MAX_MESSAGE),
  };
  if (list.length === 1 && first.col !== undefined) annotation.col = first.col;
  return annotation;
}

/**
 * Workflow commands annotating the learner's files (see
 * {@linkcode planAnnotations}): at most {@linkcode ANNOTATIONS_PER_STEP}
 * lines, the last a notice when some annotations were left out.
 *
 * @param result The grading result.
 * @param cwd Paths are given relative to this folder (the workspace).
 * @returns The lines to print on stdout.
 *
 * @example
 * ```ts
 * import { githubAnnotations } from "./github.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const lines = githubAnnotations({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, "/tmp");
 * console.log(lines.length); // 0
 * ```
 */
export function githubAnnotations(result: GradeResult, cwd: string): string[] {
  // Learner text on the runner's log: no escapes, no workflow commands.
  result = cleanResult(result, { github: true });
  const { shown, omitted } = planAnnotations(result, cwd);
  const lines = shown.map((a) =>
    `::${a.level} file=${property(a.file)},line=${a.line}${
      a.col === undefined ? "" : `,col=${a.col}`
    },title=${property(a.title)}::${data(a.message)}`
  );
  if (omitted > 0) {
    lines.push(
      `::notice title=${property(`${omitted} more lines not annotated`)}::${
        data(leftOutText(omitted))
      }`,
    );
  }
  return lines;
}

/** What the closing notice and the summary say about annotations left out. */
function leftOutText(omitted: number): string {
  return `${omitted} more line${
    omitted === 1 ? "" : "s"
  } with failing checks ` +
    `or type errors ${omitted === 1 ? "is" : "are"} not annotated ` +
    `(GitHub shows ${ANNOTATIONS_PER_STEP} annotations per step): ` +
    "the job summary lists every failing check";
}

/**
 * The GitHub Classroom result object. A failed test's message is the
 * check's, then its diagnosis and hint. Its `status` is what the Classroom
 * reporter turns into its check's colour (`fail` and `error` are red), so it
 * follows the grader's exit code: with a minimum score, `pass` exactly when
 * the minimum is reached; without one, `pass` when every required check
 * passed. The reporter's "Points" are the tests' scores over `max_score`, the
 * required points: a bonus check counts its points only when the minimum
 * score counts bonus points (`--min-score-bonus`), and is otherwise listed
 * with score 0 so the points read as the grader's total, never 43/40.
 *
 * @param result The grading result.
 * @param cwd File names are given relative to this folder.
 * @param options `minScore`: the `--min-score` the grader's exit code follows.
 * @returns The result, to be base64-encoded as the `result` output.
 *
 * @example
 * ```ts
 * import { classroomResult } from "./github.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const r = classroomResult({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, "/tmp", { minScore: { value: 80, percent: true, countBonus: false } });
 * console.log(r.status); // "pass"
 * ```
 */
export function classroomResult(
  result: GradeResult,
  cwd: string,
  options: { minScore?: MinScore } = {},
): ClassroomResult {
  const countBonus = options.minScore?.countBonus ?? false;
  const tests: ClassroomResult["tests"] = [];
  let requiredError = false;
  for (const ex of result.exercises) {
    for (const c of ex.checks) {
      const status = c.passed
        ? "pass"
        : ex.run === "ok" || ex.run === "missing"
        ? "fail"
        : "error";
      if (status === "error" && !c.optional) requiredError = true;
      const uncounted = c.optional && !countBonus;
      tests.push({
        name: `${ex.id} ${c.name}${c.optional ? " (bonus)" : ""}`,
        status,
        score: uncounted ? 0 : c.score,
        max_score: c.optional ? 0 : c.points,
        message: uncounted && c.passed
          ? `Bonus: ${c.score} point${
            c.score === 1 ? "" : "s"
          } earned, reported apart from the required points`
          : [c.message, ...explanationLines(c)].filter((l) => l !== "").join(
            "\n",
          ),
        line_no: c.line,
        filename: relative(cwd, ex.file),
      });
    }
  }
  const passed = options.minScore === undefined
    ? result.passed
    : minScoreReached(result, options.minScore);
  const status = passed ? "pass" : requiredError ? "error" : "fail";
  return { version: 1, status, max_score: result.maxScore, tests };
}

/**
 * Writes the job summary, prints annotations, and sets the `result` output,
 * as a step on GitHub Actions does.
 *
 * @param result The grading result.
 * @param env `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT` and `GITHUB_WORKSPACE` (or the current folder).
 * @param print Where annotation lines go; default stdout.
 * @param options `minScore`: the `--min-score` the Classroom status follows.
 *
 * @example
 * ```ts
 * import { writeGitHubReports } from "./github.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const output = await Deno.makeTempFile();
 * await writeGitHubReports({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, { GITHUB_OUTPUT: output });
 * console.log((await Deno.readTextFile(output)).startsWith("result=")); // true
 * ```
 */
export async function writeGitHubReports(
  result: GradeResult,
  env: {
    GITHUB_STEP_SUMMARY?: string;
    GITHUB_OUTPUT?: string;
    GITHUB_WORKSPACE?: string;
  },
  print: (line: string) => void = console.log,
  options: { minScore?: MinScore } = {},
): Promise<void> {
  const cwd = env.GITHUB_WORKSPACE || Deno.cwd();
  if (env.GITHUB_STEP_SUMMARY) {
    await Deno.writeTextFile(env.GITHUB_STEP_SUMMARY, githubSummary(result), {
      append: true,
    });
  }
  for (const line of githubAnnotations(result, cwd)) print(line);
  if (env.GITHUB_OUTPUT) {
    const json = JSON.stringify(classroomResult(result, cwd, options));
    const encoded = encodeBase64(new TextEncoder().encode(json));
    await Deno.writeTextFile(env.GITHUB_OUTPUT, `result=${encoded}\n`, {
      append: true,
    });
  }
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Escapes a workflow command's message. */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value. */
function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Learner text in Markdown: no HTML, no table breaks, on one line. */
function md(s: string): string {
  return s
    .replace(/\r?\n/g, " ")
    .replace(/([\\`*_[\]#|])/g, "\\$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
