/**
 * Learner-derived text on its way to a terminal or a CI log.
 *
 * File names, learner ids (folder names), export names, thrown messages and
 * printed output all come from the learner. On a terminal, an ANSI escape
 * can clear the screen or paint a fake "Total 40 of 40"; a carriage return
 * can overwrite a line; bidirectional overrides can reorder what is shown.
 * On GitHub Actions, a line starting with `::` is a workflow command (and
 * `::stop-commands::` silences every later one), and `##[` starts an older
 * form of command anywhere in a line.
 *
 * - {@linkcode cleanText} replaces control characters (except newline and
 *   tab: ESC, so no escape sequence survives, carriage return, C1 and
 *   bidirectional controls) with "�";
 * - {@linkcode cleanLine} also folds newlines and tabs to spaces, for text
 *   shown on one line (names, ids);
 * - {@linkcode neutraliseWorkflowCommands} breaks `::` at the start of a line
 *   and every `##[` with a zero-width space, so the runner sees no command
 *   and a reader sees the same text;
 * - {@linkcode cleanResult} applies them to every string of a grading result.
 *
 * Every pattern here is a single character class or a fixed string: linear.
 *
 * @module
 */

import type { GradeResult } from "./result.ts";

const CONTROLS =
  // deno-lint-ignore no-control-regex
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ZWSP = "\u200b";
/** What a control character becomes: visible, and inert. */
const REPLACEMENT = "\ufffd";

/**
 * Learner text for a terminal: every control character but newline and tab
 * (ESC, which starts every escape sequence, carriage return, backspace, C1
 * controls, bidirectional controls) becomes U+FFFD "�", so what was there
 * stays visible and does nothing.
 *
 * @example
 * ```ts
 * import { cleanText } from "./_sanitize.ts";
 * console.log(cleanText("\x1b[2JTotal 40 of 40\r")); // "�[2JTotal 40 of 40�"
 * ```
 */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, REPLACEMENT);
}

/**
 * Learner text shown on one line: {@linkcode cleanText}, then newlines and
 * tabs become spaces.
 *
 * @example
 * ```ts
 * import { cleanLine } from "./_sanitize.ts";
 * console.log(cleanLine("a.ts\n::error::x")); // "a.ts ::error::x"
 * ```
 */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/[\n\t]/g, " ");
}

/**
 * Text that GitHub Actions' runner will not read as a workflow command: a
 * zero-width space after the first `:` of a line-leading `::`, and inside
 * every `##[`.
 *
 * @example
 * ```ts
 * import { neutraliseWorkflowCommands } from "./_sanitize.ts";
 * const out = neutraliseWorkflowCommands("::stop-commands::x\nsee ##[error]boom");
 * console.log(/^::/m.test(out), out.includes("##[")); // false false
 * ```
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text
    .replace(/^([ \t]*):(?=:)/gm, `$1:${ZWSP}`)
    .replaceAll("##[", `#${ZWSP}#[`);
}

/** Fields of a result shown on one line. */
const ONE_LINE = new Set([
  "file",
  "folder",
  "id",
  "name",
  "export",
  "title",
  "learner",
  "filename",
  "ignoredFiles",
  "code",
]);

/**
 * A copy of a grading result with every string cleaned for a terminal
 * ({@linkcode cleanText}; names, ids and files with {@linkcode cleanLine}),
 * and with workflow commands neutralised when `github` is set.
 *
 * @example
 * ```ts
 * import { cleanResult } from "./_sanitize.ts";
 * import { RESULT_VERSION } from "./result.ts";
 * const clean = cleanResult({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/\x1b[2Jme", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: ["x\n::error::y"], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, { github: true });
 * console.log(clean.folder, clean.ignoredFiles[0].includes("\n")); // "/tmp/me" false
 * ```
 */
export function cleanResult(
  result: GradeResult,
  options: { github?: boolean } = {},
): GradeResult {
  const github = options.github ?? false;
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === "string") {
      const clean = ONE_LINE.has(key) ? cleanLine(value) : cleanText(value);
      return github ? neutraliseWorkflowCommands(clean) : clean;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (
      typeof value === "object" && value !== null &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
      return out;
    }
    return value;
  };
  return walk(result, "") as GradeResult;
}
