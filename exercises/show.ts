/**
 * `deno task exercises [id]`: prints an exercise set's prompts, or one
 * exercise's, readably in the terminal (math left as TeX).
 *
 * @module
 */

import { exerciseMarkdown, setReadme } from "./_describe.ts";
import { renderMarkdown } from "./_terminal.ts";
import { loadSource } from "../grader/set_source.ts";
import type { ExerciseSet } from "./types.ts";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  PLAN_FLAG,
  readCommandLine,
  SET_FLAG,
} from "../grader/_flags.ts";

export type { ExerciseSet };

const COMMAND = "deno task exercises";

/**
 * The flags of `deno task exercises`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { EXERCISES_FLAGS } from "./show.ts";
 * console.log("list" in EXERCISES_FLAGS); // true
 * ```
 */
export const EXERCISES_FLAGS = {
  set: SET_FLAG,
  plan: {
    ...PLAN_FLAG,
    help: "The exercises of a frozen plan (deno task plan)",
  },
  list: { help: "List the exercises' ids and titles only" },
  color: {
    help: "Colour even when not writing to a terminal (NO_COLOR wins)",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} [id] [options]

Prints the prompts of an exercise set, or of the exercise with the given id,
with the exports each module must provide and the checks with their points.

Options:
${formatFlags(EXERCISES_FLAGS)}`;

/**
 * The text `deno task exercises` prints: the whole set, or one exercise.
 *
 * @param set The exercise set.
 * @param options `id` of one exercise; `list` for ids and titles only;
 *   `color` for ANSI styles.
 * @returns The text to print.
 * @throws Error listing the known ids when `id` names no exercise.
 *
 * @example
 * ```ts
 * import { showExercises } from "./show.ts";
 * import { loadExerciseSet } from "./sets.ts";
 * import assert from "node:assert/strict";
 * const text = showExercises(loadExerciseSet("autograd"), { id: "01" });
 * assert.match(text, /\(x - 10\)\^2/);
 * ```
 */
export function showExercises(
  set: ExerciseSet,
  options: { id?: string; list?: boolean; color?: boolean } = {},
): string {
  if (options.list) {
    return set.exercises.map((ex) => `${ex.id}  ${ex.title}`).join("\n") + "\n";
  }
  if (options.id === undefined) {
    return renderMarkdown(setReadme(set), options.color ?? false);
  }
  const ex = set.exercises.find((e) => e.id === options.id);
  if (ex === undefined) {
    throw new Error(
      `Unknown exercise ${
        JSON.stringify(options.id)
      } in the set ${set.id}: known ids are ${
        set.exercises.map((e) => e.id).join(", ")
      }`,
    );
  }
  return renderMarkdown(exerciseMarkdown(ex), options.color ?? false);
}

async function main(args: string[]): Promise<number> {
  const parsed = readCommandLine(args, {
    command: COMMAND,
    flags: EXERCISES_FLAGS,
    positionals: { max: 1, what: "at most one exercise id" },
    usage: USAGE,
  });
  if (typeof parsed === "number") return parsed;
  const color = !Deno.noColor &&
    (parsed.values.color || Deno.stdout.isTerminal());
  try {
    const { set } = await loadSource({
      set: parsed.values.set,
      plan: parsed.values.plan,
    });
    console.log(
      showExercises(set, {
        id: parsed.positionals[0],
        list: parsed.values.list,
        color,
      }),
    );
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
