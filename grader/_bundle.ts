/**
 * Bundles learners' modules with esbuild through a resolver that allows only
 * files inside the learner's folder and the framework's public modules.
 *
 * A learner gets one bundle holding each of their exercise modules as a
 * lazily evaluated part: its entry imports the sandbox setup
 * (`_sandbox_setup.ts`, bundled once into a file of its own, as the
 * framework is) and hands it one loader per part, a literal
 * `import()` that esbuild compiles into a call of the module's init function
 * (modules with top-level await included), so a part's module is evaluated
 * only when the harness runs that part, and a module that throws while
 * loading costs only the parts that import it. The sandbox runs any subset of
 * the parts, all in one process or each alone (see `_sandbox.ts`). The
 * framework's `mod.ts` — whether the learner names it by a relative path, a
 * URL ending in `/mod.ts` of dualgrade, or `jsr:@dualgrade/dualgrade` — is
 * never fetched: it is the local copy, bundled once per process into a file
 * that every bundle imports, so the child holds exactly one copy of it and
 * `instanceof Tensor` in the harness sees the learner's Tensors.
 *
 * Dynamic imports are compiled away (`supported: { "dynamic-import": false }`):
 * literal ones are bundled like static imports and pass the same checks;
 * a computed one would become a `require` call, which is refused, so the
 * bundle holds no way to load code the resolver has not seen.
 *
 * Limits (one learner never costs another anything): every learner file
 * passes the intake checks of `_intake.ts` (regular file, real path inside
 * the folder, at most `MAX_FILE_BYTES`, 256 KB); a file nested deeper than
 * {@linkcode MAX_NESTING} (brackets, and arrow functions without them) is
 * refused before esbuild parses it (its parser recurses: a deep enough file
 * overflows the Go stack of the one service every bundle shares, and nested
 * arrows cost it time with the cube of their depth); one build may load at
 * most {@linkcode MAX_BUILD_FILES} files and {@linkcode MAX_BUILD_BYTES}
 * bytes; and each esbuild call has a deadline
 * ({@linkcode BUILD_DEADLINE_MS}). A service that crashes or passes the
 * deadline is replaced; builds that were in flight with it are retried
 * alone, so only the learner whose files crash or stall the bundler is
 * reported, and a crash's stack trace never reaches the grader's output
 * (see `_esbuild_service.ts`). The learner's own deadline (the `signal` of
 * {@linkcode BundleOptions}, see `_deadline.ts`) ends their build the same
 * way: an esbuild call cannot be cancelled, so its service is replaced
 * rather than left working for nobody.
 *
 * @module
 */

import {
  BUILD_DEADLINE_MS,
  esbuild,
  type Giving,
  guardedBuild,
  stopBundler,
} from "./_esbuild_service.ts";
import {
  basename,
  dirname,
  isAbsolute,
  join,
  relative,
  resolve,
} from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deadlineMessage, deadlineReached } from "./_deadline.ts";
import {
  isInside,
  LearnerFiles,
  MAX_CONFIG_BYTES,
  readLearnerText,
} from "./_intake.ts";
import { parseJsonc } from "./_jsonc.ts";
import { MAX_NESTING, maxNesting } from "./_scan.ts";
import {
  frameworkEntryOfSpecifier,
  frameworkFileOfPath,
  mapThroughImports,
} from "./_framework.ts";
import {
  cacheFolder,
  contentHash,
  FRAMEWORK_BASE,
  frameworkOnDisk,
} from "./_framework_files.ts";
import { CACHE_KINDS, keptInUse, markUsed, pruneCache } from "./_cache.ts";

const HARNESS = "dualgrade-harness";

/** One learner module to bundle. */
export interface BundleRequest {
  /** The exercise id; the bundle is named after it. */
  id: string;
  /** Absolute path of the learner's module. */
  file: string;
  /**
   * The module's text to bundle instead of the file's: the grader's own
   * edit of the learner's text (an export left out, see `_declarations.ts`),
   * under the same checks as the file.
   */
  text?: string;
}

/**
 * Where an exercise's module is in the learner's bundle, or why it is not:
 * `reason` "missing" when the module's file is not there (a file that
 * vanished, a dangling link), "deadline" when the learner's deadline ended
 * bundling first, else "refused".
 */
export type BundleOutcome =
  | { ok: true; part: number }
  | {
    ok: false;
    reason: "missing" | "refused" | "deadline";
    problems: string[];
  };

/** A learner's bundle, each exercise's place in it, and the framework specifiers seen. */
export interface BundleSet {
  /** By exercise id. */
  outcomes: Map<string, BundleOutcome>;
  /** The bundle's code, when at least one exercise's module bundled. */
  code?: string;
  /** Specifiers learners used for the framework other than a relative path (URL, jsr:, bare). */
  frameworkSpecifiers: Set<string>;
  /** Wall time of bundling, in milliseconds. */
  ms: number;
  /** The learner's files as bundling read them (later readers get the same bytes). */
  files: LearnerFiles;
}

/** Where the framework is (its `mod.ts`), and when to give up. */
export interface BundleOptions {
  /**
   * Absolute path of the framework's `mod.ts` on disk; its folder holds the
   * sandbox setup (`grader/_sandbox_setup.ts`). Default: this copy's, on
   * disk wherever this copy is (see `_framework_files.ts`).
   */
  modPath?: string;
  /** The learner's deadline (see `_deadline.ts`): when it aborts, bundling stops. */
  signal?: AbortSignal;
  /** The longest one esbuild call may take; default {@linkcode BUILD_DEADLINE_MS}. */
  buildDeadlineMs?: number;
}

/** Whether a specifier names dualgrade's mod.ts by URL or on JSR. */
export function isFrameworkSpecifier(specifier: string): boolean {
  if (/^jsr:\/?@dualgrade\/dualgrade(@[^/]+)?(\/mod\.ts)?$/.test(specifier)) {
    return true;
  }
  if (!/^https?:\/\//i.test(specifier)) return false;
  // This copy's own mod.ts, when it runs from a URL.
  if (specifier === new URL("mod.ts", FRAMEWORK_BASE).href) return true;
  try {
    const url = new URL(specifier);
    return url.pathname.endsWith("/mod.ts") && /dualgrade/i.test(url.href);
  } catch {
    return false;
  }
}

/**
 * Bundles every request of one learner folder into one bundle, in one
 * esbuild call when all succeed; when some fail, each is bundled alone to
 * find its problems, so a broken module costs only its own exercise, and the
 * others are bundled together again.
 */
export async function bundleSubmission(
  folder: string,
  requests: BundleRequest[],
  options: BundleOptions,
): Promise<BundleSet> {
  const started = performance.now();
  const ctx = await makeContext(
    folder,
    options.modPath ?? join(await frameworkOnDisk(), "mod.ts"),
    options,
  );
  const outcomes = new Map<string, BundleOutcome>();
  const toBuild: BundleRequest[] = [];
  for (const r of requests) {
    const problem = await checkEntry(ctx, r.file);
    if (problem !== undefined) {
      outcomes.set(r.id, {
        ok: false,
        reason: problem.reason,
        problems: [problem.text],
      });
    } else toBuild.push(r);
  }
  let code: string | undefined;
  let parts = toBuild;
  if (parts.length > 0) {
    let all = await build(ctx, parts);
    if (!all.ok && !all.deadline && parts.length > 1) {
      const singles = await Promise.all(parts.map((r) => build(ctx, [r])));
      parts = parts.filter((r, i) => {
        const one = singles[i];
        if (!one.ok) outcomes.set(r.id, refusal(one));
        return one.ok;
      });
      if (parts.length > 0) all = await build(ctx, parts);
    }
    if (all.ok && parts.length > 0) {
      code = all.code;
      parts.forEach((r, part) => outcomes.set(r.id, { ok: true, part }));
    } else if (!all.ok) {
      for (const r of parts) outcomes.set(r.id, refusal(all));
    }
  }
  return {
    outcomes,
    code,
    frameworkSpecifiers: ctx.frameworkSpecifiers,
    ms: performance.now() - started,
    files: ctx.files,
  };
}

/** A build's failure as an exercise's outcome. */
function refusal(failed: Built & { ok: false }): BundleOutcome {
  return {
    ok: false,
    reason: failed.deadline ? "deadline" : "refused",
    problems: failed.problems,
  };
}

export { BUILD_DEADLINE_MS, stopBundler };

/** The most learner files one build may load. */
export const MAX_BUILD_FILES = 200;
/** The most bytes of learner files one build may load. */
export const MAX_BUILD_BYTES = 4 << 20;

interface Context {
  folder: string;
  modPath: string;
  /** The sandbox setup every bundle's entry imports (the framework's `grader/_sandbox_setup.ts`). */
  setupFile: string;
  giving: Giving;
  frameworkRoot: string;
  solutionsDir: string;
  importMap: Record<string, string>;
  frameworkSpecifiers: Set<string>;
  /** Every read of the learner's files and every real path, once per build. */
  files: LearnerFiles;
}

async function makeContext(
  folder: string,
  modPath: string,
  options: BundleOptions,
): Promise<Context> {
  const realFolder = await Deno.realPath(folder);
  const realMod = await Deno.realPath(modPath);
  const root = dirname(realMod);
  const files = new LearnerFiles(realFolder);
  const importMap = await readImportMap(files);
  return {
    folder: realFolder,
    modPath: realMod,
    setupFile: join(root, "grader", "_sandbox_setup.ts"),
    giving: {
      deadlineMs: options.buildDeadlineMs ?? BUILD_DEADLINE_MS,
      signal: options.signal,
    },
    frameworkRoot: root,
    solutionsDir: join(root, "solutions"),
    importMap,
    frameworkSpecifiers: await frameworkNames(files, importMap),
    files,
  };
}

// The names the learner's files may use for the framework, found before
// bundling: esbuild drops unused and type-only imports without resolving
// them, and the type check still needs every one of them mapped.
async function frameworkNames(
  files: LearnerFiles,
  importMap: Record<string, string>,
): Promise<Set<string>> {
  const folder = files.folder;
  const names = new Set<string>();
  for (const [key, value] of Object.entries(importMap)) {
    if (isFrameworkSpecifier(value)) names.add(key);
  }
  try {
    for await (const e of Deno.readDir(folder)) {
      if (!e.isFile || !/\.(ts|mts|js)$/.test(e.name)) continue;
      const read = await files.readText(join(folder, e.name));
      if (!read.ok) continue;
      for (const m of read.text.matchAll(/["'`](https?:\/\/[^"'`\s]+)["'`]/g)) {
        if (isFrameworkSpecifier(m[1])) names.add(m[1]);
      }
    }
  } catch {
    // An unreadable folder is reported by the bundler itself.
  }
  return names;
}

/**
 * The "imports" of the nearest deno.json(c) at or above the folder, each
 * file read through the intake checks (a regular file, under
 * {@linkcode MAX_CONFIG_BYTES}) and parsed by a linear JSONC parser.
 */
async function readImportMap(
  files: LearnerFiles,
): Promise<Record<string, string>> {
  let dir = files.folder;
  for (let i = 0; i < 8; i++) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        const read = dir === files.folder
          ? await files.readText(join(dir, name), MAX_CONFIG_BYTES)
          : await readLearnerText(dir, join(dir, name), MAX_CONFIG_BYTES);
        if (!read.ok) continue;
        const json = parseJsonc(read.text) as { imports?: unknown } | null;
        const imports = json?.imports;
        if (typeof imports !== "object" || imports === null) return {};
        return Object.fromEntries(
          Object.entries(imports).filter((e): e is [string, string] =>
            typeof e[1] === "string"
          ),
        );
      } catch {
        // Not there, or not JSON: keep looking upwards.
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return {};
}

const inside = isInside;

function shown(ctx: Context, path: string): string {
  return inside(ctx.folder, path) ? relative(ctx.folder, path) : path;
}

async function checkEntry(
  ctx: Context,
  file: string,
): Promise<{ reason: "missing" | "refused"; text: string } | undefined> {
  const name = relative(ctx.folder, file);
  const read = await ctx.files.read(file);
  if (read.ok) return undefined;
  switch (read.reason) {
    case "missing":
      return {
        reason: "missing",
        text: `Cannot bundle ${name}: the file does not exist`,
      };
    case "outside":
      return {
        reason: "refused",
        text:
          `Cannot bundle ${name}: it is a symbolic link leading outside the solutions folder`,
      };
  }
  return { reason: "refused", text: `Cannot bundle ${name}: it ${read.why}` };
}

type Built =
  | { ok: true; code: string }
  | { ok: false; problems: string[]; deadline?: boolean };

/** The entry of a bundle: the harness, given one loader per part. */
const ENTRY = "harness:parts";

/** Bundles `requests` as the parts of one bundle, in their order. */
async function build(ctx: Context, requests: BundleRequest[]): Promise<Built> {
  const byId = new Map(requests.map((r) => [r.id, r]));
  const budget = { files: 0, bytes: 0 };
  const guarded = await guardedBuild({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outfile: join(ctx.folder, ".dualgrade-out", "bundle.js"),
    absWorkingDir: ctx.folder,
    format: "esm",
    platform: "neutral",
    target: "esnext",
    supported: { "dynamic-import": false },
    // Stack traces name the learner's file and line (the maps hold no sources).
    sourcemap: "inline",
    sourcesContent: false,
    charset: "utf8",
    logLevel: "silent",
    plugins: [
      resolverPlugin(ctx, byId, requests.map((r) => r.id), budget),
    ],
  }, ctx.giving);
  if (!guarded.ok) {
    if ("lost" in guarded) {
      const entry = requests.length === 1
        ? relative(ctx.folder, requests[0].file)
        : "the solutions";
      const signal = ctx.giving.signal;
      if (guarded.lost === "deadline") {
        return {
          ok: false,
          deadline: true,
          problems: [
            deadlineReached(signal)
              ? deadlineMessage(signal.reason.ms, "while bundling")
              : `Cannot bundle ${entry}: bundling was stopped`,
          ],
        };
      }
      return {
        ok: false,
        problems: [
          guarded.lost === "crashed"
            ? `Cannot bundle ${entry}: the bundler crashed on it (a file too deeply nested or too large?)`
            : `Cannot bundle ${entry}: bundling took longer than ${
              seconds(ctx.giving.deadlineMs)
            } and was stopped`,
        ],
      };
    }
    return {
      ok: false,
      problems: dedupe(
        guarded.failure.map((m) => formatMessage(ctx, m, requests)),
      ),
    };
  }
  const result = guarded.result;
  const code = result.outputFiles[0].text;
  const computed = findComputedImport(code);
  if (computed !== undefined) {
    const entry = requests.length === 1
      ? relative(ctx.folder, requests[0].file)
      : "the solutions";
    return {
      ok: false,
      problems: [
        `Cannot bundle ${entry}: a dynamic import or require with a computed specifier (in ${
          computed === "" ? entry : computed
        }) cannot be checked: import modules by a literal path`,
      ],
    };
  }
  return { ok: true, code };
}

/** The module (as esbuild's `// path` comment names it) holding a `__require(` call, if any. */
function findComputedImport(code: string): string | undefined {
  if (!/\b__require\d*\(/.test(code)) return undefined;
  let module = "";
  for (const line of code.split("\n")) {
    const comment = /^\/\/ (.+)$/.exec(line);
    if (comment) module = comment[1];
    else if (/\b__require\d*\(/.test(line) && !/^var __require/.test(line)) {
      return module;
    }
  }
  return "";
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

function formatMessage(
  ctx: Context,
  m: esbuild.Message,
  requests: BundleRequest[],
): string {
  if (/^Cannot bundle /.test(m.text)) return m.text;
  const loc = m.location;
  const entry = requests.length === 1
    ? relative(ctx.folder, requests[0].file)
    : "the solutions";
  if (loc === null) return `Cannot bundle ${entry}: ${m.text}`;
  const file = loc.file.startsWith(HARNESS)
    ? entry
    : shown(ctx, resolve(ctx.folder, loc.file));
  // esbuild's own errors (no plugin) at a place in a file are the parser's.
  const syntax = m.pluginName === "" ? "syntax error: " : "";
  return `Cannot bundle ${file}: ${syntax}${m.text} (line ${loc.line}, column ${
    loc.column + 1
  }: ${loc.lineText.trim()})`;
}

function resolverPlugin(
  ctx: Context,
  byId: Map<string, BundleRequest>,
  parts: string[],
  budget: { files: number; bytes: number },
): esbuild.Plugin {
  // The grader's edits of entry modules, by real path (filled as they resolve).
  const edited = new Map<string, string>();
  return {
    name: "dualgrade",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point") {
          return { path: args.path, namespace: HARNESS };
        }
        if (args.namespace === HARNESS) {
          if (args.path === "dualgrade:setup") {
            return { path: await harnessUrl(ctx), external: true };
          }
          const id = args.path.replace(/^dualgrade:learner:/, "");
          const request = byId.get(id);
          if (request !== undefined) {
            const real = await ctx.files.realPath(request.file);
            if (request.text !== undefined) edited.set(real, request.text);
            return { path: real };
          }
          return {
            errors: [{
              text: `Cannot bundle: unknown harness import ${args.path}`,
            }],
          };
        }
        return await resolveImport(ctx, args.importer, args.path);
      });
      b.onLoad({ filter: /.*/, namespace: HARNESS }, () => {
        const contents = [
          `import { runParts } from "dualgrade:setup";`,
          `await runParts([`,
          ...parts.map((id) =>
            `  () => import(${JSON.stringify(`dualgrade:learner:${id}`)}),`
          ),
          `]);`,
        ].join("\n");
        return { contents, loader: "js", resolveDir: ctx.folder };
      });
      b.onLoad({ filter: /.*/ }, async (args) => {
        // Every file esbuild loads passes here, including files matched by
        // glob-style imports, which do not go through onResolve.
        const real = await ctx.files.realPath(args.path).catch(() => args.path);
        if (inside(ctx.folder, real)) {
          return await loadLearnerFile(
            ctx,
            args.path,
            budget,
            edited.get(real),
          );
        }
        if (real === ctx.setupFile) return undefined;
        return {
          errors: [{
            text:
              `a computed import reaches ${real}, which is outside the solutions folder`,
          }],
        };
      });
    },
  };
}

const frameworkFiles = new Map<string, Promise<string>>();

/** The bundled framework's extra export through which the harness reaches the NaN/∞ watch. */
export const NONFINITE_EXPORT = "_nonFiniteWatch";

/**
 * The framework's mod.ts bundled on its own into a file. Every learner
 * bundle imports it from there (a static import of a local file, which the
 * permission-less child may load), so there is exactly one copy of the
 * framework in the child, bundling a learner's folder costs only the
 * learner's own files, and the children share V8's code cache for it.
 *
 * The file is built once per content, not once per run: it lives in the
 * cache folder (`_framework_files.ts`) named by a hash of everything the
 * build read (each input file's path and text, the entry, esbuild's
 * version). A manifest per framework folder lists the inputs of its last
 * build; a run hashes those files as they are now and reuses the bundle of
 * that hash when it exists. A changed file changes the hash (and, if its
 * imports changed, the build that follows writes a new manifest), so a
 * stale bundle is never used. Each reuse marks the bundle as used, and
 * writing a new one prunes the old ones (`_cache.ts`).
 *
 * @returns The file URL of the bundled framework.
 */
function frameworkUrl(modPath: string): Promise<string> {
  return keptInUse(
    frameworkFiles,
    modPath,
    cachedFrameworkBundle,
    fileURLToPath,
  );
}

/** The entry of the framework's bundle: mod.ts, plus the NaN/∞ watch for the harness. */
function frameworkEntry(modPath: string): string {
  // core/_nonfinite.ts can only change feedback, never a score.
  return `export * from "./${basename(modPath)}";\n` +
    `export { watch as ${NONFINITE_EXPORT} } from "./core/_nonfinite.ts";\n`;
}

/** Where the framework's bundles and manifests are kept. */
async function bundleFolder(): Promise<string> {
  const dir = join(await cacheFolder(), "bundles");
  await Deno.mkdir(dir, { recursive: true });
  return dir;
}

/** The hash naming a bundle: esbuild's version, the entry, each input's path and text. */
async function bundleKey(
  root: string,
  entry: string,
  inputs: string[],
): Promise<string> {
  const parts: [string, string][] = [
    ["esbuild", esbuild.version],
    ["<entry>", entry],
  ];
  for (const rel of [...inputs].sort()) {
    parts.push([rel, await Deno.readTextFile(join(root, rel))]);
  }
  return (await contentHash(parts)).slice(0, 32);
}

/** Writes a file whole or not at all: under a temporary name, then renamed. */
async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = `${path}.partial-${crypto.randomUUID()}`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * The bundle of the framework at `modPath`: reused from the cache when its
 * inputs are unchanged, else built and stored. (Learner bundles go through
 * {@linkcode frameworkUrl}, which asks once per process.)
 *
 * @returns The file URL of the bundle.
 */
export async function cachedFrameworkBundle(modPath: string): Promise<string> {
  const root = dirname(modPath);
  const entry = frameworkEntry(modPath);
  const dir = await bundleFolder();
  const manifest = join(
    dir,
    `${(await contentHash([["root", root]])).slice(0, 32)}.inputs.json`,
  );
  const reused = await reuseBundle(dir, manifest, root, entry);
  if (reused !== undefined) return reused;
  const built = await guardedBuild({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    target: "esnext",
    charset: "utf8",
    logLevel: "silent",
  });
  if (!built.ok) {
    throw new Error(
      `Cannot bundle the framework's ${modPath}: ${
        "lost" in built
          ? `the bundler ${built.lost === "timeout" ? "timed out" : "crashed"}`
          : built.failure.map((m) => m.text).join("; ")
      }`,
    );
  }
  const inputs = Object.keys(built.result.metafile?.inputs ?? {})
    .filter((name) => name !== "<stdin>");
  const path = join(dir, `${await bundleKey(root, entry, inputs)}.js`);
  await writeWhole(path, built.result.outputFiles[0].text);
  await writeWhole(manifest, JSON.stringify({ inputs }));
  const cache = await cacheFolder();
  await pruneCache(cache, CACHE_KINDS.bundle);
  await pruneCache(cache, CACHE_KINDS.manifest);
  return pathToFileURL(path).href;
}

/** The cached bundle for the framework's files as they are now, if there is one. */
async function reuseBundle(
  dir: string,
  manifest: string,
  root: string,
  entry: string,
): Promise<string | undefined> {
  try {
    const { inputs } = JSON.parse(await Deno.readTextFile(manifest));
    if (
      !Array.isArray(inputs) || !inputs.every((i) => typeof i === "string")
    ) return undefined;
    const path = join(dir, `${await bundleKey(root, entry, inputs)}.js`);
    if (!await markUsed(path)) return undefined;
    await markUsed(manifest);
    return pathToFileURL(path).href;
  } catch {
    return undefined; // No manifest, or an input gone.
  }
}

const harnessFiles = new Map<string, Promise<string>>();

/**
 * The sandbox setup (`_sandbox_setup.ts`) bundled on its own into a file,
 * once per setup file and process. Every learner bundle's entry imports it
 * from there, as every bundle imports the framework: a learner's build then
 * parses only the learner's files (esbuild's CPU per learner about 7 → 4
 * ms), and the children share V8's code cache for the harness instead of
 * compiling it afresh each (about 2.5 ms of CPU each). Its only run-time
 * import is the framework's mod.ts, mapped to the framework's bundle, so a
 * child still holds one copy of the framework. The file is named by a hash
 * of its text, in the cache folder (`harness/`, beside `bundles/`).
 *
 * @returns The file URL of the bundled harness.
 */
function harnessUrl(ctx: Context): Promise<string> {
  return keptInUse(
    harnessFiles,
    ctx.setupFile,
    () => buildHarness(ctx),
    fileURLToPath,
  );
}

async function buildHarness(ctx: Context): Promise<string> {
  const frameworkFile = await frameworkUrl(ctx.modPath);
  const built = await guardedBuild({
    entryPoints: [ctx.setupFile],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "esnext",
    charset: "utf8",
    logLevel: "silent",
    plugins: [{
      name: "dualgrade-harness",
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (args) => {
          if (args.kind === "entry-point") return undefined;
          const path = resolve(dirname(args.importer), args.path);
          const real = await Deno.realPath(path).catch(() => path);
          if (real === ctx.modPath) {
            return { path: frameworkFile, external: true };
          }
          return {
            errors: [{
              text:
                `Cannot bundle the sandbox setup: it may import only the framework's mod.ts at run time, not ${args.path}`,
            }],
          };
        });
      },
    }],
  });
  if (!built.ok) {
    throw new Error(
      `Cannot bundle the sandbox setup ${ctx.setupFile}: ${
        "lost" in built
          ? `the bundler ${built.lost === "timeout" ? "timed out" : "crashed"}`
          : built.failure.map((m) => m.text).join("; ")
      }`,
    );
  }
  const text = built.result.outputFiles[0].text;
  const key = (await contentHash([["harness", text]])).slice(0, 32);
  const dir = join(await cacheFolder(), "harness");
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, `${key}.js`);
  if (!await markUsed(path)) {
    await writeWhole(path, text);
    await pruneCache(await cacheFolder(), CACHE_KINDS.harness);
  }
  return pathToFileURL(path).href;
}

/** The framework as esbuild should see it: an external module. */
async function framework(ctx: Context): Promise<esbuild.OnResolveResult> {
  return { path: await frameworkUrl(ctx.modPath), external: true };
}

const LOADERS: Record<string, esbuild.Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};

async function loadLearnerFile(
  ctx: Context,
  path: string,
  budget: { files: number; bytes: number },
  edit?: string,
): Promise<esbuild.OnLoadResult> {
  const name = relative(ctx.folder, path);
  const fail = (text: string): esbuild.OnLoadResult => ({
    errors: [{ text: `Cannot bundle ${name}: ${text}` }],
  });
  const ext = /\.[^./\\]+$/.exec(path)?.[0]?.toLowerCase() ?? "";
  const loader = LOADERS[ext];
  if (loader === undefined) {
    return {
      errors: [{
        text:
          `Cannot bundle ${name}: only .ts, .js and .json files can be imported`,
      }],
    };
  }
  if (++budget.files > MAX_BUILD_FILES) {
    return fail(`more than ${MAX_BUILD_FILES} files are imported`);
  }
  const read = await ctx.files.read(path);
  if (!read.ok) {
    return fail(
      read.reason === "missing"
        ? "the file cannot be read: it does not exist"
        : `it ${read.why}`,
    );
  }
  const bytes = read.bytes;
  budget.bytes += bytes.length;
  if (budget.bytes > MAX_BUILD_BYTES) {
    return fail(
      `the imported files hold more than ${MAX_BUILD_BYTES} bytes in all`,
    );
  }
  let contents: string;
  try {
    contents = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // The file passed every check; the grader's edit of its text is bundled.
    if (edit !== undefined) contents = edit;
  } catch {
    return {
      errors: [{
        text: `Cannot bundle ${name}: the file is not valid UTF-8 text`,
      }],
    };
  }
  const depth = maxNesting(contents);
  if (depth > MAX_NESTING) {
    return fail(
      `brackets and arrow functions are nested ${depth} deep, the limit is ${MAX_NESTING}`,
    );
  }
  return { contents, loader, resolveDir: dirname(read.real) };
}

async function resolveImport(
  ctx: Context,
  importer: string,
  specifier: string,
): Promise<esbuild.OnResolveResult> {
  const fromLearner = inside(ctx.folder, importer);
  const from = fromLearner ? relative(ctx.folder, importer) : importer;
  const refuse = (why: string): esbuild.OnResolveResult => ({
    errors: [{
      text: `Cannot bundle ${from}: import of ${
        JSON.stringify(specifier)
      } ${why}`,
    }],
  });

  if (isFrameworkSpecifier(specifier)) {
    ctx.frameworkSpecifiers.add(specifier);
    return await framework(ctx);
  }
  let target = specifier;
  if (
    fromLearner && !isPathLike(specifier) &&
    !/^[a-z][a-z0-9+.-]*:/i.test(specifier)
  ) {
    const mapped = mapThroughImports(ctx.importMap, specifier);
    if (
      (mapped !== undefined && isFrameworkSpecifier(mapped)) ||
      frameworkEntryOfSpecifier(specifier) === "mod.ts"
    ) {
      ctx.frameworkSpecifiers.add(specifier);
      return await framework(ctx);
    }
    return refuse(
      "is not allowed: only files inside the solutions folder and the framework's mod.ts can be imported",
    );
  }
  if (/^npm:/i.test(target)) {
    return refuse(
      "is not allowed: npm packages are not available to solutions",
    );
  }
  if (/^jsr:/i.test(target)) {
    return refuse(
      "is not allowed: JSR packages are not available to solutions",
    );
  }
  if (/^node:/i.test(target)) {
    return refuse(
      "is not allowed: Node built-ins are not available to solutions",
    );
  }
  if (/^https?:/i.test(target)) {
    return refuse(
      "is not allowed: remote modules are not available to solutions (only the framework's mod.ts)",
    );
  }
  let path: string;
  if (/^file:/i.test(target)) {
    try {
      path = fileURLToPath(target);
    } catch {
      return refuse("is not a valid file URL");
    }
  } else if (isPathLike(target)) {
    path = isAbsolute(target) ? target : resolve(dirname(importer), target);
  } else {
    return refuse(
      "is not allowed: only files inside the solutions folder and the framework's mod.ts can be imported",
    );
  }
  target = path;
  let real: string;
  try {
    real = await ctx.files.realPath(path);
    const info = await Deno.stat(real);
    if (!info.isFile) return refuse("is not a file");
  } catch {
    if (fromLearner && !inside(ctx.folder, resolve(path))) {
      return refuse("leaves the solutions folder");
    }
    return refuse(
      "cannot be found (imports need the file extension, e.g. ./helper.ts)",
    );
  }
  // Any checkout's mod.ts (a course's copy, a symlink) is this copy's.
  if (real === ctx.modPath || frameworkFileOfPath(real) === "mod.ts") {
    return await framework(ctx);
  }
  if (fromLearner) {
    if (inside(ctx.folder, real)) return { path: real };
    if (inside(join(dirname(ctx.modPath), "core"), real)) {
      return refuse("is not allowed: import the framework from its mod.ts");
    }
    if (inside(ctx.folder, resolve(path))) {
      return refuse(
        "leads outside the solutions folder through a symbolic link",
      );
    }
    return refuse("leaves the solutions folder");
  }
  // From the sandbox setup: the framework only.
  return refuse("is outside the framework");
}

function isPathLike(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") ||
    specifier.startsWith("/") ||
    specifier === "." || specifier === "..";
}
