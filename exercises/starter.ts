/**
 * `deno task starter <dir>`: writes a learner's folder for an exercise set —
 * one module per exercise with every export declared and typed, each
 * throwing "not done yet: <export>" until written, and a README with the
 * prompts.
 *
 * `deno task starter <dir> --repo` writes a learner's whole repository,
 * ready to push: the template in `templates/learner-repo/` (deno.json
 * importing the framework by URL at a pinned version, a README, `.gitignore`
 * and the GitHub Actions workflow that grades every push) with the starter
 * modules in `solutions/`.
 *
 * @module
 */

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import {
  type CommandLine,
  type Flag,
  formatFlags,
  HELP_FLAG,
  PLAN_FLAG,
  readCommandLine,
  SET_FLAG,
  UsageError,
} from "../grader/_flags.ts";
import {
  LEARNER_REPO_FILES,
  readShippedTemplate,
  readTemplateTree,
  renderText,
} from "../templates/_render.ts";
import {
  FRAMEWORK_PATH as FRAMEWORK_ROOT,
  frameworkSpecifierOf,
} from "../grader/_framework_files.ts";
import {
  exerciseMarkdown,
  pointsLabel,
  pointsOf,
  setReadme,
} from "./_describe.ts";
import { defaultExerciseSet } from "./sets.ts";
import {
  type LoadedSource,
  loadSource,
  userPath,
} from "../grader/set_source.ts";
import type { Exercise, ExerciseSet } from "./types.ts";

export type { Exercise, ExerciseSet };

/**
 * The framework a learner's repository pins by default: dualgrade's `mod.ts`
 * by URL at a release tag. The repository and the tag in it are also where
 * the repository's workflow checks out the grader. Keep the tag equal to
 * deno.json's version (a test checks), so a checkout writes repositories
 * pinned to its own release.
 *
 * @example
 * ```ts
 * import { DEFAULT_FRAMEWORK_URL } from "./starter.ts";
 * console.log(new URL(DEFAULT_FRAMEWORK_URL).pathname.endsWith("/mod.ts")); // true
 * ```
 */
export const DEFAULT_FRAMEWORK_URL =
  "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.1.0/mod.ts";

/**
 * The version in {@linkcode DEFAULT_FRAMEWORK_URL}.
 *
 * @example
 * ```ts
 * import { DEFAULT_VERSION } from "./starter.ts";
 * console.log(DEFAULT_VERSION); // "v0.1.0"
 * ```
 */
export const DEFAULT_VERSION: string = parseGitHubRawUrl(DEFAULT_FRAMEWORK_URL)!
  .version;

/**
 * The GitHub repository in {@linkcode DEFAULT_FRAMEWORK_URL}.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPOSITORY } from "./starter.ts";
 * console.log(DEFAULT_REPOSITORY); // "dualgrade/dualgrade"
 * ```
 */
export const DEFAULT_REPOSITORY: string =
  parseGitHubRawUrl(DEFAULT_FRAMEWORK_URL)!.repository;

/** The learner's repository template shipped with dualgrade, relative to the root. */
const TEMPLATE_DIR = "templates/learner-repo";

const COMMAND = "deno task starter";

/**
 * The flags of `deno task starter`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { STARTER_FLAGS } from "./starter.ts";
 * console.log("force" in STARTER_FLAGS); // true
 * ```
 */
export const STARTER_FLAGS = {
  set: SET_FLAG,
  plan: {
    ...PLAN_FLAG,
    help:
      `${PLAN_FLAG.help}; with --repo it must be learner-safe (--visible-only)`,
  },
  framework: {
    value: "<url>",
    help:
      "Where the modules import mod.ts from: a URL, or a path (default: this copy's mod.ts: a path relative to <dir>, or the URL of a remote copy)",
  },
  force: { help: "Overwrite files that already exist" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The flags of `deno task starter --repo`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { STARTER_REPO_FLAGS } from "./starter.ts";
 * console.log("version" in STARTER_REPO_FLAGS); // true
 * ```
 */
export const STARTER_REPO_FLAGS = {
  repo: {
    help: "Write the learner's repository instead of a starter folder",
  },
  version: {
    value: "<tag>",
    help:
      `The dualgrade version to pin: the framework URL's and the grader's (default: ${DEFAULT_VERSION})`,
  },
  "framework-url": {
    value: "<url>",
    help:
      `The URL deno.json imports mod.ts from (default: ${DEFAULT_FRAMEWORK_URL} with the version of --version)`,
  },
  repository: {
    value: "<o/name>",
    help:
      `The GitHub repository the workflow checks the grader out from (default: the framework URL's, else ${DEFAULT_REPOSITORY})`,
  },
  template: {
    value: "<dir>",
    help: "A customized copy of templates/learner-repo/",
  },
  seed: {
    value: "<n>",
    number: { integer: true, min: 0 },
    help:
      "With a set file: the seed of the learner-safe plan written as plan.json (default: random)",
  },
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} <dir> [options]
       ${COMMAND} <dir> --repo [options]

Writes a learner's starter folder: one module per exercise, every export
declared with its type and throwing "not done yet", and a README.md with the
prompts.

With --repo, writes a learner's repository ready to push instead: deno.json
importing dualgrade by URL at a pinned version, the starter modules in
solutions/, a README for learners, .gitignore, and .github/workflows/grade.yml,
which grades every push with that version's grader.

Options:
${formatFlags(STARTER_FLAGS)}

Options with --repo:
${formatFlags(STARTER_REPO_FLAGS)}`;

/** The types mod.ts exports that an export's declared type may mention. */
const FRAMEWORK_TYPES = [
  "Dual",
  "HyperDual",
  "NestedNumbers",
  "Tensor",
  "Value",
];

/**
 * The TypeScript module a learner starts exercise `ex` from.
 *
 * Function exports are arrows that throw `not done yet: <export>` when
 * called; value exports are stand-ins that throw it when read in any way, so
 * the module itself imports cleanly and every check reports "not done yet".
 *
 * @param ex The exercise.
 * @param framework The specifier its imports use for mod.ts, e.g. `../dualgrade/mod.ts`.
 * @returns The module's source.
 *
 * @example
 * ```ts
 * import { starterModule } from "./starter.ts";
 * import { exercise01 } from "./autograd/01.ts";
 * import assert from "node:assert/strict";
 * const source = starterModule(exercise01, "../mod.ts");
 * assert.match(source, /export const fGrad: \(x: number\) => number = \(\) => \{/);
 * assert.match(source, /throw new Error\("not done yet: fGrad"\)/);
 * ```
 */
export function starterModule(ex: Exercise, framework: string): string {
  const exports = Object.entries(ex.exports);
  const needsAd = ex.checks.some((check) => check.kind !== "byHand");
  const types = FRAMEWORK_TYPES.filter((t) =>
    exports.some(([, spec]) => new RegExp(`\\b${t}\\b`).test(spec.type))
  );
  const hasValues = exports.some(([, spec]) => spec.kind === "value");
  const out: string[] = [
    "/**",
    ` * Exercise ${ex.id}: ${ex.title}`,
    " *",
    ' * The prompt is in README.md. Replace each body that throws "not done yet"',
    hasValues
      ? " * (and each `notDoneYet(…)`) with your answer; keep the names and types."
      : " * with your answer; keep the names and types.",
    " *",
    " * @module",
    " */",
    "",
  ];
  if (needsAd) {
    out.push(`import { grad, np } from ${JSON.stringify(framework)};`);
  }

  if (types.length > 0) {
    out.push(
      `import type { ${types.join(", ")} } from ${JSON.stringify(framework)};`,
    );
  }
  if (needsAd || types.length > 0) out.push("");
  if (needsAd) {
    // A fresh starter passes `deno lint`: the stubs do not use the import yet.
    out.push(
      "// Your answers will use grad and np; until then this line keeps linters",
      "// from flagging the import as unused. Delete it whenever you like.",
      "void [grad, np];",
      "",
    );
  }
  for (const [name, spec] of exports) {
    out.push(`/** ${spec.doc} */`);
    if (spec.kind === "function") {
      out.push(
        `export const ${name}: ${spec.type} = () => {`,
        `  throw new Error(${JSON.stringify(`not done yet: ${name}`)});`,
        "};",
      );
    } else {
      out.push(
        `export const ${name}: ${spec.type} = notDoneYet(${
          JSON.stringify(name)
        });`,
      );
    }
    out.push("");
  }
  if (hasValues) {
    out.push(
      '/** Stands in for a value not written yet: reading it in any way throws "not done yet". */',
      "function notDoneYet<T>(name: string): T {",
      "  const fail = (): never => {",
      "    throw new Error(`not done yet: ${name}`);",
      "  };",
      "  return new Proxy({}, {",
      "    get: fail,",
      "    has: fail,",
      "    ownKeys: fail,",
      "    getOwnPropertyDescriptor: fail,",
      "    getPrototypeOf: fail,",
      "    defineProperty: fail,",
      "    set: fail,",
      "    deleteProperty: fail,",
      "  }) as T;",
      "}",
      "",
    );
  }
  return out.join("\n");
}

/**
 * Options of {@linkcode writeStarter}.
 *
 * @example
 * ```ts
 * import type { StarterOptions } from "./starter.ts";
 * const options: StarterOptions = { framework: "https://example.com/dualgrade/mod.ts", force: true };
 * ```
 */
export interface StarterOptions {
  /** The exercise set; default the autograd set. */
  set?: ExerciseSet;
  /**
   * Where the modules import mod.ts from: a URL (kept as it is) or a file
   * path (made relative to the folder). Default: this checkout's mod.ts.
   */
  framework?: string;
  /** Overwrite existing files instead of refusing. */
  force?: boolean;
  /**
   * What the README tells learners to pass to find the set: `--set <id>`
   * (the default, with the set's id), `--set <file>` or `--plan <file>`.
   */
  source?: string;
}

/**
 * Writes a starter folder: `<id>.ts` for each exercise and `README.md`.
 * Refuses, writing nothing, when any of those files exists, unless `force`.
 *
 * @param dir The folder to write (created when missing).
 * @param options The set, the framework specifier, and `force`.
 * @returns The paths written.
 *
 * @example
 * ```ts
 * import { writeStarter } from "./starter.ts";
 * import assert from "node:assert/strict";
 * const dir = Deno.makeTempDirSync();
 * const written = writeStarter(dir);
 * assert.equal(written.length, 7); // 01.ts … 06.ts and README.md
 * assert.throws(() => writeStarter(dir), /already exist/);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function writeStarter(
  dir: string,
  options: StarterOptions = {},
): string[] {
  const set = options.set ?? defaultExerciseSet();
  const target = resolve(dir);
  const framework = frameworkSpecifier(target, options.framework);
  const files = new Map<string, string>();
  for (const ex of set.exercises) {
    files.set(join(target, `${ex.id}.ts`), starterModule(ex, framework));
  }
  files.set(join(target, "README.md"), setReadme(set, options.source));
  for (const [name, content] of fixtureFiles(set)) {
    files.set(join(target, name), content);
  }
  writeAll(target, files, {
    force: options.force,
    what: "the starter",
    format: true,
  });
  return [...files.keys()];
}

/**
 * Options of {@linkcode writeLearnerRepo}.
 *
 * @example
 * ```ts
 * import type { LearnerRepoOptions } from "./starter.ts";
 * const options: LearnerRepoOptions = { version: "v0.2.0", force: true };
 * ```
 */
export interface LearnerRepoOptions {
  /** The exercise set; default the autograd set. */
  set?: ExerciseSet;
  /**
   * The dualgrade version (a git tag) to pin: in the framework URL and for
   * the grader the workflow checks out. Default: the framework URL's, else
   * {@linkcode DEFAULT_VERSION}.
   */
  version?: string;
  /**
   * The URL deno.json imports mod.ts from. The grader maps it to its local
   * copy, so it must be an http(s) URL ending in `/mod.ts` with "dualgrade"
   * in it. Default: {@linkcode DEFAULT_FRAMEWORK_URL} at `version`.
   */
  frameworkUrl?: string;
  /**
   * The GitHub repository (`owner/name`) the workflow checks the grader out
   * from. Default: the framework URL's when it is a raw.githubusercontent.com
   * URL, else {@linkcode DEFAULT_REPOSITORY}.
   */
  repository?: string;
  /** The template folder; default `templates/learner-repo/` of this checkout. */
  template?: string;
  /**
   * The template's files, already read (by path with `/`, as
   * {@linkcode readShippedTemplate} gives them); instead of `template`. The
   * default template of a remote copy must be passed so.
   */
  templateFiles?: Map<string, string | Uint8Array>;
  /**
   * A learner-safe plan's text (`deno task plan --visible-only`): written as
   * `plan.json`, and the repository grades against it instead of a built-in
   * set. Needed for a course's own set, whose references learners never get.
   */
  plan?: string;
  /** Overwrite existing files instead of refusing. */
  force?: boolean;
}

/**
 * What a learner's repository pins: resolved from {@linkcode LearnerRepoOptions}.
 *
 * @example
 * ```ts
 * import type { RepoPins } from "./starter.ts";
 * const pins: RepoPins = {
 *   version: "v0.1.0",
 *   repository: "dualgrade/dualgrade",
 *   frameworkUrl: "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.1.0/mod.ts",
 * };
 * ```
 */
export interface RepoPins {
  /** The dualgrade version (git tag). */
  version: string;
  /** The GitHub repository the grader is checked out from. */
  repository: string;
  /** The URL deno.json maps `dualgrade` to. */
  frameworkUrl: string;
}

/**
 * Resolves and validates what a learner's repository pins.
 *
 * @param options The version, framework URL and repository asked for.
 * @returns The version, repository and framework URL to write.
 * @throws Error saying which option is wrong and why.
 *
 * @example
 * ```ts
 * import { repoPins } from "./starter.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(repoPins({ version: "v0.2.0" }), {
 *   version: "v0.2.0",
 *   repository: "dualgrade/dualgrade",
 *   frameworkUrl: "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.2.0/mod.ts",
 * });
 * assert.throws(() => repoPins({ frameworkUrl: "https://example.com/lib.ts" }), /Invalid framework URL/);
 * ```
 */
export function repoPins(
  options: Pick<LearnerRepoOptions, "version" | "frameworkUrl" | "repository"> =
    {},
): RepoPins {
  const { version, frameworkUrl, repository } = options;
  if (version !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(version)) {
    throw new Error(
      `Invalid version ${
        JSON.stringify(version)
      }: expected a git tag such as ${DEFAULT_VERSION} (letters, digits, ".", "_", "+", "-")`,
    );
  }
  if (
    repository !== undefined &&
    !/^[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/.test(repository)
  ) {
    throw new Error(
      `Invalid repository ${
        JSON.stringify(repository)
      }: expected a GitHub repository as owner/name, such as ${DEFAULT_REPOSITORY}`,
    );
  }
  if (frameworkUrl === undefined) {
    const repo = repository ?? DEFAULT_REPOSITORY;
    const tag = version ?? DEFAULT_VERSION;
    return {
      version: tag,
      repository: repo,
      frameworkUrl: `https://raw.githubusercontent.com/${repo}/${tag}/mod.ts`,
    };
  }
  checkFrameworkUrl(frameworkUrl);
  const raw = parseGitHubRawUrl(frameworkUrl);
  if (raw !== undefined && version !== undefined && raw.version !== version) {
    throw new Error(
      `Conflicting versions: the framework URL ${frameworkUrl} pins ${raw.version} but --version says ${version}`,
    );
  }
  const tag = version ?? raw?.version;
  if (tag === undefined) {
    throw new Error(
      `Cannot tell the version from the framework URL ${frameworkUrl}: pass --version with the grader's git tag`,
    );
  }
  return {
    version: tag,
    repository: repository ?? raw?.repository ?? DEFAULT_REPOSITORY,
    frameworkUrl,
  };
}

/**
 * Writes a learner's repository, ready to push: every file of the template
 * folder with its `{{placeholders}}` filled in, and the starter modules in
 * `solutions/`. The modules import the framework by the name deno.json maps
 * to the framework URL (`dualgrade` in the shipped template), or by the URL
 * itself when deno.json maps no name to it. Refuses, writing nothing, when
 * any of those files exists, unless `force`.
 *
 * Placeholders: `{{title}}`, `{{set}}`, `{{version}}`, `{{repository}}`,
 * `{{framework_url}}`, `{{points}}`, `{{files}}` and `{{exercises}}` (the
 * prompts as Markdown). `${{ … }}` (GitHub Actions expressions) is left as it is.
 *
 * @param dir The folder to write (created when missing).
 * @param options The set, what to pin, the template, and `force`.
 * @returns The paths written, sorted.
 *
 * @example
 * ```ts
 * import { writeLearnerRepo } from "./starter.ts";
 * import assert from "node:assert/strict";
 * const dir = Deno.makeTempDirSync();
 * const written = writeLearnerRepo(dir, { version: "v0.1.0" });
 * assert.ok(written.some((p) => p.endsWith("grade.yml")));
 * const config = JSON.parse(Deno.readTextFileSync(`${dir}/deno.json`));
 * assert.equal(config.imports.dualgrade, "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.1.0/mod.ts");
 * assert.match(Deno.readTextFileSync(`${dir}/solutions/01.ts`), /from "dualgrade";/);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function writeLearnerRepo(
  dir: string,
  options: LearnerRepoOptions = {},
): string[] {
  const set = options.set ?? defaultExerciseSet();
  const pins = repoPins(options);
  const target = resolve(dir);
  const template = options.templateFiles ??
    readTemplateTree(options.template ?? shippedTemplateDir());
  let required = 0, bonus = 0;
  for (const ex of set.exercises) {
    const p = pointsOf(ex);
    required += p.required;
    bonus += p.bonus;
  }
  const values: Record<string, string> = {
    title: set.title,
    set: set.id,
    source: options.plan === undefined ? `--set ${set.id}` : "--plan plan.json",
    version: pins.version,
    repository: pins.repository,
    framework_url: pins.frameworkUrl,
    points: pointsLabel({ required, bonus }),
    files: set.exercises.map((ex) => `\`${ex.id}.ts\``).join(", "),
    exercises: set.exercises.map(exerciseMarkdown).join("\n").trimEnd(),
  };
  const rendered = new Map<string, string | Uint8Array>();
  const byName = [...template].map(([name, content]) =>
    [name, dotted(name), content] as const
  ).sort(([, a], [, b]) => a < b ? -1 : a > b ? 1 : 0);
  for (const [name, written, content] of byName) {
    rendered.set(
      written,
      typeof content === "string" ? renderText(content, values, name) : content,
    );
  }
  const specifier = frameworkName(rendered.get("deno.json"), pins.frameworkUrl);
  for (const ex of set.exercises) {
    rendered.set(`solutions/${ex.id}.ts`, starterModule(ex, specifier));
  }
  for (const [name, content] of fixtureFiles(set)) {
    rendered.set(`solutions/${name}`, content);
  }
  if (options.plan !== undefined) rendered.set("plan.json", options.plan);
  const files = new Map(
    [...rendered].map((
      [name, content],
    ) => [join(target, ...name.split("/")), content]),
  );
  writeAll(target, files, { force: options.force, what: "the repository" });
  return [...files.keys()].sort();
}

/**
 * A template's `gitignore` is written as `.gitignore`: the shipped template
 * names it without the dot because the published package leaves out files
 * named `.gitignore` (a customized template may use either name).
 */
function dotted(name: string): string {
  return name.replace(/(^|\/)gitignore$/, "$1.gitignore");
}

/** The default template's folder in this checkout. */
function shippedTemplateDir(): string {
  if (FRAMEWORK_ROOT === undefined) {
    throw new Error(
      `Cannot read ${TEMPLATE_DIR} of a remote copy of dualgrade from disk: read it with readShippedTemplate and pass templateFiles`,
    );
  }
  return join(FRAMEWORK_ROOT, TEMPLATE_DIR);
}

/** The data files the set's exercises declare, by name, with their contents. */
function fixtureFiles(set: ExerciseSet): Map<string, string> {
  const files = new Map<string, string>();
  for (const ex of set.exercises) {
    for (const [name, source] of Object.entries(ex.fixtures ?? {})) {
      files.set(
        name,
        source instanceof URL ? Deno.readTextFileSync(source) : source,
      );
    }
  }
  return files;
}

/** The bare name deno.json's imports map to the framework URL, else the URL itself. */
function frameworkName(
  denoJson: string | Uint8Array | undefined,
  frameworkUrl: string,
): string {
  if (typeof denoJson !== "string") return frameworkUrl;
  let config: unknown;
  try {
    config = JSON.parse(denoJson);
  } catch (error) {
    throw new Error(
      `Cannot read the template's deno.json: it is not JSON: ${
        (error as Error).message
      }`,
    );
  }
  const imports = (config as { imports?: unknown })?.imports;
  if (typeof imports !== "object" || imports === null) return frameworkUrl;
  const entry = Object.entries(imports).find(([, url]) => url === frameworkUrl);
  return entry?.[0] ?? frameworkUrl;
}

/** Whether the grader will map `url` to its local mod.ts (grader/_bundle.ts `isFrameworkSpecifier`). */
function checkFrameworkUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (
    parsed === undefined || !/^https?:$/.test(parsed.protocol) ||
    !parsed.pathname.endsWith("/mod.ts") || !/dualgrade/i.test(url) ||
    /["'\\\s<>`{}]/.test(url)
  ) {
    throw new Error(
      `Invalid framework URL ${url}: the grader takes only an http(s) URL of dualgrade's mod.ts (ending in /mod.ts, with "dualgrade" in it) for the framework`,
    );
  }
}

/** `{ repository, version }` of `https://raw.githubusercontent.com/<owner>/<name>/<tag>/mod.ts`. */
function parseGitHubRawUrl(
  url: string,
): { repository: string; version: string } | undefined {
  const match =
    /^https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+)\/([^/]+)\/mod\.ts$/
      .exec(url);
  return match ? { repository: match[1], version: match[2] } : undefined;
}

/** Writes every file, or none when some exist and `force` is not set. */
function writeAll(
  target: string,
  files: Map<string, string | Uint8Array>,
  options: { force?: boolean; what: string; format?: boolean },
): void {
  if (!options.force) {
    const existing = [...files.keys()].filter((path) => existsSync(path));
    if (existing.length > 0) {
      throw new Error(
        `Cannot write ${options.what} into ${target}: ${
          existing.map((p) => relative(target, p).split(sep).join("/")).join(
            ", ",
          )
        } already exist: pass --force to overwrite them`,
      );
    }
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  // The repository's deno.json keeps Markdown prose as written (the
  // instructor's template); a starter folder has no configuration.
  if (options.format) formatWritten([...files.keys()]);
}

/**
 * Formats the Markdown and TypeScript of a starter folder with `deno fmt`
 * (its defaults, as in a learner's own folder), so a fresh starter passes
 * `deno fmt --check`: the prompts' paragraphs are rewrapped as deno fmt wraps
 * them. Skipped when running Deno is not allowed.
 */
function formatWritten(paths: string[]): void {
  const targets = paths.filter((p) => /\.(md|ts)$/.test(p));
  if (targets.length === 0) return;
  const deno = Deno.execPath();
  if (
    Deno.permissions.querySync({ name: "run", command: deno }).state !==
      "granted"
  ) {
    return;
  }
  const out = new Deno.Command(deno, {
    args: ["fmt", "--no-config", "--quiet", ...targets],
    stdout: "null",
    stderr: "piped",
  }).outputSync();
  if (!out.success) {
    throw new Error(
      `Cannot format the files written: ${
        new TextDecoder().decode(out.stderr).trim()
      }`,
    );
  }
}

/** A URL stays as it is; a path (default: this checkout's mod.ts) becomes relative to the folder. */
function frameworkSpecifier(
  target: string,
  framework: string | undefined,
): string {
  if (framework !== undefined && isBareOrUrl(framework)) return framework;
  // A remote copy (served, or the published package) is imported by its URL.
  if (framework === undefined && FRAMEWORK_ROOT === undefined) {
    return frameworkSpecifierOf("mod.ts");
  }
  const mod = framework !== undefined
    ? resolve(framework)
    : join(FRAMEWORK_ROOT!, "mod.ts");
  let rel = relative(target, mod).split(sep).join("/");
  if (isAbsolute(rel)) return pathToFileURL(mod).href; // another drive on Windows
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

/**
 * The learner-safe plan a learner's repository grades against: the plan
 * given, or one frozen now from a set file (visible checks only); none for a
 * built-in set, which the grader's checkout holds.
 */
async function learnerPlan(
  source: LoadedSource,
  seedGiven: number | undefined,
): Promise<string | undefined> {
  if (source.planFile !== undefined) {
    const thawed = source.thawed!;
    if (!thawed.visibleOnly) {
      throw new Error(
        `Refusing ${source.planFile} for a learner's repository: it holds hidden checks; make a learner-safe plan with deno task plan --visible-only`,
      );
    }
    return Deno.readTextFileSync(source.planFile);
  }
  if (source.file === undefined) return undefined;
  const { planSet, randomSeed } = await import("../grader/grade.ts");
  const { freezePlan } = await import("../grader/plan_file.ts");
  const seed = seedGiven ?? randomSeed();
  const plan = await planSet(source.set, seed, { planner: source.planner });
  const { stopBundler } = await import("../grader/_bundle.ts");
  await stopBundler();
  return freezePlan(plan, { visibleOnly: true });
}

/** A --framework path is typed relative to where the command was typed; a URL or a bare name is kept. */
function frameworkArg(framework: string | undefined): string | undefined {
  if (framework === undefined || isBareOrUrl(framework)) return framework;
  return userPath(framework);
}

/** A URL (`https://…`) or a bare name an import map resolves (`dualgrade`). */
function isBareOrUrl(specifier: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(specifier) ||
    !/^(\.|\/|[A-Za-z]:[\\/])/.test(specifier) &&
      !/\.[cm]?[jt]s$/.test(specifier);
}

/** Every flag of `deno task starter`: its own and those of `--repo`. */
const ALL_FLAGS = { ...STARTER_FLAGS, ...STARTER_REPO_FLAGS };

/**
 * The starter's arguments, or a usage error naming what is wrong: a flag of
 * `--repo` without it, or `--framework` with it.
 */
function checkStarterArgs(
  parsed: CommandLine<typeof ALL_FLAGS>,
): CommandLine<typeof ALL_FLAGS> {
  const v = parsed.values;
  const repoOnly =
    (["version", "framework-url", "repository", "template"] as const)
      .filter((name) => v[name] !== undefined);
  if (!v.repo && repoOnly.length > 0) {
    throw new UsageError(
      COMMAND,
      `Invalid arguments: --${repoOnly[0]} applies only with --repo`,
    );
  }
  if (v.repo && v.framework !== undefined) {
    throw new UsageError(
      COMMAND,
      "Invalid arguments: --framework applies only without --repo: with --repo, pass --framework-url",
    );
  }
  return parsed;
}

async function main(args: string[]): Promise<number> {
  const parsed = readCommandLine(args, {
    command: COMMAND,
    flags: ALL_FLAGS,
    positionals: { min: 1, max: 1, what: "one folder" },
    usage: USAGE,
    read: checkStarterArgs,
  });
  if (typeof parsed === "number") return parsed;
  const v = parsed.values;
  let set: ExerciseSet;
  let source: LoadedSource;
  try {
    source = await loadSource({ set: v.set, plan: v.plan });
    set = source.set;
    if (v.repo) {
      repoPins({
        version: v.version,
        frameworkUrl: v["framework-url"],
        repository: v.repository,
      });
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  try {
    const dir = userPath(parsed.positionals[0]);
    const written = v.repo
      ? writeLearnerRepo(dir, {
        set,
        plan: await learnerPlan(source, v.seed),
        version: v.version,
        frameworkUrl: v["framework-url"],
        repository: v.repository,
        template: v.template === undefined ? undefined : userPath(v.template),
        templateFiles: v.template === undefined && FRAMEWORK_ROOT === undefined
          ? await readShippedTemplate(TEMPLATE_DIR, LEARNER_REPO_FILES)
          : undefined,
        force: v.force,
      })
      : writeStarter(dir, {
        set,
        source: source.args,
        framework: frameworkArg(v.framework),
        force: v.force,
      });
    console.log(`Wrote ${written.length} files to ${dir}:`);
    for (const path of written) {
      console.log(`  ${relative(dir, path).split(sep).join("/")}`);
    }
    if (v.repo) {
      console.log(
        "\nNext: push it to GitHub (git init, git add ., git commit, git push); " +
          "every push is graded by .github/workflows/grade.yml.",
      );
    }
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
