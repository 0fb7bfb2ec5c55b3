/**
 * Errors at the learner's line: the learner's frame in a stack trace (the
 * sandbox bundle carries a source map, so frames name the learner's file and
 * line), what a dual number met there (a `Math` function, a JavaScript
 * operator), and what a missing export really is (a typo, or declared
 * without `export`).
 *
 * @module
 */
import type { BinaryName, UnaryName } from "../core/rules.ts";

/** The learner's innermost frame of a stack trace. */
export interface LearnerFrame {
  /** The learner's file, as a basename (`06.ts`). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The learner's function there, when it has a name. */
  fn?: string;
  /** The built-in it called when the error arose, e.g. `Math.exp`. */
  callee?: string;
  /** Whether a dualgrade value refused conversion to a number (an operator or Math on a dual). */
  conversion: boolean;
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;
const BUILTIN = /^\s*at ((?:Math|Number)\.\w+) \(<anonymous>\)$/;

/**
 * Finds the innermost frame of `stack` in one of the learner's files.
 *
 * @param stack The error's stack text.
 * @param files The learner's file basenames, e.g. `["06.ts"]`.
 * @returns The frame, or undefined when no frame is the learner's.
 */
export function learnerFrame(
  stack: string,
  files: readonly string[],
): LearnerFrame | undefined {
  let callee: string | undefined;
  let conversion = false;
  for (const raw of stack.split("\n").slice(1, 60)) {
    const builtin = BUILTIN.exec(raw);
    if (builtin) {
      callee ??= builtin[1];
      continue;
    }
    if (raw.includes("[Symbol.toPrimitive]")) conversion = true;
    const m = FRAME.exec(raw);
    if (!m) continue;
    const url = m[2];
    const base = url.slice(url.lastIndexOf("/") + 1);
    if (!files.includes(base)) continue;
    const fn = m[1]?.replace(/^Object\./, "");
    return {
      file: base,
      line: Number(m[3]),
      column: Number(m[4]),
      ...(fn && /^[A-Za-z_$][\w$]*$/.test(fn) ? { fn } : {}),
      ...(callee ? { callee } : {}),
      conversion,
    };
  }
  return undefined;
}

/**
 * The frame of `stack` where the learner's module itself was being
 * evaluated (its top-level code, not a function it called): the bundle runs
 * each module as a function named after its file, so that frame reads
 * `at 03.ts (…/03.ts:30:46)`, or `at async 03.ts (…)` after a top-level
 * await.
 *
 * @param stack The error's stack text.
 * @param file The module's file basename, e.g. `03.ts`.
 * @returns Its 1-based line and column, or undefined when the stack does not show it.
 *
 * @example
 * ```ts
 * import { moduleFrame } from "./_locate.ts";
 * const stack = "TypeError: x\n    at grad (file:///t/mod.js:1:1)\n    at 03.ts (file:///t/03.ts:30:46)";
 * console.log(moduleFrame(stack, "03.ts")); // { line: 30, column: 46 }
 * ```
 */
export function moduleFrame(
  stack: string,
  file: string,
): { line: number; column: number } | undefined {
  for (const raw of stack.split("\n").slice(1, 60)) {
    const m = FRAME.exec(raw);
    if (!m || m[1]?.replace(/^async /, "") !== file) continue;
    const url = m[2];
    if (url.slice(url.lastIndexOf("/") + 1) !== file) continue;
    return { line: Number(m[3]), column: Number(m[4]) };
  }
  return undefined;
}

/** `06.ts line 5, in f2`. */
export function frameLabel(frame: LearnerFrame): string {
  return `${frame.file} line ${frame.line}${
    frame.fn ? `, in ${frame.fn}` : ""
  }`;
}

// Math's names for np's functions, each checked by the compiler to be a row
// of the rule table.
const NP_NAME: Record<string, UnaryName | BinaryName> = {
  pow: "power",
  max: "maximum",
  min: "minimum",
  asin: "arcsin",
  acos: "arccos",
  atan: "arctan",
  atan2: "arctan2",
  asinh: "arcsinh",
  acosh: "arccosh",
  atanh: "arctanh",
};

const OPERATORS: [RegExp, string, string][] = [
  [/\*\*/, "**", "np.power"],
  [/[^*]\*[^*]/, "*", "np.multiply"],
  [/[^/]\/[^/]/, "/", "np.divide"],
  [/\S\s*\+\s*\S/, "+", "np.add"],
  [/[\w)\]]\s*-\s*[\w(]/, "-", "np.subtract"],
];

/**
 * What to write instead, when a dualgrade value met a `Math` function or a
 * JavaScript operator at the learner's line.
 *
 * @param frame The learner's frame (with `conversion` true).
 * @param source The learner's file text, to read the line.
 * @returns The advice, or undefined when the frame is not such a case.
 */
export function conversionAdvice(
  frame: LearnerFrame,
  source: string,
): string | undefined {
  if (!frame.conversion) return undefined;
  const where = frameLabel(frame);
  if (frame.callee?.startsWith("Math.")) {
    const name = frame.callee.slice(5);
    return `${frame.callee} at ${where} cannot take a dual number: write np.${
      NP_NAME[name] ?? name
    }(…) instead of ${frame.callee}(…)`;
  }
  const text = (source.split("\n")[frame.line - 1] ?? "").trim();
  const code = text.replace(/\/\/.*$/, "").replace(/(["'`]).*?\1/g, "");
  const found = OPERATORS.filter(([re]) => re.test(` ${code} `));
  const swaps = found.map(([, op, np]) => `${op} → ${np}`).join(", ");
  return `a JavaScript operator at ${where} met a dual number${
    text ? `: \`${text.length > 100 ? text.slice(0, 97) + "…" : text}\`` : ""
  }; write ${swaps || "np.add, np.subtract, np.multiply, np.divide, np.power"}`;
}

/**
 * Why an export the check needs is missing: declared without `export`, a
 * near miss in spelling, or simply absent.
 *
 * @param name The export the check needs.
 * @param exported The module's export names.
 * @param listed What to append: the module's exports, listed for display.
 * @param source The learner's file text.
 * @returns The sentence for the check's message.
 */
export function missingExportText(
  name: string,
  exported: readonly string[],
  listed: string,
  source: string,
): string {
  const escaped = name.replace(/[$]/g, "\\$");
  const declared = new RegExp(
    `^\\s*(?:async\\s+)?(?:const|let|var|function\\*?|class)\\s+${escaped}\\b`,
  );
  const at = source.split("\n").findIndex((l) => declared.test(l));
  if (at >= 0) {
    return `${name} is declared at line ${
      at + 1
    } but not exported: write export before it${listed}`;
  }
  const near = exported.filter((n) => n !== name && isNearMiss(n, name));
  if (near.length > 0) {
    const shown = near[0].length > 40 ? `${near[0].slice(0, 39)}…` : near[0];
    const caseOnly = near[0].toLowerCase() === name.toLowerCase();
    return `Missing export ${name}: found ${shown}, ${
      caseOnly ? "names are case-sensitive" : "a typo?"
    }${listed}`;
  }
  return `Missing export ${name}${listed}`;
}

/**
 * Whether `a` is probably a misspelling of `b`: a case change, or one edit
 * (two for names over six characters), a swap of neighbours counting as one.
 * Names that differ only in digits (`f1`, `f3`) are different names.
 */
function isNearMiss(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (a.replace(/\d/g, "#") === b.replace(/\d/g, "#")) return false;
  const limit = Math.max(a.length, b.length) > 6 ? 2 : 1;
  if (Math.abs(a.length - b.length) > limit) return false;
  return editDistance(a, b) <= limit;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from(
    { length: a.length + 1 },
    (_, i) =>
      Array.from(
        { length: b.length + 1 },
        (_, j) => i === 0 ? j : j === 0 ? i : 0,
      ),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
