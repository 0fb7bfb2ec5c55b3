/**
 * The JUnit XML report: one testsuite per exercise, one testcase per check.
 * A check that failed is a `<failure>`; a check whose module did not run to
 * the end (it crashed, called `Deno.exit`, hit a limit, threw while loading
 * or could not be bundled) is an `<error>`, as JUnit calls a test that could
 * not complete. A bonus check is marked by a `bonus` property and, when it
 * fails, is a failure like any other (it costs no points: the suite's
 * `score` and `maxScore` properties count required points only). `file`
 * attributes are relative to the repository root.
 *
 * @module
 */

import { dirname, join, relative, sep } from "node:path";
import {
  explanationLines,
  type GradeResult,
  type RunOutcome,
} from "../result.ts";

/** Outcomes where the module ran to its end: its failed checks are failures. */
const RAN: readonly RunOutcome[] = ["ok", "missing"];

/**
 * How a check ended, in JUnit's words.
 *
 * @param passed Whether the check passed.
 * @param run How its module fared.
 * @returns `passed`, `failure` or `error`.
 *
 * @example
 * ```ts
 * import { junitOutcome } from "./junit.ts";
 * console.log(junitOutcome(false, "exit"), junitOutcome(false, "ok")); // error failure
 * ```
 */
export function junitOutcome(
  passed: boolean,
  run: RunOutcome,
): "passed" | "failure" | "error" {
  if (passed) return "passed";
  return RAN.includes(run) ? "failure" : "error";
}

/**
 * The repository a folder is in: the nearest folder at or above it holding
 * `.git`, or `undefined`.
 *
 * @param folder An absolute path.
 * @returns The repository's root folder.
 *
 * @example
 * ```ts
 * import { repositoryRoot } from "./junit.ts";
 * import { fileURLToPath } from "node:url";
 * const here = fileURLToPath(new URL(".", import.meta.url));
 * console.log(typeof (repositoryRoot(here) ?? "")); // "string"
 * ```
 */
export function repositoryRoot(folder: string): string | undefined {
  let dir = folder;
  while (true) {
    try {
      Deno.statSync(join(dir, ".git"));
      return dir;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/**
 * Renders a result as JUnit XML.
 *
 * @param result The grading result.
 * @param options `root`: `file` attributes are relative to it (default: the graded folder).
 * @returns The XML document.
 *
 * @example
 * ```ts
 * import { formatJUnit } from "./junit.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const xml = formatJUnit({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * }, { root: "/tmp" });
 * console.log(xml.startsWith("<?xml")); // true
 * ```
 */
export function formatJUnit(
  result: GradeResult,
  options: { root?: string } = {},
): string {
  const root = options.root ?? result.folder;
  const path = (file: string) => relative(root, file).split(sep).join("/");
  const count = (
    exercises: GradeResult["exercises"],
    outcome: "failure" | "error",
  ) =>
    exercises.flatMap((e) => e.checks.map((c) => junitOutcome(c.passed, e.run)))
      .filter((o) => o === outcome).length;
  const all = result.exercises.flatMap((e) => e.checks);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="${
      attr(`dualgrade ${result.set.id}`)
    }" tests="${all.length}" failures="${
      count(result.exercises, "failure")
    }" errors="${count(result.exercises, "error")}" skipped="0" time="${
      seconds(result.timings.totalMs)
    }">`,
  );
  for (const ex of result.exercises) {
    const time = ex.timings.startMs + ex.timings.runMs + ex.timings.compareMs;
    const file = attr(path(ex.file));
    lines.push(
      `  <testsuite name="${
        attr(`${ex.id} ${ex.title}`)
      }" tests="${ex.checks.length}" failures="${
        count([ex], "failure")
      }" errors="${count([ex], "error")}" skipped="0" time="${
        seconds(time)
      }" file="${file}">`,
    );
    lines.push("    <properties>");
    lines.push(`      <property name="score" value="${ex.score}"/>`);
    lines.push(`      <property name="maxScore" value="${ex.maxScore}"/>`);
    lines.push(`      <property name="bonusScore" value="${ex.bonus}"/>`);
    lines.push(`      <property name="bonusMax" value="${ex.bonusMax}"/>`);
    lines.push(`      <property name="run" value="${attr(ex.run)}"/>`);
    lines.push(`      <property name="seed" value="${result.seed}"/>`);
    lines.push("    </properties>");
    for (const c of ex.checks) {
      lines.push(
        `    <testcase classname="${attr(`${result.set.id}.${ex.id}`)}" name="${
          attr(c.name)
        }" time="0" file="${file}" line="${c.line}">`,
      );
      lines.push("      <properties>");
      lines.push(`        <property name="points" value="${c.points}"/>`);
      if (c.optional) {
        lines.push(`        <property name="bonus" value="true"/>`);
      }
      lines.push("      </properties>");
      const outcome = junitOutcome(c.passed, ex.run);
      if (outcome !== "passed") {
        const kind = c.optional ? "bonus point" : "point";
        lines.push(
          `      <${outcome} message="${attr(c.message)}" type="${
            attr(ex.run === "ok" ? "mismatch" : ex.run)
          }">${
            text(
              [c.message, ...explanationLines(c)].join("\n") +
                `\n(${c.points} ${kind}${c.points === 1 ? "" : "s"})`,
            )
          }</${outcome}>`,
        );
      }
      lines.push("    </testcase>");
    }
    const out = ex.output.stdout + (ex.output.truncated ? "\n…" : "");
    if (out.trim() !== "") {
      lines.push(`    <system-out>${text(out)}</system-out>`);
    }
    const err = [
      ...ex.problems,
      ...ex.typeErrors.map((t) =>
        `type error ${t.code} at line ${t.line}:${t.column}: ${t.message}`
      ),
      ex.output.stderr,
    ].filter((s) => s.trim() !== "").join("\n");
    if (err !== "") lines.push(`    <system-err>${text(err)}</system-err>`);
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return lines.join("\n") + "\n";
}

/** XML 1.0 text: escaped, and without characters XML cannot hold. */
function text(s: string): string {
  return s
    // deno-lint-ignore no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "�")
    .replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      "�",
    )
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(
    /\r/g,
    "&#13;",
  ).replace(/\t/g, "&#9;");
}
