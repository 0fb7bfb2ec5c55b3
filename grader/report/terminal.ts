/**
 * The terminal report: a table per exercise with each check, its points and
 * its message, type errors and learner output beside them, and a total line.
 * Colour only when asked for (the CLI asks on a TTY without `NO_COLOR`).
 *
 * @module
 */

import { cleanResult } from "../_sanitize.ts";
import {
  type CheckResult,
  type ExerciseResult,
  type GradeResult,
  requiredPercent,
  type TypeDiagnostic,
} from "../result.ts";

/**
 * Options of {@linkcode formatTerminal}.
 *
 * @example
 * ```ts
 * import type { TerminalOptions } from "./terminal.ts";
 * const options: TerminalOptions = { color: false };
 * ```
 */
export interface TerminalOptions {
  /** Use ANSI colours. */
  color: boolean;
  /** Show per-exercise timings. */
  timings?: boolean;
  /** On GitHub Actions: learner text cannot form workflow commands. */
  github?: boolean;
}

/**
 * Whether terminal output should be coloured: stdout is a TTY and `NO_COLOR`
 * is not set to a non-empty value.
 *
 * @param isTerminal Whether the output stream is a terminal.
 * @param noColor The value of `NO_COLOR`, if any.
 * @returns Whether to colour.
 *
 * @example
 * ```ts
 * import { shouldColor } from "./terminal.ts";
 * console.log(shouldColor(true, undefined), shouldColor(true, "1"), shouldColor(false, undefined)); // true false false
 * ```
 */
export function shouldColor(
  isTerminal: boolean,
  noColor: string | undefined,
): boolean {
  return isTerminal && (noColor === undefined || noColor === "");
}

/**
 * Renders a result for the terminal.
 *
 * @param result The grading result.
 * @param options Colour on or off.
 * @returns The report text, ending with a newline.
 *
 * @example
 * ```ts
 * import { formatTerminal } from "./terminal.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const text = formatTerminal({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, { color: false });
 * console.log(text.includes("Total 0/0 required")); // true
 * ```
 */
export function formatTerminal(
  result: GradeResult,
  options: TerminalOptions,
): string {
  // Every string derived from learner input, cleaned once (see _sanitize.ts).
  result = cleanResult(result, { github: options.github });
  const c = palette(options.color);
  const out: string[] = [];
  out.push(
    c.bold(`dualgrade · ${result.set.title} (${result.set.id})`) +
      c.dim(` · ${result.folder} · seed ${result.seed}`),
  );
  for (const ex of result.exercises) {
    out.push("");
    out.push(...formatExercise(ex, c, options.timings ?? false));
  }
  if (result.ignoredFiles.length > 0) {
    out.push(
      "",
      c.dim(
        `Not graded (no exercise of that name): ${
          result.ignoredFiles.join(", ")
        }`,
      ),
    );
  }
  if (result.typecheck === "unavailable") {
    out.push("", c.yellow(`Type check unavailable: ${result.typecheckNote}`));
  }
  out.push("");
  // Required points and bonus points apart: a bonus never fills a gap.
  const percent = requiredPercent(result.score, result.maxScore);
  const bonus = result.bonusMax > 0
    ? ` · bonus ${fmt(result.bonus)}/${fmt(result.bonusMax)}`
    : "";
  const line = `Total ${fmt(result.score)}/${
    fmt(result.maxScore)
  } required · ${percent}%${bonus}`;
  out.push(
    c.bold(result.passed ? c.green(line) : line) +
      c.dim(` · seed ${result.seed}`),
  );
  if (options.timings) {
    const t = result.timings;
    out.push(c.dim(
      `plan ${t.planMs} ms · bundle ${t.bundleMs} ms · sandboxes ${t.sandboxMs} ms · type check ${t.typecheckMs} ms · total ${t.totalMs} ms`,
    ));
  }
  if (result.typecheck === "pending") out.push(c.dim("Checking types…"));
  return out.join("\n") + "\n";
}

/**
 * Renders the type check's outcome on its own, for printing after the
 * scores (see `GradeOptions.onScores`): each exercise's type errors, or that
 * there are none; nothing when the check was skipped.
 *
 * @param result The grading result, type check finished.
 * @param options Colour on or off.
 * @returns The text, ending with a newline, or "".
 *
 * @example
 * ```ts
 * import { formatTypeFeedback } from "./terminal.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const text = formatTypeFeedback({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "checked",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 620, totalMs: 0 },
 * }, { color: false });
 * console.log(text); // Types: no errors (620 ms)
 * ```
 */
export function formatTypeFeedback(
  result: GradeResult,
  options: TerminalOptions,
): string {
  result = cleanResult(result, { github: options.github });
  const c = palette(options.color);
  switch (result.typecheck) {
    case "skipped":
    case "pending":
      return "";
    case "unavailable":
      return c.yellow(`Type check unavailable: ${result.typecheckNote}`) +
        "\n";
  }
  const out: string[] = [];
  for (const ex of result.exercises) {
    if (ex.typeErrors.length === 0) continue;
    out.push(c.bold(`${ex.id}  type errors (feedback only, no points)`));
    for (const t of ex.typeErrors) {
      out.push(...typeErrorLines(t, c, ex.cell));
    }
  }
  if (out.length === 0) {
    out.push(c.dim(`Types: no errors (${result.timings.typecheckMs} ms)`));
  }
  return out.join("\n") + "\n";
}

function formatExercise(
  ex: ExerciseResult,
  c: Palette,
  timings: boolean,
): string[] {
  const out: string[] = [];
  const bonus = ex.bonusMax > 0
    ? ` +${fmt(ex.bonus)}/${fmt(ex.bonusMax)} bonus`
    : "";
  const full = ex.checks.every((k) => k.optional || k.passed);
  const score = `${fmt(ex.score)}/${fmt(ex.maxScore)}${bonus}`;
  const head = `${ex.id}  ${ex.title}`;
  out.push(
    c.bold(head) + " ".repeat(Math.max(2, 64 - head.length - score.length)) +
      (full ? c.green(score) : c.red(score)),
  );
  if (ex.cell !== undefined) out.push("    " + c.dim(`cell ${ex.cell}`));
  for (const p of ex.problems) out.push("    " + c.red(clean(p)));
  const nameWidth = Math.min(
    40,
    Math.max(...ex.checks.map((k) => k.name.length), 10),
  );
  for (const k of ex.checks) {
    const mark = k.passed
      ? c.green("✓")
      : k.optional
      ? c.yellow("–")
      : c.red("✗");
    const points = `${fmt(k.score)}/${fmt(k.points)}`;
    const tags = [
      k.optional ? "bonus" : "",
      k.visibility === "hidden" ? "hidden" : "",
    ].filter(Boolean);
    const tag = tags.length > 0 ? c.dim(` (${tags.join(", ")})`) : "";
    out.push(
      `  ${mark} ${k.name.padEnd(nameWidth)}  ${points.padStart(5)}${tag}`,
    );
    if (!k.passed && k.message && !ex.problems.includes(k.message)) {
      out.push(
        "      " +
          (k.optional ? c.yellow(clean(k.message)) : c.red(clean(k.message))),
      );
    }
    if (!k.passed) out.push(...explanation(k, c));
  }
  for (const t of ex.typeErrors) out.push(...typeErrorLines(t, c, ex.cell));
  const printed = (ex.output.stdout + ex.output.stderr).trim();
  if (printed !== "" && ex.run === "ok") {
    const lines = printed.split("\n");
    const shown = lines.slice(0, 5).map((l) =>
      clean(l.length > 120 ? l.slice(0, 117) + "…" : l)
    );
    out.push(
      "    " +
        c.dim(
          `printed: ${shown.join("\n             ")}${
            lines.length > 5 || ex.output.truncated ? " …" : ""
          }`,
        ),
    );
  }
  if (timings) {
    const t = ex.timings;
    out.push(
      "    " +
        c.dim(
          `start ${t.startMs} ms · run ${t.runMs} ms · compare ${t.compareMs} ms`,
        ),
    );
  }
  return out;
}

/** A type error: its first line, then TypeScript's elaboration lines, each on its own line. */
function typeErrorLines(
  t: TypeDiagnostic,
  c: Palette,
  cell?: number,
): string[] {
  const [first, ...rest] = t.message.split("\n");
  const at = cell === undefined ? "" : `cell ${cell}, `;
  return [
    "    " +
    c.yellow(
      clean(
        `type error ${t.code} at ${at}line ${t.line}:${t.column}: ${first}`,
      ),
    ),
    ...rest.slice(0, 8).map((l) => "      " + c.dim(clean(l))),
  ];
}

/** The "probably:" line of a failed check's diagnosis, then the author's hint. */
function explanation(k: CheckResult, c: Palette): string[] {
  const out: string[] = [];
  if (k.diagnosis) {
    out.push("      " + c.bold(`probably: ${clean(k.diagnosis.text)}`));
  }
  if (k.hint) out.push("      " + c.dim(`hint: ${clean(k.hint)}`));
  return out;
}

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Learner-made text on one line, without control characters (no terminal escapes). */
function clean(text: string): string {
  return text.replace(/\r?\n/g, " ⏎ ").replace(CONTROL, "�");
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, "");
}

interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
  };
}
