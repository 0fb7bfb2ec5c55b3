/**
 * `deno task grade [folder] [options]`: grades a solutions folder against an
 * exercise set and reports scores in the terminal, as JSON, JUnit XML,
 * Gradescope results and, on GitHub Actions, a job summary, annotations and
 * the GitHub Classroom result. With no folder it grades the set's reference
 * solutions.
 *
 * Exit codes: 0 graded (and `--min-score` reached); 1 below `--min-score`;
 * 2 a usage or setup error, with the reason on stderr.
 *
 * @module
 */

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
import { fileURLToPath } from "node:url";
import { loadSource, userPath } from "./set_source.ts";
import type { DeferredCheck } from "./plan_file.ts";
import { stopBundler } from "./_bundle.ts";
import { killAllSandboxes, LIMIT_FLAGS, limitsFromFlags } from "./_sandbox.ts";
import {
  type Limits,
  type Planner,
  type SetPlan,
  SetupError,
} from "./grade.ts";
import { gradeHandedIn, notebookIn } from "../notebook/grade.ts";
import type { ExerciseSet } from "../exercises/types.ts";
import type { GradeResult } from "./result.ts";
import { type MinScore, minScoreReached } from "./_min_score.ts";
import { writeGitHubReports } from "./report/github.ts";
import {
  GRADESCOPE_VISIBILITIES,
  type GradescopeVisibility,
  toGradescope,
} from "./report/gradescope.ts";
import { formatJson } from "./report/json.ts";
import { formatJUnit, repositoryRoot } from "./report/junit.ts";
import {
  formatTerminal,
  formatTypeFeedback,
  shouldColor,
  type TerminalOptions,
} from "./report/terminal.ts";

const COMMAND = "deno task grade";

/** The grader's flags: what it accepts and what --help lists. */
const FLAGS = {
  set: SET_FLAG,
  plan: {
    ...PLAN_FLAG,
    help: `${PLAN_FLAG.help}; the folder is then required`,
  },
  seed: {
    value: "<n>",
    number: { integer: true, min: 0 },
    help: "Seed for hidden checks (default: random; always reported)",
  },
  only: ONLY_FLAG,
  json: {
    value: "<file|->",
    help: "Write the result as JSON (schema: grader/SCHEMA.md); - for stdout",
  },
  junit: { value: "<file>", help: "Write JUnit XML" },
  gradescope: { value: "<file>", help: "Write Gradescope results.json" },
  "gradescope-hidden": {
    value: "<v>",
    choices: GRADESCOPE_VISIBILITIES,
    help: `Gradescope visibility of checks at hidden points: ${
      GRADESCOPE_VISIBILITIES.join(", ")
    } (default: visible)`,
  },
  html: {
    value: "<file>",
    help: "Write an HTML report with plots (self-contained, no script)",
  },
  "min-score": {
    value: "<n|n%>",
    help:
      "Exit with code 1 when the required points earned are below n points (or n percent of the required points)",
  },
  "min-score-bonus": {
    help: "Let bonus points count towards --min-score",
  },
  ...LIMIT_FLAGS,
  "no-typecheck": {
    help: "Do not type-check the modules (type errors never cost points)",
  },
  typecheck: {
    help:
      "Type-check the modules (the default; the opposite of --no-typecheck)",
  },
  watch: {
    help:
      "Grade, then regrade on every save: only the exercises whose files changed, scores first, then type feedback (Ctrl-C stops)",
  },
  isolate: {
    help:
      "Run each exercise in a process of its own (default: one process for all, an exercise that ends it early rerun alone)",
  },
  timings: { help: "Show where the time went" },
  // Handled before these flags are parsed (see batch.ts); listed here.
  batch: {
    value: "<dir>",
    help:
      "Grade every subfolder of <dir> into a gradebook (see --batch --help)",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The flags of `deno task grade`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { GRADE_FLAGS } from "./cli.ts";
 * console.log("min-score" in GRADE_FLAGS); // true
 * ```
 */
export const GRADE_FLAGS: Readonly<Record<string, Flag>> = FLAGS;

export type { Flag, NumberRule } from "./_flags.ts";

/**
 * The usage text printed by `--help`.
 *
 * @example
 * ```ts
 * import { USAGE } from "./cli.ts";
 * console.log(USAGE.includes("--min-score")); // true
 * ```
 */
export const USAGE: string =
  `Usage: deno task grade [folder|notebook.ipynb] [options]

Grades a solutions folder (one module per exercise: 01.ts, 02.ts …) against
an exercise set and reports scores. Without a folder, grades the set's
reference solutions. A Jupyter notebook (a .ipynb file, or a folder holding
only one) is graded from its code cells tagged exercise-01, exercise-02 …

Options:
${formatFlags(FLAGS)}

On GitHub Actions (GITHUB_ACTIONS=true) it also writes a job summary, annotates
failing checks, and sets the GitHub Classroom \`result\` output.

Exit codes: 0 graded (and --min-score reached), 1 below --min-score,
2 usage or setup error.
`;

/**
 * Where the CLI writes and what it reads of the environment; replaceable in tests.
 *
 * @example
 * ```ts
 * import type { Io } from "./cli.ts";
 * const quiet: Io = { stdout: () => {}, stderr: () => {}, isTerminal: false, env: () => undefined };
 * ```
 */
export interface Io {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Whether standard output is a terminal (for colour). */
  isTerminal: boolean;
  /** Reads an environment variable. */
  env: (name: string) => string | undefined;
}

/**
 * Runs the grader's command line and returns the exit code.
 *
 * @param args The command-line arguments.
 * @param io Where output goes and what the environment says; default the process's.
 * @param stopped Whether the process is being stopped (Ctrl-C), for batch grading.
 * @returns 0, 1 or 2 (see the module documentation).
 *
 * @example
 * ```ts
 * import { main } from "./cli.ts";
 * const code = await main(["--help"]);
 * console.log(code); // 0
 * ```
 */
export async function main(
  args: string[],
  io: Io = defaultIo(),
  stopped: () => boolean = () => false,
): Promise<number> {
  if (isBatch(args)) return await gradeBatch(args, io, stopped);
  const options = readCommandLine(args, {
    command: COMMAND,
    flags: FLAGS,
    positionals: { max: 1, what: "one folder or notebook at most" },
    usage: USAGE,
    read: optionsOf,
    print: io.stdout,
    printError: (text) => io.stderr(`${text}\n`),
  });
  if (typeof options === "number") return options;
  const output = outputOf(options, io);
  let graded: Graded;
  try {
    const job = await prepare(options);
    if (options.watch) {
      await watch(job.folder, options, job, io, stopped);
      return 0;
    }
    graded = await gradeJob(job, options, output);
  } catch (error) {
    if (error instanceof SetupError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await stopBundler();
  }
  showResult(graded, output);
  const written = await writeReports(graded.result, options, io);
  return written ?? verdict(graded.result, options, io);
}

/** Whether the arguments ask for batch grading (`--batch <dir>`). */
function isBatch(args: string[]): boolean {
  return args.some((a) => a === "--batch" || a.startsWith("--batch="));
}

/** `--batch`: a folder of learners, into a gradebook (see batch.ts). */
async function gradeBatch(
  args: string[],
  io: Io,
  stopped: () => boolean,
): Promise<number> {
  const { batchMain } = await import("./batch.ts");
  try {
    return await batchMain(args, io, stopped);
  } finally {
    await stopBundler();
  }
}

/** Where the human-readable report goes, and how it looks there. */
interface Output {
  report: (text: string) => void;
  terminal: TerminalOptions;
}

/** With `--json -`, stdout carries the JSON and the table goes to stderr, uncoloured. */
function outputOf(options: Options, io: Io): Output {
  const toStdout = options.json === "-";
  return {
    report: toStdout ? io.stderr : io.stdout,
    terminal: {
      color: !toStdout && shouldColor(io.isTerminal, io.env("NO_COLOR")),
      timings: options.timings,
      // On GitHub Actions, learner text in the table can form no workflow command.
      github: io.env("GITHUB_ACTIONS") === "true",
    },
  };
}

/** What to grade and against what: the folder, the set or frozen plan, and the checks a plan leaves for submission. */
interface Job {
  folder: string;
  set: ExerciseSet;
  planner?: Planner;
  plan?: SetPlan;
  deferred: DeferredCheck[];
}

/** Loads the set or plan and settles the folder; a contradiction is a SetupError. */
async function prepare(options: Options): Promise<Job> {
  const source = await loadSource({ set: options.set, plan: options.plan });
  const { set, planner, thawed } = source;
  if (thawed !== undefined && options.folder === undefined) {
    throw new SetupError(
      `Missing folder: a plan holds no reference solutions, name the folder to grade against ${source.planFile}`,
      "other",
    );
  }
  if (thawed !== undefined && options.seed !== undefined) {
    throw new SetupError(
      `Invalid arguments: the plan ${source.planFile} fixes the seed (${thawed.plan.seed}); --seed applies to a set`,
      "other",
    );
  }
  const folder = options.folder !== undefined
    ? userPath(options.folder)
    : referenceFolder(set);
  if (
    options.watch &&
    (folder.endsWith(".ipynb") || await notebookIn(folder) !== undefined)
  ) {
    throw new SetupError(
      `Cannot watch ${folder}: --watch regrades a folder of modules; in a notebook, run its check cells`,
      "other",
    );
  }
  return {
    folder,
    set,
    planner,
    plan: thawed?.plan,
    deferred: thawed?.deferred ?? [],
  };
}

/** A result, and whether its scores were already printed (type feedback follows them). */
interface Graded {
  result: GradeResult;
  scoresShown: boolean;
  /** The hidden checks a learner-safe plan leaves for submission. */
  deferred: DeferredCheck[];
}

/** Grades the job once; scores print as soon as they exist. */
async function gradeJob(
  job: Job,
  options: Options,
  output: Output,
): Promise<Graded> {
  let scoresShown = false;
  const result = await gradeHandedIn(job.folder, {
    set: job.set,
    planner: job.planner,
    plan: job.plan,
    seed: options.seed,
    only: options.only,
    typecheck: options.typecheck,
    isolate: options.isolate,
    onScores(scores) {
      output.report(formatTerminal(scores, output.terminal));
      if (job.deferred.length > 0) output.report(formatDeferred(job.deferred));
      scoresShown = true;
    },
    limits: options.limits,
  });
  return { result, scoresShown, deferred: job.deferred };
}

/** The rest of the report: type feedback after scores already shown, else everything. */
function showResult(graded: Graded, output: Output): void {
  const { result, scoresShown, deferred } = graded;
  output.report(
    scoresShown
      ? formatTypeFeedback(result, output.terminal)
      : formatTerminal(result, output.terminal),
  );
  if (!scoresShown && deferred.length > 0) {
    output.report(formatDeferred(deferred));
  }
}

/** `--min-score` with `--min-score-bonus`, if given. */
function minScoreOf(options: Options): MinScore | undefined {
  return options.minScore && {
    ...options.minScore,
    countBonus: options.minScoreBonus,
  };
}

/** Writes the report files asked for (and GitHub's); exit code 2 when one cannot be written. */
async function writeReports(
  result: GradeResult,
  options: Options,
  io: Io,
): Promise<number | undefined> {
  try {
    if (options.json === "-") io.stdout(formatJson(result));
    else if (options.json !== undefined) {
      await Deno.writeTextFile(options.json, formatJson(result));
    }
    if (options.junit !== undefined) {
      const root = io.env("GITHUB_WORKSPACE") ||
        repositoryRoot(result.folder) || Deno.cwd();
      await Deno.writeTextFile(options.junit, formatJUnit(result, { root }));
    }
    if (options.html !== undefined) {
      const { renderHtml } = await import("./report/html.ts");
      await Deno.writeTextFile(options.html, renderHtml(result));
    }
    if (options.gradescope !== undefined) {
      await Deno.writeTextFile(
        options.gradescope,
        JSON.stringify(
          toGradescope(result, { hidden: options.gradescopeHidden }),
          null,
          2,
        ) + "\n",
      );
    }
    if (io.env("GITHUB_ACTIONS") === "true") {
      await writeGitHubReports(
        result,
        {
          GITHUB_STEP_SUMMARY: io.env("GITHUB_STEP_SUMMARY"),
          GITHUB_OUTPUT: io.env("GITHUB_OUTPUT"),
          GITHUB_WORKSPACE: io.env("GITHUB_WORKSPACE"),
        },
        (line) => io.stdout(line + "\n"),
        { minScore: minScoreOf(options) },
      );
    }
  } catch (error) {
    io.stderr(`Cannot write a report: ${(error as Error).message}\n`);
    return 2;
  }
  return undefined;
}

/** The exit code: 1 when below `--min-score` (said on stderr), else 0. */
function verdict(result: GradeResult, options: Options, io: Io): number {
  const minScore = minScoreOf(options);
  if (minScore !== undefined && !minScoreReached(result, minScore)) {
    io.stderr(
      `Below the minimum score: ${result.score}/${result.maxScore}${
        minScore.countBonus ? ` plus ${result.bonus} bonus` : ""
      } is less than ${minScore.value}${minScore.percent ? "%" : " points"}\n`,
    );
    return 1;
  }
  return 0;
}

/** `--watch`: grades, then regrades on every save until the process is stopped. */
async function watch(
  folder: string,
  options: Options,
  { set, planner, plan }: {
    set: ExerciseSet;
    planner?: Planner;
    plan?: SetPlan;
  },
  io: Io,
  stopped: () => boolean,
): Promise<void> {
  const terminal = {
    color: shouldColor(io.isTerminal, io.env("NO_COLOR")),
    timings: options.timings,
  };
  const { watchSubmission } = await import("./watch.ts");
  const stop = new AbortController();
  if (stopped()) stop.abort();
  await watchSubmission(folder, {
    set,
    planner,
    plan,
    seed: options.seed,
    only: options.only,
    typecheck: options.typecheck,
    isolate: options.isolate,
    limits: options.limits,
    signal: stop.signal,
    onEvent(event) {
      if (event.kind === "types") {
        io.stdout(formatTypeFeedback(event.result, terminal));
        return;
      }
      io.stdout(formatTerminal(event.result, terminal));
      io.stdout(
        `Graded ${event.regraded.join(", ")} in ${
          Math.round(event.ms)
        } ms · watching ${folder} for changes (Ctrl-C stops)\n`,
      );
    },
  });
}

/** The set's reference solutions, graded when no folder is named: they must be on disk. */
function referenceFolder(set: ExerciseSet): string {
  if (set.solutions.protocol !== "file:") {
    throw new SetupError(
      `Missing folder: the reference solutions of set ${set.id} are at ${set.solutions.href}, not on disk; name the folder to grade`,
      "other",
    );
  }
  return fileURLToPath(set.solutions);
}

/** The hidden checks a learner-safe plan leaves out, listed as graded at submission. */
function formatDeferred(deferred: DeferredCheck[]): string {
  const points = deferred.reduce((a, d) => a + (d.optional ? 0 : d.points), 0);
  return [
    `Graded at submission (hidden, not in this plan): ${deferred.length} check${
      deferred.length === 1 ? "" : "s"
    }, ${points} point${points === 1 ? "" : "s"}`,
    ...deferred.map((d) =>
      `  ${d.exercise}  ${d.name}  ${d.points}${d.optional ? " bonus" : ""}`
    ),
    "",
  ].join("\n");
}

interface Options {
  plan?: string;
  folder?: string;
  set?: string;
  seed?: number;
  only?: string[];
  json?: string;
  junit?: string;
  gradescope?: string;
  gradescopeHidden: GradescopeVisibility;
  html?: string;
  minScore?: { value: number; percent: boolean };
  minScoreBonus: boolean;
  /** The sandbox limits the flags set (undefined: the defaults). */
  limits: Partial<Limits>;
  typecheck: boolean;
  isolate: boolean;
  watch: boolean;
  timings: boolean;
}

/** The options the command line sets, or a usage error. */
function optionsOf(parsed: CommandLine<typeof FLAGS>): Options {
  const v = parsed.values;
  return {
    folder: parsed.positionals[0],
    set: v.set,
    plan: v.plan,
    seed: v.seed,
    only: v.only,
    json: v.json === undefined || v.json === "-" ? v.json : userPath(v.json),
    junit: v.junit === undefined ? undefined : userPath(v.junit),
    gradescope: v.gradescope === undefined ? undefined : userPath(v.gradescope),
    gradescopeHidden: v["gradescope-hidden"] ?? "visible",
    html: v.html === undefined ? undefined : userPath(v.html),
    minScore: v["min-score"] === undefined
      ? undefined
      : parseMinScore(v["min-score"]),
    minScoreBonus: v["min-score-bonus"] ?? false,
    limits: limitsFromFlags(v),
    typecheck: !(v["no-typecheck"] ?? false),
    isolate: v.isolate ?? false,
    watch: v.watch ?? false,
    timings: v.timings ?? false,
  };
}

/** `--min-score 30` or `--min-score 75%`. */
function parseMinScore(text: string): { value: number; percent: boolean } {
  const percent = text.endsWith("%");
  const number = percent ? text.slice(0, -1) : text;
  const value = Number(number);
  if (number.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      COMMAND,
      `Invalid value for --min-score in ${COMMAND}: ${
        JSON.stringify(text)
      } is not a number of at least 0 (points) or a percentage (75%)`,
    );
  }
  return { value, percent };
}

function defaultIo(): Io {
  const encoder = new TextEncoder();
  const write = (stream: typeof Deno.stdout) => (text: string) => {
    const bytes = encoder.encode(text);
    let offset = 0;
    while (offset < bytes.length) {
      offset += stream.writeSync(bytes.subarray(offset));
    }
  };
  return {
    stdout: write(Deno.stdout),
    stderr: write(Deno.stderr),
    isTerminal: Deno.stdout.isTerminal(),
    env: (name) => Deno.env.get(name),
  };
}

if (import.meta.main) {
  let stopping = false;
  const stop = () => {
    stopping = true;
    killAllSandboxes();
    if (Deno.args.some((a) => a === "--batch" || a.startsWith("--batch="))) {
      console.error(
        "\nInterrupted: the gradebook holds every learner graded so far; run the same command with --resume to finish",
      );
    }
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  const code = await main(Deno.args, defaultIo(), () => stopping);
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  Deno.exit(code);
}
