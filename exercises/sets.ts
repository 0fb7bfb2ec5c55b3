/**
 * The exercise sets dualgrade knows, by the name used on the command line.
 *
 * @module
 */

import { autograd } from "./autograd/set.ts";
import type { ExerciseSet } from "./types.ts";

/**
 * Every known exercise set by id.
 *
 * @example
 * ```ts
 * import { exerciseSets } from "./sets.ts";
 * console.log(Object.keys(exerciseSets)); // ["autograd"]
 * ```
 */
export const exerciseSets: Record<string, ExerciseSet> = { autograd };

/**
 * The set graded when none is named: the one place that names it.
 *
 * @example
 * ```ts
 * import { DEFAULT_SET_ID } from "./sets.ts";
 * console.log(DEFAULT_SET_ID); // "autograd"
 * ```
 */
export const DEFAULT_SET_ID = "autograd";

/**
 * The set graded when none is named ({@linkcode DEFAULT_SET_ID}).
 *
 * @example
 * ```ts
 * import { defaultExerciseSet } from "./sets.ts";
 * console.log(defaultExerciseSet().id); // "autograd"
 * ```
 */
export function defaultExerciseSet(): ExerciseSet {
  return exerciseSets[DEFAULT_SET_ID];
}

/**
 * Whether `id` names a built-in set.
 *
 * @example
 * ```ts
 * import { isBuiltInSet } from "./sets.ts";
 * console.log(isBuiltInSet("autograd"), isBuiltInSet("nope")); // true false
 * ```
 */
export function isBuiltInSet(id: string): boolean {
  return Object.hasOwn(exerciseSets, id);
}

/**
 * The exercise set with the given id.
 *
 * @param id The set's name, e.g. `autograd`.
 * @returns The set.
 * @throws Error listing the known ids when there is no such set.
 *
 * @example
 * ```ts
 * import { loadExerciseSet } from "./sets.ts";
 * import assert from "node:assert/strict";
 * assert.equal(loadExerciseSet("autograd").exercises.length, 6);
 * assert.throws(() => loadExerciseSet("nope"), /Unknown exercise set "nope": known sets are autograd/);
 * ```
 */
export function loadExerciseSet(id: string): ExerciseSet {
  if (!Object.hasOwn(exerciseSets, id)) {
    throw new Error(
      `Unknown exercise set ${JSON.stringify(id)}: known sets are ${
        Object.keys(exerciseSets).join(", ")
      }`,
    );
  }
  return exerciseSets[id];
}
