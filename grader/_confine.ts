/**
 * Process limits for every child that handles learner code (sandboxes, the
 * type check): on Linux the command is wrapped as
 *
 * ```text
 * /bin/sh -c 'ulimit -t <cpu> [&& ulimit -d <data>] && exec setpriv --pdeathsig KILL -- "$0" "$@"' <program> <args…>
 * ```
 *
 * - `ulimit -t` caps CPU seconds, so a child can never spin for long, even
 *   orphaned;
 * - `ulimit -d` caps the data segment, which bounds ArrayBuffers (they live
 *   outside the V8 heap that `--max-old-space-size` caps);
 * - `setpriv --pdeathsig KILL` asks the kernel to kill the child when the
 *   grader dies, whatever kills it (SIGKILL included), so no sandbox outlives
 *   the grader. `sh` and `setpriv` both `exec`, so the child keeps the pid
 *   the grader spawned and the grader stays its parent.
 *
 * Where `/bin/sh` or `setpriv` is missing (Windows, macOS), the parts that
 * cannot apply are left out; the grader's own timers still end every child.
 *
 * @module
 */

/** A program and its arguments. */
export interface ConfinedCommand {
  /** The program to run. */
  program: string;
  /** Its arguments. */
  args: string[];
}

/** The limits of {@linkcode confine}. */
export interface Confinement {
  /** CPU seconds the child may use in all. */
  cpuSeconds: number;
  /** Data-segment limit in KB; absent for none. */
  dataKb?: number;
}

const SETPRIV_PATHS = ["/usr/bin/setpriv", "/bin/setpriv"];
let setprivPath: string | null | undefined;

/** Where `setpriv` (util-linux) is, or null. */
function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (Deno.build.os !== "linux") return null;
  for (const path of SETPRIV_PATHS) {
    try {
      if (Deno.statSync(path).isFile) {
        setprivPath = path;
        break;
      }
    } catch {
      // Not there, or no permission to look: go on without it.
    }
  }
  return setprivPath;
}

/** Whether children die with the grader on this system (setpriv is available). */
export function diesWithGrader(): boolean {
  return findSetpriv() !== null;
}

/**
 * Wraps `program args` so the child runs under `limits` and dies with the
 * grader (see the module doc).
 */
export function confine(
  program: string,
  args: string[],
  limits: Confinement,
): ConfinedCommand {
  if (Deno.build.os === "windows") return { program, args };
  const cpu = Math.max(1, Math.ceil(limits.cpuSeconds));
  const steps = [`ulimit -t ${cpu}`];
  if (limits.dataKb !== undefined) {
    steps.push(`ulimit -d ${Math.max(1, Math.floor(limits.dataKb))}`);
  }
  const setpriv = findSetpriv();
  const exec = setpriv === null
    ? `exec "$0" "$@"`
    : `exec ${setpriv} --pdeathsig KILL -- "$0" "$@"`;
  return {
    program: "/bin/sh",
    args: ["-c", `${steps.join(" && ")} && ${exec}`, program, ...args],
  };
}
