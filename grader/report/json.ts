/**
 * The JSON report: the grading result as it is, versioned (see
 * `grader/SCHEMA.md`).
 *
 * @module
 */

import type { GradeResult } from "../result.ts";

/**
 * Renders a result as JSON text (two-space indented, ending with a newline).
 *
 * @param result The grading result.
 * @returns The JSON text.
 *
 * @example
 * ```ts
 * import { formatJson } from "./json.ts";
 * import { RESULT_VERSION } from "../result.ts";
 * const text = formatJson({
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0, passed: true,
 *   limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 }, typecheck: "skipped",
 *   typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * });
 * console.log(JSON.parse(text).version); // 2
 * ```
 */
export function formatJson(result: GradeResult): string {
  return JSON.stringify(result, null, 2) + "\n";
}
