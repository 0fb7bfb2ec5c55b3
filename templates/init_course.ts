/**
 * `deno task init-course <dir>`: writes an instructor's course repository
 * from `templates/course/` — a deno.json importing dualgrade by its bare
 * names and naming the set, an example set using the check kinds (record
 * domains, data files, a property check, norm-wise tolerance, an elementwise
 * by-hand check), its reference solutions, a README, and a workflow that runs
 * `check-set`, writes the learner-safe plan and the learner repository.
 *
 * Template files named `*.ts.txt` become `*.ts` (so the template itself is not
 * type-checked as part of dualgrade). Placeholders: `{{title}}`,
 * `{{framework}}` (the folder deno.json maps `dualgrade/` into, ending in
 * `/`), `{{grader}}` (the folder of the dualgrade checkout whose tasks the
 * course runs), `{{version}}`, `{{repository}}`, and one command per
 * dualgrade task the course runs: `{{run_grade}}`, `{{run_check_set}}`,
 * `{{run_plan}}`, `{{run_starter}}`, `{{run_exercises}}`. With a checkout,
 * a command is `deno task --config <checkout>/deno.json <task>`; with a URL,
 * it runs the task's module from that URL (`deno run <the task's
 * permissions> <url>grader/cli.ts`), so the course needs no checkout.
 *
 * @module
 */

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { userPath } from "../grader/_paths.ts";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
} from "../grader/_flags.ts";
import { DEFAULT_REPOSITORY, DEFAULT_VERSION } from "../exercises/starter.ts";
import { readTemplateTree, renderText } from "./_render.ts";
import dualgradeConfig from "../deno.json" with { type: "json" };

const TEMPLATE = fileURLToPath(new URL("./course", import.meta.url));
const CHECKOUT = fileURLToPath(new URL("../", import.meta.url));

/**
 * Options of {@linkcode writeCourse}.
 *
 * @example
 * ```ts
 * import type { CourseOptions } from "./init_course.ts";
 * const o: CourseOptions = { title: "Optimization", framework: "https://example.com/dualgrade/v0.1.0/" };
 * ```
 */
export interface CourseOptions {
  /** The course's title; default "My course". */
  title?: string;
  /**
   * Where deno.json maps dualgrade: a URL of a dualgrade folder (ending in
   * `/`; the course then runs the grader from a `.dualgrade/` checkout, see
   * its `get-grader` task), or a path to a checkout. Default: this checkout.
   */
  framework?: string;
  /** The dualgrade version (git tag) the workflow checks out. */
  version?: string;
  /** The GitHub repository the workflow checks the grader out from. */
  repository?: string;
  /** Overwrite existing files instead of refusing. */
  force?: boolean;
}

/**
 * Writes a course repository into `dir`; refuses, writing nothing, when any
 * of its files exists, unless `force`.
 *
 * @param dir The folder to write (created when missing).
 * @param options Title, framework location, pins.
 * @returns The paths written, sorted.
 *
 * @example
 * ```ts
 * import { writeCourse } from "./init_course.ts";
 * import assert from "node:assert/strict";
 * const dir = Deno.makeTempDirSync();
 * const written = writeCourse(dir, { title: "Optimization" });
 * assert.ok(written.some((p) => p.endsWith("set.ts")));
 * assert.match(Deno.readTextFileSync(`${dir}/README.md`), /# Optimization/);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function writeCourse(
  dir: string,
  options: CourseOptions = {},
): string[] {
  const target = userPath(dir);
  const remote = options.framework !== undefined &&
    /^https?:\/\//i.test(options.framework);
  const local = remote
    ? undefined
    : relativeFolder(target, options.framework ?? CHECKOUT);
  const framework = remote ? options.framework!.replace(/\/?$/, "/") : local!;
  const grader = remote ? ".dualgrade/" : local!;
  const values: Record<string, string> = {
    title: options.title ?? "My course",
    framework,
    grader,
    version: options.version ?? DEFAULT_VERSION,
    repository: options.repository ?? DEFAULT_REPOSITORY,
  };
  for (const task of COURSE_TASKS) {
    values[`run_${task.replaceAll("-", "_")}`] = remote
      ? remoteCommand(task, framework)
      : `deno task --config ${grader}deno.json ${task}`;
  }
  const files = new Map<string, string | Uint8Array>();
  for (const [name, content] of readTemplateTree(TEMPLATE)) {
    files.set(
      join(target, ...name.replace(/\.ts\.txt$/, ".ts").split("/")),
      typeof content === "string" ? renderText(content, values, name) : content,
    );
  }
  const existing = [...files.keys()].filter((p) => existsSync(p));
  if (existing.length > 0 && !options.force) {
    throw new Error(
      `Cannot write the course into ${target}: ${
        existing.map((p) => relative(target, p)).join(", ")
      } already exist (pass --force to overwrite)`,
    );
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return [...files.keys()].sort();
}

/** dualgrade's tasks that a course's own tasks run. */
const COURSE_TASKS = ["grade", "check-set", "plan", "starter", "exercises"];

/**
 * The command running dualgrade's task `task` from the copy at the URL
 * `framework` (ending in `/`): the task's `deno run` with its permissions,
 * the module by URL, and leave to load modules and files from that host.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { remoteCommand } from "./init_course.ts";
 * const command = remoteCommand("grade", "https://example.com/dg/");
 * assert.match(command, /^deno run --allow-read .*--allow-net=127\.0\.0\.1,example\.com --allow-import=example\.com https:\/\/example\.com\/dg\/grader\/cli\.ts$/);
 * ```
 */
export function remoteCommand(task: string, framework: string): string {
  const tasks = (dualgradeConfig as { tasks: Record<string, string> }).tasks;
  const words = (tasks[task] ?? "").split(/\s+/);
  const script = words.findIndex((w) => /\.ts$/.test(w));
  if (words[0] !== "deno" || words[1] !== "run" || script < 0) {
    throw new Error(
      `Cannot run the task ${task} from ${framework}: dualgrade's deno.json has no "deno run" task of that name`,
    );
  }
  const host = new URL(framework).host;
  const flags = words.slice(2, script).map((flag) =>
    flag.startsWith("--allow-net=") ? `${flag},${host}` : flag
  );
  if (!flags.some((f) => f === "--allow-all" || f === "-A")) {
    flags.push(`--allow-import=${host}`);
    if (!flags.some((f) => f.startsWith("--allow-net"))) {
      flags.push(`--allow-net=${host}`);
    }
  }
  return [
    "deno",
    "run",
    ...flags,
    new URL(words[script], framework).href,
    ...words.slice(script + 1),
  ].join(" ");
}

/** `folder` relative to `from`, with `/` separators and a trailing `/`. */
function relativeFolder(from: string, folder: string): string {
  const abs = userPath(folder);
  let rel = relative(from, abs).split(sep).join("/");
  if (isAbsolute(rel)) return abs.replace(/\/?$/, "/");
  if (!rel.startsWith(".")) rel = rel === "" ? "." : `./${rel}`;
  return `${rel}/`;
}

const COMMAND = "deno task init-course";

/**
 * The flags of `deno task init-course`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { INIT_COURSE_FLAGS } from "./init_course.ts";
 * console.log("title" in INIT_COURSE_FLAGS); // true
 * ```
 */
export const INIT_COURSE_FLAGS = {
  title: {
    value: "<text>",
    help: "The course's title (default: My course)",
  },
  framework: {
    value: "<path|url>",
    help:
      "Where deno.json maps dualgrade: a dualgrade checkout (default: this one) or the URL of a dualgrade folder",
  },
  version: {
    value: "<tag>",
    help:
      `The dualgrade version the workflow checks out (default: ${DEFAULT_VERSION})`,
  },
  repository: {
    value: "<o/name>",
    help:
      `Where the workflow checks dualgrade out from (default: ${DEFAULT_REPOSITORY})`,
  },
  force: { help: "Overwrite files that already exist" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} <dir> [options]

Writes an instructor's course repository: deno.json importing dualgrade and
naming the set, an example set (set.ts) with reference solutions (solutions/),
a README, and .github/workflows/course.yml, which runs check-set and writes
the learner-safe plan and the learner repository.

Options:
${formatFlags(INIT_COURSE_FLAGS)}`;

function main(args: string[]): number {
  const parsed = readCommandLine(args, {
    command: COMMAND,
    flags: INIT_COURSE_FLAGS,
    positionals: { min: 1, max: 1, what: "one folder" },
    usage: USAGE,
  });
  if (typeof parsed === "number") return parsed;
  try {
    const dir = userPath(parsed.positionals[0]);
    const written = writeCourse(dir, parsed.values);
    console.log(`Wrote ${written.length} files to ${dir}:`);
    for (const path of written) {
      console.log(`  ${relative(dir, path).split(sep).join("/")}`);
    }
    console.log(
      "\nNext: cd into it and run deno task check-set, then deno task grade (the references, full marks).",
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(main(Deno.args));
}
