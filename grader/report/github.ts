/**
 * Reports for GitHub Actions: a Markdown job summary, an `::error`
 * annotation per failing check pointing at the learner's file (and a
 * `::warning` per type error), and the GitHub Classroom `result` step output
 * (base64 JSON).
 *
 * @module
 */

import { relative } from "node:path";
import type { GradeResult } from "../result.ts";

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
  const out: string[] = [];
  const mark = result.passed ? "✅" : "❌";
  out.push(
    `## ${mark} ${md(result.set.title)}: ${result.score}/${result.maxScore}`,
  );
  out.push("");
  out.push(`Seed \`${result.seed}\` · ${result.exercises.length} exercises`);
  out.push("");
  out.push("| Exercise | Score | Checks | Status |");
  out.push("| --- | ---: | ---: | --- |");
  for (const ex of result.exercises) {
    const passed = ex.checks.filter((c) => c.passed).length;
    const required = ex.score - ex.bonus;
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
    }
    for (const t of ex.typeErrors) {
      out.push(`- 🔶 type error ${t.code} at line ${t.line}: ${md(t.message)}`);
    }
  }
  out.push("");
  out.push(`**Total: ${result.score}/${result.maxScore}**`);
  return out.join("\n") + "\n";
}

/**
 * Workflow commands annotating the learner's files: an error per failing
 * required check, a warning per failing optional check and per type error.
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
  const lines: string[] = [];
  for (const ex of result.exercises) {
    const file = relative(cwd, ex.file);
    for (const c of ex.checks) {
      if (c.passed) continue;
      const kind = c.optional ? "warning" : "error";
      const title = `${ex.id} ${c.name}${c.optional ? " (bonus)" : ""}`;
      lines.push(
        `::${kind} file=${property(file)},line=${c.line},title=${
          property(title)
        }::${data(c.message || "Failed")}`,
      );
    }
    for (const t of ex.typeErrors) {
      lines.push(
        `::warning file=${
          property(file)
        },line=${t.line},col=${t.column},title=${
          property(`${ex.id} type error ${t.code}`)
        }::${data(t.message)}`,
      );
    }
  }
  return lines;
}

/**
 * The GitHub Classroom result object.
 *
 * @param result The grading result.
 * @param cwd File names are given relative to this folder.
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
 * }, "/tmp");
 * console.log(r.status); // "pass"
 * ```
 */
export function classroomResult(
  result: GradeResult,
  cwd: string,
): ClassroomResult {
  const tests: ClassroomResult["tests"] = [];
  for (const ex of result.exercises) {
    for (const c of ex.checks) {
      const status = c.passed
        ? "pass"
        : ex.run === "ok" || ex.run === "missing"
        ? "fail"
        : "error";
      tests.push({
        name: `${ex.id} ${c.name}${c.optional ? " (bonus)" : ""}`,
        status,
        score: c.score,
        max_score: c.optional ? 0 : c.points,
        message: c.message,
        line_no: c.line,
        filename: relative(cwd, ex.file),
      });
    }
  }
  const required = tests.filter((t) => t.max_score > 0 || t.status === "pass");
  const status = result.passed
    ? "pass"
    : required.some((t) => t.status === "error")
    ? "error"
    : "fail";
  return { version: 1, status, max_score: result.maxScore, tests };
}

/**
 * Writes the job summary, prints annotations, and sets the `result` output,
 * as a step on GitHub Actions does.
 *
 * @param result The grading result.
 * @param env `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT` and `GITHUB_WORKSPACE` (or the current folder).
 * @param print Where annotation lines go; default stdout.
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
): Promise<void> {
  const cwd = env.GITHUB_WORKSPACE || Deno.cwd();
  if (env.GITHUB_STEP_SUMMARY) {
    await Deno.writeTextFile(env.GITHUB_STEP_SUMMARY, githubSummary(result), {
      append: true,
    });
  }
  for (const line of githubAnnotations(result, cwd)) print(line);
  if (env.GITHUB_OUTPUT) {
    const json = JSON.stringify(classroomResult(result, cwd));
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
