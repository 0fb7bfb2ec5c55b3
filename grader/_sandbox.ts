/**
 * Runs one exercise's bundle in a child `deno` process without permissions
 * and collects what it returns.
 *
 * The child gets: no permissions and no prompt, no remote or npm loading, no
 * config file, an empty working directory, a cleared environment, a V8 heap
 * cap, no code generation from strings, and a wall-clock limit. Its output is
 * read continuously (so it never blocks on a full pipe); frames are told from
 * learner output by a per-run nonce (see `_sandbox_setup.ts`), and learner
 * output is counted against a limit and kept only up to a display cap. A
 * child that runs too long, prints too much, or grows too large is killed;
 * every child is reaped before this returns.
 *
 * @module
 */

import { decodeResult, encodeArg } from "./_wire.ts";

/**
 * Limits applied to each exercise's child process.
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
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: 5000,
  memoryMb: 256,
  outputLimit: 1 << 20,
});

/** A probe as the sandbox sees it: no expected value. */
export interface SandboxProbe {
  /** The export to call or read. */
  export: string;
  /** Arguments of the call; absent for a value export. */
  args?: unknown[];
}

/** An error thrown by learner code, as reported by the child. */
export interface ThrownError {
  /** The error's name, e.g. `TypeError`. */
  name: string;
  /** Its message. */
  message: string;
  /** Its stack, as text. */
  stack: string;
}

/** What one probe gave. */
export type ProbeReply =
  | { ok: true; value: unknown }
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
  | "crashed";

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

/**
 * Runs `bundlePath` in a sandboxed child with `probes`, under `limits`.
 */
export async function runInSandbox(
  bundlePath: string,
  probes: SandboxProbe[],
  limits: Limits,
  cwd: string,
): Promise<SandboxRun> {
  if (dataLimitWorks) {
    const run = await runOnce(bundlePath, probes, limits, cwd, true);
    // A system where V8 cannot start under the limit: run without it from now on.
    if (
      run.exports !== undefined ||
      !/Failed to reserve virtual memory|sh: .*ulimit/.test(run.stderr)
    ) return run;
    dataLimitWorks = false;
  }
  return await runOnce(bundlePath, probes, limits, cwd, false);
}

async function runOnce(
  bundlePath: string,
  probes: SandboxProbe[],
  limits: Limits,
  cwd: string,
  dataLimit: boolean,
): Promise<SandboxRun> {
  const nonce = randomNonce();
  const payload = new TextEncoder().encode(JSON.stringify({
    nonce,
    maxElements: MAX_ELEMENTS,
    probes: probes.map((p) =>
      p.args === undefined
        ? { export: p.export }
        : { export: p.export, args: p.args.map(encodeArg) }
    ),
  }));
  const spawnedAt = performance.now();
  const heapMb = Math.max(16, Math.floor(limits.memoryMb));
  const denoArgs = [
    "run",
    "--no-prompt",
    "--no-remote",
    "--no-npm",
    "--no-config",
    "--quiet",
    `--v8-flags=--max-old-space-size=${heapMb},--disallow-code-generation-from-strings`,
    bundlePath,
  ];
  const dataKb = (DATA_LIMIT_BASE_MB + 2 * heapMb) * 1024;
  const [program, args] = dataLimit
    ? ["/bin/sh", [
      "-c",
      `ulimit -d ${dataKb} && exec "$0" "$@"`,
      Deno.execPath(),
      ...denoArgs,
    ]]
    : [Deno.execPath(), denoArgs];
  const child = new Deno.Command(program, {
    args,
    cwd,
    clearEnv: true,
    env: childEnv(),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  running.add(child);

  const state = {
    startedAt: 0,
    endedAt: 0,
    done: false,
    killedFor: "" as
      | ""
      | "timeout"
      | "output-limit"
      | "too-large",
    exports: undefined as Record<string, string> | undefined,
    importError: undefined as ThrownError | undefined,
    exitFrame: undefined as {
      code: number | null;
      phase: string;
      export: string;
    } | undefined,
    uncaught: undefined as { phase: string; error: ThrownError } | undefined,
    learnerBytes: 0,
    malformed: "",
  };
  const replies: (ProbeReply | undefined)[] = new Array(probes.length).fill(
    undefined,
  );
  const kill = (reason: typeof state.killedFor) => {
    if (state.killedFor === "" && !state.done) state.killedFor = reason;
    try {
      child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
  };
  const stdoutText = new Capped(DISPLAY_CAP);
  const stderrText = new Capped(DISPLAY_CAP);
  const countLearner = (bytes: number) => {
    state.learnerBytes += bytes;
    if (state.learnerBytes > limits.outputLimit) kill("output-limit");
  };

  const onFrame = (json: string) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(json);
    } catch {
      state.malformed = "a result frame was not valid JSON";
      return;
    }
    switch (frame.t) {
      case "start":
        state.startedAt = performance.now();
        break;
      case "loaded":
        state.exports = stringRecord(frame.exports);
        break;
      case "probe": {
        const i = frame.i;
        if (
          typeof i !== "number" || !Number.isInteger(i) || i < 0 ||
          i >= probes.length
        ) {
          state.malformed = "a result frame named a probe that does not exist";
          return;
        }
        replies[i] = toReply(frame);
        break;
      }
      case "import-error":
        state.importError = toError(frame.error);
        break;
      case "exit":
        state.exitFrame = {
          code: typeof frame.code === "number" ? frame.code : null,
          phase: String(frame.phase),
          export: String(frame.export),
        };
        break;
      case "uncaught":
        state.uncaught = {
          phase: String(frame.phase),
          error: toError(frame.error),
        };
        break;
      case "done":
        state.done = true;
        state.endedAt = performance.now();
        // Results are complete: whatever the learner left behind does not get to run.
        graceTimer = setTimeout(() => kill(""), 200);
        break;
    }
  };

  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const timer = setTimeout(() => kill("timeout"), limits.timeoutMs);

  const writeStdin = (async () => {
    try {
      const writer = child.stdin.getWriter();
      await writer.write(payload);
      await writer.close();
    } catch {
      // The child is gone already; its status says why.
    }
  })();
  const readStdout = readFrames(
    child.stdout,
    `${nonce} `,
    onFrame,
    (text, bytes) => {
      stdoutText.add(text);
      countLearner(bytes);
    },
    () => kill("too-large"),
  );
  const readStderr = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      stderrText.add(decoder.decode(chunk, { stream: true }));
      countLearner(chunk.length);
    }
  })();

  let status: Deno.CommandStatus;
  try {
    status = await child.status;
    await Promise.allSettled([writeStdin, readStdout, readStderr]);
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    running.delete(child);
  }
  const endedAt = state.endedAt || performance.now();
  const timings = {
    startMs: (state.startedAt || endedAt) - spawnedAt,
    runMs: state.startedAt ? endedAt - state.startedAt : 0,
  };
  const stderr = stderrText.text();
  const base = {
    exports: state.exports,
    replies,
    stdout: stdoutText.text(),
    stderr,
    outputTruncated: stdoutText.truncated || stderrText.truncated,
    timings,
  };
  const doing = describePhase(state.exports, probes, replies);
  if (state.done && state.malformed === "") {
    return { status: "done", message: "", ...base };
  }
  switch (state.killedFor) {
    case "timeout":
      return {
        status: "timeout",
        message:
          `Stopped after ${limits.timeoutMs} ms ${doing}: an endless loop or a wait that never ends?`,
        ...base,
      };
    case "output-limit":
      return {
        status: "output-limit",
        message:
          `Stopped ${doing}: it printed more than ${limits.outputLimit} bytes`,
        ...base,
      };
    case "too-large":
      return {
        status: "crashed",
        message: `Stopped ${doing}: it returned a value too large to send back`,
        ...base,
      };
  }
  if (state.importError) {
    const e = state.importError;
    if (/allocation failed/i.test(e.message)) {
      return {
        status: "out-of-memory",
        message: `Ran out of memory while loading the module: ${
          errorText(e)
        } (memory limit about ${
          DATA_LIMIT_BASE_MB + 2 * limits.memoryMb
        } MB in all)`,
        ...base,
      };
    }
    return {
      status: "import-error",
      message: `The module threw while loading: ${errorText(e)}`,
      ...base,
    };
  }
  if (state.exitFrame) {
    const where = state.exitFrame.phase === "import"
      ? "while loading"
      : `in ${state.exitFrame.export}`;
    return {
      status: "exit",
      message: `The module called Deno.exit(${
        state.exitFrame.code ?? ""
      }) ${where}: solutions must return values, not end the process`,
      ...base,
    };
  }
  if (state.uncaught) {
    return {
      status: "crashed",
      message: `An uncaught error ended the process ${doing}: ${
        errorText(state.uncaught.error)
      }`,
      ...base,
    };
  }
  if (/out of memory|heap limit/i.test(stderr)) {
    return {
      status: "out-of-memory",
      message: `Ran out of memory ${doing} (heap limit ${limits.memoryMb} MB)`,
      ...base,
    };
  }
  if (/Top-level await promise never resolved/.test(stderr)) {
    return {
      status: "import-error",
      message:
        "The module never finished loading: a top-level await never resolved",
      ...base,
    };
  }
  if (state.malformed !== "") {
    return {
      status: "crashed",
      message: `The sandbox sent malformed results: ${state.malformed}`,
      ...base,
    };
  }
  const how = status.signal
    ? `was killed by ${status.signal}`
    : `exited with code ${status.code}`;
  const last = lastLine(stderr);
  return {
    status: "crashed",
    message: `The process ${how} ${doing}${last ? `: ${last}` : ""}`,
    ...base,
  };
}

function describePhase(
  exports: Record<string, string> | undefined,
  probes: SandboxProbe[],
  replies: (ProbeReply | undefined)[],
): string {
  if (exports === undefined) return "while loading the module";
  const pending = replies.findIndex((r) => r === undefined);
  if (pending < 0) return "after the last check";
  return `while running ${probes[pending].export}`;
}

function errorText(e: ThrownError): string {
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

function toReply(frame: Record<string, unknown>): ProbeReply {
  if (frame.ok === true) {
    try {
      return { ok: true, value: decodeResult(frame.value) };
    } catch (error) {
      return {
        ok: false,
        error: { name: "Error", message: (error as Error).message, stack: "" },
      };
    }
  }
  if (frame.missing === true) {
    return { ok: false, missing: true, kind: String(frame.kind) };
  }
  return { ok: false, error: toError(frame.error) };
}

function toError(x: unknown): ThrownError {
  const e = (typeof x === "object" && x !== null ? x : {}) as Record<
    string,
    unknown
  >;
  const text = (v: unknown) => typeof v === "string" ? v.slice(0, 2000) : "";
  return { name: text(e.name), message: text(e.message), stack: text(e.stack) };
}

function stringRecord(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof x !== "object" || x === null) return out;
  for (const [k, v] of Object.entries(x)) if (typeof v === "string") out[k] = v;
  return out;
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
