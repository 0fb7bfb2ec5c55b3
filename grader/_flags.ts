/**
 * One description per command-line flag: what a command accepts (a value,
 * a number, one of a few choices or a switch, a short alias) and what its `--help` lists come from
 * the same table, so the two cannot disagree, and flags several commands take
 * (`--set`, `--plan`) are described once.
 *
 * Every command reads its arguments through {@linkcode readCommandLine}
 * (which reads them with {@linkcode parseCommandLine}): an unknown flag, a
 * missing value, a value given to a switch, a number flag given something
 * that is not such a number and a value not among a flag's choices are
 * refused the same way, as a
 * {@linkcode UsageError} naming the flag and the command, printed with a
 * pointer to the command's `--help`, exit code 2; `--help` prints the usage,
 * exit code 0.
 *
 * @module
 */

import { parseArgs } from "node:util";

/**
 * What a number flag accepts.
 *
 * @example
 * ```ts
 * import type { NumberRule } from "./_flags.ts";
 * const count: NumberRule = { integer: true, min: 1 };
 * ```
 */
export interface NumberRule {
  /** Whole numbers only. */
  integer?: boolean;
  /** The least value accepted. */
  min: number;
  /** The greatest value accepted (default: none). */
  max?: number;
}

/**
 * A flag as a command takes it and its usage lists it.
 *
 * @example
 * ```ts
 * import type { Flag } from "./_flags.ts";
 * const seed: Flag = { value: "<n>", number: { integer: true, min: 0 }, help: "Seed for hidden checks" };
 * ```
 */
export interface Flag {
  /** The value's placeholder (`<file>`); absent for a switch. */
  value?: string;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** What it does, one paragraph (wrapped when listed). */
  help: string;
  /** The value is a number: checked, and given to the command as a number. */
  number?: NumberRule;
  /** The values accepted (`visible`, `hidden`); any other is refused. */
  choices?: readonly string[];
  /** The value is a comma-separated list: given to the command as its items, trimmed, empty ones dropped. */
  list?: boolean;
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
  const listed = Object.entries(flags);
  const heads = listed.map(([name, f]) =>
    `${f.short === undefined ? "" : `-${f.short}, `}--${name}${
      f.value === undefined ? "" : ` ${f.value}`
    }`
  );
  const column = 2 + Math.max(...heads.map((h) => h.length)) + 2;
  return listed.flatMap(([, f], i) =>
    wrap(f.help, Math.max(20, width - column)).map((line, j) =>
      j === 0
        ? `  ${heads[i].padEnd(column - 4)}  ${line}`
        : `${" ".repeat(column)}${line}`
    )
  ).join("\n");
}

/** The values of a table's flags as a command reads them: numbers as numbers, switches as booleans; absent when not given. */
export type FlagValues<T extends Record<string, Flag>> = {
  [K in keyof T]?: T[K] extends { number: NumberRule } ? number
    : T[K] extends { choices: readonly (infer C extends string)[] } ? C
    : T[K] extends { list: true } ? string[]
    : T[K] extends { value: string } ? string
    : boolean;
};

/**
 * Arguments a command refuses: an unknown flag, a missing or malformed
 * value, a wrong number of positional arguments. The message names the flag
 * and the command; {@linkcode usageFailure} adds where the usage is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./_flags.ts";
 * const e = new UsageError("deno task plan", "Missing --out: where to write the plan");
 * assert.equal(e.command, "deno task plan");
 * ```
 */
export class UsageError extends Error {
  /** The command, as typed (`deno task plan`). */
  readonly command: string;
  /**
   * @param command The command, as typed.
   * @param message What is wrong.
   */
  constructor(command: string, message: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/**
 * What a command prints on stderr for a usage error: the reason, then how to
 * see the usage.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError, usageFailure } from "./_flags.ts";
 * assert.equal(
 *   usageFailure(new UsageError("deno task plan", "Unknown flag --x in deno task plan")),
 *   "Unknown flag --x in deno task plan\n\nRun deno task plan --help for usage\n",
 * );
 * ```
 */
export function usageFailure(error: UsageError): string {
  return `${error.message}\n\nRun ${error.command} --help for usage\n`;
}

/** The arguments a command was given, read against its table of flags. */
export interface CommandLine<T extends Record<string, Flag>> {
  /** The flags given, by name. */
  values: FlagValues<T>;
  /** The arguments that are not flags, in order. */
  positionals: string[];
}

/** How many positional arguments a command takes, and what they are. */
export interface Positionals {
  /** At least this many (default 0). */
  min?: number;
  /** At most this many (default none). */
  max?: number;
  /** What they are, for the message when there are too many or too few: "one folder". */
  what: string;
}

/**
 * Reads a command's arguments against its table of flags, or throws a
 * {@linkcode UsageError} saying what is wrong, naming the flag and the
 * command: an unknown flag, a missing value (the end of the arguments, or a
 * flag where the value should be), a value given to a switch, a number
 * flag's value that is not such a number, a value not among a flag's
 * choices, a wrong count of positionals.
 * `--help` (or `-h`) anywhere before `--` wins over everything else, so that
 * it always works: the values are then `{ help: true }` alone. A leading
 * `--`, which `deno task x -- …` passes on, is dropped.
 *
 * @param args The command-line arguments.
 * @param options The command as typed (for messages), its flags and positionals.
 * @returns The flags' values and the positional arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCommandLine } from "./_flags.ts";
 * const flags = {
 *   seed: { value: "<n>", number: { integer: true, min: 0 }, help: "Seed" },
 *   force: { help: "Overwrite" },
 * } as const;
 * const line = parseCommandLine(["out", "--seed", "3"], {
 *   command: "deno task x",
 *   flags,
 *   positionals: { min: 1, max: 1, what: "one folder" },
 * });
 * assert.deepEqual(line, { values: { seed: 3 }, positionals: ["out"] });
 * assert.throws(
 *   () => parseCommandLine(["--seed", "abc"], { command: "deno task x", flags }),
 *   /^UsageError: Invalid value for --seed in deno task x: "abc" is not an integer of at least 0$/,
 * );
 * assert.throws(
 *   () => parseCommandLine(["--sed", "3"], { command: "deno task x", flags }),
 *   /^UsageError: Unknown flag --sed in deno task x$/,
 * );
 * ```
 */
export function parseCommandLine<T extends Record<string, Flag>>(
  args: string[],
  options: { command: string; flags: T; positionals?: Positionals },
): CommandLine<T> {
  const { command, flags } = options;
  const fail = (message: string) => new UsageError(command, message);
  // `deno task x -- …` passes its `--` on, as npm's habit has users type it.
  if (args[0] === "--") args = args.slice(1);
  if (asksForHelp(args, flags)) {
    return {
      values: { help: true } as unknown as FlagValues<T>,
      positionals: [],
    };
  }
  const { tokens } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: parseArgsOptions(flags),
  });
  const values: Record<string, string | string[] | number | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const flag = Object.hasOwn(flags, token.name)
      ? flags[token.name]
      : undefined;
    if (flag === undefined) {
      throw fail(`Unknown flag ${token.rawName} in ${command}`);
    }
    values[token.name] = flagValue(token, flag, command);
  }
  checkCount(positionals, options.positionals, fail, command);
  return { values: values as FlagValues<T>, positionals };
}

/**
 * A command's arguments as {@linkcode readCommandLine} reads them: its
 * flags, positionals and usage, and what else it checks.
 */
export interface CommandSpec<T extends Record<string, Flag>, R> {
  /** The command, as typed (`deno task plan`), for messages. */
  command: string;
  /** Its flags. */
  flags: T;
  /** Its positional arguments (default: none). */
  positionals?: Positionals;
  /** What `--help` prints. */
  usage: string;
  /**
   * The command's own checks of its arguments, once they are read: throws a
   * {@linkcode UsageError} for arguments it refuses; what it returns is what
   * {@linkcode readCommandLine} returns. Not called for `--help`.
   */
  read?: (line: CommandLine<T>) => R;
  /** Where the usage goes (default: `console.log`). */
  print?: (text: string) => void;
  /** Where a usage failure goes, without a final newline (default: `console.error`). */
  printError?: (text: string) => void;
}

/**
 * Reads a command's arguments, or says why not: with `--help`, prints the
 * usage and returns 0; for arguments refused (by
 * {@linkcode parseCommandLine}, or by the command's own `read`), prints the
 * {@linkcode usageFailure} and returns 2. Otherwise returns the arguments
 * (what `read` makes of them, else the {@linkcode CommandLine}). A number
 * is thus the exit code; other errors than usage errors are thrown.
 *
 * @param args The command-line arguments.
 * @param spec The command, its flags, positionals and usage, its own checks and where it prints.
 * @returns The arguments read, or the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCommandLine, UsageError } from "./_flags.ts";
 * const printed: string[] = [];
 * const read = (args: string[]) =>
 *   readCommandLine(args, {
 *     command: "deno task x",
 *     flags: { out: { value: "<file>", help: "Where" }, help: { help: "Help" } },
 *     usage: "Usage: deno task x --out <file>",
 *     read: ({ values }) => {
 *       if (values.out === undefined) {
 *         throw new UsageError("deno task x", "Missing --out in deno task x");
 *       }
 *       return values.out;
 *     },
 *     print: (text) => printed.push(text),
 *     printError: (text) => printed.push(text),
 *   });
 * assert.equal(read(["--out", "a.json"]), "a.json");
 * assert.equal(read(["--help"]), 0);
 * assert.equal(read([]), 2);
 * assert.deepEqual(printed, [
 *   "Usage: deno task x --out <file>",
 *   "Missing --out in deno task x\n\nRun deno task x --help for usage",
 * ]);
 * // As a script's entry point:
 * const out = read(["--out", "b.json"]);
 * if (typeof out === "number") Deno.exit(out);
 * ```
 */
export function readCommandLine<
  T extends Record<string, Flag>,
  R = CommandLine<T>,
>(args: string[], spec: CommandSpec<T, R>): R | number {
  const {
    print = (text: string) => console.log(text),
    printError = (text: string) => console.error(text),
  } = spec;
  try {
    const line = parseCommandLine(args, spec);
    if ((line.values as { help?: boolean }).help) {
      print(spec.usage);
      return 0;
    }
    return spec.read === undefined ? line as R : spec.read(line);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(usageFailure(error).trimEnd());
    return 2;
  }
}

/** Whether `--help` or `-h` is among the arguments (before `--`), for a table that has it. */
function asksForHelp(args: string[], flags: Record<string, Flag>): boolean {
  const help = flags.help;
  if (help === undefined) return false;
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) =>
    a === "--help" || (help.short !== undefined && a === `-${help.short}`)
  );
}

/** An option token as `parseArgs` gives it with `tokens: true`. */
interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

/** A flag's value from its token: a switch's true, a value's text, a number. */
function flagValue(
  token: OptionToken,
  flag: Flag,
  command: string,
): string | string[] | number | boolean {
  const name = `--${token.name}`;
  if (flag.value === undefined) {
    if (token.value !== undefined) {
      throw new UsageError(
        command,
        `Invalid value for ${name} in ${command}: it is a switch and takes no value, got ${
          JSON.stringify(token.value)
        }`,
      );
    }
    return true;
  }
  // `--seed --json`: the next flag is not a value (`--json -` is), nor is
  // the empty text of `--set=` or `--set ""`.
  if (
    token.value === undefined || token.value === "" ||
    !token.inlineValue && /^--?[A-Za-z]/.test(token.value)
  ) {
    throw new UsageError(
      command,
      `Missing value for ${name} in ${command}: expected ${name} ${flag.value}`,
    );
  }
  if (flag.choices !== undefined && !flag.choices.includes(token.value)) {
    throw new UsageError(
      command,
      `Invalid value for ${name} in ${command}: ${
        JSON.stringify(token.value)
      } is not one of ${flag.choices.join(", ")}`,
    );
  }
  if (flag.list) {
    return token.value.split(",").map((item) => item.trim()).filter(Boolean);
  }
  if (flag.number === undefined) return token.value;
  const n = Number(token.value);
  const rule = flag.number;
  if (
    token.value.trim() === "" || !Number.isFinite(n) || n < rule.min ||
    (rule.max !== undefined && n > rule.max) ||
    (rule.integer && !Number.isInteger(n))
  ) {
    throw new UsageError(
      command,
      `Invalid value for ${name} in ${command}: ${
        JSON.stringify(token.value)
      } is not ${rule.integer ? "an integer" : "a number"} ${
        rule.max === undefined
          ? `of at least ${rule.min}`
          : `from ${rule.min} to ${rule.max}`
      }`,
    );
  }
  return n;
}

/** Too few or too many positional arguments, said with what they are. */
function checkCount(
  positionals: string[],
  rule: Positionals | undefined,
  fail: (message: string) => UsageError,
  command: string,
): void {
  if (rule === undefined) {
    if (positionals.length > 0) {
      throw fail(
        `Unexpected argument ${
          JSON.stringify(positionals[0])
        } in ${command}: it takes no argument besides its flags`,
      );
    }
    return;
  }
  const count = positionals.length;
  if (count < (rule.min ?? 0) || (rule.max !== undefined && count > rule.max)) {
    throw fail(
      `Expected ${rule.what} in ${command}, got ${
        count === 0
          ? "none"
          : positionals.map((p) => JSON.stringify(p)).join(" ")
      }`,
    );
  }
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
 * `--only`, as commands that can work on some of a set's exercises take it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ONLY_FLAG, parseCommandLine } from "./_flags.ts";
 * const line = parseCommandLine(["--only", "01, 03,"], {
 *   command: "deno task x",
 *   flags: { only: ONLY_FLAG },
 * });
 * assert.deepEqual(line.values.only, ["01", "03"]);
 * ```
 */
export const ONLY_FLAG = {
  value: "<id,id>",
  list: true,
  help: "Grade only these exercises",
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
