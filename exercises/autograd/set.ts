/**
 * The autograd exercise set: the seed notebook "Demystifying Neural Networks —
 * Exercises: Autograd", ported to TypeScript.
 *
 * @module
 */

import { defineExerciseSet } from "../define.ts";
import type { ExerciseSet } from "../types.ts";
import { exercise01 } from "./01.ts";
import { exercise02 } from "./02.ts";
import { exercise03 } from "./03.ts";
import { exercise04 } from "./04.ts";
import { exercise05 } from "./05.ts";
import { exercise06 } from "./06.ts";

/**
 * Exercises 01 … 06 of the autograd notebook, with reference solutions in
 * `solutions/autograd/`.
 *
 * @example
 * ```ts
 * import { autograd } from "./set.ts";
 * console.log(autograd.exercises.map((e) => e.id)); // ["01", …, "06"]
 * ```
 */
export const autograd: ExerciseSet = defineExerciseSet({
  id: "autograd",
  title: "Demystifying Neural Networks — Exercises: Autograd",
  exercises: [
    exercise01,
    exercise02,
    exercise03,
    exercise04,
    exercise05,
    exercise06,
  ],
  solutions: new URL("../../solutions/autograd/", import.meta.url),
}, import.meta.url);
