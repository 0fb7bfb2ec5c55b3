/**
 * One description per command-line flag: what `parseArgs` is told (a value
 * or a switch, a short alias) and what `--help` lists come from the same
 * table, so the two cannot disagree, and flags several commands take
 * (`--set`, `--plan`) are described once.
 *
 * @module
 */

/** A flag as a command takes it and its usage lists it. */
export interface Flag {
  /** The value's placeholder (`<file>`); absent for a switch. */
  value?: string;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** What it does, one paragraph (wrapped when listed); absent: accepted, not listed. */
  help?: string;
}

/** What `parseArgs` is told of each flag of a table, typed after the table. */
export type ParseArgsOptions<T extends Record<string, Flag>> = {
  [K in keyof T]: T[K] extends { value: string }
    ? { type: "string"; short?: string }
    : { type: "boolean"; short?: string };
};

/**
 * The `options` of `parseArgs` for a table of flags.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "node:util";
 * import { parseArgsOptions } from "./_flags.ts";
 * const flags = { seed: { value: "<n>", help: "Seed" }, help: { short: "h", help: "Help" } };
 * const { values } = parseArgs({ args: ["--seed", "3", "-h"], options: parseArgsOptions(flags) });
 * assert.deepEqual({ ...values }, { seed: "3", help: true });
 * ```
 */
export function parseArgsOptions<T extends Record<string, Flag>>(
  flags: T,
): ParseArgsOptions<T> {
  const options: Record<string, { type: string; short?: string }> = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = {
      type: flag.value === undefined ? "boolean" : "string",
      ...(flag.short === undefined ? {} : { short: flag.short }),
    };
  }
  return options as ParseArgsOptions<T>;
}

/**
 * The usage's list of a table's flags: each flag with its value, its help
 * wrapped at `width` columns in a column after the longest flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFlags } from "./_flags.ts";
 * const text = formatFlags({ out: { value: "<file>", help: "Where to write" }, help: { short: "h", help: "Show this help" } });
 * assert.equal(text, "  --out <file>  Where to write\n  -h, --help    Show this help");
 * ```
 */
export function formatFlags(
  flags: Record<string, Flag>,
  width = 80,
): string {
  const listed = Object.entries(flags).filter(([, f]) => f.help !== undefined);
  const heads = listed.map(([name, f]) =>
    `${f.short === undefined ? "" : `-${f.short}, `}--${name}${
      f.value === undefined ? "" : ` ${f.value}`
    }`
  );
  const column = 2 + Math.max(...heads.map((h) => h.length)) + 2;
  return listed.flatMap(([, f], i) =>
    wrap(f.help!, Math.max(20, width - column)).map((line, j) =>
      j === 0
        ? `  ${heads[i].padEnd(column - 4)}  ${line}`
        : `${" ".repeat(column)}${line}`
    )
  ).join("\n");
}

/** Words into lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * `--set`, as every command that works on an exercise set takes it.
 *
 * @example
 * ```ts
 * import { SET_FLAG } from "./_flags.ts";
 * console.log(SET_FLAG.value); // "<id|file>"
 * ```
 */
export const SET_FLAG = {
  value: "<id|file>",
  help: "The exercise set: a built-in id, or a set file (a module exporting " +
    "`exerciseSet`, optionally `planExercise`); default: the set the " +
    `course's deno.json names ("dualgrade": { "set": "./set.ts" }), else ` +
    "autograd",
} as const satisfies Flag;

/**
 * `--plan`, as commands that can work from a frozen plan take it.
 *
 * @example
 * ```ts
 * import { PLAN_FLAG } from "./_flags.ts";
 * console.log(PLAN_FLAG.value); // "<file>"
 * ```
 */
export const PLAN_FLAG = {
  value: "<file>",
  help: "A frozen plan (deno task plan) instead of the set: its exercises " +
    "and checks, with no reference solutions",
} as const satisfies Flag;

/**
 * `-h, --help`.
 *
 * @example
 * ```ts
 * import { HELP_FLAG } from "./_flags.ts";
 * console.log(HELP_FLAG.short); // "h"
 * ```
 */
export const HELP_FLAG = {
  short: "h",
  help: "Show this help",
} as const satisfies Flag;
