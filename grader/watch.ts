/**
 * The learner's loop: `deno task grade --watch <folder>` grades the folder,
 * then regrades on every save, only the exercises whose files changed.
 *
 * Everything that does not depend on the learner's files stays warm between
 * regrades: the plan (reference values, computed once for the session's
 * seed), the bundler's service process and the bundled framework, and the
 * type checker's cache. A regrade bundles and runs only the changed
 * exercises (a changed file that is not an exercise's own module, a helper
 * say, regrades them all), prints the scores, then the type feedback: the
 * type check runs after the scores, on every exercise file, and a check
 * overtaken by a newer save is dropped.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { readLearnerFile } from "./_intake.ts";
import { stopBundler } from "./_bundle.ts";
import { typecheck, type TypecheckOutcome } from "./_typecheck.ts";
import {
  type ExerciseSet,
  gradeSubmission,
  type Limits,
  type Planner,
  planSet,
  randomSeed,
  type SetPlan,
} from "./grade.ts";
import type { ExerciseResult, GradeResult } from "./result.ts";

/** Something the watcher reports. */
export type WatchEvent =
  | {
    /** Scores exist: the first grading, or a regrade after a save. */
    kind: "graded";
    /** The whole folder's result; exercises not regraded keep their last result. */
    result: GradeResult;
    /** The exercises graded this time, by id. */
    regraded: string[];
    /** Milliseconds from the save (or the start) until the scores. */
    ms: number;
  }
  | {
    /** The type check of the latest grading finished. */
    kind: "types";
    /** The result with every exercise's type errors. */
    result: GradeResult;
  };

/**
 * Options of {@linkcode watchSubmission}.
 *
 * @example
 * ```ts
 * import type { WatchOptions } from "./watch.ts";
 * const o: WatchOptions = { onEvent: (e) => console.log(e.kind) };
 * ```
 */
export interface WatchOptions {
  /** The exercise set; default `defaultExerciseSet()`. */
  set?: ExerciseSet;
  /** How checks are planned (for custom sets). */
  planner?: Planner;
  /** A frozen plan to grade against instead of the set's references. */
  plan?: SetPlan;
  /** The session's seed; default random. */
  seed?: number;
  /** Grade only these exercises. */
  only?: string[];
  /** Limits per exercise. */
  limits?: Partial<Limits>;
  /** Type-check after each grading; default true. */
  typecheck?: boolean;
  /** Run each exercise in a process of its own. */
  isolate?: boolean;
  /** Receives every event, in order. */
  onEvent: (event: WatchEvent) => void;
  /** Ends the watch. */
  signal?: AbortSignal;
}

/** Files whose changes concern grading: modules and import maps (editors' temporary files do not). */
const RELEVANT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json|jsonc)$/i;
/** How long events of one save are gathered before a regrade, in milliseconds. */
const SETTLE_MS = 15;
/** Files inside hidden folders do not concern grading. */
const HIDDEN = /(^|[\\/])\.[^\\/]+[\\/]/;

/**
 * Grades `folder`, then regrades it on every change until `signal` aborts.
 *
 * The stages: `openSession` (real path, plan) → watch the folder →
 * grade every exercise → `regradeOnChanges` until the watch ends →
 * wait for the last type check → close.
 *
 * @example
 * ```ts ignore
 * import { watchSubmission } from "./watch.ts";
 * await watchSubmission("solutions/autograd", {
 *   onEvent: (e) => e.kind === "graded" && console.log(e.result.score),
 * });
 * ```
 */
export async function watchSubmission(
  folder: string,
  options: WatchOptions,
): Promise<void> {
  const session = await openSession(folder, options);
  const watcher = Deno.watchFs(session.root, { recursive: true });
  const abort = () => watcher.close();
  options.signal?.addEventListener("abort", abort);
  try {
    await session.grade(session.ids, performance.now());
    await regradeOnChanges(watcher, session);
    await session.typing;
  } finally {
    options.signal?.removeEventListener("abort", abort);
    try {
      watcher.close();
    } catch {
      // Already closed.
    }
    await stopBundler();
  }
}

/** The first stage: the folder's real path and the session's plan. */
async function openSession(
  folder: string,
  options: WatchOptions,
): Promise<WatchSession> {
  let root = resolve(folder);
  // Watch events and the intake's checks speak of real paths.
  root = await Deno.realPath(root).catch(() => root);
  const { defaultExerciseSet } = await import("../exercises/sets.ts");
  const set = options.set ?? defaultExerciseSet();
  const plan = options.plan ??
    await planSet(set, options.seed ?? randomSeed(), {
      only: options.only,
      planner: options.planner,
    });
  return new WatchSession(root, plan, options);
}

/**
 * Regrades on every change that concerns grading until the watcher closes:
 * the events of one save are gathered for `SETTLE_MS`, then the
 * exercises they concern and whose files changed are graded.
 */
async function regradeOnChanges(
  watcher: Deno.FsWatcher,
  session: WatchSession,
): Promise<void> {
  const changed = new Set<string>();
  let savedAt = 0;
  let running: Promise<void> | undefined;
  const regrade = async () => {
    // One save is often several events (write, rename, attributes): let
    // the ones already on their way join before looking at the files.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    while (changed.size > 0) {
      const paths = [...changed];
      changed.clear();
      const since = savedAt;
      const only = await session.changed(affected(paths, session.ids));
      if (only.length > 0) await session.grade(only, since);
    }
    running = undefined;
  };
  for await (const event of watcher) {
    const paths = relevantPaths(event, session.root);
    if (paths.length === 0) continue;
    if (changed.size === 0) savedAt = performance.now();
    for (const p of paths) changed.add(p);
    running ??= regrade();
  }
  await running;
}

/** The paths of an event that concern grading: modules and import maps outside hidden folders. */
function relevantPaths(event: Deno.FsEvent, root: string): string[] {
  if (event.kind === "access" || event.kind === "other") return [];
  return event.paths.filter((p) =>
    RELEVANT.test(p) && !HIDDEN.test(p.slice(root.length))
  );
}

/** An exercise's files' contents (or why each is absent), to tell a save that changed nothing. */
async function fingerprint(root: string, id: string): Promise<string> {
  const parts: string[] = [];
  for (const ext of ["ts", "js", "mts"]) {
    const read = await readLearnerFile(root, join(root, `${id}.${ext}`));
    parts.push(read.ok ? new TextDecoder().decode(read.bytes) : read.reason);
  }
  return parts.join("\0");
}

/**
 * One watch: the plan, the latest result, each exercise's files as last
 * graded, and the type check in flight.
 */
class WatchSession {
  /** The learner's folder, as a real path. */
  readonly root: string;
  /** The exercises graded, by id, in the plan's order. */
  readonly ids: string[];
  /** The latest type check's delivery (resolved when none is running). */
  typing: Promise<void> = Promise.resolve();
  readonly #plan: SetPlan;
  readonly #options: WatchOptions;
  #current: GradeResult | undefined;
  #generation = 0;
  /** Stops the type check of the previous grading when a newer one begins. */
  #staleTypes = new AbortController();
  /** Each exercise file's contents when last graded, to skip saves that changed nothing. */
  readonly #graded = new Map<string, string>();

  constructor(root: string, plan: SetPlan, options: WatchOptions) {
    this.root = root;
    this.ids = plan.exercises.map((e) => e.exercise.id);
    this.#plan = plan;
    this.#options = options;
  }

  /** Of `only`, the exercises whose files changed since they were last graded. */
  async changed(only: string[]): Promise<string[]> {
    // A change to anything but the exercises' own modules regrades them all.
    if (only.length === this.ids.length) return only;
    const out: string[] = [];
    for (const id of only) {
      const now = await fingerprint(this.root, id);
      if (this.#graded.get(id) !== now) out.push(id);
    }
    return out;
  }

  /**
   * Grades `only`: remember their files → grade them against the plan's
   * subset → report the scores merged into the latest result → report the
   * type check, unless a newer grading has begun. Resolves once the scores
   * are out, the type check running on.
   */
  grade(only: string[], since: number): Promise<void> {
    return new Promise<void>((scored, failed) => {
      const mine = ++this.#generation;
      this.#staleTypes.abort();
      const typesSignal = (this.#staleTypes = new AbortController()).signal;
      let checked: TypecheckOutcome | undefined;
      let scoresOut!: () => void;
      const afterScores = new Promise<void>((resolve) => scoresOut = resolve);
      const grading = this.#remember(only).then(() =>
        gradeSubmission(this.root, {
          plan: this.#subset(only),
          limits: this.#options.limits,
          isolate: this.#options.isolate,
          typecheck: this.#options.typecheck !== false,
          // Every exercise file is checked, not only the regraded ones: a
          // change can cause type errors in the files that import it.
          typechecker: async (files, o) => {
            // Scores first: the check would compete with the sandbox for CPU.
            await afterScores;
            return checked = await typecheck(
              [...files, ...this.#otherFiles(only)],
              { ...o, signal: typesSignal },
            );
          },
          onScores: (scores) => {
            this.#reportScores(scores, only, since);
            scored();
            scoresOut();
          },
        })
      );
      this.typing = grading.then(() => {
        // A newer save has made this check stale.
        if (mine !== this.#generation || checked === undefined) return;
        this.#reportTypes(checked);
      }, failed);
    });
  }

  /** Records the files of `only` as graded now. */
  #remember(only: string[]): Promise<void[]> {
    return Promise.all(only.map(async (id) => {
      this.#graded.set(id, await fingerprint(this.root, id));
    }));
  }

  /** The plan restricted to `only`. */
  #subset(only: string[]): SetPlan {
    return {
      ...this.#plan,
      exercises: this.#plan.exercises.filter((e) =>
        only.includes(e.exercise.id)
      ),
    };
  }

  /** The present exercise files not regraded this time. */
  #otherFiles(only: string[]): string[] {
    return (this.#current?.exercises ?? [])
      .filter((e) => e.run !== "missing" && !only.includes(e.id))
      .map((e) => e.file);
  }

  #reportScores(scores: GradeResult, only: string[], since: number): void {
    this.#current = merge(this.#current, scores, this.ids);
    this.#options.onEvent({
      kind: "graded",
      result: this.#current,
      regraded: only,
      ms: performance.now() - since,
    });
  }

  #reportTypes(checked: TypecheckOutcome): void {
    this.#current = withTypes(this.#current!, checked);
    this.#options.onEvent({ kind: "types", result: this.#current });
  }
}

/** The exercises a change to `paths` concerns: their own modules, or all. */
function affected(paths: string[], ids: string[]): string[] {
  const hit = new Set<string>();
  for (const p of paths) {
    const id = basename(p).replace(/\.(ts|js|mts)$/, "");
    if (id === basename(p) || !ids.includes(id)) return ids;
    hit.add(id);
  }
  return ids.filter((id) => hit.has(id));
}

/** `previous` with the exercises of `fresh` replaced, totals recomputed. */
function merge(
  previous: GradeResult | undefined,
  fresh: GradeResult,
  ids: string[],
): GradeResult {
  if (previous === undefined) return fresh;
  const byId = new Map<string, ExerciseResult>(
    previous.exercises.map((e) => [e.id, e]),
  );
  for (const e of fresh.exercises) byId.set(e.id, e);
  const exercises = ids.flatMap((id) => byId.get(id) ?? []);
  return totals({
    ...fresh,
    startedAt: previous.startedAt,
    exercises,
  });
}

function totals(result: GradeResult): GradeResult {
  const sum = (key: "score" | "maxScore" | "bonus" | "bonusMax") =>
    result.exercises.reduce((a, e) => a + e[key], 0);
  return {
    ...result,
    score: sum("score"),
    maxScore: sum("maxScore"),
    bonus: sum("bonus"),
    bonusMax: sum("bonusMax"),
    passed: result.exercises.every((e) =>
      e.checks.every((c) => c.optional || c.passed)
    ),
  };
}

function withTypes(
  result: GradeResult,
  checked: TypecheckOutcome,
): GradeResult {
  return {
    ...result,
    typecheck: checked.status,
    typecheckNote: checked.note,
    exercises: result.exercises.map((e) => ({
      ...e,
      typeErrors: checked.diagnostics.filter((d) => d.file === e.file),
    })),
    timings: { ...result.timings, typecheckMs: Math.round(checked.ms) },
  };
}
