/**
 * The JUnit XML report: one testsuite per exercise, one testcase per check,
 * a failure (with its message) per failed required check, and a skipped
 * element for an optional check not passed (it costs nothing).
 *
 * @module
 */

import type { GradeResult } from "../result.ts";

/**
 * Renders a result as JUnit XML.
 *
 * @param result The grading result.
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
 * });
 * console.log(xml.startsWith("<?xml")); // true
 * ```
 */
export function formatJUnit(result: GradeResult): string {
  const failed = (c: { passed: boolean; optional: boolean }) =>
    !c.passed && !c.optional;
  const skipped = (c: { passed: boolean; optional: boolean }) =>
    !c.passed && c.optional;
  const all = result.exercises.flatMap((e) => e.checks);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="${
      attr(`dualgrade ${result.set.id}`)
    }" tests="${all.length}" failures="${
      all.filter(failed).length
    }" errors="0" skipped="${all.filter(skipped).length}" time="${
      seconds(result.timings.totalMs)
    }">`,
  );
  for (const ex of result.exercises) {
    const time = ex.timings.startMs + ex.timings.runMs + ex.timings.compareMs;
    lines.push(
      `  <testsuite name="${
        attr(`${ex.id} ${ex.title}`)
      }" tests="${ex.checks.length}" failures="${
        ex.checks.filter(failed).length
      }" errors="0" skipped="${ex.checks.filter(skipped).length}" time="${
        seconds(time)
      }" file="${attr(ex.file)}">`,
    );
    lines.push("    <properties>");
    lines.push(`      <property name="score" value="${ex.score}"/>`);
    lines.push(`      <property name="maxScore" value="${ex.maxScore}"/>`);
    lines.push(`      <property name="run" value="${attr(ex.run)}"/>`);
    lines.push(`      <property name="seed" value="${result.seed}"/>`);
    lines.push("    </properties>");
    for (const c of ex.checks) {
      const open = `    <testcase classname="${
        attr(`${result.set.id}.${ex.id}`)
      }" name="${attr(c.name)}" time="0" file="${
        attr(ex.file)
      }" line="${c.line}"`;
      if (c.passed) {
        lines.push(`${open}/>`);
      } else if (c.optional) {
        lines.push(`${open}>`);
        lines.push(
          `      <skipped message="${
            attr(`optional check not passed: ${c.message}`)
          }"/>`,
        );
        lines.push("    </testcase>");
      } else {
        lines.push(`${open}>`);
        lines.push(
          `      <failure message="${attr(c.message)}" type="${
            attr(ex.run === "ok" ? "mismatch" : ex.run)
          }">${
            text(
              `${c.message}\n(${c.points} point${c.points === 1 ? "" : "s"})`,
            )
          }</failure>`,
        );
        lines.push("    </testcase>");
      }
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
