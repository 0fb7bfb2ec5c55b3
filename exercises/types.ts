/**
 * The vocabulary shared by exercise authors and the grader.
 *
 * An {@linkcode Exercise} is what an instructor writes: a prompt, the exports a
 * learner must provide, and {@linkcode Check}s worth points. Before grading,
 * each check is turned into a {@linkcode PlannedCheck}: concrete probes (an
 * export called at concrete arguments, or read as a value) with the expected
 * value already computed, in the grader's own process, from the reference
 * solution. The grader only runs probes in the sandbox and compares.
 *
 * @module
 */

/**
 * Closeness as numpy's `isclose`, with the reference as `b`:
 * `|actual − expected| ≤ atol + rtol·|expected|`, element by element.
 *
 * @example
 * ```ts
 * import type { Tolerance } from "./types.ts";
 * const tight: Tolerance = { rtol: 1e-9, atol: 1e-12 };
 * ```
 */
export interface Tolerance {
  /** Relative tolerance, scaled by the expected value. */
  rtol: number;
  /** Absolute tolerance. */
  atol: number;
  /**
   * `elementwise` (the default): every element within `atol + rtol·|expected|`.
   * `norm`: the whole array at once, `‖actual − expected‖₂ ≤ atol +
   * rtol·‖expected‖₂`, for results whose small entries are noise (an
   * iterative method's answer, a solution of a linear system).
   */
  mode?: "elementwise" | "norm";
}

/**
 * Whether a learner sees a check's arguments and expected value.
 *
 * @example
 * ```ts
 * import type { Visibility } from "./types.ts";
 * const v: Visibility = "hidden";
 * ```
 */
export type Visibility = "visible" | "hidden";

/**
 * One export a learner's module must provide.
 *
 * @example
 * ```ts
 * import type { ExportSpec } from "./types.ts";
 * const f: ExportSpec = { kind: "function", type: "(x: number) => number", doc: "f(x) = (x − 10)²" };
 * ```
 */
export interface ExportSpec {
  /** `function`: the grader calls it; `value`: the grader reads it. */
  kind: "function" | "value";
  /** Its TypeScript type, as the starter declares it, e.g. `(x: number) => number`. */
  type: string;
  /** One sentence saying what it is. */
  doc: string;
}

/**
 * A seeded source of random numbers in [0, 1), so hidden points are
 * reproducible from the seed recorded in the results.
 *
 * @example
 * ```ts
 * import type { Rng } from "./types.ts";
 * const fixed: Rng = { next: () => 0.5 };
 * ```
 */
export interface Rng {
  /** The next number in [0, 1). */
  next(): number;
}

/**
 * One probe: an export called at arguments (`args` present) or read as a
 * value (`args` absent), and the value the reference solution gives.
 *
 * Arguments and expected values are plain data: numbers, booleans, strings,
 * nested arrays, typed arrays, Tensors, and arrays or plain objects of these.
 *
 * @example
 * ```ts
 * import type { Probe } from "./types.ts";
 * const p: Probe = { export: "fGrad", args: [3], expected: -14 };
 * ```
 */
export interface Probe {
  /** The export to call or read. */
  export: string;
  /** Arguments of the call; absent when the export is a value. */
  args?: unknown[];
  /** The reference value. */
  expected: unknown;
}

/**
 * A check ready to grade: its probes carry expected values computed from the
 * reference solution. The check passes when every probe passes.
 *
 * @example
 * ```ts
 * import type { PlannedCheck } from "./types.ts";
 * const c: PlannedCheck = {
 *   name: "f′(3)", points: 1, visibility: "visible", optional: false,
 *   tolerance: { rtol: 1e-9, atol: 1e-12 },
 *   probes: [{ export: "fGrad", args: [3], expected: -14 }],
 * };
 * ```
 */
export interface PlannedCheck {
  /** Unique within its exercise; shown to the learner. */
  name: string;
  /** Points the check is worth (for an optional check: bonus, never lost). */
  points: number;
  /** Visible checks reveal arguments and expected values; hidden ones do not. */
  visibility: Visibility;
  /** An optional check never costs points. */
  optional: boolean;
  /** Numeric tolerance; booleans and strings compare exactly. */
  tolerance: Tolerance;
  /** The probes; all must pass. */
  probes: Probe[];
  /**
   * For a property check: the predicate (and its source, for frozen plans)
   * that judges each probe's output instead of closeness to `expected`.
   */
  property?: PlannedProperty;
}

/**
 * A property check's judge, as planned: see {@linkcode PropertyCheck}.
 *
 * @example
 * ```ts
 * import type { PlannedProperty } from "./types.ts";
 * const p: PlannedProperty = {
 *   holds: (out: number) => out > 0, source: "(out) => out > 0", message: "not positive",
 * };
 * ```
 */
export interface PlannedProperty {
  /** Whether an output is acceptable. */
  // deno-lint-ignore no-explicit-any
  holds: (output: any, args: any[], dualgrade: any) => boolean;
  /** Its source text, which a frozen plan carries. */
  source: string;
  /** What the learner reads when it is false. */
  message: string;
}

/**
 * An exercise as an instructor writes it: what the learner reads, what the
 * learner's module must export, and the checks that grade it. The check kinds
 * live in {@linkcode Check}.
 *
 * @example
 * ```ts
 * import type { Exercise } from "./types.ts";
 * const empty: Exercise = { id: "00", title: "Nothing", prompt: "", exports: {}, checks: [] };
 * ```
 */
export interface Exercise {
  /** The learner's module is `<id>.ts` in the solutions folder, e.g. `01`. */
  id: string;
  /** A short title. */
  title: string;
  /** The prompt, Markdown with TeX math. */
  prompt: string;
  /** The exports the learner's module must provide, by name. */
  exports: Record<string, ExportSpec>;
  /** The checks, each worth points. */
  checks: Check[];
  /**
   * Data files the exercise ships to the learner, by file name (e.g.
   * `"points.json"`): a file URL to read it from, or its contents. The
   * starter writes them next to the modules, and checks pass them as
   * arguments through the `fixture(name)` domain (also allowed in `at`).
   */
  fixtures?: Record<string, URL | string>;
}

/**
 * A named, ordered set of exercises with the folder of its reference
 * solutions (the same shape a learner's folder has).
 *
 * @example
 * ```ts
 * import type { ExerciseSet } from "./types.ts";
 * const set: ExerciseSet = {
 *   id: "demo", title: "Demo", exercises: [],
 *   solutions: new URL("../solutions/demo/", import.meta.url),
 * };
 * ```
 */
export interface ExerciseSet {
  /** Its name on the command line, e.g. `autograd`. */
  id: string;
  /** A short title. */
  title: string;
  /** The exercises, in order. */
  exercises: Exercise[];
  /** The folder holding the reference solutions, as a file URL ending in `/`. */
  solutions: URL;
}

/**
 * Where hidden points are drawn from: a description of one argument.
 *
 * - `uniform`: a number uniformly in [low, high).
 * - `integer`: an integer uniformly in [low, high], both ends included.
 * - `tuple`: an array whose items are drawn from their own domains.
 * - `record`: a plain object whose fields are drawn from their own domains
 *   (`{ w, b }` for a model's parameters).
 * - `tensor`: a Tensor of `shape` with entries uniformly in [low, high).
 * - `choice`: one of `values`, each equally likely.
 * - `fixed`: always `value` (a data set, a starting point).
 * - `fixture`: the contents of one of the exercise's data files (see
 *   {@linkcode Exercise.fixtures}): parsed when it ends in `.json`, text
 *   otherwise.
 *
 * The helpers in `domain.ts` build these (`uniform(-5, 5)`, `tuple(…)`).
 *
 * @example
 * ```ts
 * import type { Domain } from "./types.ts";
 * const xyz: Domain = {
 *   kind: "tuple",
 *   items: [{ kind: "uniform", low: -3, high: 3 }, { kind: "integer", low: 1, high: 4 }],
 * };
 * ```
 */
export type Domain =
  | { kind: "uniform"; low: number; high: number }
  | { kind: "integer"; low: number; high: number }
  | { kind: "tuple"; items: Domain[] }
  | { kind: "record"; fields: Record<string, Domain> }
  | { kind: "tensor"; shape: number[]; low: number; high: number }
  | { kind: "choice"; values: unknown[] }
  | { kind: "fixed"; value: unknown }
  | { kind: "fixture"; name: string };

/**
 * Points drawn at random for a check: `count` argument lists, each argument
 * drawn from its domain in `args` (one domain per positional argument).
 *
 * @example
 * ```ts
 * import type { RandomPoints } from "./types.ts";
 * const points: RandomPoints = { count: 5, args: [{ kind: "uniform", low: -1.5, high: 6 }] };
 * ```
 */
export interface RandomPoints {
  /** How many argument lists to draw. */
  count: number;
  /** One domain per positional argument of the export. */
  args: Domain[];
}

/**
 * What every check kind carries: its name, its points, and optionally its
 * visibility, whether it is a bonus, and its tolerance.
 *
 * Defaults: `optional` false; `tolerance` numpy's `isclose` defaults
 * (`{ rtol: 1e-5, atol: 1e-8 }`), and either field may be given alone;
 * `visibility` "hidden" when the check draws random points, else "visible".
 *
 * @example
 * ```ts
 * import type { CheckBase } from "./types.ts";
 * const base: CheckBase = { name: "fGrad at 3", points: 1, tolerance: { rtol: 1e-9 } };
 * ```
 */
export interface CheckBase {
  /** Unique within its exercise; shown to the learner. */
  name: string;
  /** Points the check is worth: finite and non-negative. */
  points: number;
  /** Whether the learner sees arguments and expected values. */
  visibility?: Visibility;
  /** A bonus check: it adds points when passed and never costs any. */
  optional?: boolean;
  /** Closeness for numbers; omitted fields take numpy's defaults. */
  tolerance?: Partial<Tolerance>;
  /**
   * Wrong variants learners often write, each with the hint it earns: a
   * failed check whose values match a variant's at every probe shows that
   * hint (see {@linkcode Mistake}).
   */
  mistakes?: Mistake[];
  /** A hint shown after the check fails, whatever the wrong value. */
  hint?: string;
}

/**
 * A wrong variant of a check's answer and the hint it earns. The grader
 * evaluates the variant like the reference, in its own process (never in the
 * sandbox): for a call or by-hand check it is called with each probe's
 * arguments; for a value check it is the wrong value itself. When a
 * learner's values match the variant's at every probe (and the variant's
 * differ from the reference's), the failure reads "probably: " and the hint.
 *
 * @example
 * ```ts
 * import type { Mistake } from "./types.ts";
 * const mistake: Mistake = {
 *   variant: (x: number) => Math.log(x),
 *   hint: "this is ln(x): the function is ln(2 + x)",
 * };
 * ```
 */
export interface Mistake {
  /** The wrong function (call and by-hand checks) or the wrong value (value checks). */
  variant: unknown;
  /** What to change, e.g. "B is mean(V·W): swap the operands of np.matmul". */
  hint: string;
}

/**
 * A function export called at points: the argument lists in `at` (shown in
 * the prompt) and/or `random.count` lists drawn from `random.args`. The
 * expected value is the reference solution's same export called at the same
 * arguments, so gradients and matrices are call checks whose results are
 * arrays or Tensors.
 *
 * @example
 * ```ts
 * import type { CallCheck } from "./types.ts";
 * const check: CallCheck = {
 *   kind: "call", name: "fGrad at 3", points: 1, export: "fGrad", at: [[3]],
 * };
 * ```
 */
export interface CallCheck extends CheckBase {
  /** Discriminates the check kinds. */
  kind: "call";
  /** The function export to call. */
  export: string;
  /** Argument lists to call it with, e.g. `[[3], [10]]` for f(3) and f(10). */
  at?: unknown[][];
  /** Argument lists drawn at random from a seed. */
  random?: RandomPoints;
}

/**
 * A value export read as it is: a number, a boolean, a choice string, an
 * array or a Tensor. The expected value is the reference solution's same
 * export. With `choices`, the reference's answer must be one of them (and
 * the prompt should list them).
 *
 * @example
 * ```ts
 * import type { ValueCheck } from "./types.ts";
 * const check: ValueCheck = {
 *   kind: "value", name: "same results?", points: 1, export: "sameResults",
 * };
 * ```
 */
export interface ValueCheck extends CheckBase {
  /** Discriminates the check kinds. */
  kind: "value";
  /** The value export to read. */
  export: string;
  /** The answers a multiple-choice question allows. */
  choices?: readonly (string | number | boolean)[];
}

/**
 * A derivative worked out by hand: the learner's export, written with plain
 * numbers, is called at points and compared with the gradient the core's
 * `grad` computes of `of` (with respect to argument `argnum`, default 0) at
 * the same arguments.
 *
 * @example
 * ```ts
 * import type { ByHandCheck } from "./types.ts";
 * const check: ByHandCheck = {
 *   kind: "byHand", name: "fPrime at random points", points: 2, export: "fPrime",
 *   of: (x: number) => (x - 10) ** 2,
 *   random: { count: 5, args: [{ kind: "uniform", low: -20, high: 20 }] },
 * };
 * ```
 */
export interface ByHandCheck extends CheckBase {
  /** Discriminates the check kinds. */
  kind: "byHand";
  /** The learner's closed-form derivative, a function export. */
  export: string;
  /** The function whose gradient the export must equal, written with `np`. */
  of: (...args: never[]) => unknown;
  /** Which argument of `of` the derivative is with respect to; default 0. */
  argnum?: number;
  /**
   * `of` is elementwise (a tensor in, a tensor of the same shape out, each
   * entry depending only on its own): the expected value is
   * `elementwiseGrad(of)`, the derivative of each entry, not a gradient.
   */
  elementwise?: boolean;
  /** Argument lists to compare at, shown in the prompt. */
  at?: unknown[][];
  /** Argument lists drawn at random from a seed. */
  random?: RandomPoints;
}

/**
 * A property of the learner's result: the export is called at points and
 * `holds(output, args, dualgrade)` decides, in the grader's process, whether
 * the result is acceptable; `message` is what the learner reads when it is
 * not. An answer reached by another correct path passes (an optimizer that
 * converges to the minimum by other steps, a basis in another order).
 *
 * `holds` must be self-contained: it may use only its arguments (the third
 * is dualgrade's `mod.ts`, with `np` and `grad`), so a frozen plan can carry
 * it as text. The reference solution must satisfy it at every point.
 *
 * @example
 * ```ts
 * import type { PropertyCheck } from "./types.ts";
 * const check: PropertyCheck = {
 *   kind: "property", name: "minimizes f", points: 2, export: "minimize",
 *   at: [[5]],
 *   holds: (x, _args, { grad }) =>
 *     Math.abs(grad((t: number) => (t - 3) ** 2)(x as number)) < 1e-6,
 *   message: "the gradient of f at the returned point is not below 1e-6",
 * };
 * ```
 */
export interface PropertyCheck extends CheckBase {
  /** Discriminates the check kinds. */
  kind: "property";
  /** The function export to call. */
  export: string;
  /** Argument lists to call it with, shown in the prompt. */
  at?: unknown[][];
  /** Argument lists drawn at random from a seed. */
  random?: RandomPoints;
  /** Whether the learner's output is acceptable, given the arguments. */
  // deno-lint-ignore no-explicit-any
  holds: (output: any, args: any[], dualgrade: any) => boolean;
  /** What the learner reads when `holds` is false, e.g. "the gradient norm there is above 1e-6". */
  message: string;
}

/**
 * A check as an instructor writes it, one of the kinds:
 * {@linkcode CallCheck} (`call`), {@linkcode ValueCheck} (`value`) and
 * {@linkcode ByHandCheck} (`byHand`) and {@linkcode PropertyCheck}
 * (`property`). Any kind may be `optional` (a bonus).
 * `planExercise` turns each into a {@linkcode PlannedCheck}.
 *
 * @example
 * ```ts
 * import type { Check } from "./types.ts";
 * const checks: Check[] = [
 *   { kind: "call", name: "f at 3", points: 1, export: "f", at: [[3]] },
 *   { kind: "value", name: "answer", points: 1, export: "answer", optional: true },
 * ];
 * ```
 */
export type Check = CallCheck | ValueCheck | ByHandCheck | PropertyCheck;
