/**
 * Writes the contents of a Gradescope autograder zip: `setup.sh` (installs
 * Deno from npm, then grades the reference solutions once so the image holds
 * everything grading needs), `run_autograder` (grades
 * `/autograder/submission` into `/autograder/results/results.json`), and
 * `dualgrade/`, a copy of the framework that grades. A course's own exercise
 * set (`--set path/to/set.ts`) is copied with its folder into `course/`.
 *
 * Usage: deno task gradescope <dir> [--set <id|file>] [--hidden <visibility>]
 * [--template <dir>] [--force]; then zip the folder's contents (not the
 * folder) and upload the zip as the assignment's autograder.
 *
 * @module
 */

import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
} from "../grader/_flags.ts";
import { loadExerciseSet } from "../exercises/sets.ts";
import {
  GRADESCOPE_VISIBILITIES,
  type GradescopeVisibility,
} from "../grader/report/gradescope.ts";
import { readTemplateTree, renderText } from "../templates/_render.ts";
import { invocationDir, userPath } from "../grader/_paths.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/**
 * The template folder `deno task gradescope` renders by default.
 *
 * @example
 * ```ts
 * import { DEFAULT_TEMPLATE } from "./gradescope.ts";
 * console.log(DEFAULT_TEMPLATE.endsWith("gradescope")); // true
 * ```
 */
export const DEFAULT_TEMPLATE: string = join(REPO, "templates", "gradescope");

/** What of the checkout the autograder needs: the grader and what it loads. */
const FRAMEWORK_ENTRIES = [
  "deno.json",
  "deno.lock",
  "LICENSE",
  "mod.ts",
  "core",
  "exercises",
  "grader",
  "notebook",
  "solutions",
];

/** Files the template makes executable. */
const EXECUTABLE = new Set(["setup.sh", "run_autograder"]);

/**
 * Options of {@linkcode writeAutograder}.
 *
 * @example
 * ```ts
 * import type { AutograderOptions } from "./gradescope.ts";
 * const o: AutograderOptions = { set: "autograd", hidden: "after_due_date" };
 * ```
 */
export interface AutograderOptions {
  /** A built-in set's id, or the path of a course's set module (default `autograd`). */
  set?: string;
  /** Gradescope visibility of checks at hidden points (default `after_due_date`). */
  hidden?: GradescopeVisibility;
  /** A customized copy of templates/gradescope/. */
  template?: string;
  /** Overwrite a folder that is not empty. */
  force?: boolean;
}

/**
 * Writes an autograder's files into `dir`.
 *
 * @param dir The folder to write (created; it must be empty unless `force`).
 * @param options The set, the hidden checks' visibility, the template.
 * @returns The files written, relative to `dir`, sorted.
 * @throws Error naming the folder when it is not empty, or the set when it cannot be found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeAutograder } from "./gradescope.ts";
 * const dir = await Deno.makeTempDir();
 * const files = await writeAutograder(dir, { set: "autograd" });
 * assert.ok(files.includes("run_autograder") && files.includes("setup.sh"));
 * assert.ok(files.includes("dualgrade/grader/cli.ts"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeAutograder(
  dir: string,
  options: AutograderOptions = {},
): Promise<string[]> {
  const target = resolve(dir);
  await ensureEmpty(target, options.force ?? false);
  const set = locateSet(options.set ?? "autograd");
  const written: string[] = [];
  for (
    const [name, content] of readTemplateTree(
      options.template ?? DEFAULT_TEMPLATE,
    )
  ) {
    const path = join(target, name);
    await Deno.mkdir(dirname(path), { recursive: true });
    if (typeof content === "string") {
      await Deno.writeTextFile(
        path,
        renderText(content, {
          deno_version: Deno.version.deno,
          set: set.argument,
          hidden: options.hidden ?? "after_due_date",
        }, name),
      );
    } else await Deno.writeFile(path, content);
    if (EXECUTABLE.has(name)) await Deno.chmod(path, 0o755);
    written.push(name);
  }
  for (const entry of FRAMEWORK_ENTRIES) {
    written.push(
      ...await copyTree(
        join(REPO, entry),
        join(target, "dualgrade", entry),
        "dualgrade/" + entry,
      ),
    );
  }
  if (set.folder !== undefined) {
    written.push(
      ...await copyTree(set.folder, join(target, "course"), "course"),
    );
  }
  return written.sort();
}

/** Whether `--set` names a module (a path) rather than a built-in set's id. */
function isSetPath(spec: string): boolean {
  return /[/\\]|\.m?[jt]s$/.test(spec);
}

/** The set as run_autograder and setup.sh name it, and a course folder to copy. */
function locateSet(spec: string): { argument: string; folder?: string } {
  if (!isSetPath(spec)) {
    loadExerciseSet(spec); // throws naming the unknown id
    return { argument: spec };
  }
  const file = resolve(spec);
  try {
    if (!Deno.statSync(file).isFile) throw new Error("not a file");
  } catch (error) {
    throw new Error(
      `Cannot use the exercise set module ${spec}: ${(error as Error).message}`,
    );
  }
  // Both scripts define source_dir: the autograder's source folder.
  return {
    argument: `"$source_dir/course/${basename(file)}"`,
    folder: dirname(file),
  };
}

async function ensureEmpty(dir: string, force: boolean): Promise<void> {
  try {
    for await (const _ of Deno.readDir(dir)) {
      if (force) return;
      throw new Error(
        `Cannot write the autograder into ${dir}: the folder is not empty (--force overwrites)`,
      );
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** Copies a file or folder, leaving out tests, test data and hidden files. */
async function copyTree(
  from: string,
  to: string,
  name: string,
): Promise<string[]> {
  const info = await Deno.stat(from);
  if (info.isFile) {
    await Deno.mkdir(dirname(to), { recursive: true });
    await Deno.copyFile(from, to);
    return [name];
  }
  const out: string[] = [];
  for await (const entry of Deno.readDir(from)) {
    if (
      entry.name.startsWith(".") || entry.name === "node_modules" ||
      entry.name === "testdata" || entry.name.endsWith("_test.ts") ||
      entry.isSymlink
    ) continue;
    out.push(
      ...await copyTree(
        join(from, entry.name),
        join(to, entry.name),
        `${name}/${entry.name}`,
      ),
    );
  }
  return out;
}

const COMMAND = "deno task gradescope";

/**
 * The flags of `deno task gradescope`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { GRADESCOPE_FLAGS } from "./gradescope.ts";
 * console.log("hidden" in GRADESCOPE_FLAGS); // true
 * ```
 */
export const GRADESCOPE_FLAGS = {
  set: {
    value: "<id|file>",
    help:
      "The exercise set (default: autograd), or a course's set module (its folder is copied into course/)",
  },
  hidden: {
    value: "<visibility>",
    choices: GRADESCOPE_VISIBILITIES,
    help: `When learners see checks at hidden points: ${
      GRADESCOPE_VISIBILITIES.join(", ")
    } (default: after_due_date)`,
  },
  template: {
    value: "<dir>",
    help: "A customized copy of templates/gradescope/",
  },
  force: { help: "Write into a folder that is not empty" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} <dir> [options]

Writes the contents of a Gradescope autograder into <dir>: setup.sh,
run_autograder and a copy of the grader. Zip the folder's contents (not the
folder: cd <dir> && zip -r ../autograder.zip .) and upload the zip as the
assignment's autograder. Set the assignment's autograder points to the set's
required total: bonus checks are extra credit on top.

Options:
${formatFlags(GRADESCOPE_FLAGS)}`;

if (import.meta.main) {
  const parsed = readCommandLine(Deno.args, {
    command: COMMAND,
    flags: GRADESCOPE_FLAGS,
    positionals: { min: 1, max: 1, what: "one folder" },
    usage: USAGE,
  });
  if (typeof parsed === "number") Deno.exit(parsed);
  const { values, positionals } = parsed;
  try {
    // Paths are typed relative to where the command was typed (INIT_CWD
    // under deno task); a built-in set's id is not a path.
    const target = userPath(positionals[0]);
    const files = await writeAutograder(target, {
      set: values.set === undefined || !isSetPath(values.set)
        ? values.set
        : userPath(values.set),
      hidden: values.hidden ?? "after_due_date",
      template: values.template === undefined
        ? undefined
        : userPath(values.template),
      force: values.force,
    });
    const dir = relative(invocationDir(), target) || ".";
    console.log(
      `Wrote ${files.length} files into ${dir}${sep}: setup.sh, run_autograder, dualgrade${sep}…\n` +
        `Zip its contents: (cd ${dir} && zip -r ../autograder.zip .)`,
    );
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
}
