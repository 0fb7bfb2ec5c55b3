/**
 * Defining exercises and sets, validated when their modules load: a mistake
 * in a definition is an Error naming the exercise and its file, before any
 * learner is graded against it.
 *
 * @module
 */

import { domainProblem, isArgumentMarker } from "./domain.ts";
import { exportTypeProblem } from "./_export_type.ts";
import type { Check, Exercise, ExerciseSet, RandomPoints } from "./types.ts";

const sources = new WeakMap<Exercise, string>();

// Every copy of dualgrade loaded in this process registers its folder here,
// so a second copy is reported by name instead of failing strangely later.
const COPIES = Symbol.for("dualgrade.copies");
const registry: Set<string> =
  ((globalThis as Record<symbol, unknown>)[COPIES] ??= new Set<
    string
  >()) as Set<
    string
  >;
registry.add(decodeURIComponent(new URL("../", import.meta.url).pathname));

/**
 * The folders of every copy of dualgrade's authoring API loaded in this
 * process: one, unless a set was written against another copy and loaded
 * without the grader's mapping (see `grader/_framework.ts`).
 *
 * @example
 * ```ts
 * import { loadedCopies } from "./define.ts";
 * console.log(loadedCopies().length); // 1
 * ```
 */
export function loadedCopies(): string[] {
  return [...registry];
}
const projectRoot = new URL("../", import.meta.url).href;

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval")
    .split(" "),
);

/**
 * Validates an exercise definition and returns it. Called at the top level of
 * an exercise module, so a broken definition fails when it is imported.
 *
 * Refused, with an Error naming the exercise and its file: an id that is not a
 * file name, an empty title, an export that is not a valid identifier or has
 * no type, no checks, two checks with one name, a check naming an export the
 * exercise does not declare (or of the wrong kind), points or tolerances that
 * are not finite and non-negative, a check with no points to evaluate at, a
 * domain that cannot be drawn from.
 *
 * @param exercise The definition.
 * @param source The defining module, usually `import.meta.url`; named in errors.
 * @returns The same exercise.
 *
 * @example
 * ```ts
 * import { defineExercise } from "./define.ts";
 * import { callCheck } from "./check.ts";
 * const ex = defineExercise({
 *   id: "00", title: "Squares", prompt: "Write `square`.",
 *   exports: { square: { kind: "function", type: "(x: number) => number", doc: "x²" } },
 *   checks: [callCheck({ name: "square at 3", points: 1, export: "square", at: [[3]] })],
 * }, import.meta.url);
 * ```
 *
 * @example Errors name the exercise and its file
 * ```ts
 * import { defineExercise } from "./define.ts";
 * import assert from "node:assert/strict";
 * assert.throws(
 *   () => defineExercise({ id: "00", title: "None", prompt: "", exports: {}, checks: [] }, "file:///x/00.ts"),
 *   /Invalid exercise "00" \(\/x\/00.ts\): it has no checks/,
 * );
 * ```
 */
export function defineExercise(
  exercise: Exercise,
  source?: string | URL,
): Exercise {
  const where = describeSource(source);
  const id = typeof exercise?.id === "string"
    ? exercise.id
    : String(exercise?.id);
  const fail = (detail: string): never => {
    throw new Error(
      `Invalid exercise ${JSON.stringify(id)}${
        where ? ` (${where})` : ""
      }: ${detail}`,
    );
  };
  if (typeof exercise !== "object" || exercise === null) {
    fail("the definition is not an object");
  }
  if (
    typeof exercise.id !== "string" ||
    !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(exercise.id)
  ) {
    fail(
      "the id must be a file name of letters, digits, _ and - (the learner's module is <id>.ts)",
    );
  }
  if (typeof exercise.title !== "string" || exercise.title.trim() === "") {
    fail("the title is empty");
  }
  if (typeof exercise.prompt !== "string") fail("the prompt is not a string");
  if (typeof exercise.exports !== "object" || exercise.exports === null) {
    fail("exports is not an object");
  }
  for (const [name, spec] of Object.entries(exercise.exports)) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || RESERVED.has(name)) {
      fail(
        `the export name ${
          JSON.stringify(name)
        } is not a valid TypeScript identifier`,
      );
    }
    if (spec?.kind !== "function" && spec?.kind !== "value") {
      fail(
        `export ${name} has kind ${
          JSON.stringify(spec?.kind)
        }: expected "function" or "value"`,
      );
    }
    if (typeof spec.type !== "string" || spec.type.trim() === "") {
      fail(`export ${name} has no TypeScript type`);
    }
    const typeProblem = exportTypeProblem(spec.type);
    if (typeProblem !== undefined) fail(`export ${name}: ${typeProblem}`);
    if (typeof spec.doc !== "string") {
      fail(`export ${name} has no doc sentence`);
    }
  }
  const fixtureProblem = fixturesProblem(exercise.fixtures);
  if (fixtureProblem !== undefined) fail(fixtureProblem);
  if (!Array.isArray(exercise.checks) || exercise.checks.length === 0) {
    fail("it has no checks");
  }
  const declared = Object.keys(exercise.exports);
  const names = new Set<string>();
  for (const [index, check] of exercise.checks.entries()) {
    const problem = checkProblem(check, exercise, declared);
    const label = typeof check?.name === "string" && check.name !== ""
      ? `check ${JSON.stringify(check.name)}`
      : `check ${index}`;
    if (problem !== undefined) fail(`${label} ${problem}`);
    if (names.has(check.name)) {
      fail(
        `two checks are named ${
          JSON.stringify(check.name)
        }: check names must be unique`,
      );
    }
    names.add(check.name);
  }
  if (where) sources.set(exercise, where);
  return exercise;
}

/**
 * Validates a set of exercises and returns it: refused when it has no
 * exercises, or when two exercises share an id (naming both files).
 *
 * @param set The set.
 * @param source The defining module, usually `import.meta.url`; named in errors.
 * @returns The same set.
 *
 * @example
 * ```ts
 * import { defineExerciseSet } from "./define.ts";
 * import assert from "node:assert/strict";
 * assert.throws(
 *   () => defineExerciseSet({ id: "demo", title: "Demo", exercises: [], solutions: new URL("file:///s/") }),
 *   /Invalid exercise set "demo": it has no exercises/,
 * );
 * ```
 */
export function defineExerciseSet(
  set: ExerciseSet,
  source?: string | URL,
): ExerciseSet {
  const where = describeSource(source);
  const fail = (detail: string): never => {
    throw new Error(
      `Invalid exercise set ${JSON.stringify(set?.id)}${
        where ? ` (${where})` : ""
      }: ${detail}`,
    );
  };
  if (
    typeof set?.id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(set.id)
  ) {
    fail("the id must be a name of letters, digits, _ and -");
  }
  if (typeof set.title !== "string" || set.title.trim() === "") {
    fail("the title is empty");
  }
  if (!(set.solutions instanceof URL) || !set.solutions.href.endsWith("/")) {
    fail("solutions must be a URL of a folder, ending in /");
  }
  if (!Array.isArray(set.exercises) || set.exercises.length === 0) {
    fail("it has no exercises");
  }
  const seen = new Map<string, Exercise>();
  for (const exercise of set.exercises) {
    const first = seen.get(exercise.id);
    if (first !== undefined) {
      const files = [exerciseSource(first), exerciseSource(exercise)].filter((
        f,
      ) => f !== undefined);
      fail(
        `two exercises have the id ${JSON.stringify(exercise.id)}` +
          (files.length ? ` (${files.join(" and ")})` : ""),
      );
    }
    seen.set(exercise.id, exercise);
  }
  return set;
}

/**
 * The file an exercise was defined in, as given to {@linkcode defineExercise}
 * (relative to the project when inside it), or undefined.
 *
 * @example
 * ```ts
 * import { exerciseSource } from "./define.ts";
 * import { exercise01 } from "./autograd/01.ts";
 * console.log(exerciseSource(exercise01)); // exercises/autograd/01.ts
 * ```
 */
export function exerciseSource(exercise: Exercise): string | undefined {
  return sources.get(exercise);
}

function describeSource(source: string | URL | undefined): string | undefined {
  if (source === undefined) return undefined;
  const href = source instanceof URL ? source.href : source;
  if (href.startsWith(projectRoot)) {
    return decodeURIComponent(href.slice(projectRoot.length));
  }
  if (href.startsWith("file://")) {
    return decodeURIComponent(new URL(href).pathname);
  }
  return href;
}

function checkProblem(
  check: Check,
  exercise: Exercise,
  declared: string[],
): string | undefined {
  if (typeof check !== "object" || check === null) return "is not an object";
  if (typeof check.name !== "string" || check.name.trim() === "") {
    return "has no name";
  }
  if (
    check.kind !== "call" && check.kind !== "value" &&
    check.kind !== "byHand" && check.kind !== "property"
  ) {
    return `has the unknown kind ${
      JSON.stringify((check as { kind?: unknown }).kind)
    }: expected call, value, byHand or property`;
  }
  if (
    typeof check.points !== "number" || !Number.isFinite(check.points) ||
    check.points < 0
  ) {
    return `has points ${
      String(check.points)
    }: points must be finite and non-negative`;
  }
  const spec = exercise.exports[check.export];
  if (
    typeof check.export !== "string" || spec === undefined ||
    !Object.hasOwn(exercise.exports, check.export)
  ) {
    return `names the export ${
      JSON.stringify(check.export)
    }, which the exercise does not declare (declared: ${
      declared.join(", ") || "none"
    })`;
  }
  const wanted = check.kind === "value" ? "value" : "function";
  if (spec.kind !== wanted) {
    return `is a ${check.kind} check of ${check.export}, which is declared a ${spec.kind}: expected a ${wanted}`;
  }
  if (
    check.visibility !== undefined && check.visibility !== "visible" &&
    check.visibility !== "hidden"
  ) {
    return `has visibility ${
      JSON.stringify(check.visibility)
    }: expected "visible" or "hidden"`;
  }
  if (check.optional !== undefined && typeof check.optional !== "boolean") {
    return "has a non-boolean optional flag";
  }
  const mode = check.tolerance?.mode;
  if (mode !== undefined && mode !== "elementwise" && mode !== "norm") {
    return `has the tolerance mode ${
      JSON.stringify(mode)
    }: expected "elementwise" or "norm"`;
  }
  for (const field of ["rtol", "atol"] as const) {
    const v = check.tolerance?.[field];
    if (
      v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    ) {
      return `has ${field} ${
        String(v)
      }: tolerances must be finite and non-negative`;
    }
  }
  const feedback = feedbackProblem(check);
  if (feedback !== undefined) return feedback;
  if (check.kind === "value") {
    if (
      check.choices !== undefined &&
      (!Array.isArray(check.choices) || check.choices.length === 0)
    ) {
      return "has an empty list of choices";
    }
    return undefined;
  }
  if (check.kind === "byHand") {
    if (typeof check.of !== "function") {
      return "has no function `of` to differentiate";
    }
    if (
      check.argnum !== undefined &&
      (!Number.isInteger(check.argnum) || check.argnum < 0)
    ) {
      return `has argnum ${
        String(check.argnum)
      }: expected a non-negative integer`;
    }
  }
  if (check.kind === "property") {
    if (typeof check.holds !== "function") {
      return "has no predicate `holds(output, args, dualgrade)`";
    }
    if (typeof check.message !== "string" || check.message.trim() === "") {
      return "has no message to show when its property does not hold";
    }
  }
  return pointsProblem(
    check.at,
    check.random,
    Object.keys(exercise.fixtures ?? {}),
  );
}

function pointsProblem(
  at: unknown[][] | undefined,
  random: RandomPoints | undefined,
  fixtureNames: string[],
): string | undefined {
  if (at !== undefined) {
    if (!Array.isArray(at) || !at.every((args) => Array.isArray(args))) {
      return "has `at` that is not a list of argument lists (write [[3], [10]] for f(3) and f(10))";
    }
    for (const arg of at.flat()) {
      if (!isArgumentMarker(arg)) continue;
      const problem = domainProblem(arg, fixtureNames);
      if (problem !== undefined) return `has an unusable argument: ${problem}`;
    }
  }
  if (random !== undefined) {
    if (!Number.isInteger(random.count) || random.count < 1) {
      return `draws ${
        String(random.count)
      } random points: expected a positive integer`;
    }
    if (!Array.isArray(random.args)) {
      return "has random points without a list of argument domains";
    }
    for (const [i, domain] of random.args.entries()) {
      const problem = domainProblem(domain, fixtureNames);
      if (problem !== undefined) {
        return `has an unusable domain for argument ${i}: ${problem}`;
      }
    }
  }
  if ((at?.length ?? 0) + (random?.count ?? 0) === 0) {
    return "has no points to evaluate at: give `at` or `random`";
  }
  return undefined;
}

/** What is wrong with a check's authored hint and declared mistakes, if anything. */
function feedbackProblem(check: Check): string | undefined {
  if (
    check.hint !== undefined &&
    (typeof check.hint !== "string" || check.hint.trim() === "")
  ) {
    return "has an empty hint: write what to change, or leave it out";
  }
  if (check.mistakes === undefined) return undefined;
  if (!Array.isArray(check.mistakes)) return "has mistakes that are not a list";
  for (const [i, m] of check.mistakes.entries()) {
    if (typeof m?.hint !== "string" || m.hint.trim() === "") {
      return `has mistake ${i} without a hint`;
    }
    if (check.kind !== "value" && typeof m.variant !== "function") {
      return `has mistake ${i} whose variant is not a function: a ${check.kind} check's variant is called like the reference`;
    }
  }
  return undefined;
}

function fixturesProblem(
  fixtures: Record<string, URL | string> | undefined,
): string | undefined {
  if (fixtures === undefined) return undefined;
  if (typeof fixtures !== "object" || fixtures === null) {
    return "fixtures is not an object of file names";
  }
  for (const [name, content] of Object.entries(fixtures)) {
    if (
      !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || /\.[cm]?[jt]s$/.test(name)
    ) {
      return `the fixture name ${
        JSON.stringify(name)
      } is not a data file name (letters, digits, _, - and ., not a module)`;
    }
    if (!(content instanceof URL) && typeof content !== "string") {
      return `the fixture ${name} is neither a file URL nor its contents`;
    }
  }
  return undefined;
}
