/**
 * Bundles learners' modules with esbuild through a resolver that allows only
 * files inside the learner's folder and the framework's public modules.
 *
 * A learner gets one bundle holding each of their exercise modules as a
 * lazily evaluated part: its entry imports the sandbox setup
 * (`_sandbox_setup.ts`) and hands it one loader per part, a literal
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
 * @module
 */

// deno-lint-ignore no-import-prefix
import * as esbuild from "npm:esbuild@0.28.2";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HARNESS = "dualgrade-harness";

const SETUP_FILE = fileURLToPath(
  new URL("./_sandbox_setup.ts", import.meta.url),
);

/** One learner module to bundle. */
export interface BundleRequest {
  /** The exercise id; the bundle is named after it. */
  id: string;
  /** Absolute path of the learner's module. */
  file: string;
}

/** Where an exercise's module is in the learner's bundle, or why it is not. */
export type BundleOutcome =
  | { ok: true; part: number }
  | { ok: false; problems: string[] };

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
}

/** Where the framework is: its `mod.ts`. */
export interface BundleOptions {
  /** Absolute path of the framework's `mod.ts`. */
  modPath: string;
}

/** Whether a specifier names dualgrade's mod.ts by URL or on JSR. */
export function isFrameworkSpecifier(specifier: string): boolean {
  if (/^jsr:\/?@dualgrade\/dualgrade(@[^/]+)?(\/mod\.ts)?$/.test(specifier)) {
    return true;
  }
  if (!/^https?:\/\//i.test(specifier)) return false;
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
  const ctx = await makeContext(folder, options.modPath);
  const outcomes = new Map<string, BundleOutcome>();
  const toBuild: BundleRequest[] = [];
  for (const r of requests) {
    const problem = await checkEntry(ctx, r.file);
    if (problem !== undefined) {
      outcomes.set(r.id, { ok: false, problems: [problem] });
    } else toBuild.push(r);
  }
  let code: string | undefined;
  let parts = toBuild;
  if (parts.length > 0) {
    let all = await build(ctx, parts);
    if (!all.ok && parts.length > 1) {
      const singles = await Promise.all(parts.map((r) => build(ctx, [r])));
      parts = parts.filter((r, i) => {
        const one = singles[i];
        if (!one.ok) outcomes.set(r.id, { ok: false, problems: one.problems });
        return one.ok;
      });
      if (parts.length > 0) all = await build(ctx, parts);
    }
    if (all.ok && parts.length > 0) {
      code = all.code;
      parts.forEach((r, part) => outcomes.set(r.id, { ok: true, part }));
    } else if (!all.ok) {
      for (const r of parts) {
        outcomes.set(r.id, { ok: false, problems: all.problems });
      }
    }
  }
  return {
    outcomes,
    code,
    frameworkSpecifiers: ctx.frameworkSpecifiers,
    ms: performance.now() - started,
  };
}

/** Stops esbuild's service process so a program can exit promptly. */
export async function stopBundler(): Promise<void> {
  await esbuild.stop();
}

interface Context {
  folder: string;
  modPath: string;
  frameworkRoot: string;
  solutionsDir: string;
  importMap: Record<string, string>;
  frameworkSpecifiers: Set<string>;
}

async function makeContext(folder: string, modPath: string): Promise<Context> {
  const realFolder = await Deno.realPath(folder);
  const realMod = await Deno.realPath(modPath);
  const root = dirname(realMod);
  const importMap = await readImportMap(realFolder);
  return {
    folder: realFolder,
    modPath: realMod,
    frameworkRoot: root,
    solutionsDir: join(root, "solutions"),
    importMap,
    frameworkSpecifiers: await frameworkNames(realFolder, importMap),
  };
}

// The names the learner's files may use for the framework, found before
// bundling: esbuild drops unused and type-only imports without resolving
// them, and the type check still needs every one of them mapped.
async function frameworkNames(
  folder: string,
  importMap: Record<string, string>,
): Promise<Set<string>> {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(importMap)) {
    if (isFrameworkSpecifier(value)) names.add(key);
  }
  try {
    for await (const e of Deno.readDir(folder)) {
      if (!e.isFile || !/\.(ts|mts|js)$/.test(e.name)) continue;
      const text = await Deno.readTextFile(join(folder, e.name)).catch(() =>
        ""
      );
      for (const m of text.matchAll(/["'`](https?:\/\/[^"'`\s]+)["'`]/g)) {
        if (isFrameworkSpecifier(m[1])) names.add(m[1]);
      }
    }
  } catch {
    // An unreadable folder is reported by the bundler itself.
  }
  return names;
}

/** The "imports" of the nearest deno.json(c) at or above the folder. */
async function readImportMap(folder: string): Promise<Record<string, string>> {
  let dir = folder;
  for (let i = 0; i < 8; i++) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      try {
        const text = await Deno.readTextFile(join(dir, name));
        const json = JSON.parse(
          name.endsWith("c") ? stripJsonComments(text) : text,
        );
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

function stripJsonComments(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (_m, str) => str ?? "",
  );
}

function inside(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function shown(ctx: Context, path: string): string {
  return inside(ctx.folder, path) ? relative(ctx.folder, path) : path;
}

async function checkEntry(
  ctx: Context,
  file: string,
): Promise<string | undefined> {
  const name = relative(ctx.folder, file);
  let real: string;
  try {
    real = await Deno.realPath(file);
  } catch {
    return `Cannot bundle ${name}: the file does not exist`;
  }
  if (!inside(ctx.folder, real)) {
    return `Cannot bundle ${name}: it is a symbolic link leading outside the solutions folder`;
  }
  return undefined;
}

type Built =
  | { ok: true; code: string }
  | { ok: false; problems: string[] };

/** The entry of a bundle: the harness, given one loader per part. */
const ENTRY = "harness:parts";

/** Bundles `requests` as the parts of one bundle, in their order. */
async function build(ctx: Context, requests: BundleRequest[]): Promise<Built> {
  const byId = new Map(requests.map((r) => [r.id, r]));
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      outfile: join(ctx.folder, ".dualgrade-out", "bundle.js"),
      absWorkingDir: ctx.folder,
      format: "esm",
      platform: "neutral",
      target: "esnext",
      supported: { "dynamic-import": false },
      charset: "utf8",
      logLevel: "silent",
      plugins: [resolverPlugin(ctx, byId, requests.map((r) => r.id))],
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    return {
      ok: false,
      problems: dedupe(
        failure.errors.map((m) => formatMessage(ctx, m, requests)),
      ),
    };
  }
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
  return `Cannot bundle ${file}: ${m.text} (line ${loc.line}, column ${
    loc.column + 1
  }: ${loc.lineText.trim()})`;
}

function resolverPlugin(
  ctx: Context,
  byId: Map<string, BundleRequest>,
  parts: string[],
): esbuild.Plugin {
  return {
    name: "dualgrade",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point") {
          return { path: args.path, namespace: HARNESS };
        }
        if (args.namespace === HARNESS) {
          if (args.path === "dualgrade:setup") return { path: SETUP_FILE };
          const id = args.path.replace(/^dualgrade:learner:/, "");
          const request = byId.get(id);
          if (request !== undefined) {
            return { path: await Deno.realPath(request.file) };
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
        const real = await Deno.realPath(args.path).catch(() => args.path);
        if (inside(ctx.folder, real)) return await loadLearnerFile(ctx, real);
        if (real === SETUP_FILE) return undefined;
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

/**
 * The framework's mod.ts bundled on its own into a file, once per process.
 * Every learner bundle imports it from there (a static import of a local
 * file, which the permission-less child may load), so there is exactly one
 * copy of the framework in the child, bundling a learner's folder costs only
 * the learner's own files, and the children share V8's code cache for it.
 * The file lives in a private temporary folder removed when the process ends.
 *
 * @returns The file URL of the bundled framework.
 */
function frameworkUrl(modPath: string): Promise<string> {
  let url = frameworkFiles.get(modPath);
  if (url === undefined) {
    url = (async () => {
      const result = await esbuild.build({
        entryPoints: [modPath],
        bundle: true,
        write: false,
        format: "esm",
        platform: "neutral",
        target: "esnext",
        charset: "utf8",
        logLevel: "silent",
      });
      const dir = await Deno.makeTempDir({ prefix: "dualgrade-framework-" });
      globalThis.addEventListener("unload", () => {
        try {
          Deno.removeSync(dir, { recursive: true });
        } catch {
          // Already gone.
        }
      });
      const path = join(dir, "mod.js");
      await Deno.writeTextFile(path, result.outputFiles[0].text);
      return pathToFileURL(path).href;
    })();
    url.catch(() => frameworkFiles.delete(modPath));
    frameworkFiles.set(modPath, url);
  }
  return url;
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
  real: string,
): Promise<esbuild.OnLoadResult> {
  const name = relative(ctx.folder, real);
  const ext = /\.[^./\\]+$/.exec(real)?.[0]?.toLowerCase() ?? "";
  const loader = LOADERS[ext];
  if (loader === undefined) {
    return {
      errors: [{
        text:
          `Cannot bundle ${name}: only .ts, .js and .json files can be imported`,
      }],
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(real);
  } catch (error) {
    return {
      errors: [{
        text: `Cannot bundle ${name}: the file cannot be read: ${
          (error as Error).message
        }`,
      }],
    };
  }
  let contents: string;
  try {
    contents = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      errors: [{
        text: `Cannot bundle ${name}: the file is not valid UTF-8 text`,
      }],
    };
  }
  return { contents, loader, resolveDir: dirname(real) };
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
    const mapped = mapBare(ctx.importMap, specifier);
    if (mapped !== undefined && isFrameworkSpecifier(mapped)) {
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
    real = await Deno.realPath(path);
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
  if (real === ctx.modPath) return await framework(ctx);
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

function mapBare(
  map: Record<string, string>,
  specifier: string,
): string | undefined {
  if (Object.hasOwn(map, specifier)) return map[specifier];
  let best: string | undefined;
  for (const key of Object.keys(map)) {
    if (
      key.endsWith("/") && specifier.startsWith(key) &&
      (best === undefined || key.length > best.length)
    ) best = key;
  }
  return best === undefined
    ? undefined
    : map[best] + specifier.slice(best.length);
}
