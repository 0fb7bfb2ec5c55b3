/**
 * Where a command's exercise set comes from: a built-in set's name, or a
 * set file (a module exporting `exerciseSet`, and optionally
 * `planExercise`). Every command naming a set goes through
 * {@linkcode loadSet}.
 *
 * A relative path is resolved against the directory the command was typed
 * in: Deno tasks run in their config's directory, so `INIT_CWD` (set by
 * `deno task` to the original one) is preferred to the process's.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { invocationDir, userPath } from "./_paths.ts";
import { loadPlanFile, type ThawedPlan } from "./plan_file.ts";

export { invocationDir, userPath };
import {
  DEFAULT_SET_ID,
  exerciseSets,
  isBuiltInSet,
} from "../exercises/sets.ts";
import type {
  Exercise,
  ExerciseSet,
  PlannedCheck,
} from "../exercises/types.ts";
import { SetupError } from "./result.ts";

/**
 * A loaded set and, when its module exports one, its own planner.
 *
 * @example
 * ```ts
 * import type { LoadedSet } from "./set_source.ts";
 * import { defaultExerciseSet } from "../exercises/sets.ts";
 * const loaded: LoadedSet = { set: defaultExerciseSet() };
 * ```
 */
export interface LoadedSet {
  /** The exercise set. */
  set: ExerciseSet;
  /** The set module's `planExercise`, when it exports one. */
  planner?: (
    ex: Exercise,
    reference: Record<string, unknown>,
    seed: number,
  ) => PlannedCheck[];
  /** The set file's absolute path; absent for a built-in set. */
  file?: string;
}

/**
 * What a course's deno.json says about its set, in its `"dualgrade"` field:
 * `{ "set": "./set.ts" }` for instructors, `{ "plan": "./plan.json" }` in a
 * learner's repository. Paths are absolute here (they are written relative
 * to the deno.json).
 *
 * @example
 * ```ts
 * import type { CourseConfig } from "./set_source.ts";
 * const c: CourseConfig = { file: "/course/deno.json", set: "/course/set.ts" };
 * ```
 */
export interface CourseConfig {
  /** The deno.json it was read from. */
  file: string;
  /** The set file it names. */
  set?: string;
  /** The plan file it names. */
  plan?: string;
}

/**
 * The nearest deno.json(c) at or above `dir` with a `"dualgrade"` field, or
 * undefined. A deno.json without the field stops the search (it is the
 * project's own config), unless it is dualgrade's own.
 *
 * @example
 * ```ts
 * import { findCourseConfig } from "./set_source.ts";
 * console.log(findCourseConfig(Deno.cwd())); // undefined in dualgrade's checkout
 * ```
 */
export function findCourseConfig(dir: string): CourseConfig | undefined {
  let at = resolve(dir);
  for (;;) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const file = join(at, name);
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(stripJsonComments(readFileSync(file, "utf8")));
      } catch {
        continue;
      }
      const field = json?.dualgrade as Record<string, unknown> | undefined;
      if (typeof field !== "object" || field === null) return undefined;
      const path = (key: string) =>
        typeof field[key] === "string"
          ? resolve(at, field[key] as string)
          : undefined;
      return { file, set: path("set"), plan: path("plan") };
    }
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

function stripJsonComments(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_m, str) => str ?? "",
  );
}

/**
 * Whether a `--set` value names a file rather than a built-in set.
 *
 * @example
 * ```ts
 * import { isSetFile } from "./set_source.ts";
 * console.log(isSetFile("autograd"), isSetFile("course/set.ts")); // false true
 * ```
 */
export function isSetFile(spec: string): boolean {
  return /[/\\]|\.[cm]?[jt]s$/.test(spec);
}

/**
 * Loads the set a command names: a built-in id, a set file, or (when
 * `spec` is undefined) the set the course's deno.json names (see
 * {@linkcode findCourseConfig}), else the default set. A set file is loaded with every
 * import of dualgrade mapped to this copy (see `_framework.ts`), so it may
 * import `"dualgrade/exercises"` through its course's import map, a URL, or
 * a path into another checkout.
 *
 * @param spec The `--set` value.
 * @returns The set, its planner, and its file.
 * @throws SetupError with reason `unknown-set` or `set-module`.
 *
 * @example
 * ```ts
 * import { loadSet } from "./set_source.ts";
 * import assert from "node:assert/strict";
 * assert.equal((await loadSet(undefined)).set.id, "autograd");
 * await assert.rejects(loadSet("nope"), (e: Error & { reason?: string }) => e.reason === "unknown-set");
 * ```
 */
export async function loadSet(spec: string | undefined): Promise<LoadedSet> {
  const id = spec ?? findCourseConfig(invocationDir())?.set ?? DEFAULT_SET_ID;
  if (!isSetFile(id)) {
    if (!isBuiltInSet(id)) {
      throw new SetupError(
        `Unknown exercise set ${JSON.stringify(id)}: known sets are ${
          Object.keys(exerciseSets).join(", ")
        }, or give a set file (a path ending in .ts)`,
        "unknown-set",
      );
    }
    return { set: exerciseSets[id] };
  }
  const file = userPath(id);
  let mod: Record<string, unknown>;
  try {
    // Loaded only for a set file: built-in sets need no bundler (nor its permissions).
    const { loadTrustedModules } = await import("./_framework.ts");
    [mod] = await loadTrustedModules([file]);
  } catch (error) {
    throw new SetupError(
      `Cannot load the exercise set module ${file}: ${
        (error as Error).message
      }`,
      "set-module",
    );
  }
  return { ...setOfModule(mod, file), file };
}

/**
 * Where a command's checks come from: a set (with its references) or a
 * frozen plan, and the arguments that name it again (for READMEs and
 * templates).
 *
 * @example
 * ```ts
 * import type { LoadedSource } from "./set_source.ts";
 * import { defaultExerciseSet } from "../exercises/sets.ts";
 * const s: LoadedSource = { set: defaultExerciseSet(), args: "--set autograd" };
 * ```
 */
export interface LoadedSource extends LoadedSet {
  /** The plan, when the source is a plan file. */
  thawed?: ThawedPlan;
  /** The plan file's absolute path, when it is one. */
  planFile?: string;
  /** The command-line arguments naming this source: `--set <id|file>` or `--plan <file>`. */
  args: string;
}

/**
 * Loads what a command grades against: `--plan <file>` (a frozen plan),
 * `--set <id|file>`, or, with neither, what the course's deno.json names
 * (`"dualgrade": { "set": … }` or `{ "plan": … }`), else the default set.
 *
 * @param options The `--set` and `--plan` values.
 * @returns The set (for a plan: its exercises as the plan describes them) and, for a plan, the plan.
 * @throws SetupError when both are given, or either cannot be loaded.
 *
 * @example
 * ```ts
 * import { loadSource } from "./set_source.ts";
 * import assert from "node:assert/strict";
 * const source = await loadSource({ set: "autograd" });
 * assert.equal(source.args, "--set autograd");
 * ```
 */
export async function loadSource(
  options: { set?: string; plan?: string },
): Promise<LoadedSource> {
  if (options.set !== undefined && options.plan !== undefined) {
    throw new SetupError(
      "Invalid arguments: give --set or --plan, not both",
      "other",
    );
  }
  let planPath = options.plan === undefined
    ? undefined
    : userPath(options.plan);
  if (options.set === undefined && planPath === undefined) {
    const config = findCourseConfig(invocationDir());
    if (config?.set === undefined && config?.plan !== undefined) {
      planPath = config.plan;
    }
  }
  if (planPath !== undefined) {
    const thawed = await loadPlanFile(planPath);
    return {
      set: thawed.plan.set,
      thawed,
      planFile: planPath,
      args: `--plan ${planPath}`,
    };
  }
  const loaded = await loadSet(options.set);
  return {
    ...loaded,
    args: `--set ${loaded.file ?? loaded.set.id}`,
  };
}

/** The set and planner a set module exports, or a SetupError naming the file. */
function setOfModule(
  mod: Record<string, unknown>,
  file: string,
): Omit<LoadedSet, "file"> {
  const set = (mod.exerciseSet ?? mod.default) as ExerciseSet | undefined;
  if (
    typeof set !== "object" || set === null || !Array.isArray(set.exercises) ||
    !(set.solutions instanceof URL)
  ) {
    throw new SetupError(
      `Cannot load the exercise set module ${file}: it exports no exerciseSet`,
      "set-module",
    );
  }
  const planner = typeof mod.planExercise === "function"
    ? mod.planExercise as LoadedSet["planner"]
    : undefined;
  return { set, planner };
}
