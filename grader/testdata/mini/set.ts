/**
 * A tiny exercise set for the grader's own tests: a function and its
 * derivative (exercise 01), and values of several kinds with a bonus check
 * (exercise 02).
 *
 * @module
 */

import { callCheck, valueCheck } from "../../../exercises/check.ts";
import {
  defineExercise,
  defineExerciseSet,
} from "../../../exercises/define.ts";
import { uniform } from "../../../exercises/domain.ts";
import type { ExerciseSet } from "../../../exercises/types.ts";

const exercise01 = defineExercise({
  id: "01",
  title: "A square and its derivative",
  prompt:
    "Export `square(x) = x²` and `squareGrad`, its derivative made with `grad`.",
  exports: {
    square: { kind: "function", type: "(x: number) => number", doc: "x²." },
    squareGrad: {
      kind: "function",
      type: "(x: number) => number",
      doc: "The derivative of square.",
    },
  },
  checks: [
    callCheck({ name: "square at 3", points: 1, export: "square", at: [[3]] }),
    callCheck({
      name: "square at hidden points",
      points: 2,
      export: "square",
      random: { count: 3, args: [uniform(-5, 5)] },
    }),
    callCheck({
      name: "squareGrad at 3",
      points: 1,
      export: "squareGrad",
      at: [[3]],
    }),
  ],
}, import.meta.url);

const exercise02 = defineExercise({
  id: "02",
  title: "Values",
  prompt:
    "Export `answer` (42), `flag` (true), the matrix `M` = [[1, 2], [3, 4]], and, for a bonus, `bonus` (7).",
  exports: {
    answer: { kind: "value", type: "number", doc: "42." },
    flag: { kind: "value", type: "boolean", doc: "true." },
    M: { kind: "value", type: "Tensor", doc: "[[1, 2], [3, 4]]." },
    bonus: { kind: "value", type: "number", doc: "7." },
  },
  checks: [
    valueCheck({ name: "answer", points: 1, export: "answer" }),
    valueCheck({ name: "flag", points: 1, export: "flag" }),
    valueCheck({ name: "M", points: 2, export: "M" }),
    valueCheck({ name: "bonus", points: 1, export: "bonus", optional: true }),
  ],
}, import.meta.url);

/** The mini set: exercises 01 and 02, reference solutions in `reference/`. */
export const exerciseSet: ExerciseSet = defineExerciseSet({
  id: "mini",
  title: "Mini",
  exercises: [exercise01, exercise02],
  solutions: new URL("./reference/", import.meta.url),
}, import.meta.url);
