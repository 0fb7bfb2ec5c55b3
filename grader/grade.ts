/**
 * Grading one learner's folder against an exercise set: plan the checks in
 * this process from the reference solutions, bundle the learner's modules,
 * run them in a sandboxed child (one per learner; see `_sandbox.ts`), compare
 * what comes back, score.
 *
 * {@linkcode gradeSubmission} is the one entry point; batch grading calls it
 * once per learner, with a plan made once by {@linkcode planSet}.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { judgeProperty, planExercise } from "../exercises/plan.ts";
import { normClose } from "./_norm.ts";
import { defaultExerciseSet } from "../exercises/sets.ts";
import { loadedCopies } from "../exercises/define.ts";
import type {
  Exercise,
  ExerciseSet,
  PlannedCheck,
  Probe,
} from "../exercises/types.ts";
import {
  type BundleOutcome,
  type BundleSet,
  bundleSubmission,
} from "./_bundle.ts";
import type { LearnerFiles } from "./_intake.ts";
import { deadlineMessage, startDeadline } from "./_deadline.ts";
import { exportLineIndex } from "./_scan.ts";
import { loadTrustedModules } from "./_framework.ts";
import {
  planSamples,
  probeRecord,
  type SamplePlan,
  sampleSeries,
} from "./_pictures_data.ts";
import {
  DEFAULT_LIMITS,
  type Limits,
  type ProbeReply,
  runSubmission,
  type SandboxPart,
  type SandboxRun,
  type ThrownError,
} from "./_sandbox.ts";
import { runPool } from "./_pool.ts";
import { exportInitializerAt, leaveOut, offsetOf } from "./_declarations.ts";
import {
  typecheck,
  type TypecheckOptions,
  type TypecheckOutcome,
} from "./_typecheck.ts";
import { compareValues, describeValue, formatNumber } from "./compare.ts";
import {
  conversionAdvice,
  frameLabel,
  learnerFrame,
  missingExportText,
  moduleFrame,
} from "./_locate.ts";
import {
  type Alternative,
  explainFailure,
  planAlternatives,
} from "./diagnose.ts";
import { frameworkOnDisk } from "./_framework_files.ts";
import {
  type CheckResult,
  type DeadlineStage,
  type ExerciseResult,
  type GradeResult,
  RESULT_VERSION,
  type RunOutcome,
} from "./result.ts";

export { DEFAULT_LIMITS, type Limits };
export { randomSeed, SetupError } from "./result.ts";
import { randomSeed, SetupError } from "./result.ts";
export type { Exercise, ExerciseSet, PlannedCheck };

/**
 * Turns an exercise and its reference module into planned checks.
 *
 * @example
 * ```ts
 * import type { Planner } from "./grade.ts";
 * const planner: Planner = (ex) => [];
 * ```
 */
export type Planner = (
  ex: Exercise,
  reference: Record<string, unknown>,
  seed: number,
) => PlannedCheck[];

/**
 * A set's checks planned for one seed: reusable for any number of learners.
 *
 * @example
 * ```ts
 * import type { SetPlan } from "./grade.ts";
 * const plan: SetPlan = {
 *   set: { id: "demo", title: "Demo", exercises: [], solutions: new URL("file:///tmp/") },
 *   seed: 1, exercises: [], ms: 0,
 * };
 * ```
 */
export interface SetPlan {
  /** The exercise set. */
  set: ExerciseSet;
  /** The seed the hidden points were drawn from. */
  seed: number;
  /** The exercises to grade, each with its planned checks (and unscored curve samples, for pictures). */
  exercises: {
    exercise: Exercise;
    checks: PlannedCheck[];
    samples?: SamplePlan[];
    /** Known mistakes' values per check, for diagnoses (see diagnose.ts). */
    alternatives?: Alternative[][];
  }[];
  /** Milliseconds spent planning. */
  ms: number;
}

/**
 * Options of {@linkcode gradeSubmission}.
 *
 * @example
 * ```ts
 * import type { GradeOptions } from "./grade.ts";
 * const options: GradeOptions = { seed: 42, only: ["01", "03"], typecheck: false };
 * ```
 */
export interface GradeOptions {
  /** The exercise set; default `defaultExerciseSet()`. Ignored when `plan` is given. */
  set?: ExerciseSet;
  /** The seed for hidden points; default random. Ignored when `plan` is given. */
  seed?: number;
  /** Grade only these exercise ids. Ignored when `plan` is given. */
  only?: string[];
  /** A plan made by {@linkcode planSet}, shared between learners. */
  plan?: SetPlan;
  /** How checks are planned; default `planExercise` of the exercises module. */
  planner?: Planner;
  /** Limits for each exercise's child process; defaults in {@linkcode DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /** Type-check the learner's modules (feedback only); default true. */
  typecheck?: boolean;
  /**
   * Called with the result as soon as the scores exist, before the type
   * check has finished: its `typecheck` reads `pending` and no exercise has
   * type errors yet. The returned promise still waits for the type check.
   */
  onScores?: (scores: GradeResult) => void;
  /** Runs the type check; default one `deno check` (batches pass a shared scheduler). */
  typechecker?: (
    files: string[],
    options: TypecheckOptions,
  ) => Promise<TypecheckOutcome>;
  /** Run each exercise in a process of its own rather than one process for all; default false. */
  isolate?: boolean;
  /** How many sandbox processes run at once when exercises run alone; default one more than the number of CPU cores. */
  concurrency?: number;
}

/**
 * Plans a set's checks for one seed, computing expected values in this
 * process from the set's reference solutions.
 *
 * @param set The exercise set.
 * @param seed The seed for hidden points.
 * @param options `only` some exercise ids; a custom `planner`.
 * @returns The plan.
 * @throws SetupError on an unknown exercise id or a reference solution that cannot be planned.
 *
 * @example
 * ```ts
 * import { planSet } from "./grade.ts";
 * import { defaultExerciseSet } from "../exercises/sets.ts";
 * const plan = await planSet(defaultExerciseSet(), 1, { only: ["01"] });
 * console.log(plan.exercises[0].exercise.id); // "01"
 * ```
 */
export async function planSet(
  set: ExerciseSet,
  seed: number,
  options: { only?: string[]; planner?: Planner } = {},
): Promise<SetPlan> {
  const started = performance.now();
  const copies = loadedCopies();
  if (copies.length > 1) {
    throw new SetupError(
      `Two copies of dualgrade are loaded in this process: ${
        copies.join(" and ")
      }: a set, its references and the grader must use one copy (deno task grade --set <file> maps every import of dualgrade to the grading copy)`,
      "set-module",
    );
  }
  const chosen = chooseExercises(set, options.only);
  const planner = options.planner ?? planExercise;
  const references = await loadReferences(set, chosen);
  const exercises = chosen.map((exercise, i) => {
    let checks: PlannedCheck[];
    try {
      checks = planner(exercise, references[i], seed);
    } catch (error) {
      throw new SetupError((error as Error).message, "reference");
    }
    return {
      exercise,
      checks,
      samples: planSamples(exercise, checks, references[i]),
      alternatives: planAlternatives(exercise, references[i], checks),
    };
  });
  return { set, seed, exercises, ms: performance.now() - started };
}

/**
 * Grades one learner's folder: one module per exercise, `<id>.ts`.
 *
 * The modules are bundled (only files inside the folder and the framework may
 * be imported) and run in one child process without permissions, under
 * limits per exercise; an exercise whose run ended early is rerun in a
 * process of its own, so a module that fails in any way costs only its own
 * exercise (`isolate` runs each alone from the start). Values come back as
 * data and are compared here with the reference values.
 *
 * The stages, each a function below: {@linkcode locateSubmission} →
 * plan (`planSet`) ∥ bundle → run → retry load-time throws → score →
 * assemble.
 *
 * One deadline covers the learner (`limits.learnerTimeoutMs`, see
 * `_deadline.ts`): from when their files are located, bundling, the type
 * check and every sandbox run and rerun share it. When it passes, whatever
 * is running for the learner is stopped, and what did not finish is
 * reported with the outcome `deadline` (see `GradeResult.deadline`); checks
 * that ran before keep their points.
 *
 * @param folder The learner's solutions folder.
 * @param options The set, seed, limits and more; see {@linkcode GradeOptions}.
 * @returns The result, as data (see `grader/SCHEMA.md`).
 * @throws SetupError when the folder does not exist or the set cannot be planned.
 *
 * @example
 * ```ts
 * import { gradeSubmission } from "./grade.ts";
 * const result = await gradeSubmission("solutions/autograd", { only: ["01"], seed: 1, typecheck: false });
 * console.log(result.score === result.maxScore); // true
 * ```
 */
export async function gradeSubmission(
  folder: string,
  options: GradeOptions = {},
): Promise<GradeResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const limits = resolveLimits(options.limits);
  const set = options.plan?.set ?? options.set ?? defaultExerciseSet();
  const chosen = options.plan
    ? options.plan.exercises.map((e) => e.exercise)
    : chooseExercises(set, options.only);
  // Planning (reference values) and bundling (learner code) are independent: overlap them.
  const planning = options.plan
    ? Promise.resolve(options.plan)
    : planSet(set, options.seed ?? randomSeed(), {
      only: options.only,
      planner: options.planner,
    });
  planning.catch(() => {});

  const located = await locateSubmission(folder, set, chosen);
  const tmpDir = await Deno.makeTempDir({ prefix: "dualgrade-" });
  const deadline = startDeadline(limits.learnerTimeoutMs);
  const { signal } = deadline;
  const bundling = bundleLocated(located, signal);
  bundling.catch(() => {});
  try {
    const plan = await planning;
    const bundles = await bundling;
    const typecheckRun = options.typecheck === false
      ? Promise.resolve(undefined)
      : typecheckLocated(
        located,
        bundles,
        tmpDir,
        options.typechecker ?? typecheck,
        { signal, ms: limits.learnerTimeoutMs },
      );
    typecheckRun.catch(() => {});
    const runs = await runExercises(plan, bundles, {
      limits,
      tmpDir,
      concurrency: options.concurrency ?? defaultConcurrency(),
      isolate: options.isolate,
      signal,
    });
    const sources = await readSources(located, bundles.files);
    const leftOut = await retryLoadErrors(plan, located, runs, sources, {
      limits,
      tmpDir,
      concurrency: options.concurrency ?? defaultConcurrency(),
      signal,
    });
    const exercises = plan.exercises.map((
      { exercise, checks, samples, alternatives },
    ) =>
      scoreExercise(exercise, checks, samples ?? [], {
        alternatives: alternatives ?? [],
        located,
        bundle: bundles.outcomes.get(exercise.id),
        run: runs.byId.get(exercise.id),
        source: sources.get(exercise.id) ?? "",
        leftOut: leftOut.get(exercise.id) ?? [],
      })
    );
    const assemble = (
      checked: CheckedTypes | undefined,
      pending: boolean,
    ) =>
      assembleResult({
        plan,
        located,
        exercises,
        checked,
        pending,
        limits,
        deadline: deadlineCut(
          limits.learnerTimeoutMs,
          bundles,
          runs.byId,
          checked,
        ),
        startedAt,
        timings: {
          planMs: options.plan ? 0 : plan.ms,
          bundleMs: bundles.ms,
          sandboxMs: runs.ms,
          totalMs: performance.now() - started,
        },
      });
    // Scores first: the type check is feedback only and may take longer.
    options.onScores?.(assemble(undefined, options.typecheck !== false));
    return assemble(await typecheckRun, false);
  } finally {
    deadline.dispose();
    await Promise.allSettled([bundling]);
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
  }
}

/**
 * Files a learner's folder may hold that belong to no exercise but are not
 * reported as "not graded": the learner is told to keep them.
 */
const KEPT_FILES = new Set([
  "deno.json",
  "deno.jsonc",
  "deno.lock",
  "README.md",
  "package.json",
]);

/**
 * Where a learner's modules are: the folder, each chosen exercise's file (its
 * `.ts`, `.js` or `.mts`; the `.ts` name when absent), which of them are
 * present, and the files that belong to no exercise.
 *
 * @example
 * ```ts
 * import type { Located } from "./grade.ts";
 * const l: Located = { folder: "me", root: "/tmp/me", files: new Map(), present: [], ignoredFiles: [] };
 * ```
 */
export interface Located {
  /** The folder as given. */
  folder: string;
  /** Its absolute path. */
  root: string;
  /** By exercise id: the module's absolute path (where it is expected when missing). */
  files: Map<string, string>;
  /** The chosen exercises whose module exists. */
  present: Exercise[];
  /** Files in the folder that belong to no exercise and are not kept files. */
  ignoredFiles: string[];
}

/**
 * The locate stage: finds each exercise's module in the learner's folder.
 *
 * @param folder The learner's folder.
 * @param set The set (its exercise ids decide which files are not graded).
 * @param chosen The exercises to grade.
 * @returns Where everything is.
 * @throws SetupError when the folder does not exist, is not a folder, or cannot be read.
 *
 * @example
 * ```ts
 * import { locateSubmission } from "./grade.ts";
 * import { defaultExerciseSet } from "../exercises/sets.ts";
 * const set = defaultExerciseSet();
 * const located = await locateSubmission("solutions/autograd", set, set.exercises);
 * console.log(located.present.length); // 6
 * ```
 */
export async function locateSubmission(
  folder: string,
  set: ExerciseSet,
  chosen: Exercise[],
): Promise<Located> {
  const root = resolve(folder);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(root);
  } catch {
    throw new SetupError(
      `Cannot grade ${folder}: the folder does not exist`,
      "missing-folder",
    );
  }
  if (!info.isDirectory) {
    throw new SetupError(
      `Cannot grade ${folder}: it is not a folder`,
      "missing-folder",
    );
  }
  const entries: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) entries.push(entry.name);
  } catch (error) {
    throw new SetupError(
      `Cannot read the folder ${folder}: ${(error as Error).message}`,
    );
  }
  const fileOf = (id: string) => {
    const name =
      [`${id}.ts`, `${id}.js`, `${id}.mts`].find((n) => entries.includes(n)) ??
        `${id}.ts`;
    return join(root, name);
  };
  const files = new Map(
    chosen.map((exercise) => [exercise.id, fileOf(exercise.id)]),
  );
  const allIds = new Set(set.exercises.map((e) => e.id));
  const kept = new Set([...KEPT_FILES, ...fixtureNames(set)]);
  const ignoredFiles = entries
    .filter((n) =>
      !n.startsWith(".") && !kept.has(n) &&
      !allIds.has(n.replace(/\.(ts|js|mts)$/, ""))
    )
    .sort();
  const present = chosen.filter((exercise) =>
    entries.includes(basename(files.get(exercise.id)!))
  );
  return { folder, root, files, present, ignoredFiles };
}

/** Data files the set's exercises declare, which the starter copies next to the modules. */
function fixtureNames(set: ExerciseSet): string[] {
  return set.exercises.flatMap((e) => Object.keys(e.fixtures ?? {}));
}

/** The bundle stage: the present modules, through the sandbox's resolver. */
function bundleLocated(
  located: Located,
  signal: AbortSignal,
): Promise<BundleSet> {
  return bundleSubmission(
    located.root,
    located.present.map((exercise) => ({
      id: exercise.id,
      file: located.files.get(exercise.id)!,
    })),
    { signal },
  );
}

/** A type check's outcome, `cut` short by the learner's deadline or not. */
type CheckedTypes = TypecheckOutcome & { cut?: true };

/**
 * The type check, feedback only: started after bundling, which finds the
 * framework's names. When the learner's deadline passes first, it is
 * stopped and `unavailable`, whatever the checker does then.
 */
async function typecheckLocated(
  located: Located,
  bundles: BundleSet,
  tmpDir: string,
  checker: NonNullable<GradeOptions["typechecker"]>,
  deadline: { signal: AbortSignal; ms: number },
): Promise<CheckedTypes | undefined> {
  const started = performance.now();
  const { signal } = deadline;
  let onAbort = () => {};
  const cut = new Promise<CheckedTypes>((settle) => {
    onAbort = () =>
      settle({
        status: "unavailable",
        diagnostics: [],
        note: deadlineMessage(deadline.ms, "before the type check finished"),
        ms: performance.now() - started,
        cut: true,
      });
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  const checking = checker(
    located.present.map((exercise) => located.files.get(exercise.id)!),
    {
      cwd: located.root,
      // The framework's files on disk, wherever this copy is (a remote copy is cached).
      modPath: join(await frameworkOnDisk(), "mod.ts"),
      frameworkSpecifiers: bundles.frameworkSpecifiers,
      tmpDir,
      signal,
    },
  );
  try {
    return await Promise.race([checking, cut]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** One more child than cores: part of a child's start is waiting, not computing. */
function defaultConcurrency(): number {
  return (navigator.hardwareConcurrency ?? 2) + 1;
}

/**
 * The run stage: the learner's bundle in one sandbox process (each exercise
 * alone with `isolate`, and any that did not finish rerun alone; see
 * `_sandbox.ts`).
 *
 * @returns The runs by exercise id, and the stage's wall time.
 */
async function runExercises(
  plan: SetPlan,
  bundles: BundleSet,
  context: {
    limits: Limits;
    tmpDir: string;
    concurrency: number;
    isolate?: boolean;
    signal: AbortSignal;
  },
): Promise<{ byId: Map<string, SandboxRun>; ms: number }> {
  const started = performance.now();
  const workDir = join(context.tmpDir, "work");
  await Deno.mkdir(workDir);
  const byId = new Map<string, SandboxRun>();
  const toRun = plan.exercises.flatMap(({ exercise, checks, samples }) => {
    const outcome = bundles.outcomes.get(exercise.id);
    return outcome?.ok === true
      ? [{ id: exercise.id, checks, samples, outcome }]
      : [];
  });
  if (bundles.code !== undefined && toRun.length > 0) {
    const path = join(context.tmpDir, "bundle.js");
    await Deno.writeTextFile(path, bundles.code);
    const results = await runSubmission(
      path,
      toRun.map(({ checks, samples, outcome }) => ({
        part: outcome.part,
        probes: sandboxProbes(checks, samples),
      })),
      context.limits,
      workDir,
      {
        isolate: context.isolate,
        concurrency: context.concurrency,
        signal: context.signal,
      },
    );
    toRun.forEach(({ id }, i) => byId.set(id, results[i]));
  }
  return { byId, ms: performance.now() - started };
}

/** The most exports of one module left out, one rerun each, after a throw while loading. */
export const MAX_LEFT_OUT = 4;

/** An export whose definition threw while loading, left out of a rerun. */
interface LeftOut {
  /** The export's name. */
  export: string;
  /** What its checks say: the error, at the learner's line. */
  message: string;
}

/**
 * The retry stage: a module that threw while loading, where the throw came
 * from one export's initializer (the module's own frame in the stack, mapped
 * to the learner's line, lies inside a top-level `export const|let|var`
 * initializer; see `_declarations.ts`), is bundled again with that
 * initializer replaced by a stand-in that throws when used, and run again
 * alone, so its other exports are graded. An export defined from the one
 * left out then throws in turn, and is left out the same way, up to
 * {@linkcode MAX_LEFT_OUT} exports. When the throw is anywhere else, the
 * edit does not bundle, the module still throws after the last rerun, or the
 * learner's deadline passes, the first run stands and the whole exercise
 * fails, as before. Learner code only ever runs in the sandbox.
 *
 * @returns By exercise id, the exports left out (the runs are replaced in `runs`).
 */
async function retryLoadErrors(
  plan: SetPlan,
  located: Located,
  runs: { byId: Map<string, SandboxRun>; ms: number },
  sources: Map<string, string>,
  context: {
    limits: Limits;
    tmpDir: string;
    concurrency: number;
    signal: AbortSignal;
  },
): Promise<Map<string, LeftOut[]>> {
  const started = performance.now();
  const leftOut = new Map<string, LeftOut[]>();
  const candidates = plan.exercises.filter(({ exercise }) =>
    runs.byId.get(exercise.id)?.status === "import-error" &&
    runs.byId.get(exercise.id)?.loadError !== undefined &&
    sources.has(exercise.id)
  );
  await runPool(candidates, async ({ exercise, checks, samples }) => {
    const id = exercise.id;
    const file = located.files.get(id)!;
    const name = basename(file);
    let text = sources.get(id)!;
    let run = runs.byId.get(id)!;
    const out: LeftOut[] = [];
    while (
      out.length < MAX_LEFT_OUT && run.status === "import-error" &&
      run.loadError !== undefined && !context.signal.aborted
    ) {
      const step = leaveOutThrowingExport(text, run.loadError, name);
      if (step === undefined || out.some((l) => l.export === step.export)) {
        break;
      }
      const edited = step.text;
      const bundle = await bundleSubmission(
        located.root,
        [{ id, file, text: edited }],
        { signal: context.signal },
      );
      if (bundle.code === undefined) break;
      const path = join(context.tmpDir, `retry-${id}-${out.length}.js`);
      await Deno.writeTextFile(path, bundle.code);
      out.push({ export: step.export, message: step.message });
      [run] = await runSubmission(
        path,
        [{ part: 0, probes: sandboxProbes(checks, samples) }],
        context.limits,
        join(context.tmpDir, "work"),
        { signal: context.signal },
      );
      text = edited;
    }
    // A rerun the learner's deadline cut short leaves the first run standing.
    if (
      out.length > 0 && run.status !== "import-error" &&
      run.status !== "deadline"
    ) {
      runs.byId.set(id, run);
      leftOut.set(id, out);
    }
  }, { concurrency: context.concurrency });
  runs.ms += performance.now() - started;
  return leftOut;
}

/**
 * One step of the retry stage, a pure function of the learner's text and the
 * error: the export whose initializer was running when the module threw,
 * the text with that initializer left out, and what its checks will say; or
 * undefined when the throw was not in an export's initializer (or the edit
 * would lose an export the learner declared).
 */
function leaveOutThrowingExport(
  text: string,
  error: ThrownError,
  file: string,
): { export: string; text: string; message: string } | undefined {
  const frame = moduleFrame(error.stack, file);
  const offset = frame && offsetOf(text, frame.line, frame.column);
  const init = offset === undefined
    ? undefined
    : exportInitializerAt(text, offset);
  if (frame === undefined || init === undefined) return undefined;
  const edited = leaveOut(text, init);
  const after = exportLineIndex(edited);
  if ([...exportLineIndex(text).keys()].some((k) => !after.has(k))) {
    return undefined;
  }
  // The name is the learner's: shown cut short.
  const shown = init.name.length > 40
    ? `${init.name.slice(0, 39)}…`
    : init.name;
  return {
    export: init.name,
    text: edited,
    message: `The definition of ${shown} threw while loading: ${
      error.name || "an error"
    }${
      error.message ? `: ${error.message}` : ""
    } (at ${file} line ${frame.line}); the module's other exports were graded`,
  };
}

/** What the sandbox calls: every scored probe, then the unscored curve samples (see unscoredTail). */
function sandboxProbes(
  checks: PlannedCheck[],
  samples: SamplePlan[] | undefined,
): SandboxPart["probes"] {
  return [
    ...checks.flatMap((c) =>
      c.probes.map((p) => ({ export: p.export, args: p.args }))
    ),
    ...(samples ?? []).flatMap((s) =>
      s.x.map((x) => ({ export: s.export, args: [x] }))
    ),
  ];
}

/** The learners' sources, for the line each export is declared on. */
async function readSources(
  located: Located,
  files: LearnerFiles,
): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  await Promise.all(located.present.map(async (exercise) => {
    // Unreadable or refused: lines fall back to 1; the bytes are the bundled ones.
    const read = await files.readText(located.files.get(exercise.id)!);
    if (read.ok) sources.set(exercise.id, read.text);
  }));
  return sources;
}

/**
 * How a module fared as a whole, from its bundle and its run: a pure
 * decision, tested case by case.
 *
 * @param bundle The bundle outcome; undefined when the module is missing.
 * @param run The sandbox run; undefined when it was not run.
 * @param missingMessage What to say when the module is missing.
 * @returns The outcome and the problems to show.
 *
 * @example
 * ```ts
 * import { decideOutcome } from "./grade.ts";
 * import assert from "node:assert/strict";
 * const d = decideOutcome({ ok: false, reason: "missing", problems: ["Cannot bundle 01.ts: the file does not exist"] }, undefined, "Missing");
 * assert.equal(d.outcome, "missing");
 * ```
 */
export function decideOutcome(
  bundle: BundleOutcome | undefined,
  run: SandboxRun | undefined,
  missingMessage: string,
): { outcome: RunOutcome; problems: string[] } {
  if (bundle === undefined) {
    return { outcome: "missing", problems: [missingMessage] };
  }
  if (!bundle.ok) {
    return {
      outcome: bundle.reason === "missing"
        ? "missing"
        : bundle.reason === "deadline"
        ? "deadline"
        : "bundle-error",
      problems: bundle.problems,
    };
  }
  if (run === undefined) {
    return { outcome: "crashed", problems: ["The exercise was not run"] };
  }
  return {
    outcome: run.status === "done" ? "ok" : run.status,
    problems: run.message ? [run.message] : [],
  };
}

/** The score stage for one exercise: its outcome, its checks judged, its points. */
function scoreExercise(
  exercise: Exercise,
  checks: PlannedCheck[],
  samples: SamplePlan[],
  context: {
    alternatives: Alternative[][];
    located: Located;
    bundle: BundleOutcome | undefined;
    run: SandboxRun | undefined;
    source: string;
    /** Exports whose definition threw while loading, left out of the run. */
    leftOut: LeftOut[];
  },
): ExerciseResult {
  const compareStarted = performance.now();
  const { located, bundle } = context;
  const sampled = unscoredTail(context.run, checks);
  const run = sampled.run;
  const decided = decideOutcome(
    bundle,
    run,
    `Missing file ${exercise.id}.ts in ${located.folder}: write the exercise's module there`,
  );
  const { outcome } = decided;
  // A throw while loading, at the learner's line (the bundle's source map).
  const frame = run?.loadError &&
    learnerFrame(run.loadError.stack, [
      basename(located.files.get(exercise.id)!),
    ]);
  const problems = frame && decided.problems.length === 1
    ? [`${decided.problems[0]} (at ${frameLabel(frame)})`]
    : decided.problems;
  // Said once for the exercise; its checks carry the same text, which
  // reports do not repeat under them.
  for (const left of context.leftOut) problems.push(left.message);
  const checkResults = scoreChecks(
    checks,
    run,
    problems,
    exportLines(context.source),
    {
      exercise,
      alternatives: context.alternatives,
      learner: {
        file: basename(located.files.get(exercise.id)!),
        source: context.source,
      },
      leftOut: context.leftOut,
    },
  );
  const sum = (list: CheckResult[]) => list.reduce((a, c) => a + c.score, 0);
  const required = checkResults.filter((c) => !c.optional);
  const optional = checkResults.filter((c) => c.optional);
  return {
    id: exercise.id,
    title: exercise.title,
    file: located.files.get(exercise.id)!,
    run: outcome,
    problems,
    score: sum(required),
    maxScore: required.reduce((a, c) => a + c.points, 0),
    bonus: sum(optional),
    bonusMax: optional.reduce((a, c) => a + c.points, 0),
    checks: checkResults,
    typeErrors: [],
    output: {
      stdout: run?.stdout ?? "",
      stderr: run?.stderr ?? "",
      truncated: run?.outputTruncated ?? false,
    },
    timings: {
      startMs: round(run?.timings.startMs ?? 0),
      runMs: round(run?.timings.runMs ?? 0),
      compareMs: round(performance.now() - compareStarted),
    },
    prompt: exercise.prompt,
    samples: run?.exports === undefined
      ? []
      : seriesOf(samples, sampled.tail, sampled.stopped, run.exports)
        .filter((series) =>
          !context.leftOut.some((l) => l.export === series.export)
        ),
  };
}

/** What the learner's deadline cut short, if anything. */
function deadlineCut(
  ms: number,
  bundles: BundleSet,
  runs: Map<string, SandboxRun>,
  checked: CheckedTypes | undefined,
): GradeResult["deadline"] {
  const cut: DeadlineStage[] = [];
  const bundled = [...bundles.outcomes.values()];
  if (bundled.some((b) => !b.ok && b.reason === "deadline")) cut.push("bundle");
  if ([...runs.values()].some((r) => r.status === "deadline")) {
    cut.push("sandbox");
  }
  if (checked?.cut) cut.push("typecheck");
  return cut.length > 0 ? { ms, cut } : undefined;
}

/**
 * The assemble stage: type errors attached (none yet while the type check is
 * `pending`), totals, timings.
 */
function assembleResult(parts: {
  plan: SetPlan;
  located: Located;
  exercises: ExerciseResult[];
  checked: TypecheckOutcome | undefined;
  pending: boolean;
  limits: Limits;
  deadline: GradeResult["deadline"];
  startedAt: string;
  timings: {
    planMs: number;
    bundleMs: number;
    sandboxMs: number;
    totalMs: number;
  };
}): GradeResult {
  const { plan, exercises, checked } = parts;
  const total = (key: "score" | "maxScore" | "bonus" | "bonusMax") =>
    exercises.reduce((a, e) => a + e[key], 0);
  return {
    version: RESULT_VERSION,
    set: { id: plan.set.id, title: plan.set.title },
    folder: parts.located.root,
    seed: plan.seed,
    startedAt: parts.startedAt,
    score: total("score"),
    maxScore: total("maxScore"),
    bonus: total("bonus"),
    bonusMax: total("bonusMax"),
    passed: exercises.every((e) =>
      e.checks.every((c) => c.optional || c.passed)
    ),
    limits: parts.limits,
    typecheck: parts.pending
      ? "pending"
      : checked === undefined
      ? "skipped"
      : checked.status,
    typecheckNote: checked?.note ?? "",
    ignoredFiles: parts.located.ignoredFiles,
    ...(parts.deadline ? { deadline: parts.deadline } : {}),
    exercises: exercises.map((ex) => ({
      ...ex,
      // A syntax error is the bundle's problem already: said once, not again as a type error.
      typeErrors: checked?.diagnostics.filter((d) =>
        d.file === ex.file &&
        !(ex.run === "bundle-error" && d.code === "error")
      ) ?? [],
    })),
    timings: {
      planMs: round(parts.timings.planMs),
      bundleMs: round(parts.timings.bundleMs),
      sandboxMs: round(parts.timings.sandboxMs),
      typecheckMs: round(checked?.ms ?? 0),
      totalMs: round(parts.timings.totalMs),
    },
  };
}

/**
 * The reference solutions of the chosen exercises, loaded in this process
 * with every import of dualgrade mapped to this copy.
 */
async function loadReferences(
  set: ExerciseSet,
  chosen: Exercise[],
): Promise<Record<string, unknown>[]> {
  // A built-in set's references are remote when this copy is.
  const files = chosen.map((exercise) =>
    new URL(`${exercise.id}.ts`, set.solutions)
  );
  try {
    return await loadTrustedModules(files);
  } catch (error) {
    throw new SetupError(
      `Cannot load the reference solutions in ${
        set.solutions.protocol === "file:"
          ? fileURLToPath(set.solutions)
          : set.solutions.href
      }: ${(error as Error).message}`,
      "reference",
    );
  }
}

/** The set's exercises named by `only` (all when absent), in the set's order. */
function chooseExercises(
  set: ExerciseSet,
  only: string[] | undefined,
): Exercise[] {
  const known = set.exercises.map((e) => e.id);
  if (only !== undefined) {
    const unknown = only.filter((id) => !known.includes(id));
    if (unknown.length > 0) {
      throw new SetupError(
        `Unknown exercise ${
          unknown.join(", ")
        } in set ${set.id}: its exercises are ${known.join(", ")}`,
        "unknown-exercise",
      );
    }
  }
  return set.exercises.filter((e) => only === undefined || only.includes(e.id));
}

/**
 * Splits a run's replies into the scored probes' and the unscored samples'.
 * A run that stopped while sampling (after every scored probe reported)
 * counts as done: samples never change an outcome or a score.
 */
function unscoredTail(
  run: SandboxRun | undefined,
  checks: PlannedCheck[],
): {
  run: SandboxRun | undefined;
  tail: (ProbeReply | undefined)[];
  stopped: string;
} {
  if (run === undefined) return { run, tail: [], stopped: "" };
  const scored = checks.reduce((n, c) => n + c.probes.length, 0);
  const tail = run.replies.slice(scored);
  const head = { ...run, replies: run.replies.slice(0, scored) };
  const allScored = head.replies.every((r) => r !== undefined);
  if (run.status === "done" || !allScored || run.exports === undefined) {
    return { run: head, tail, stopped: "" };
  }
  return {
    run: { ...head, status: "done", message: "" },
    tail,
    stopped: run.message,
  };
}

function seriesOf(
  plans: SamplePlan[],
  tail: (ProbeReply | undefined)[],
  stopped: string,
  exports: Record<string, string>,
) {
  let offset = 0;
  return plans.flatMap((plan) => {
    const replies = tail.slice(offset, offset + plan.x.length);
    offset += plan.x.length;
    return exports[plan.export] === "function"
      ? [sampleSeries(plan, replies, stopped)]
      : [];
  });
}

function scoreChecks(
  checks: PlannedCheck[],
  run: SandboxRun | undefined,
  problems: string[],
  lineOf: (name: string) => number,
  feedback: {
    exercise: Exercise;
    alternatives: Alternative[][];
    learner: { file: string; source: string };
    leftOut: LeftOut[];
  },
): CheckResult[] {
  let index = 0;
  return checks.map((check, c) => {
    const first = index;
    const hidden = check.visibility === "hidden";
    const failures: string[] = [];
    const records = check.probes.map((probe, k) => {
      const reply = run?.replies[index++];
      const failure = feedback.leftOut.find((l) =>
        l.export === probe.export
      )?.message ?? judgeProbe(
        probe,
        reply,
        run,
        problems,
        check,
        hidden,
        k,
        feedback.learner,
      );
      if (failure !== undefined) failures.push(failure);
      return probeRecord(
        failure === undefined,
        hidden,
        probe.args,
        probe.expected,
        reply,
      );
    });
    const passed = failures.length === 0;
    let message = failures[0] ?? "";
    // An exercise-wide problem stands once, as it is: reports show it once, not under every check.
    const wide = failures.length > 0 && problems.includes(failures[0]) &&
      failures.every((f) => f === failures[0]);
    if (failures.length > 1 && !wide) {
      message +=
        ` (${failures.length} of ${check.probes.length} probes failed)`;
    }
    const exportName = check.probes[0]?.export ?? "";
    const leftOutOnly = failures.length > 0 &&
      failures.every((f) => feedback.leftOut.some((l) => l.message === f));
    return {
      name: check.name,
      export: exportName,
      points: check.points,
      score: passed ? check.points : 0,
      passed,
      optional: check.optional,
      visibility: check.visibility,
      tolerance: check.tolerance,
      message,
      line: lineOf(exportName),
      probes: records,
      // A definition left out has nothing to diagnose: it never had a value.
      ...(passed || leftOutOnly ? {} : explainFailure(
        check,
        run?.replies.slice(first, index) ?? [],
        feedback.exercise,
        feedback.alternatives[c] ?? [],
      )),
    };
  });
}

function judgeProbe(
  probe: Probe,
  reply: ProbeReply | undefined,
  run: SandboxRun | undefined,
  problems: string[],
  check: PlannedCheck,
  hidden: boolean,
  k: number,
  learner: { file: string; source: string },
): string | undefined {
  const where = probeLabel(probe, hidden, k, check.probes.length);
  if (run === undefined || run.exports === undefined) {
    return problems[0] ?? "Not run";
  }
  if (!Object.hasOwn(run.exports, probe.export)) {
    const names = Object.keys(run.exports);
    // Names come from the learner: list a few, each cut short.
    const shown = names.slice(0, 12).map((n) =>
      n.length > 40 ? `${n.slice(0, 39)}…` : n
    );
    const more = names.length > shown.length
      ? ` and ${names.length - shown.length} more`
      : "";
    return missingExportText(
      probe.export,
      names.slice(0, 200),
      names.length > 0
        ? ` (the module exports ${shown.join(", ")}${more})`
        : " (the module exports nothing)",
      learner.source,
    );
  }
  if (reply === undefined) {
    return `${where}: not run: ${problems[0] ?? "the process stopped"}`;
  }
  if (!reply.ok) {
    if ("missing" in reply) {
      return `${probe.export} is ${articled(reply.kind)}, not a function`;
    }
    const e = reply.error;
    // The learner's line, from the bundle's source map; Math and operators on duals get their replacement.
    const frame = learnerFrame(e.stack, [learner.file]);
    const advice = frame && conversionAdvice(frame, learner.source);
    if (advice !== undefined) return `${where} threw ${e.name}: ${advice}`;
    return `${where} threw ${e.name || "an error"}${
      e.message ? `: ${e.message}` : ""
    }${frame ? ` (at ${frameLabel(frame)})` : ""}`;
  }
  if (check.property !== undefined) {
    const verdict = judgeProperty(
      check.property,
      reply.value,
      probe.args ?? [],
    );
    return verdict === undefined ? undefined : `${where}: ${verdict}`;
  }
  const c =
    (check.tolerance.mode === "norm"
      ? normClose(probe.expected, reply.value, check.tolerance, { hidden })
      : undefined) ??
      compareValues(probe.expected, reply.value, check.tolerance, { hidden });
  if (c.ok) return undefined;
  const text = c.message.charAt(0).toLowerCase() + c.message.slice(1);
  return `${where}: ${text}`;
}

function articled(kind: string): string {
  if (kind === "undefined" || kind === "null") return kind;
  return /^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function probeLabel(
  probe: Probe,
  hidden: boolean,
  k: number,
  n: number,
): string {
  if (hidden) return `${probe.export} at hidden point ${k + 1} of ${n}`;
  if (probe.args === undefined) return probe.export;
  return `${probe.export}(${probe.args.map(formatArg).join(", ")})`;
}

function formatArg(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (Array.isArray(value)) return `[${value.map(formatArg).join(", ")}]`;
  if (
    typeof value === "object" && value !== null && "shape" in value &&
    "data" in value
  ) {
    const t = value as { shape: number[]; toArray?: () => unknown };
    const text = typeof t.toArray === "function"
      ? JSON.stringify(t.toArray())
      : describeValue(value);
    return text.length > 80
      ? `a ${t.shape.join("×")} matrix`
      : `array(${text})`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Finds the line where each name is exported (one linear scan, see _scan.ts). */
function exportLines(source: string): (name: string) => number {
  const index = exportLineIndex(source);
  return (name: string) => index.get(name) ?? 1;
}

function definedOnly(limits: Partial<Limits>): Partial<Limits> {
  return Object.fromEntries(
    Object.entries(limits).filter(([, v]) => v !== undefined),
  );
}

function resolveLimits(given: Partial<Limits> | undefined): Required<Limits> {
  const limits: Required<Limits> = {
    ...DEFAULT_LIMITS,
    ...definedOnly(given ?? {}),
  };
  validateLimits(limits);
  return limits;
}

function validateLimits(limits: Limits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new SetupError(
        `Invalid limit ${name}: ${value} is not a positive number`,
      );
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
