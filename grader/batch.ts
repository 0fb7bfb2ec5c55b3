/**
 * Grading a whole class: every subfolder of a folder is one learner's
 * submission (its name is the learner's id). Submissions are graded in
 * parallel, each learner in one sandbox process, and every result is appended
 * to the gradebook as soon as it exists, so an interrupted run loses only
 * the learners in flight, and `--resume` picks up where it stopped.
 *
 * @module
 */
import { cleanLine, neutraliseWorkflowCommands } from "./_sanitize.ts";
import { join, resolve } from "node:path";
import {
  type GradeOptions,
  planSet,
  type SetPlan,
  SetupError,
} from "./grade.ts";
import { gradeHandedIn } from "../notebook/grade.ts";
import { Gradebook, type GradebookEntry, hashSubmission } from "./gradebook.ts";
import type { ExerciseSet } from "../exercises/types.ts";
import type { GradeResult } from "./result.ts";
import type { Planner } from "./grade.ts";
import { TypecheckBatcher } from "./_typecheck_batch.ts";
import { runPool } from "./_pool.ts";
import { loadSource, userPath } from "./set_source.ts";
import {
  type CommandLine,
  type Flag,
  formatFlags,
  HELP_FLAG,
  ONLY_FLAG,
  PLAN_FLAG,
  readCommandLine,
  SET_FLAG,
  UsageError,
} from "./_flags.ts";
import { LIMIT_FLAGS, limitsFromFlags } from "./_sandbox.ts";

/**
 * Which share of the class one machine grades: `index` of `count`, 1-based.
 *
 * @example
 * ```ts
 * import type { Shard } from "./batch.ts";
 * const second: Shard = { index: 2, count: 4 };
 * ```
 */
export interface Shard {
  /** This shard, 1 … count. */
  index: number;
  /** How many shards the class is split into. */
  count: number;
}

/**
 * Parses `i/n` as a shard, or throws saying what is wrong.
 *
 * @example
 * ```ts
 * import { parseShard } from "./batch.ts";
 * console.log(parseShard("2/4")); // { index: 2, count: 4 }
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new SetupError(
      `Invalid --shard ${
        JSON.stringify(text)
      }: expected i/n with 1 ≤ i ≤ n, e.g. 1/4`,
    );
  }
  return { index, count };
}

/**
 * Whether learner `id` belongs to `shard`. Shards are decided by a hash of
 * the id, so adding a learner to the class never moves the others.
 *
 * @example
 * ```ts
 * import { inShard } from "./batch.ts";
 * const shards = [1, 2, 3].filter((i) => inShard("ada", { index: i, count: 3 }));
 * console.log(shards.length); // 1
 * ```
 */
export function inShard(id: string, shard: Shard): boolean {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shard.count === shard.index - 1;
}

/**
 * The learners' submissions in `dir`, sorted by name: each folder, and each
 * `.ipynb` notebook file; hidden ones are skipped.
 *
 * @example
 * ```ts ignore
 * import { listSubmissions } from "./batch.ts";
 * console.log(await listSubmissions("class/")); // [ "ada", "alan", … ]
 * ```
 */
export async function listSubmissions(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.name.startsWith(".")) continue;
      // A learner hands in a folder, or one notebook (its name with .ipynb is the id).
      if (e.isDirectory || (e.isFile && e.name.endsWith(".ipynb"))) {
        names.push(e.name);
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new SetupError(
        `Cannot grade the class in ${dir}: the folder does not exist`,
      );
    }
    throw new SetupError(
      `Cannot read the class folder ${dir}: ${(error as Error).message}`,
    );
  }
  return names.sort();
}

/**
 * Options of {@linkcode gradeBatch}.
 *
 * @example
 * ```ts
 * import type { BatchOptions } from "./batch.ts";
 * const o: BatchOptions = { dir: "class", gradebook: "gradebook", jobs: 2, seed: 1 };
 * ```
 */
export interface BatchOptions {
  /** The folder holding one subfolder per learner. */
  dir: string;
  /** The gradebook's path without extension: `<path>.csv` and `<path>.jsonl`. */
  gradebook: string;
  /** The exercise set (default: autograd). */
  set?: ExerciseSet;
  /** How checks are planned (for custom sets). */
  planner?: Planner;
  /** A frozen plan to grade against instead of the set's references (its seed wins). */
  plan?: SetPlan;
  /** Seed for hidden points; default: the gradebook's when resuming, else random. */
  seed?: number;
  /** How many learners are graded at once; default the number of cores. */
  jobs?: number;
  /** Skip learners already in the gradebook whose submission is unchanged. */
  resume?: boolean;
  /** Grade only this share of the class. */
  shard?: Shard;
  /** Grade only these exercises. */
  only?: string[];
  /** Limits per exercise and per learner, as for one folder. */
  limits?: GradeOptions["limits"];
  /** Type-check every submission, many learners per compiler run (off by default). */
  typecheck?: boolean;
  /** Run each exercise in a process of its own. */
  isolate?: boolean;
  /** Also write each learner's HTML report, `<htmlDir>/<learner>.html`. */
  htmlDir?: string;
  /** Called after each learner, with progress figures. */
  onProgress?: (p: BatchProgress) => void;
  /** When it returns true, no further learner is started. */
  stopped?: () => boolean;
}

/**
 * Progress of a batch after one more learner.
 *
 * @example
 * ```ts
 * import type { BatchProgress } from "./batch.ts";
 * const p: BatchProgress = { done: 1, total: 2, skipped: 0, elapsedMs: 500, entry: undefined };
 * ```
 */
export interface BatchProgress {
  /** Learners finished (graded or failed) in this run. */
  done: number;
  /** Learners to grade in this run. */
  total: number;
  /** Learners skipped by --resume. */
  skipped: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** The entry just written. */
  entry?: GradebookEntry;
}

/**
 * What a batch did.
 *
 * @example
 * ```ts
 * import type { BatchSummary } from "./batch.ts";
 * const s: BatchSummary = { graded: 2, failed: 0, skipped: 1, seed: 7, elapsedMs: 900, stopped: false };
 * ```
 */
export interface BatchSummary {
  /** Learners graded in this run. */
  graded: number;
  /** Learners that could not be graded (their entry says why). */
  failed: number;
  /** Learners skipped by --resume. */
  skipped: number;
  /** The seed used. */
  seed: number;
  /** Wall time in milliseconds. */
  elapsedMs: number;
  /** Whether the run was stopped before the end. */
  stopped: boolean;
}

/**
 * Grades every learner's folder in `options.dir` into a gradebook.
 *
 * @example
 * ```ts ignore
 * import { gradeBatch } from "./batch.ts";
 * const s = await gradeBatch({ dir: "class", gradebook: "out/gradebook" });
 * console.log(`${s.graded} graded`);
 * ```
 */
export async function gradeBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const dir = resolve(options.dir);
  let learners = await listSubmissions(dir);
  if (options.shard) {
    learners = learners.filter((id) => inShard(id, options.shard!));
  }
  const { defaultExerciseSet } = await import("../exercises/sets.ts");
  const set = options.plan?.set ?? options.set ?? defaultExerciseSet();
  const book = await Gradebook.open(options.gradebook, {
    setId: set.id,
    exerciseIds: options.plan
      ? options.plan.exercises.map((e) => e.exercise.id)
      : set.exercises
        .filter((e) => !options.only || options.only.includes(e.id))
        .map((e) => e.id),
    resume: options.resume ?? false,
    seed: options.plan?.seed ?? options.seed,
  });
  // Planning (reference values) and hashing (learners' files) are
  // independent: overlap them.
  const planning = options.plan ? Promise.resolve(options.plan) : planSet(
    set,
    book.seed,
    { only: options.only, planner: options.planner },
  );
  planning.catch(() => {});
  const hashes = await hashSubmissions(dir, learners);
  const plan = await planning;
  const todo = learners.filter((id) => !book.has(id, hashes.get(id)!));
  const skipped = learners.length - todo.length;

  let done = 0, graded = 0, failed = 0;
  // Type checks run beside the grading, many learners per compiler run: a
  // worker moves on once a learner's scores exist, and the learner's entry
  // is written when their type check is back.
  const batcher = options.typecheck ? new TypecheckBatcher() : undefined;
  const finishing: Promise<void>[] = [];
  const record = async (
    id: string,
    result: GradeResult | undefined,
    error: string | undefined,
  ) => {
    // A learner in flight when the run is stopped was not graded fairly.
    if (options.stopped?.()) return;
    let entry: GradebookEntry;
    try {
      entry = book.append(id, hashes.get(id)!, result, error);
    } catch (e) {
      // Recording one learner failed (a result too large to write?): that
      // learner's error, never the batch's.
      result = undefined;
      error = `Cannot record the result: ${
        e instanceof Error ? e.message : String(e)
      }`.slice(0, 500);
      entry = book.append(id, hashes.get(id)!, undefined, error);
    }
    if (options.htmlDir !== undefined && result !== undefined) {
      try {
        await writeLearnerPage(options.htmlDir, id, result);
      } catch {
        // The gradebook holds the learner; a page that cannot be written
        // costs only that page.
      }
    }
    done++;
    if (error === undefined) graded++;
    else failed++;
    options.onProgress?.({
      done,
      total: todo.length,
      skipped,
      elapsedMs: performance.now() - started,
      entry,
    });
  };
  const gradeOne = async (id: string) => {
    let scored!: () => void;
    const scores = new Promise<void>((resolve) => scored = resolve);
    const learner = gradeHandedIn(join(dir, id), {
      plan,
      limits: options.limits,
      typecheck: batcher !== undefined,
      typechecker: batcher?.check,
      onScores: () => scored(),
      isolate: options.isolate,
      concurrency: 1,
    }).then(
      (result) => record(id, result, undefined),
      (e) => record(id, undefined, e instanceof Error ? e.message : String(e)),
    );
    finishing.push(learner);
    await Promise.race([scores, learner]);
  };
  await runPool(todo, gradeOne, {
    concurrency: Math.max(
      1,
      options.jobs ?? navigator.hardwareConcurrency ?? 2,
    ),
    stopped: options.stopped,
  });
  await Promise.all(finishing);
  return {
    graded,
    failed,
    skipped,
    seed: book.seed,
    elapsedMs: performance.now() - started,
    stopped: options.stopped?.() ?? false,
  };
}

/** How many submissions are hashed at once: a hash mostly waits on the file system. */
const HASH_CONCURRENCY = 8;

/** Each learner's submission hash, by id (see `hashSubmission`). */
async function hashSubmissions(
  dir: string,
  learners: string[],
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  await runPool(learners, async (id) => {
    hashes.set(id, await hashSubmission(join(dir, id)));
  }, { concurrency: HASH_CONCURRENCY });
  return hashes;
}

async function writeLearnerPage(
  dir: string,
  learner: string,
  result: GradeResult,
): Promise<void> {
  const { renderHtml } = await import("./report/html.ts");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, `${learner}.html`),
    renderHtml(result, { learner }),
  );
}

/**
 * One line of progress: a bar on a terminal, plain text otherwise.
 *
 * @example
 * ```ts
 * import { formatProgress } from "./batch.ts";
 * const p = { done: 50, total: 200, skipped: 0, elapsedMs: 10_000 };
 * console.log(formatProgress(p, false)); // 50/200 graded · 5.0/s · 0:30 left
 * ```
 */
export function formatProgress(p: BatchProgress, bar: boolean): string {
  const rate = p.elapsedMs > 0 ? p.done / (p.elapsedMs / 1000) : 0;
  const left = rate > 0 ? (p.total - p.done) / rate : 0;
  const clock = `${Math.floor(left / 60)}:${
    String(Math.round(left % 60)).padStart(2, "0")
  }`;
  const text = `${p.done}/${p.total} graded · ${
    rate.toFixed(1)
  }/s · ${clock} left`;
  if (!bar) return text;
  const width = 24;
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`;
}

const COMMAND = "deno task grade --batch";

/**
 * The flags of `deno task grade --batch`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { BATCH_FLAGS } from "./batch.ts";
 * console.log("resume" in BATCH_FLAGS); // true
 * ```
 */
export const BATCH_FLAGS = {
  batch: {
    value: "<dir>",
    help: "The folder of learners' submissions (required)",
  },
  gradebook: {
    value: "<name>",
    help:
      "Write <name>.csv and <name>.jsonl (default: gradebook, or gradebook-<i>of<n> with --shard)",
  },
  jobs: {
    value: "<n>",
    number: { integer: true, min: 1 },
    help: "Learners graded at once (default: the number of cores)",
  },
  resume: {
    help:
      "Continue an existing gradebook: skip learners already graded whose submission is unchanged, regrade the rest",
  },
  shard: {
    value: "<i/n>",
    help:
      "Grade only share i of n (for a CI matrix); join the shards with: deno task gradebook merge <files…>",
  },
  seed: {
    value: "<n>",
    number: { integer: true, min: 0 },
    help:
      "Seed for hidden checks (default: random, or the gradebook's when resuming)",
  },
  set: SET_FLAG,
  plan: {
    ...PLAN_FLAG,
    help: "Grade against a frozen plan instead of a set's references",
  },
  only: ONLY_FLAG,
  ...LIMIT_FLAGS,
  "learner-timeout": {
    ...LIMIT_FLAGS["learner-timeout"],
    help: `${LIMIT_FLAGS["learner-timeout"].help}, and the batch goes on`,
  },
  typecheck: { help: "Also type-check every submission (slower)" },
  isolate: { help: "Run each exercise in a process of its own (slower)" },
  "html-dir": {
    value: "<dir>",
    help: "Also write each learner's HTML report, <dir>/<learner>.html",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The usage text of `deno task grade --batch`.
 *
 * @example
 * ```ts
 * import { BATCH_USAGE } from "./batch.ts";
 * console.log(BATCH_USAGE.includes("--resume")); // true
 * ```
 */
export const BATCH_USAGE = `Usage: ${COMMAND} <dir> [options]

Grades every subfolder of <dir> (one learner each; the folder's name is the
learner's id) and writes a gradebook as each learner finishes. A subfolder
holding one Jupyter notebook and no modules is graded from the notebook, and
so is each .ipynb file in <dir> (its file name is the learner's id).

Options:
${formatFlags(BATCH_FLAGS)}

Exit codes: 0 graded, 2 usage or setup error, 130 interrupted (the gradebook
holds every learner finished so far; run again with --resume).
`;

interface BatchIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTerminal: boolean;
}

/** What the batch command line asks for: the batch's options, and where its set is. */
type BatchArgs = BatchOptions & {
  setId?: string;
  planFile?: string;
};

/** The batch's options the command line sets, or a usage error. */
function batchArgsOf(
  { values: v }: CommandLine<typeof BATCH_FLAGS>,
): BatchArgs {
  if (v.batch === undefined) {
    throw new UsageError(
      COMMAND,
      `Missing --batch in ${COMMAND}: the folder of learners' folders`,
    );
  }
  let shard: Shard | undefined;
  try {
    shard = v.shard === undefined ? undefined : parseShard(v.shard);
  } catch (error) {
    throw new UsageError(COMMAND, (error as Error).message);
  }
  return {
    dir: userPath(v.batch),
    gradebook: userPath(
      v.gradebook ??
        (shard ? `gradebook-${shard.index}of${shard.count}` : "gradebook"),
    ),
    jobs: v.jobs,
    resume: v.resume,
    shard,
    seed: v.seed,
    setId: v.set,
    planFile: v.plan,
    only: v.only,
    limits: limitsFromFlags(v),
    typecheck: v.typecheck,
    isolate: v.isolate,
    htmlDir: v["html-dir"] === undefined ? undefined : userPath(v["html-dir"]),
  };
}

/**
 * Runs `deno task grade --batch …` and returns the exit code.
 *
 * @example
 * ```ts
 * import { batchMain } from "./batch.ts";
 * const code = await batchMain(["--help"], { stdout: () => {}, stderr: () => {}, isTerminal: false });
 * console.log(code); // 0
 * ```
 */
export async function batchMain(
  args: string[],
  io: BatchIo,
  stopped: () => boolean = () => false,
): Promise<number> {
  const options = readCommandLine(args, {
    command: COMMAND,
    flags: BATCH_FLAGS,
    positionals: { max: 0, what: "no argument besides --batch <dir>" },
    usage: BATCH_USAGE,
    read: batchArgsOf,
    print: io.stdout,
    printError: (text) => io.stderr(`${text}\n`),
  });
  if (typeof options === "number") return options;
  const progress = progressReporter(io);
  try {
    const source = await batchSource(options);
    const summary = await gradeBatch({
      ...options,
      set: source.set,
      planner: source.planner,
      plan: source.thawed?.plan,
      stopped,
      onProgress: progress.report,
    });
    progress.end();
    io.stdout(summaryLine(summary, options.gradebook));
    return summary.stopped ? 130 : 0;
  } catch (error) {
    progress.end();
    if (error instanceof SetupError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The set (or frozen plan) a batch grades, refusing --seed with a plan that fixes it. */
async function batchSource(options: BatchArgs) {
  const source = await loadSource({
    set: options.setId,
    plan: options.planFile,
  });
  if (source.thawed !== undefined && options.seed !== undefined) {
    throw new SetupError(
      `Invalid arguments: the plan ${source.planFile} fixes the seed; --seed applies to a set`,
    );
  }
  return source;
}

/**
 * Progress on standard error: one line rewritten in place on a terminal, a
 * line per learner elsewhere (CI logs); `end` closes a line left open.
 */
function progressReporter(
  io: BatchIo,
): { report: (p: BatchProgress) => void; end: () => void } {
  let open = false;
  return {
    report(p) {
      const e = p.entry!;
      if (io.isTerminal) {
        io.stderr(`\r${formatProgress(p, true)}\x1b[K`);
        open = true;
        return;
      }
      const what = e.status === "error"
        ? `not graded: ${e.error}`
        : e.status === "deadline"
        ? `${e.score}/${e.maxScore}, cut short by the time limit (--learner-timeout)`
        : `${e.score}/${e.maxScore}`;
      // The id is a folder name and the error may quote learner text.
      const line = cleanLine(`${e.learner}: ${what}`);
      io.stderr(
        `${neutraliseWorkflowCommands(line)} (${formatProgress(p, false)})\n`,
      );
    },
    end() {
      if (open) io.stderr("\n");
      open = false;
    },
  };
}

/** The closing line: counts, time, seed and the gradebook's two files. */
function summaryLine(summary: BatchSummary, gradebook: string): string {
  const name = gradebook.replace(/\.(csv|jsonl)$/, "");
  return `${
    summary.stopped ? "Stopped" : "Done"
  }: ${summary.graded} graded, ${summary.failed} not graded, ${summary.skipped} unchanged and skipped, in ${
    (summary.elapsedMs / 1000).toFixed(1)
  } s · seed ${summary.seed} · ${name}.csv, ${name}.jsonl\n`;
}
