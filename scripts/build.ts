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
  const declarations = writeDeclarations(join(outDir, "types"));
  await Deno.writeTextFile(
    join(outDir, "dualgrade.d.ts"),
    `export * from "./types/mod.js";\n`,
  );
  const bytes = (await Deno.stat(bundle)).size;
  return { bundle, declarations, bytes };
}

function writeDeclarations(outDir: string): string {
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
  return join(outDir, "mod.d.ts");
}

if (import.meta.main) {
  if (Deno.args.includes("--help")) {
    console.log(
      "Usage: deno task build [out-dir]\n\nWrites dist/dualgrade.js (ESM) and dist/dualgrade.d.ts.",
    );
    Deno.exit(0);
  }
  try {
    const r = await build(Deno.args[0]);
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
