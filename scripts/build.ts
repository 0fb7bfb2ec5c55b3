/**
 * `deno task build`: bundles mod.ts with esbuild into `dist/dualgrade.js`
 * (ESM, for browsers and Node) and writes its type declarations to
 * `dist/dualgrade.d.ts` with the TypeScript compiler.
 *
 * @module
 */
import * as esbuild from "npm:esbuild@0.28.2";
import ts from "npm:typescript@5.9.3";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
} from "../grader/_flags.ts";
import {
  frameworkSourceHash,
  HASH_FILE,
  TYPES_DIR,
} from "../grader/_framework_types.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What a build wrote. */
export interface BuildResult {
  /** The bundle's path. */
  bundle: string;
  /** The declarations' entry path. */
  declarations: string;
  /** The bundle's size in bytes. */
  bytes: number;
}

/**
 * Builds the bundle and declarations into `outDir` (default `dist/`).
 *
 * @example
 * ```ts ignore
 * import { build } from "./build.ts";
 * const { bundle } = await build();
 * console.log(bundle); // …/dist/dualgrade.js
 * ```
 */
export async function build(
  outDir: string = join(root, "dist"),
): Promise<BuildResult> {
  await Deno.mkdir(outDir, { recursive: true });
  const bundle = join(outDir, "dualgrade.js");
  try {
    await esbuild.build({
      entryPoints: [join(root, "mod.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      outfile: bundle,
      sourcemap: true,
      logLevel: "silent",
    });
  } finally {
    await esbuild.stop();
  }
  const declarations = await writeDeclarations(join(outDir, "types"), ".js");
  await Deno.writeTextFile(
    join(outDir, "dualgrade.d.ts"),
    `export * from "./types/mod.js";\n`,
  );
  const bytes = (await Deno.stat(bundle)).size;
  return { bundle, declarations, bytes };
}

/**
 * Writes the declarations of mod.ts and its modules into `outDir`, with
 * relative imports ending in `extension`: `.js` for bundlers and Node, `.d.ts`
 * for `deno check`, which reads declaration files by their own names.
 *
 * @example
 * ```ts ignore
 * import { writeDeclarations } from "./build.ts";
 * await writeDeclarations("/tmp/types", ".d.ts");
 * ```
 */
export async function writeDeclarations(
  outDir: string,
  extension: ".js" | ".d.ts",
): Promise<string> {
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  const options: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    skipLibCheck: true,
    rootDir: root,
    outDir,
  };
  const program = ts.createProgram([join(root, "mod.ts")], options);
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics)
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    });
    throw new Error(`Cannot write type declarations:\n${text}`);
  }
  for await (const file of walkFiles(outDir)) {
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(
      file,
      text.replace(/(["'])(\.{1,2}\/[^"'\n]*?)\.ts\1/g, `$1$2${extension}$1`),
    );
  }
  return join(outDir, "mod.d.ts");
}

async function* walkFiles(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* walkFiles(path);
    else if (e.name.endsWith(".d.ts")) yield path;
  }
}

/**
 * Regenerates grader/_types/: the declarations the grader type-checks
 * learners' modules against, with the hash of the sources they came from.
 *
 * @example
 * ```ts ignore
 * import { writeGraderTypes } from "./build.ts";
 * await writeGraderTypes();
 * ```
 */
export async function writeGraderTypes(
  dir: string = TYPES_DIR,
): Promise<string> {
  const entry = await writeDeclarations(dir, ".d.ts");
  await Deno.writeTextFile(
    join(dir, HASH_FILE),
    (await frameworkSourceHash()) + "\n",
  );
  return entry;
}

const COMMAND = "deno task build";

/**
 * The flags of `deno task build`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { BUILD_FLAGS } from "./build.ts";
 * console.log("grader-types" in BUILD_FLAGS); // true
 * ```
 */
export const BUILD_FLAGS = {
  "grader-types": {
    help:
      "Regenerate grader/_types/ instead (what deno task build:types runs): the declarations learners' modules are type-checked against",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} [out-dir]
       ${COMMAND}:types

Writes dist/dualgrade.js (ESM) and dist/dualgrade.d.ts (or into out-dir).

Options:
${formatFlags(BUILD_FLAGS)}`;

if (import.meta.main) {
  const parsed = readCommandLine(Deno.args, {
    command: COMMAND,
    flags: BUILD_FLAGS,
    positionals: { max: 1, what: "at most one output folder" },
    usage: USAGE,
  });
  if (typeof parsed === "number") Deno.exit(parsed);
  try {
    if (parsed.values["grader-types"]) {
      console.log(`Wrote ${await writeGraderTypes()}`);
      Deno.exit(0);
    }
    const r = await build(parsed.positionals[0]);
    console.log(
      `Wrote ${r.bundle} (${
        (r.bytes / 1024).toFixed(1)
      } KiB) and ${r.declarations}`,
    );
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(2);
  }
}
