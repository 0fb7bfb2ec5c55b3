/**
 * dualgrade's authoring API: what an instructor imports to write an
 * exercise set in their own course repository.
 *
 * An exercise is a prompt, the exports a learner's module must provide (each
 * with its TypeScript type), and checks worth points. A set names its
 * exercises and the folder of its reference solutions. The grader plans each
 * check in its own process from the references (expected values, hidden
 * points drawn from a seed) and compares what learners' modules return.
 *
 * ```ts
 * import {
 *   byHandCheck, callCheck, defineExercise, defineExerciseSet, md, uniform,
 * } from "./mod.ts";
 * import { np } from "../mod.ts";
 *
 * const squares = defineExercise({
 *   id: "01",
 *   title: "Squares",
 *   prompt: md`Write $f(x) = x^2$ as \`f\` and its derivative as \`fPrime\`.`,
 *   exports: {
 *     f: { kind: "function", type: "(x: number) => number", doc: "x²" },
 *     fPrime: { kind: "function", type: "(x: number) => number", doc: "2x" },
 *   },
 *   checks: [
 *     callCheck({ name: "f at 3", points: 1, export: "f", at: [[3]] }),
 *     byHandCheck({
 *       name: "fPrime at hidden points", points: 2, export: "fPrime",
 *       of: (x: number) => np.multiply(x, x),
 *       random: { count: 5, args: [uniform(-5, 5)] },
 *     }),
 *   ],
 * }, import.meta.url);
 *
 * export const exerciseSet = defineExerciseSet({
 *   id: "squares",
 *   title: "Squares",
 *   exercises: [squares],
 *   solutions: new URL("./solutions/", import.meta.url),
 * }, import.meta.url);
 * ```
 *
 * @module
 */
export { defineExercise, defineExerciseSet } from "./define.ts";
export {
  byHandCheck,
  callCheck,
  checkTolerance,
  checkVisibility,
  DEFAULT_TOLERANCE,
  propertyCheck,
  valueCheck,
} from "./check.ts";
export {
  choice,
  fixed,
  fixture,
  integer,
  record,
  tensor,
  tuple,
  uniform,
} from "./domain.ts";
export { md } from "./_md.ts";
export type {
  ByHandCheck,
  CallCheck,
  Check,
  CheckBase,
  Domain,
  Exercise,
  ExerciseSet,
  ExportSpec,
  Mistake,
  PlannedCheck,
  PlannedProperty,
  Probe,
  PropertyCheck,
  RandomPoints,
  Rng,
  Tolerance,
  ValueCheck,
  Visibility,
} from "./types.ts";
