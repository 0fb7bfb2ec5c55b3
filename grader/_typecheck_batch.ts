/**
 * Type checks for a class in as few `deno check` runs as isolation allows.
 *
 * Starting the compiler is most of a type check's cost (about 0.6 s of a
 * 0.7 s check of one learner), so learners' files are checked together: one
 * run for every learner waiting, up to a group size, diagnostics handed back
 * to each by file. Every file is a module to `deno check`, so one learner's
 * declarations cannot reach another's, except by what changes the global
 * scope or reaches outside the learner's folder. A learner whose folder holds
 * `declare global`, `declare module`, `declare namespace`, a triple-slash
 * reference, a `.d.ts` file, or an import leaving the folder is checked alone,
 * and so is every learner of a group whose run failed. Type errors are
 * feedback only: they never change a score.
 *
 * @module
 */

import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { readLearnerText } from "./_intake.ts";
import {
  typecheck,
  type TypecheckOptions,
  type TypecheckOutcome,
} from "./_typecheck.ts";

/** What a batch's type checks need. */
export interface TypecheckBatcherOptions {
  /** The most learners checked in one run; default 25. */
  maxGroup?: number;
  /** Runs one `deno check`; default {@linkcode typecheck}. */
  check?: (
    files: string[],
    options: TypecheckOptions,
  ) => Promise<TypecheckOutcome>;
}

interface Request {
  files: string[];
  options: TypecheckOptions;
  /** Settles once `alone` is known. */
  ready: Promise<unknown>;
  alone: boolean;
  resolve: (outcome: TypecheckOutcome) => void;
}

/**
 * Collects learners' type checks and runs them in groups, one run at a time;
 * {@linkcode TypecheckBatcher.check} has the signature of `typecheck`, so it
 * can be given to `gradeSubmission` as its `typechecker`.
 *
 * @example
 * ```ts ignore
 * import { TypecheckBatcher } from "./_typecheck_batch.ts";
 * const batcher = new TypecheckBatcher();
 * await gradeSubmission(folder, { typechecker: batcher.check });
 * console.log(batcher.runs); // how many compiler runs so far
 * ```
 */
export class TypecheckBatcher {
  /** How many compiler runs were started. */
  runs = 0;
  readonly #queue: Request[] = [];
  readonly #maxGroup: number;
  readonly #check: NonNullable<TypecheckBatcherOptions["check"]>;
  #running = false;
  #scheduled = false;

  constructor(options: TypecheckBatcherOptions = {}) {
    this.#maxGroup = Math.max(1, options.maxGroup ?? 25);
    this.#check = options.check ?? typecheck;
  }

  /** Queues one learner's files; resolves with that learner's diagnostics only. */
  check = async (
    files: string[],
    options: TypecheckOptions,
  ): Promise<TypecheckOutcome> => {
    if (files.length === 0) return await this.#check(files, options);
    const started = performance.now();
    return await new Promise((resolve) => {
      const request: Request = {
        files,
        options,
        alone: true,
        ready: Promise.resolve(),
        resolve,
      };
      request.ready = needsOwnRun(options.cwd, options.modPath).then((
        alone,
      ) => request.alone = alone);
      // A learner whose deadline passes while waiting leaves the queue.
      options.signal?.addEventListener("abort", () => {
        const at = this.#queue.indexOf(request);
        if (at < 0) return;
        this.#queue.splice(at, 1);
        resolve({
          status: "unavailable",
          diagnostics: [],
          note: "the type check was stopped before it ran",
          ms: performance.now() - started,
        });
      }, { once: true });
      this.#queue.push(request);
      this.#schedule();
    });
  };

  #schedule(): void {
    if (this.#running || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    // Let the requests made in the same turn join the group.
    setTimeout(() => {
      this.#scheduled = false;
      this.#next();
    }, 0);
  }

  async #next(): Promise<void> {
    if (this.#queue.length === 0) return;
    this.#running = true;
    try {
      await Promise.all(this.#queue.map((r) => r.ready));
      await this.#run(this.#take());
    } finally {
      this.#running = false;
      this.#schedule();
    }
  }

  /** The first waiting learner, and whoever may join them. */
  #take(): Request[] {
    const first = this.#queue.shift();
    if (first === undefined) return [];
    if (first.alone) return [first];
    const group = [first];
    for (let i = 0; i < this.#queue.length && group.length < this.#maxGroup;) {
      if (this.#queue[i].alone) i++;
      else group.push(...this.#queue.splice(i, 1));
    }
    return group;
  }

  async #run(group: Request[]): Promise<void> {
    this.runs++;
    const files = group.flatMap((r) => r.files);
    const specifiers = new Set<string>();
    for (const r of group) {
      for (const s of r.options.frameworkSpecifiers) specifiers.add(s);
    }
    const outcome = await this.#check(files, {
      ...group[0].options,
      frameworkSpecifiers: specifiers,
      // One learner's deadline ends a run of their own, never a group's.
      signal: group.length === 1 ? group[0].options.signal : undefined,
    });
    if (outcome.status !== "checked" && group.length > 1) {
      // One learner's files may have sunk the run: check each alone.
      for (const r of group) r.alone = true;
      this.#queue.unshift(...group);
      return;
    }
    for (const r of group) {
      const own = new Set(r.files);
      r.resolve({
        ...outcome,
        diagnostics: outcome.diagnostics.filter((d) => own.has(d.file)),
      });
    }
  }
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const GLOBAL_SCOPE =
  /\bdeclare\s+(global|module|namespace)\b|\/\/\/\s*<reference\b/;
const SPECIFIER =
  /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]([^"'`\n]+)["'`]/g;

/**
 * Whether a learner's folder must be checked alone: something in it could
 * change what other learners' files see, or reach outside it (other than to
 * the framework's `mod.ts` at `modPath`).
 */
export async function needsOwnRun(
  folder: string,
  modPath: string,
): Promise<boolean> {
  let seen = 0;
  const visit = async (dir: string, depth: number): Promise<boolean> => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isSymlink) return true;
      if (entry.isDirectory) {
        if (entry.name.startsWith(".")) continue;
        if (depth >= 4 || await visit(path, depth + 1)) return true;
        continue;
      }
      if (!SOURCE.test(entry.name)) continue;
      if (/\.d\.[mc]?ts$/i.test(entry.name) || ++seen > 200) return true;
      // Read through the intake's checks, as every learner file is.
      const read = await readLearnerText(root, path);
      if (!read.ok) return true;
      const text = read.text;
      if (GLOBAL_SCOPE.test(text)) return true;
      for (const m of text.matchAll(SPECIFIER)) {
        if (leaves(root, dir, m[1], modPath)) return true;
      }
    }
    return false;
  };
  let root: string;
  try {
    root = await Deno.realPath(folder);
    return await visit(root, 0);
  } catch {
    return true;
  }
}

function leaves(
  folder: string,
  dir: string,
  specifier: string,
  modPath: string,
): boolean {
  let path: string;
  if (/^file:/i.test(specifier)) {
    try {
      path = fileURLToPath(specifier);
    } catch {
      return true;
    }
  } else if (isAbsolute(specifier) || specifier.startsWith(".")) {
    path = resolve(dir, specifier);
  } else return false;
  if (path === modPath) return false;
  const rel = relative(folder, path);
  return rel === ".." || rel.startsWith(".." + sep) || isAbsolute(rel);
}
