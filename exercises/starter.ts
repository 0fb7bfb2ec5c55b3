/**
 * `deno task starter <dir>`: writes a learner's folder for an exercise set —
 * one module per exercise with every export declared and typed, each
 * throwing "not done yet: <export>" until written, and a README with the
 * prompts.
 *
 * @module
 */

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { setReadme } from "./_describe.ts";
import { loadExerciseSet } from "./sets.ts";
import type { Exercise, ExerciseSet } from "./types.ts";

const USAGE = `Usage: deno task starter <dir> [options]

Writes a learner's starter folder: one module per exercise, every export
declared with its type and throwing "not done yet", and a README.md with the
prompts.

Options:
  --set <id>          The exercise set (default: autograd)
  --framework <url>   Where the modules import mod.ts from: a URL, or a path
                      (default: this checkout's mod.ts, relative to <dir>)
  --force             Overwrite files that already exist
  --help              Show this help`;

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
  const set = options.set ?? loadExerciseSet("autograd");
  const target = resolve(dir);
  const framework = frameworkSpecifier(target, options.framework);
  const files = new Map<string, string>();
  for (const ex of set.exercises) {
    files.set(join(target, `${ex.id}.ts`), starterModule(ex, framework));
  }
  files.set(join(target, "README.md"), setReadme(set));
  if (!options.force) {
    const existing = [...files.keys()].filter((path) => existsSync(path));
    if (existing.length > 0) {
      throw new Error(
        `Cannot write the starter into ${target}: ${
          existing.map((p) => relative(target, p)).join(", ")
        } already exist: pass --force to overwrite them`,
      );
    }
  }
  mkdirSync(target, { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text);
  return [...files.keys()];
}

/** A URL stays as it is; a path (default: this checkout's mod.ts) becomes relative to the folder. */
function frameworkSpecifier(
  target: string,
  framework: string | undefined,
): string {
  if (framework !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(framework)) {
    return framework;
  }
  const mod = framework !== undefined
    ? resolve(framework)
    : fileURLToPath(new URL("../mod.ts", import.meta.url));
  let rel = relative(target, mod).split(sep).join("/");
  if (isAbsolute(rel)) return pathToFileURL(mod).href; // another drive on Windows
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

function main(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        set: { type: "string", default: "autograd" },
        framework: { type: "string" },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : error}\n\n${USAGE}`,
    );
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(
      `Expected one folder, got ${parsed.positionals.length}\n\n${USAGE}`,
    );
    return 2;
  }
  let set: ExerciseSet;
  try {
    set = loadExerciseSet(parsed.values.set);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 2;
  }
  try {
    const written = writeStarter(parsed.positionals[0], {
      set,
      framework: parsed.values.framework,
      force: parsed.values.force,
    });
    const dir = dirname(written[0]);
    console.log(`Wrote ${written.length} files to ${dir}:`);
    for (const path of written) console.log(`  ${relative(dir, path)}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(main(Deno.args));
}
