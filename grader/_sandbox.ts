/**
 * Runs a learner's bundle (see `_bundle.ts`) in child `deno` processes
 * without permissions and collects what each exercise returns.
 *
 * One process per learner: all of the learner's exercises run in turn in one
 * child, each exercise's module evaluated only when its turn comes. The
 * limits hold per exercise: the time limit restarts when an exercise begins,
 * output is counted per exercise (the harness marks where each begins on both
 * streams, so output is also attributed to the exercise that printed it), and
 * the heap cap is the child's. When the child ends early, what is known about
 * each exercise decides whether its result stands:
 *
 * - an exercise that ended stands;
 * - one stopped while its checks were being called (synchronously, so the
 *   cause is its own code) stands: its time, its output, a value too large,
 *   its `Deno.exit`;
 * - any other, including the one running when the child ran out of memory,
 *   crashed or ended while loading a module, and every exercise not yet
 *   begun, is rerun in a process of its own, so one exercise's fault costs
 *   only that exercise.
 *
 * With `isolate`, every exercise runs in a process of its own from the start.
 *
 * The child gets: no permissions and no prompt, no remote or npm loading, no
 * config file, an empty working directory, a cleared environment, a V8 heap
 * cap, no code generation from strings, and a wall-clock limit; the
 * learner's deadline (`RunOptions.signal`, see `_deadline.ts`) kills it too,
 * and past it nothing more is started or rerun. Its output is
 * read continuously (so it never blocks on a full pipe); frames are told from
 * learner output by a per-run nonce (see `_sandbox_setup.ts`), and learner
 * output is counted against a limit and kept only up to a display cap. A
 * child that runs too long, prints too much, or grows too large is killed;
 * every child is reaped before this returns.
 *
 * @module
 */

import { confine } from "./_confine.ts";
import type { Flag, FlagValues } from "./_flags.ts";
import { deadlineMessage } from "./_deadline.ts";
import { runPool } from "./_pool.ts";
import {
  decodeResult,
  encodeArg,
  type Frame,
  type Phase,
  readFrame,
  type WireError,
  type WireOrigin,
} from "./_wire.ts";

/**
 * Limits applied to each exercise's child process, and to grading one
 * learner as a whole.
 *
 * @example
 * ```ts
 * import type { Limits } from "./grade.ts";
 * const strict: Limits = { timeoutMs: 1000, memoryMb: 64, outputLimit: 65536 };
 * ```
 */
export interface Limits {
  /** Wall-clock limit per exercise, in milliseconds. */
  timeoutMs: number;
  /** V8 heap limit, in MB (the process is also killed when its memory grows far past it). */
  memoryMb: number;
  /** Learner output (stdout and stderr) allowed, in bytes; past it the exercise is stopped. */
  outputLimit: number;
  /**
   * Wall-clock limit for grading one learner, in milliseconds, over every
   * stage: bundling, the type check, and every sandbox run and rerun. What
   * is not graded by then is reported with the outcome `deadline`.
   */
  learnerTimeoutMs?: number;
}

/**
 * The default limits: comfortable for these exercises, small for a runaway.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS } from "./grade.ts";
 * console.log(DEFAULT_LIMITS.timeoutMs); // 5000
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Required<Limits>> = Object.freeze({
  timeoutMs: 5000,
  memoryMb: 256,
  outputLimit: 1 << 20,
  // Grading a correct learner takes well under a second; an exercise set of
  // a dozen exercises each stopped at the 5 s limit and rerun alone, about
  // two minutes.
  learnerTimeoutMs: 120_000,
});

/** The longest delay `setTimeout` keeps: a longer one fires at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The limits as flags, the same for `deno task grade` and its `--batch`.
 * Each value is checked for what it is used as: a time limit is a timer's
 * delay, whole milliseconds that `setTimeout` keeps (a longer one fires at
 * once); the heap cap is V8's `--max-old-space-size`, whole MB, from the
 * least heap a sandbox starts with; the output limit is a count of bytes,
 * and 0 would stop an exercise at its first character of output, so at
 * least 1.
 *
 * @example
 * ```ts
 * import { LIMIT_FLAGS } from "./_sandbox.ts";
 * console.log(LIMIT_FLAGS.memory.number); // { integer: true, min: 16 }
 * ```
 */
export const LIMIT_FLAGS = {
  timeout: {
    value: "<ms>",
    number: { integer: true, min: 1, max: LONGEST_TIMER_MS },
    help:
      `Wall-clock limit per exercise (default: ${DEFAULT_LIMITS.timeoutMs})`,
  },
  memory: {
    value: "<MB>",
    number: { integer: true, min: 16 },
    help: `Heap limit per exercise (default: ${DEFAULT_LIMITS.memoryMb})`,
  },
  "output-limit": {
    value: "<bytes>",
    number: { integer: true, min: 1 },
    help:
      `Output allowed per exercise (default: ${DEFAULT_LIMITS.outputLimit})`,
  },
  "learner-timeout": {
    value: "<ms>",
    number: { integer: true, min: 1, max: LONGEST_TIMER_MS },
    help:
      `Wall-clock limit per learner over bundling, type check and every exercise's run together (default: ${DEFAULT_LIMITS.learnerTimeoutMs}); what is not graded by then is reported as "deadline"`,
  },
} as const satisfies Record<string, Flag>;

/**
 * The limits given as {@linkcode LIMIT_FLAGS}; a limit not given is absent
 * (its default applies).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { limitsFromFlags } from "./_sandbox.ts";
 * assert.deepEqual(limitsFromFlags({ memory: 64 }), {
 *   timeoutMs: undefined,
 *   memoryMb: 64,
 *   outputLimit: undefined,
 *   learnerTimeoutMs: undefined,
 * });
 * ```
 */
export function limitsFromFlags(
  values: FlagValues<typeof LIMIT_FLAGS>,
): Partial<Limits> {
  return {
    timeoutMs: values.timeout,
    memoryMb: values.memory,
    outputLimit: values["output-limit"],
    learnerTimeoutMs: values["learner-timeout"],
  };
}

/** A probe as the sandbox sees it: no expected value. */
export interface SandboxProbe {
  /** The export to call or read. */
  export: string;
  /** Arguments of the call; absent for a value export. */
  args?: unknown[];
}

/** An error thrown by learner code, as reported by the child. */
export type ThrownError = WireError;

/** What one probe gave. */
export type ProbeReply =
  | { ok: true; value: unknown; origin?: WireOrigin }
  | { ok: false; error: ThrownError }
  | { ok: false; missing: true; kind: string };

/** How a child ended. */
export type RunStatus =
  | "done"
  | "import-error"
  | "exit"
  | "timeout"
  | "out-of-memory"
  | "output-limit"
  | "crashed"
  | "deadline";

/** Everything a child returned and how it ended. */
export interface SandboxRun {
  /** How it ended; `done` means every probe reported. */
  status: RunStatus;
  /** For any status but `done`: what happened, for the learner. */
  message: string;
  /** The learner module's exports by name, with their kind (`function`, `number` …). */
  exports?: Record<string, string>;
  /** One reply per probe, `undefined` where the child never got to it. */
  replies: (ProbeReply | undefined)[];
  /** Learner output on stdout, up to the display cap. */
  stdout: string;
  /** Learner output on stderr (and runtime errors), up to the display cap. */
  stderr: string;
  /** Whether output was cut for display. */
  outputTruncated: boolean;
  /** Milliseconds from spawn until the sandbox setup ran, then until the end. */
  timings: { startMs: number; runMs: number };
  /** Whether the result came from a process that ran this exercise alone. */
  alone: boolean;
  /** The error the module threw while loading (its stack locates the learner's line). */
  loadError?: WireError;
}

/** How much learner output is kept for reports, per stream. */
const DISPLAY_CAP = 4000;
/** The largest frame accepted (one probe's value). */
const MAX_FRAME = 32 << 20;
/** Values with more elements than this are not sent back. */
const MAX_ELEMENTS = 1_000_000;

const running = new Set<Deno.ChildProcess>();

/**
 * Registers a child process so {@linkcode killAllSandboxes} ends it too.
 *
 * @returns A function that unregisters it.
 */
export function trackChild(child: Deno.ChildProcess): () => void {
  running.add(child);
  return () => running.delete(child);
}

/**
 * Kills every sandbox child still running (for a Ctrl-C handler).
 */
export function killAllSandboxes(): void {
  for (const child of running) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * On Linux the child also gets a data-segment limit (`ulimit -d`), which
 * bounds ArrayBuffers: they live outside the V8 heap its flag caps. V8
 * reserves about 550 MB of it at start, hence the base. The grader cannot
 * watch the child's memory instead: reading /proc needs --allow-all.
 */
const DATA_LIMIT_BASE_MB = 1024;
let dataLimitWorks = Deno.build.os === "linux";

/** One part of a learner's bundle to run, and its probes. */
export interface SandboxPart {
  /** The part's index in the bundle. */
  part: number;
  /** The probes to call on the part's module. */
  probes: SandboxProbe[];
}

/**
 * Options of {@linkcode runSubmission}.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "./_sandbox.ts";
 * const o: RunOptions = { isolate: true, concurrency: 2 };
 * ```
 */
export interface RunOptions {
  /** Run every part in a process of its own; default false. */
  isolate?: boolean;
  /** How many processes run at once for reruns and isolated parts; default 1. */
  concurrency?: number;
  /**
   * The learner's deadline: when it aborts, the running child is killed and
   * nothing more is started; every part without a result that stands gets
   * the status `deadline`.
   */
  signal?: AbortSignal;
}

/**
 * Runs `parts` of the learner's bundle at `bundlePath` under `limits`: all in
 * one child, then whatever did not settle each in its own; or each alone from
 * the start with `isolate`.
 *
 * @returns One run per part, in the order of `parts`.
 */
export async function runSubmission(
  bundlePath: string,
  parts: SandboxPart[],
  limits: Limits,
  cwd: string,
  options: RunOptions = {},
): Promise<SandboxRun[]> {
  const runs: (SandboxRun | undefined)[] = new Array(parts.length);
  const { signal } = options;
  if (signal?.aborted) return parts.map(() => notRun(limits));
  if (!options.isolate && parts.length > 1) {
    const together = await runInSandbox(bundlePath, parts, limits, cwd, signal);
    together.forEach((r, i) => {
      // Past the deadline nothing is rerun: the part it stopped says so.
      if (r.settled || r.run.status === "deadline") runs[i] = r.run;
    });
  }
  const alone = parts.flatMap((_, i) => runs[i] === undefined ? [i] : []);
  await runPool(alone, async (i) => {
    if (signal?.aborted) return;
    [runs[i]] = (await runInSandbox(
      bundlePath,
      [parts[i]],
      limits,
      cwd,
      signal,
    )).map((r) => r.run);
  }, { concurrency: options.concurrency ?? 1 });
  return Array.from(runs, (run) => run ?? notRun(limits));
}

/** The run of a part the learner's deadline left no time for. */
function notRun(limits: Limits): SandboxRun {
  return {
    status: "deadline",
    message: deadlineMessage(learnerTimeout(limits), "before it could run"),
    replies: [],
    stdout: "",
    stderr: "",
    outputTruncated: false,
    timings: { startMs: 0, runMs: 0 },
    alone: true,
  };
}

/** A part's run, and whether it stands or must be rerun alone. */
export interface PartRun {
  /** What the part returned and how it ended. */
  run: SandboxRun;
  /** Whether the result stands (see the module documentation). */
  settled: boolean;
}

/**
 * Runs `parts` of the bundle at `bundlePath` in one sandboxed child, in turn.
 *
 * @returns One result per part, in the order of `parts`.
 */
export async function runInSandbox(
  bundlePath: string,
  parts: SandboxPart[],
  limits: Limits,
  cwd: string,
  signal?: AbortSignal,
): Promise<PartRun[]> {
  if (dataLimitWorks) {
    const run = await runOnce(bundlePath, parts, limits, cwd, true, signal);
    // A system where V8 cannot start under the limit: run without it from now on.
    if (
      run.begun ||
      !/Failed to reserve virtual memory|sh: .*ulimit/.test(run.startupStderr)
    ) return run.parts;
    dataLimitWorks = false;
  }
  return (await runOnce(bundlePath, parts, limits, cwd, false, signal)).parts;
}

async function runOnce(
  bundlePath: string,
  parts: SandboxPart[],
  limits: Limits,
  cwd: string,
  dataLimit: boolean,
  signal: AbortSignal | undefined,
): Promise<{ parts: PartRun[]; begun: boolean; startupStderr: string }> {
  const nonce = randomNonce();
  const spawned = spawnSandbox(
    sandboxCommand(bundlePath, limits, dataLimit, parts.length),
    cwd,
  );
  const reaped = await reap(spawned, { nonce, parts, limits, signal });
  return {
    parts: reaped.parts.map(({ facts, run }) => ({
      run: {
        ...classifyRun(facts, limits),
        ...run,
        alone: parts.length === 1,
        ...(facts.importError ? { loadError: facts.importError } : {}),
      },
      settled: parts.length === 1 || isSettled(facts),
    })),
    begun: reaped.parts[0]?.begun ?? false,
    startupStderr: reaped.startupStderr,
  };
}

/** A program and its arguments. */
interface Command {
  program: string;
  args: string[];
}

/** The command that runs a bundle in a sandbox under `limits`. */
function sandboxCommand(
  bundlePath: string,
  limits: Limits,
  dataLimit: boolean,
  partCount: number,
): Command {
  const heapMb = heapLimitMb(limits);
  const denoArgs = [
    "run",
    "--no-prompt",
    "--no-remote",
    "--no-npm",
    "--no-config",
    "--quiet",
    // --single-threaded: no V8 helper threads (GC, compilers) to start and
    // feed in a process that lives for a fraction of a second; measured,
    // about 4 ms less CPU per sandbox (scripts/batch_bench.ts).
    `--v8-flags=--max-old-space-size=${heapMb},--disallow-code-generation-from-strings,--single-threaded`,
    bundlePath,
  ];
  // CPU time backs up the wall-clock timers (V8's own threads may make it
  // run ahead of wall time); the child also dies with the grader.
  return confine(Deno.execPath(), denoArgs, {
    cpuSeconds: 2 * partCount * limits.timeoutMs / 1000 + 10,
    dataKb: dataLimit ? (DATA_LIMIT_BASE_MB + 2 * heapMb) * 1024 : undefined,
  });
}

function learnerTimeout(limits: Limits): number {
  return limits.learnerTimeoutMs ?? DEFAULT_LIMITS.learnerTimeoutMs;
}

function heapLimitMb(limits: Limits): number {
  return Math.max(16, Math.floor(limits.memoryMb));
}

/** A started child and when it started. */
interface Spawned {
  child: Deno.ChildProcess;
  spawnedAt: number;
}

/** Starts a sandbox child with a cleared environment, tracked for {@linkcode killAllSandboxes}. */
function spawnSandbox(command: Command, cwd: string): Spawned {
  const spawnedAt = performance.now();
  const child = new Deno.Command(command.program, {
    args: command.args,
    cwd,
    clearEnv: true,
    env: childEnv(),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  running.add(child);
  return { child, spawnedAt };
}

/** Why the grader killed a child. */
export type KillReason = "timeout" | "output-limit" | "too-large" | "deadline";

/**
 * What is known about a finished child, all that {@linkcode classifyRun}
 * decides from.
 */
export interface RunFacts {
  /** Whether the harness reported everything about the module: its load failed, or every probe ran. */
  done: boolean;
  /** Why the grader killed the child, when it did before `done`. */
  killedFor?: KillReason;
  /** The module's exports, once it loaded. */
  exports?: Record<string, string>;
  /** The export of the first probe without a reply; absent when every probe replied. */
  pendingExport?: string;
  /** The error the module threw while loading. */
  importError?: WireError;
  /** Learner code called `Deno.exit`. */
  exit?: { code: number; phase: Phase; export: string };
  /** An uncaught error ended the process. */
  uncaught?: { phase: Phase; error: WireError };
  /** Why the frames could not be read, or "". */
  malformed: string;
  /** What the child wrote to stderr (up to the display cap). */
  stderr: string;
  /** How the process ended. */
  exitStatus: { code: number; signal: string | null };
}

/** A run's status and the message the learner sees. */
export interface RunVerdict {
  /** How it ended. */
  status: RunStatus;
  /** For any status but `done`: what happened. */
  message: string;
}

/**
 * Decides how a run ended, from its facts alone (a pure function).
 *
 * @example
 * ```ts
 * import { classifyRun, DEFAULT_LIMITS } from "./_sandbox.ts";
 * const v = classifyRun({
 *   done: false, killedFor: "timeout", exports: {}, pendingExport: "f",
 *   malformed: "", stderr: "", exitStatus: { code: 137, signal: "SIGKILL" },
 * }, DEFAULT_LIMITS);
 * console.log(v.status); // "timeout"
 * ```
 */
export function classifyRun(facts: RunFacts, limits: Limits): RunVerdict {
  const doing = facts.exports === undefined
    ? "while loading the module"
    : facts.pendingExport === undefined
    ? "after the last check"
    : `while running ${facts.pendingExport}`;
  if (
    facts.done && facts.importError === undefined && facts.malformed === ""
  ) return { status: "done", message: "" };
  switch (facts.killedFor) {
    case "timeout":
      return {
        status: "timeout",
        message:
          `Stopped after ${limits.timeoutMs} ms ${doing}: an endless loop or a wait that never ends?`,
      };
    case "output-limit":
      return {
        status: "output-limit",
        message:
          `Stopped ${doing}: it printed more than ${limits.outputLimit} bytes`,
      };
    case "too-large":
      return {
        status: "crashed",
        message: `Stopped ${doing}: it returned a value too large to send back`,
      };
    case "deadline":
      return {
        status: "deadline",
        message: deadlineMessage(learnerTimeout(limits), doing),
      };
  }
  if (facts.importError) {
    const e = facts.importError;
    if (/allocation failed/i.test(e.message)) {
      return {
        status: "out-of-memory",
        message: `Ran out of memory while loading the module: ${
          errorText(e)
        } (memory limit about ${
          DATA_LIMIT_BASE_MB + 2 * heapLimitMb(limits)
        } MB in all)`,
      };
    }
    return {
      status: "import-error",
      message: `The module threw while loading: ${errorText(e)}`,
    };
  }
  if (facts.exit) {
    const where = facts.exit.phase === "import"
      ? "while loading"
      : `in ${facts.exit.export}`;
    return {
      status: "exit",
      message:
        `The module called Deno.exit(${facts.exit.code}) ${where}: solutions must return values, not end the process`,
    };
  }
  if (facts.uncaught) {
    return {
      status: "crashed",
      message: `An uncaught error ended the process ${doing}: ${
        errorText(facts.uncaught.error)
      }`,
    };
  }
  if (/out of memory|heap limit/i.test(facts.stderr)) {
    return {
      status: "out-of-memory",
      message: `Ran out of memory ${doing} (heap limit ${limits.memoryMb} MB)`,
    };
  }
  if (/Top-level await promise never resolved/.test(facts.stderr)) {
    return {
      status: "import-error",
      message:
        "The module never finished loading: a top-level await never resolved",
    };
  }
  if (facts.malformed !== "") {
    return {
      status: "crashed",
      message: `The sandbox sent malformed results: ${facts.malformed}`,
    };
  }
  const how = facts.exitStatus.signal
    ? `was killed by ${facts.exitStatus.signal}`
    : `exited with code ${facts.exitStatus.code}`;
  const last = lastLine(facts.stderr);
  return {
    status: "crashed",
    message: `The process ${how} ${doing}${last ? `: ${last}` : ""}`,
  };
}

/**
 * Whether a part's result in a run shared with other parts stands, from its
 * facts alone (a pure function): it ended, or it was stopped while its own
 * checks were being called. Everything else is rerun alone.
 *
 * @example
 * ```ts
 * import { isSettled } from "./_sandbox.ts";
 * const loading = {
 *   done: false, malformed: "", stderr: "", exitStatus: { code: 0, signal: null },
 * };
 * console.log(isSettled(loading)); // false
 * ```
 */
export function isSettled(facts: RunFacts): boolean {
  if (facts.done) return facts.malformed === "";
  if (facts.exports === undefined || facts.malformed !== "") return false;
  if (facts.killedFor !== undefined) return true;
  return facts.exit?.phase === "probe";
}

/** What reaping a child collected about one part. */
interface ReapedPart {
  /** Whether the part began. */
  begun: boolean;
  /** The facts to classify. */
  facts: RunFacts;
  /** The part's data. */
  run: Omit<SandboxRun, "status" | "message" | "alone">;
}

/** What the grader learns about one part while its child runs. */
export class PartState {
  begun = false;
  ended = false;
  startedAt = 0;
  endedAt = 0;
  exports: Record<string, string> | undefined;
  importError: WireError | undefined;
  exit: RunFacts["exit"];
  uncaught: RunFacts["uncaught"];
  killedFor: KillReason | undefined;
  /** Learner output counted against the limit, both streams. */
  bytes = 0;
  readonly stdout = new Capped(DISPLAY_CAP);
  readonly stderr = new Capped(DISPLAY_CAP);
  readonly replies: (ProbeReply | undefined)[];
  constructor(readonly probes: SandboxProbe[]) {
    this.replies = new Array(probes.length).fill(undefined);
  }
}

/**
 * What the grader learns about a whole run while its child runs: each part's
 * state, and where each stream stands. The stages of {@linkcode reap} share
 * it; frames change it only through {@linkcode applyFrame} and
 * {@linkcode applyErrFrame}.
 */
export class RunState {
  readonly parts: PartState[];
  /** Output before the first part begins is the startup's (the runtime's own). */
  readonly startup = new PartState([]);
  /** When the sandbox setup ran (the `start` frame), or 0. */
  startedAt = 0;
  /** Whether the harness said every result is in (the `done` frame). */
  done = false;
  /** Why the frames could not be read, or "". */
  malformed = "";
  /** The part whose frames stdout is carrying. */
  current: PartState;
  /** The part stderr's output belongs to. */
  currentErr: PartState;
  constructor(parts: SandboxPart[]) {
    this.parts = parts.map((p) => new PartState(p.probes));
    this.current = this.startup;
    this.currentErr = this.startup;
  }
}

/** What a frame asks of the guard: restart the time limit, or end the child soon. */
export type FrameEffect = "part-began" | "results-complete" | undefined;

/**
 * The stdout frame stage: one frame's change to the run's state (a part
 * begins or ends, a module loaded, a probe replied …), checked against what
 * the run expects. A frame that does not fit marks the run malformed.
 */
export function applyFrame(
  run: RunState,
  frame: Frame,
  now: number,
): FrameEffect {
  const current = run.current;
  switch (frame.t) {
    case "start":
      run.startedAt = now;
      return undefined;
    case "part": {
      const next = run.parts[frame.k];
      if (next === undefined || next.begun) {
        run.malformed = "a result frame named a part that does not exist";
        return undefined;
      }
      run.current = next;
      next.begun = true;
      next.startedAt = now;
      return "part-began";
    }
    case "end":
      if (run.parts[frame.k] !== current) {
        run.malformed = "a result frame ended a part that was not running";
        return undefined;
      }
      current.ended = true;
      current.endedAt = now;
      return undefined;
    case "loaded":
      current.exports = frame.exports;
      return undefined;
    case "probe":
      if (frame.i >= current.probes.length) {
        run.malformed = "a result frame named a probe that does not exist";
        return undefined;
      }
      current.replies[frame.i] = toReply(frame);
      return undefined;
    case "import-error":
      current.importError = frame.error;
      return undefined;
    case "exit":
      current.exit = {
        code: frame.code,
        phase: frame.phase,
        export: frame.export,
      };
      return undefined;
    case "uncaught":
      current.uncaught = { phase: frame.phase, error: frame.error };
      return undefined;
    case "done":
      run.done = true;
      return "results-complete";
  }
}

/**
 * The stderr frame stage: stderr carries only the marks where a part
 * begins, so that output is attributed to the part that printed it.
 */
export function applyErrFrame(run: RunState, frame: Frame): void {
  const next = frame.t === "part" ? run.parts[frame.k] : undefined;
  if (next === undefined) {
    run.malformed = "a frame on stderr was not the beginning of a part";
    return;
  }
  run.currentErr = next;
}

/** A frame's JSON read, or undefined with the run marked malformed. */
function parseFrame(run: RunState, json: string): Frame | undefined {
  try {
    return readFrame(json);
  } catch (error) {
    run.malformed = (error as Error).message;
    return undefined;
  }
}

/**
 * The limits stage: the per-part time limit, the output limit, the grace
 * after the last result, and the learner's deadline (`signal`). Each ends
 * the child with SIGKILL, and records why on the part it blames.
 */
class Guard {
  readonly #child: Deno.ChildProcess;
  readonly #run: RunState;
  readonly #limits: Limits;
  readonly #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #grace: ReturnType<typeof setTimeout> | undefined;
  readonly #onAbort = () => this.kill(this.#run.current, "deadline");

  constructor(
    child: Deno.ChildProcess,
    run: RunState,
    limits: Limits,
    signal: AbortSignal | undefined,
  ) {
    this.#child = child;
    this.#run = run;
    this.#limits = limits;
    this.#signal = signal;
    this.#armTimer();
    signal?.addEventListener("abort", this.#onAbort);
    if (signal?.aborted) this.#onAbort();
  }

  /** Ends the child; `reason` is recorded on `part` unless its results are in. */
  kill(part?: PartState, reason?: KillReason): void {
    if (part !== undefined && !part.ended && !this.#run.done) {
      part.killedFor ??= reason;
    }
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  }

  /** Counts learner output against the limit of the part it belongs to. */
  countOutput(part: PartState, bytes: number): void {
    part.bytes += bytes;
    if (part.bytes > this.#limits.outputLimit && !part.ended) {
      this.kill(part, "output-limit");
    }
  }

  /** Applies what a frame asks: the time limit holds per part; once every result is in, the child ends. */
  apply(effect: FrameEffect): void {
    if (effect === "part-began") this.#armTimer();
    // Results are complete: whatever the learner left behind does not get to run.
    if (effect === "results-complete") {
      this.#grace = setTimeout(() => this.kill(), 200);
    }
  }

  /** Clears every timer and listener. */
  dispose(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#grace);
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  #armTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => this.kill(this.#run.current, "timeout"),
      this.#limits.timeoutMs,
    );
  }
}

/**
 * The reading stage: the child's stdout (frames, and learner output between
 * them) and stderr (learner output, and the marks where parts begin), both
 * read to their end.
 */
function readStreams(
  child: Deno.ChildProcess,
  prefix: string,
  run: RunState,
  guard: Guard,
): Promise<void>[] {
  const now = () => performance.now();
  return [
    readFrames(
      child.stdout,
      prefix,
      (json) => {
        const frame = parseFrame(run, json);
        if (frame !== undefined) guard.apply(applyFrame(run, frame, now()));
      },
      (text, bytes) => {
        run.current.stdout.add(text);
        guard.countOutput(run.current, bytes);
      },
      () => guard.kill(run.current, "too-large"),
    ),
    readFrames(
      child.stderr,
      prefix,
      (json) => {
        const frame = parseFrame(run, json);
        if (frame !== undefined) applyErrFrame(run, frame);
      },
      (text, bytes) => {
        run.currentErr.stderr.add(text);
        guard.countOutput(run.currentErr, bytes);
      },
      () => guard.kill(run.currentErr, "output-limit"),
    ),
  ];
}

/** The feeding stage: the payload written to the child's stdin, which is then closed. */
async function feedPayload(
  child: Deno.ChildProcess,
  payload: Uint8Array,
): Promise<void> {
  try {
    const writer = child.stdin.getWriter();
    await writer.write(payload);
    await writer.close();
  } catch {
    // The child is gone already; its status says why.
  }
}

/**
 * Feeds the child its payload, reads its frames and output under the limits
 * (killing it past them, or when `signal` aborts), and waits until it has
 * exited and every stream is drained: feed ∥ read ∥ guard → assemble.
 */
async function reap(
  { child, spawnedAt }: Spawned,
  { nonce, parts, limits, signal }: {
    nonce: string;
    parts: SandboxPart[];
    limits: Limits;
    signal?: AbortSignal;
  },
): Promise<{ parts: ReapedPart[]; startupStderr: string }> {
  const run = new RunState(parts);
  const guard = new Guard(child, run, limits, signal);
  const feeding = feedPayload(child, encodePayload(nonce, parts));
  const reading = readStreams(child, `${nonce} `, run, guard);
  let exitStatus: Deno.CommandStatus;
  try {
    exitStatus = await child.status;
    await Promise.allSettled([feeding, ...reading]);
  } finally {
    guard.dispose();
    running.delete(child);
  }
  return {
    parts: assembleParts(run.parts, run.startup, {
      current: run.current,
      malformed: run.malformed,
      exitStatus,
      spawnedAt,
      startedAt: run.startedAt,
      end: performance.now(),
    }),
    startupStderr: run.startup.stderr.text(),
  };
}

/** The payload the harness reads from stdin: the nonce and each part's probes. */
function encodePayload(nonce: string, parts: SandboxPart[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    nonce,
    maxElements: MAX_ELEMENTS,
    parts: parts.map(({ part, probes }) => ({
      part,
      probes: probes.map((p) =>
        p.args === undefined
          ? { export: p.export }
          : { export: p.export, args: p.args.map(encodeArg) }
      ),
    })),
  }));
}

/** What each part of a finished run left: the facts to classify and the run to score. */
function assembleParts(
  states: PartState[],
  startup: PartState,
  { current, malformed, exitStatus, spawnedAt, startedAt, end }: {
    current: PartState;
    malformed: string;
    exitStatus: Deno.CommandStatus;
    spawnedAt: number;
    startedAt: number;
    end: number;
  },
): ReapedPart[] {
  const startupStderr = startup.stderr.text();
  return states.map((state, k): ReapedPart => {
    // A part that never began inherits the startup's output: that is what
    // ended the run before it, and what a run of that part alone shows.
    const first = k === 0 && !state.begun;
    const stderr = first ? startupStderr : state.stderr.text();
    const pending = state.replies.findIndex((r) => r === undefined);
    return {
      begun: state.begun,
      facts: {
        done: state.ended,
        killedFor: first ? startup.killedFor : state.killedFor,
        exports: state.exports,
        pendingExport: pending < 0 ? undefined : state.probes[pending].export,
        importError: state.importError,
        exit: state.exit,
        uncaught: state.uncaught,
        malformed: state.ended || !(state === current || first)
          ? ""
          : malformed,
        stderr,
        exitStatus: { code: exitStatus.code, signal: exitStatus.signal },
      },
      run: {
        exports: state.exports,
        replies: state.replies,
        stdout: first ? startup.stdout.text() : state.stdout.text(),
        stderr,
        outputTruncated: state.stdout.truncated || state.stderr.truncated,
        timings: {
          startMs: (startedAt || end) - spawnedAt,
          runMs: state.begun ? (state.endedAt || end) - state.startedAt : 0,
        },
      },
    };
  });
}

function errorText(e: WireError): string {
  return e.message
    ? `${e.name || "Error"}: ${e.message}`
    : e.name || "an error";
}

function lastLine(text: string): string {
  // deno-lint-ignore no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) =>
    l.trim()
  ).filter(Boolean);
  const error = lines.find((l) => /^error:/i.test(l));
  return (error ?? lines.at(-1) ?? "").slice(0, 300);
}

function toReply(frame: Frame & { t: "probe" }): ProbeReply {
  if (frame.ok) {
    try {
      const value = decodeResult(frame.value);
      return frame.origin === undefined
        ? { ok: true, value }
        : { ok: true, value, origin: frame.origin };
    } catch (error) {
      return {
        ok: false,
        error: { name: "Error", message: (error as Error).message, stack: "" },
      };
    }
  }
  if ("missing" in frame) return { ok: false, missing: true, kind: frame.kind };
  return { ok: false, error: frame.error };
}

/** Splits stdout into lines, hands frames to `onFrame` and the rest to `onLearner`. */
async function readFrames(
  stream: ReadableStream<Uint8Array>,
  prefix: string,
  onFrame: (json: string) => void,
  onLearner: (text: string, bytes: number) => void,
  onTooLarge: () => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  let heldEmpty = false;
  const line = (text: string) => {
    if (text.startsWith(prefix)) {
      heldEmpty = false; // the empty line before a frame is the frame's own
      onFrame(text.slice(prefix.length));
      return;
    }
    if (heldEmpty) onLearner("\n", 1);
    heldEmpty = text === "";
    if (!heldEmpty) onLearner(text + "\n", text.length + 1);
  };
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = pending.indexOf("\n", start);
      if (nl < 0) break;
      line(pending.slice(start, nl));
      start = nl + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_FRAME) {
      if (pending.startsWith(prefix)) {
        onTooLarge();
      } else {
        onLearner(pending, pending.length);
      }
      pending = "";
    } else if (
      !prefix.startsWith(pending.slice(0, prefix.length)) &&
      pending.length > 65536
    ) {
      // A long learner line without a newline: pass it on, keep memory flat.
      onLearner(pending, pending.length);
      pending = "";
    }
  }
  pending += decoder.decode();
  if (pending !== "") line(pending);
  if (heldEmpty) onLearner("\n", 1);
}

/** Text kept up to a cap. */
class Capped {
  #parts: string[] = [];
  #length = 0;
  truncated = false;
  constructor(readonly cap: number) {}
  add(text: string): void {
    if (this.#length >= this.cap) {
      if (text !== "") this.truncated = true;
      return;
    }
    const room = this.cap - this.#length;
    const part = text.length > room ? text.slice(0, room) : text;
    if (part.length < text.length) this.truncated = true;
    this.#parts.push(part);
    this.#length += part.length;
  }
  text(): string {
    return this.#parts.join("");
  }
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return "dg" +
    Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {
    NO_COLOR: "1",
    DENO_NO_UPDATE_CHECK: "1",
  };
  for (
    const name of [
      "HOME",
      "DENO_DIR",
      "XDG_CACHE_HOME",
      "TMPDIR",
      "PATH",
      "SystemRoot",
      "USERPROFILE",
    ]
  ) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    } catch {
      // Without --allow-env the child just uses defaults.
    }
  }
  return env;
}
