/**
 * esbuild's one service process, shared by every build of the grader (the
 * learners' bundles in `_bundle.ts`, the framework's, and the instructor's
 * modules in `_framework.ts`), guarded so that no build can take the grader
 * down or hold it up:
 *
 * - every call goes through {@linkcode guardedBuild}, which gives up on a
 *   call past its deadline (or its learner's, see `_deadline.ts`) and on a
 *   call whose service crashed, and then replaces the service: a call in
 *   flight on a stopped service never settles, so every other call in flight
 *   on it is given up too and retried alone (exclusive), and only the build
 *   that crashes or stalls the service twice is reported;
 * - the service starts with its standard error piped and drained (see
 *   {@linkcode quietBundlerService}), so a crash's Go stack trace (about
 *   50 KB) never reaches the grader's output.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix
import * as esbuild from "npm:esbuild@0.28.2";
import childProcess from "node:child_process";

export { esbuild };

/** Stops esbuild's service process so a program can exit promptly. */
export async function stopBundler(): Promise<void> {
  await esbuild.stop();
}

/** The longest one esbuild call may take before its service is replaced. */
export const BUILD_DEADLINE_MS = 20_000;

/** What one guarded esbuild call gave: its result, its build errors, or why it was lost. */
export type Guarded =
  | { ok: true; result: esbuild.BuildResult<{ write: false }> }
  | { ok: false; failure: esbuild.Message[] }
  | { ok: false; lost: "crashed" | "timeout" | "deadline" };

/** When a guarded call gives up: its own deadline, and the learner's (absent for the grader's own builds). */
export interface Giving {
  /** The longest the call may take, in milliseconds. */
  deadlineMs: number;
  /** The learner's deadline. */
  signal?: AbortSignal;
}

/**
 * Shared builds run together; a build retried after a crash runs alone
 * (exclusive), so a file that crashes the service twice takes no other
 * build with it.
 */
class Gate {
  #shared = 0;
  #exclusive = false;
  #queue: { exclusive: boolean; go: () => void }[] = [];
  enter(exclusive: boolean): Promise<void> {
    return new Promise((go) => {
      this.#queue.push({ exclusive, go });
      this.#pump();
    });
  }
  leave(exclusive: boolean): void {
    if (exclusive) this.#exclusive = false;
    else this.#shared--;
    this.#pump();
  }
  #pump(): void {
    while (this.#queue.length > 0 && !this.#exclusive) {
      const head = this.#queue[0];
      if (head.exclusive && this.#shared > 0) return;
      this.#queue.shift();
      if (head.exclusive) this.#exclusive = true;
      else this.#shared++;
      head.go();
    }
  }
}

const gate = new Gate();

/**
 * Makes esbuild's service start with its standard error piped and read to
 * its end (kept nowhere), instead of shared with the grader's: a crashing
 * service writes about 50 KB of Go stack trace there, and its build's
 * failure already reaches the learner as "the bundler crashed". esbuild's
 * API starts the service with `child_process.spawn` and no way to choose its
 * streams, so the spawn of its `--service=` command, and only that, gets
 * `stdio[2] = "pipe"`. Done once per process, by the first guarded build:
 * importing this module patches nothing.
 */
export function quietBundlerService(): void {
  // deno-lint-ignore no-explicit-any
  const cp = childProcess as any;
  if (cp[QUIET] === true) return;
  const spawn = cp.spawn;
  // deno-lint-ignore no-explicit-any
  cp.spawn = function (command: string, args?: any, options?: any) {
    const service = Array.isArray(args) &&
      args.some((a) => typeof a === "string" && a.startsWith("--service="));
    if (!service || !Array.isArray(options?.stdio)) {
      return spawn.apply(this, arguments);
    }
    const child = spawn.call(this, command, args, {
      ...options,
      stdio: [options.stdio[0], options.stdio[1], "pipe"],
    });
    child.stderr?.on("data", () => {});
    child.stderr?.on("error", () => {});
    return child;
  };
  cp[QUIET] = true;
}

const QUIET = Symbol.for("dualgrade.quietBundlerService");
/** Counts services: a crash or stall ends the current one. */
let serviceGeneration = 0;
/** Builds in flight on the current service, each able to give up. */
const inFlight = new Set<() => void>();

/** Ends the service of `generation` (once) and releases every build waiting on it. */
function replaceService(generation: number): void {
  if (serviceGeneration !== generation) return;
  serviceGeneration++;
  for (const giveUp of [...inFlight]) giveUp();
  inFlight.clear();
  // A stopped service's pending calls never settle: they were given up above.
  esbuild.stop().catch(() => {});
}

async function guardedOnce(
  options: esbuild.BuildOptions & { write: false },
  exclusive: boolean,
  giving: Giving,
): Promise<Guarded> {
  const { signal } = giving;
  if (signal?.aborted) return { ok: false, lost: "deadline" };
  let leaveQueue = () => {};
  const entering = gate.enter(exclusive);
  const entered = await Promise.race([
    entering.then(() => true),
    new Promise<false>((stop) => {
      leaveQueue = () => stop(false);
      signal?.addEventListener("abort", leaveQueue);
    }),
  ]);
  signal?.removeEventListener("abort", leaveQueue);
  if (!entered) {
    // Still queued: once let in, leave again at once.
    entering.then(() => gate.leave(exclusive));
    return { ok: false, lost: "deadline" };
  }
  const generation = serviceGeneration;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp = () => {};
  let onAbort = () => {};
  try {
    const lost = new Promise<Guarded>((settle) => {
      giveUp = () => settle({ ok: false, lost: "crashed" });
      onAbort = () => settle({ ok: false, lost: "deadline" });
      timer = setTimeout(
        () => settle({ ok: false, lost: "timeout" }),
        giving.deadlineMs,
      );
    });
    inFlight.add(giveUp);
    signal?.addEventListener("abort", onAbort);
    quietBundlerService();
    const built = esbuild.build(options).then(
      (result): Guarded => ({ ok: true, result }),
      (error): Guarded => {
        const errors = (error as esbuild.BuildFailure)?.errors;
        if (Array.isArray(errors)) return { ok: false, failure: errors };
        return { ok: false, lost: "crashed" };
      },
    );
    const outcome = await Promise.race([built, lost]);
    // A call given up on keeps the service busy: end it.
    if (!outcome.ok && "lost" in outcome) replaceService(generation);
    return outcome;
  } finally {
    clearTimeout(timer);
    inFlight.delete(giveUp);
    signal?.removeEventListener("abort", onAbort);
    gate.leave(exclusive);
  }
}

/**
 * One esbuild call that cannot take the grader down: a call lost to a crash
 * (its own or another build's) is retried alone; a call past the deadline
 * is not retried.
 */
export async function guardedBuild(
  options: esbuild.BuildOptions & { write: false },
  giving: Giving = { deadlineMs: BUILD_DEADLINE_MS },
): Promise<Guarded> {
  const first = await guardedOnce(options, false, giving);
  if (first.ok || !("lost" in first) || first.lost !== "crashed") return first;
  return await guardedOnce(options, true, giving);
}
