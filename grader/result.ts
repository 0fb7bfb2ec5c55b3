/**
 * The grading result: data first, rendered second. `--json` writes exactly
 * this; every report format is made from it. The schema is versioned by
 * {@linkcode RESULT_VERSION} and documented in `grader/SCHEMA.md`.
 *
 * @module
 */

import type { Tolerance, Visibility } from "../exercises/types.ts";
import type { Limits } from "./_sandbox.ts";
import type { TypeDiagnostic } from "./_typecheck.ts";
import type { Diagnosis, DiagnosisKind } from "./diagnose.ts";

export type {
  Diagnosis,
  DiagnosisKind,
  Limits,
  Tolerance,
  TypeDiagnostic,
  Visibility,
};

/**
 * The version of the result schema. It changes when a field changes meaning
 * or disappears; new fields may be added without a new version.
 *
 * @example
 * ```ts
 * import { RESULT_VERSION } from "./result.ts";
 * console.log(RESULT_VERSION); // 2
 * ```
 */
export const RESULT_VERSION = 2;

/**
 * How an exercise's module fared as a whole.
 *
 * - `ok`: it loaded and every probe reported (checks may still fail);
 * - `missing`: no module file for the exercise;
 * - `bundle-error`: a syntax error, or an import that is not allowed;
 * - `import-error`: it threw while loading;
 * - `exit`: it called `Deno.exit`;
 * - `timeout`, `out-of-memory`, `output-limit`: stopped at a limit;
 * - `crashed`: the process ended any other way;
 * - `deadline`: not graded, or not to the end: grading the learner as a
 *   whole reached its time limit (`limits.learnerTimeoutMs`) first; checks
 *   that ran before keep their points.
 *
 * @example
 * ```ts
 * import type { RunOutcome } from "./result.ts";
 * const r: RunOutcome = "timeout";
 * ```
 */
export type RunOutcome =
  | "ok"
  | "missing"
  | "bundle-error"
  | "import-error"
  | "exit"
  | "timeout"
  | "out-of-memory"
  | "output-limit"
  | "crashed"
  | "deadline";

/**
 * One check's result.
 *
 * @example
 * ```ts
 * import type { CheckResult } from "./result.ts";
 * const c: CheckResult = {
 *   name: "fGrad at 3", export: "fGrad", points: 1, score: 1, passed: true, optional: false,
 *   visibility: "visible", tolerance: { rtol: 1e-5, atol: 1e-8 }, message: "", line: 3,
 * };
 * ```
 */
export interface CheckResult {
  /** The check's name, unique within its exercise. */
  name: string;
  /** The export it probes (the first probe's). */
  export: string;
  /** Points it is worth. */
  points: number;
  /** Points earned: `points` when passed, else 0. */
  score: number;
  /** Whether every probe passed. */
  passed: boolean;
  /** A bonus check: counts towards `bonus` (not `score`), never costs points. */
  optional: boolean;
  /** Hidden checks never reveal arguments or expected values. */
  visibility: Visibility;
  /** The tolerance numbers were compared with. */
  tolerance: Tolerance;
  /** Empty when passed; otherwise what was expected, what came back, and where. */
  message: string;
  /** The line of the export in the learner's file (1 when not found). */
  line: number;
  /**
   * One record per probe, in order, for pictures: whether it passed, and for
   * a visible check its arguments, expected value and what came back.
   */
  probes?: ProbeRecord[];
  /**
   * What the failed check's values probably are, shown as "probably: …"
   * under the message; absent when passed or when nothing fits (see
   * `grader/diagnose.ts` for the kinds).
   */
  diagnosis?: Diagnosis;
  /** The author's hint for this check, present only when it failed. */
  hint?: string;
}

/**
 * A number in a picture's data: non-finite numbers as the strings `"NaN"`,
 * `"Infinity"`, `"-Infinity"` (JSON has none), and `null` where there is no
 * number (the call threw, returned something else, or never ran).
 *
 * @example
 * ```ts
 * import type { PlotNumber } from "./result.ts";
 * const ys: PlotNumber[] = [1.5, "NaN", null];
 * ```
 */
export type PlotNumber = number | "NaN" | "Infinity" | "-Infinity" | null;

/**
 * A value as JSON can carry it: non-finite numbers as `{ "$number": "NaN" }`,
 * Tensors as `{ "$tensor": shape, "data": [...] }` (C order), typed arrays as
 * arrays, and values with no faithful copy (a Dual, a Promise …) as
 * `{ "$opaque": description }`.
 *
 * @example
 * ```ts
 * import type { PlotValue } from "./result.ts";
 * const grad: PlotValue = { $tensor: [2, 2], data: [1, 0, 0, 1] };
 * ```
 */
export type PlotValue =
  | number
  | string
  | boolean
  | null
  | PlotValue[]
  | { [key: string]: PlotValue | PlotNumber[] | number[] };

/**
 * One probe of a check, for pictures. Hidden checks record only `passed`.
 *
 * @example
 * ```ts
 * import type { ProbeRecord } from "./result.ts";
 * const p: ProbeRecord = { passed: false, args: [3], expected: -14, got: -12 };
 * ```
 */
export interface ProbeRecord {
  /** Whether this probe passed. */
  passed: boolean;
  /** The arguments (visible checks only; absent for a value export). */
  args?: PlotValue[];
  /** The reference value (visible checks only). */
  expected?: PlotValue;
  /** What the learner's code gave (visible checks only; absent when it threw or never ran). */
  got?: PlotValue;
}

/**
 * Unscored samples of an export that is a function of one number: the
 * learner's values and the reference's on a grid over the checks' domain,
 * for a curve. They are evaluated in the sandbox after every scored probe
 * and never change a score.
 *
 * @example
 * ```ts
 * import type { SampleSeries } from "./result.ts";
 * const s: SampleSeries = {
 *   export: "f", domain: [0, 1], x: [0, 1], expected: [0, 1], got: [0, 2],
 *   tolerance: { rtol: 1e-5, atol: 1e-8 }, note: "",
 * };
 * ```
 */
export interface SampleSeries {
  /** The export sampled. */
  export: string;
  /** The interval the checks draw from (or span), before the plot's margins. */
  domain: [number, number];
  /** The sample points, increasing. */
  x: number[];
  /** The reference's value at each point. */
  expected: PlotNumber[];
  /** The learner's value at each point. */
  got: PlotNumber[];
  /** The tolerance of the export's first check. */
  tolerance: Tolerance;
  /** Empty, or why some of the learner's values are missing (e.g. the time limit). */
  note: string;
}

/**
 * One exercise's result.
 *
 * @example
 * ```ts
 * import type { ExerciseResult } from "./result.ts";
 * const e: ExerciseResult = {
 *   id: "01", title: "f and its derivative", file: "/tmp/me/01.ts", run: "missing",
 *   problems: ["Missing file 01.ts"], score: 0, maxScore: 3, bonus: 0, bonusMax: 0,
 *   checks: [], typeErrors: [], output: { stdout: "", stderr: "", truncated: false },
 *   timings: { startMs: 0, runMs: 0, compareMs: 0 },
 * };
 * ```
 */
export interface ExerciseResult {
  /** The exercise id, e.g. `01`. */
  id: string;
  /** Its title. */
  title: string;
  /** Absolute path of the learner's module (where it was expected when missing); for a notebook, the notebook. */
  file: string;
  /** For a notebook, the 1-based number of the cell tagged for this exercise; lines are then lines of that cell. */
  cell?: number;
  /** How the module fared as a whole. */
  run: RunOutcome;
  /**
   * Messages about the module as a whole (bundle refusal, import error,
   * timeout …); with `run` ok, an export whose definition threw while
   * loading, left out while the other exports were graded (its checks carry
   * the same message).
   */
  problems: string[];
  /** Points earned on required checks; bonus points are in `bonus`, never here. */
  score: number;
  /** Points of the required checks. */
  maxScore: number;
  /** Bonus points earned (optional checks). */
  bonus: number;
  /** Bonus points available. */
  bonusMax: number;
  /** The checks, in the exercise's order. */
  checks: CheckResult[];
  /** Type errors in the learner's module: feedback only, they never cost points. */
  typeErrors: TypeDiagnostic[];
  /** What the learner's code printed, cut for display. */
  output: { stdout: string; stderr: string; truncated: boolean };
  /** Milliseconds: sandbox start (spawn until setup ran), run (loading and probes), compare. */
  timings: { startMs: number; runMs: number; compareMs: number };
  /** The exercise's prompt (Markdown with TeX math), for the HTML report. */
  prompt?: string;
  /** Unscored curve samples of each export that is a function of one number. */
  samples?: SampleSeries[];
}

/**
 * The result of grading one folder against an exercise set.
 *
 * @example
 * ```ts
 * import { RESULT_VERSION, type GradeResult } from "./result.ts";
 * const r: GradeResult = {
 *   version: RESULT_VERSION, set: { id: "autograd", title: "Autograd" }, folder: "/tmp/me", seed: 7,
 *   startedAt: "2024-01-01T00:00:00.000Z", score: 0, maxScore: 0, bonus: 0, bonusMax: 0,
 *   passed: true, limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 },
 *   typecheck: "skipped", typecheckNote: "", ignoredFiles: [], exercises: [],
 *   timings: { planMs: 0, bundleMs: 0, sandboxMs: 0, typecheckMs: 0, totalMs: 0 },
 * };
 * ```
 */
export interface GradeResult {
  /** The schema version, {@linkcode RESULT_VERSION}. */
  version: number;
  /** The exercise set graded against. */
  set: { id: string; title: string };
  /** Absolute path of the graded folder. */
  folder: string;
  /** The seed hidden points were drawn from; the same seed gives the same scores. */
  seed: number;
  /** When grading started, ISO 8601. */
  startedAt: string;
  /** Points earned on required checks; bonus points are in `bonus`, never here. */
  score: number;
  /** Total points of required checks. */
  maxScore: number;
  /** Bonus points earned. */
  bonus: number;
  /** Bonus points available. */
  bonusMax: number;
  /** Whether every required check passed. */
  passed: boolean;
  /** The limits each exercise ran under. */
  limits: Limits;
  /**
   * `checked`, `skipped` (`--no-typecheck`) or `unavailable` (see
   * `typecheckNote`); `pending` only in the scores handed out before the type
   * check finished (see `GradeOptions.onScores`), never in a written result.
   */
  typecheck: "checked" | "skipped" | "unavailable" | "pending";
  /** Why the type check is unavailable, if it is. */
  typecheckNote: string;
  /** Files in the folder that belong to no exercise (not graded). */
  ignoredFiles: string[];
  /** One per exercise graded, in the set's order. */
  exercises: ExerciseResult[];
  /**
   * Present only when grading this learner reached its time limit
   * (`limits.learnerTimeoutMs`) before every stage had finished: the limit,
   * and the stages it cut short (exercises not graded have the outcome
   * `deadline`; a type check cut short is `unavailable`).
   */
  deadline?: {
    /** The learner's time limit, in milliseconds. */
    ms: number;
    /** The stages cut short, in the order they run. */
    cut: DeadlineStage[];
  };
  /** Milliseconds spent planning, bundling, in sandboxes (wall), type checking, and in total. */
  timings: {
    planMs: number;
    bundleMs: number;
    sandboxMs: number;
    typecheckMs: number;
    totalMs: number;
  };
}

/**
 * A stage of grading one learner that their deadline can cut short.
 *
 * @example
 * ```ts
 * import type { DeadlineStage } from "./result.ts";
 * const s: DeadlineStage = "sandbox";
 * ```
 */
export type DeadlineStage = "bundle" | "sandbox" | "typecheck";

/**
 * Why grading could not start, as data: callers decide on this, never on
 * the message's text.
 *
 * - `missing-folder`: the folder to grade does not exist or is not a folder;
 * - `unknown-set`: no built-in set has that name;
 * - `set-module`: a set file or plan cannot be loaded;
 * - `unknown-exercise`: `only` names an exercise the set does not have;
 * - `reference`: a reference solution cannot be loaded or planned;
 * - `other`: anything else (an invalid limit, an unreadable folder …).
 *
 * @example
 * ```ts
 * import type { SetupReason } from "./result.ts";
 * const r: SetupReason = "unknown-set";
 * ```
 */
export type SetupReason =
  | "missing-folder"
  | "unknown-set"
  | "set-module"
  | "unknown-exercise"
  | "reference"
  | "malformed-notebook"
  | "other";

/**
 * An error in how grading was asked for (a missing folder, an unknown set or
 * exercise, a broken reference solution): the CLI exits with code 2. Its
 * {@linkcode SetupReason} says which.
 *
 * @example
 * ```ts
 * import { SetupError } from "./result.ts";
 * const e = new SetupError("Cannot grade /nope: the folder does not exist", "missing-folder");
 * console.log(e.name, e.reason); // "SetupError" "missing-folder"
 * ```
 */
export class SetupError extends Error {
  /** Why grading could not start. */
  readonly reason: SetupReason;
  /**
   * A setup error with a message and a reason (default `other`).
   *
   * @example
   * ```ts
   * import { SetupError } from "./result.ts";
   * console.log(new SetupError("Unknown exercise 09", "unknown-exercise").message); // "Unknown exercise 09"
   * ```
   */
  constructor(message: string, reason: SetupReason = "other") {
    super(message);
    this.name = "SetupError";
    this.reason = reason;
  }
}

/**
 * A random seed, a non-negative 32-bit integer.
 *
 * @returns The seed.
 *
 * @example
 * ```ts
 * import { randomSeed } from "./result.ts";
 * const seed = randomSeed();
 * console.log(Number.isInteger(seed) && seed >= 0); // true
 * ```
 */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * The percentage of required points earned, rounded down so that it reads
 * 100 only when every required point was earned (399 of 400 is 99 %, not
 * 100 %). Bonus points never enter it. With no required points it is 100.
 *
 * @param score Required points earned (`score`).
 * @param maxScore Required points available (`maxScore`).
 * @returns A whole percentage from 0 to 100.
 *
 * @example
 * ```ts
 * import { requiredPercent } from "./result.ts";
 * console.log(requiredPercent(399, 400), requiredPercent(40, 40), requiredPercent(0, 0)); // 99 100 100
 * ```
 */
export function requiredPercent(score: number, maxScore: number): number {
  if (maxScore <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((100 * score) / maxScore)));
}

/**
 * What follows a failed check's message in every report: its diagnosis as
 * `probably: …` and the author's hint as `hint: …`, each when present.
 *
 * @param check A check's result.
 * @returns Zero, one or two lines.
 *
 * @example
 * ```ts
 * import { explanationLines } from "./result.ts";
 * const lines = explanationLines({
 *   diagnosis: { kind: "opposite-sign", text: "the opposite sign everywhere" },
 *   hint: "mind the order of the subtraction",
 * });
 * console.log(lines); // [ "probably: the opposite sign everywhere", "hint: mind the order of the subtraction" ]
 * ```
 */
export function explanationLines(
  check: Pick<CheckResult, "diagnosis" | "hint">,
): string[] {
  const out: string[] = [];
  if (check.diagnosis) out.push(`probably: ${check.diagnosis.text}`);
  if (check.hint) out.push(`hint: ${check.hint}`);
  return out;
}
