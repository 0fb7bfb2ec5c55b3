/**
 * One framework, however it is reached. A course's set module, its
 * reference solutions and its learners may name dualgrade by a relative
 * path into any checkout, by URL, by `jsr:@dualgrade/dualgrade`, or by the
 * bare names `"dualgrade"`, `"dualgrade/exercises"`, `"dualgrade/grader"`
 * through the course's import map. Every one of them means the copy that is
 * grading: this module says which of its files a specifier names, and loads
 * instructors' modules (set files, references) in this process through an
 * esbuild bundle whose framework imports point at this copy's own files, so
 * the process holds exactly one copy.
 *
 * | reached as | maps to |
 * | --- | --- |
 * | `dualgrade`, `@dualgrade/dualgrade`, `jsr:@dualgrade/dualgrade[@v]` | `mod.ts` |
 * | the same followed by `/exercises`, `/grader` | `exercises/mod.ts`, `grader/mod.ts` |
 * | a URL containing "dualgrade", ending in `/mod.ts` (`…/exercises/mod.ts` …) | the same entry |
 * | a path to a file inside a checkout (a folder whose deno.json is named `@dualgrade/dualgrade`) | the same file of this copy |
 *
 * @module
 */

import { type esbuild, guardedBuild } from "./_esbuild_service.ts";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { importModule } from "./_import.ts";
import {
  FRAMEWORK_BASE,
  FRAMEWORK_PATH,
  frameworkSpecifierOf,
} from "./_framework_files.ts";

/**
 * This copy's root folder (where its deno.json is), ending without a
 * separator, when this copy is on disk; undefined when it is remote (served
 * over HTTP, or the published package): see `_framework_files.ts`.
 */
export const FRAMEWORK_ROOT: string | undefined = FRAMEWORK_PATH;

/** The package name in a dualgrade checkout's deno.json. */
const PACKAGE = "@dualgrade/dualgrade";

/** The public entry points, by the subpath after the package name. */
const ENTRIES: Record<string, string> = {
  "": "mod.ts",
  "/mod.ts": "mod.ts",
  "/exercises": "exercises/mod.ts",
  "/exercises/mod.ts": "exercises/mod.ts",
  "/grader": "grader/mod.ts",
  "/grader/mod.ts": "grader/mod.ts",
};

/**
 * The file of this copy (relative to its root) that a
 * bare, `jsr:` or URL specifier names, or undefined when it names no part
 * of dualgrade.
 *
 * @example
 * ```ts
 * import { frameworkEntryOfSpecifier } from "./_framework.ts";
 * import assert from "node:assert/strict";
 * assert.equal(frameworkEntryOfSpecifier("dualgrade/exercises"), "exercises/mod.ts");
 * assert.equal(frameworkEntryOfSpecifier("http://127.0.0.1:8000/dualgrade/mod.ts"), "mod.ts");
 * assert.equal(frameworkEntryOfSpecifier("lodash"), undefined);
 * ```
 */
export function frameworkEntryOfSpecifier(
  specifier: string,
): string | undefined {
  const bare = /^(?:jsr:\/?)?(?:@dualgrade\/)?dualgrade(?:@[^/]+)?(\/.*)?$/
    .exec(specifier);
  if (
    bare && (specifier.startsWith("jsr:") || !specifier.includes("@") ||
      specifier.startsWith("@dualgrade/"))
  ) {
    return ENTRIES[bare[1] ?? ""];
  }
  if (!/^https?:\/\//i.test(specifier)) return undefined;
  let url: URL;
  try {
    url = new URL(specifier);
  } catch {
    return undefined;
  }
  // This copy's own entries, when it runs from a URL.
  for (const entry of new Set(Object.values(ENTRIES))) {
    if (url.href === new URL(entry, FRAMEWORK_BASE).href) return entry;
  }
  if (!/dualgrade/i.test(url.href) || !url.pathname.endsWith("/mod.ts")) {
    return undefined;
  }
  if (url.pathname.endsWith("/exercises/mod.ts")) return "exercises/mod.ts";
  if (url.pathname.endsWith("/grader/mod.ts")) return "grader/mod.ts";
  return "mod.ts";
}

const checkoutRoots = new Map<string, string | undefined>();

/**
 * The root of the dualgrade checkout holding `path` (the nearest folder above
 * it whose deno.json is named `@dualgrade/dualgrade`), or undefined.
 *
 * @example
 * ```ts
 * import { checkoutRoot, FRAMEWORK_ROOT } from "./_framework.ts";
 * import { join } from "node:path";
 * console.log(checkoutRoot(join(FRAMEWORK_ROOT!, "mod.ts")) === FRAMEWORK_ROOT); // true
 * ```
 */
export function checkoutRoot(path: string): string | undefined {
  let dir = dirname(resolve(path));
  const seen: string[] = [];
  for (;;) {
    if (checkoutRoots.has(dir)) {
      const found = checkoutRoots.get(dir);
      for (const d of seen) checkoutRoots.set(d, found);
      return found;
    }
    seen.push(dir);
    let found: string | undefined;
    try {
      const json = JSON.parse(readFileSync(join(dir, "deno.json"), "utf8"));
      if (json?.name === PACKAGE) found = dir;
    } catch {
      // No deno.json here, or not JSON.
    }
    const up = dirname(dir);
    if (found !== undefined || up === dir) {
      for (const d of seen) checkoutRoots.set(d, found);
      return found;
    }
    dir = up;
  }
}

/**
 * The file of this copy, relative to its root, that a path into any
 * dualgrade checkout (this one included) stands for, or undefined when the
 * path is in none. (A remote copy's files cannot be listed: any path in a
 * checkout stands for the file of the same name, and importing it fails
 * loudly if this copy has none.)
 *
 * @example
 * ```ts
 * import { frameworkFileOfPath, FRAMEWORK_ROOT } from "./_framework.ts";
 * import { join } from "node:path";
 * console.log(frameworkFileOfPath(join(FRAMEWORK_ROOT!, "exercises", "mod.ts"))); // "exercises/mod.ts"
 * ```
 */
export function frameworkFileOfPath(path: string): string | undefined {
  const root = checkoutRoot(path);
  if (root === undefined) return undefined;
  const rel = relative(root, resolve(path)).split(sep).join("/");
  if (FRAMEWORK_ROOT === undefined) return rel;
  return existsSync(join(FRAMEWORK_ROOT, rel)) ? rel : undefined;
}

/**
 * The `imports` of the nearest deno.json(c) at or above `dir`, with the
 * folder it was found in (relative targets resolve against it).
 *
 * @example
 * ```ts
 * import { courseImportMap } from "./_framework.ts";
 * console.log(typeof (await courseImportMap("/")).imports); // "object"
 * ```
 */
export async function courseImportMap(
  dir: string,
): Promise<{ imports: Record<string, string>; base: string }> {
  let at = resolve(dir);
  for (;;) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      let text: string;
      try {
        text = await Deno.readTextFile(join(at, name));
      } catch {
        continue;
      }
      try {
        const json = JSON.parse(
          text.replace(
            /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
            (_m, s) => s ?? "",
          ),
        );
        const imports = typeof json?.imports === "object" && json.imports
          ? Object.fromEntries(
            Object.entries(json.imports).filter((e): e is [string, string] =>
              typeof e[1] === "string"
            ),
          )
          : {};
        return { imports, base: at };
      } catch {
        return { imports: {}, base: at };
      }
    }
    const up = dirname(at);
    if (up === at) return { imports: {}, base: at };
    at = up;
  }
}

/**
 * Maps a bare specifier through an import map (exact keys, then the longest
 * key ending in `/` that prefixes it), or undefined.
 *
 * @example
 * ```ts
 * import { mapThroughImports } from "./_framework.ts";
 * console.log(mapThroughImports({ "dualgrade/": "../dg/" }, "dualgrade/mod.ts")); // "../dg/mod.ts"
 * ```
 */
export function mapThroughImports(
  imports: Record<string, string>,
  specifier: string,
): string | undefined {
  if (Object.hasOwn(imports, specifier)) return imports[specifier];
  let best: string | undefined;
  for (const key of Object.keys(imports)) {
    if (
      key.endsWith("/") && specifier.startsWith(key) &&
      (best === undefined || key.length > best.length)
    ) best = key;
  }
  return best === undefined
    ? undefined
    : imports[best] + specifier.slice(best.length);
}

/** Which specifiers are left for Deno to load: packages and built-ins. */
const EXTERNAL = /^(npm|jsr|node):/i;

/**
 * Loads instructor modules (a set file, reference solutions) in this
 * process, with every import of dualgrade mapped to this copy: each file is
 * bundled by esbuild (its own relative imports included, bare names mapped
 * through its course's import map; `npm:`, `jsr:` and `node:` left to
 * Deno), `import.meta.url` keeps naming the original file, and the bundle is
 * imported from a temporary file.
 *
 * @param files The modules: absolute paths, or URLs (this copy's own
 * modules, e.g. a built-in set's references, may be remote).
 * @returns Each module's namespace, in order.
 * @throws Error naming the file and the import that cannot be resolved.
 *
 * @example
 * ```ts
 * import { loadTrustedModules, FRAMEWORK_ROOT } from "./_framework.ts";
 * import { join } from "node:path";
 * const [ref] = await loadTrustedModules([join(FRAMEWORK_ROOT!, "solutions/autograd/01.ts")]);
 * console.log(typeof ref.fGrad); // "function"
 * ```
 */
export async function loadTrustedModules(
  files: (string | URL)[],
): Promise<Record<string, unknown>[]> {
  if (files.length === 0) return [];
  const urls = files.map((f) =>
    f instanceof URL ? f : pathToFileURL(resolve(f))
  );
  // This copy's own modules (the built-in sets) already import this copy:
  // a plain import is the same modules, without starting the bundler
  // (about 0.3 s against 0.02 s for the autograd references).
  if (urls.every((u) => u.href.startsWith(FRAMEWORK_BASE.href))) {
    return await Promise.all(urls.map((u) => importModule(u)));
  }
  const remote = urls.find((u) => u.protocol !== "file:");
  if (remote !== undefined) {
    throw new Error(
      `Cannot load ${remote.href}: a remote module that is not part of this copy of dualgrade; keep the course's modules on disk`,
    );
  }
  const entryPoints = urls.map((u, i) => ({
    in: fileURLToPath(u),
    out: `m${i}`,
  }));
  // Through the guarded service every build shares: a learner's build that
  // crashes or stalls it gets it replaced, and this build retried.
  const built = await guardedBuild({
    entryPoints,
    bundle: true,
    write: false,
    outdir: "/dualgrade-out",
    format: "esm",
    platform: "neutral",
    target: "esnext",
    charset: "utf8",
    logLevel: "silent",
    plugins: [trustedResolver()],
  });
  if (!built.ok) {
    throw new Error(
      "lost" in built
        ? `the bundler ${built.lost === "timeout" ? "timed out" : "crashed"}`
        : built.failure.map((m) =>
          m.location
            ? `${m.location.file}:${m.location.line}: ${m.text}`
            : m.text
        ).join("; "),
    );
  }
  const result = built.result;
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-course-" });
  try {
    const modules: Record<string, unknown>[] = [];
    for (let i = 0; i < files.length; i++) {
      const out = result.outputFiles.find((o) =>
        o.path.endsWith(`${sep}m${i}.js`) || o.path.endsWith(`/m${i}.js`)
      )!;
      const path = join(dir, `m${i}.mjs`);
      await Deno.writeTextFile(path, out.text);
      modules.push(await importModule(pathToFileURL(path)));
    }
    return modules;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

function frameworkResult(rel: string): esbuild.OnResolveResult {
  return { path: frameworkSpecifierOf(rel), external: true };
}

function trustedResolver(): esbuild.Plugin {
  return {
    name: "dualgrade-course",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point") return { path: args.path };
        return await resolveTrusted(args.importer, args.path);
      });
      build.onLoad({ filter: /.*/ }, async (args) => {
        const url = pathToFileURL(args.path).href;
        const text = await Deno.readTextFile(args.path);
        const contents = text
          .replaceAll("import.meta.url", JSON.stringify(url))
          .replaceAll("import.meta.filename", JSON.stringify(args.path))
          .replaceAll(
            "import.meta.dirname",
            JSON.stringify(dirname(args.path)),
          )
          .replaceAll("import.meta.main", "false");
        const ext = /\.([cm]?[jt]sx?|json)$/.exec(args.path)?.[1] ?? "ts";
        const loader: esbuild.Loader = ext === "json"
          ? "json"
          : ext.includes("t")
          ? (ext.endsWith("x") ? "tsx" : "ts")
          : (ext.endsWith("x") ? "jsx" : "js");
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

async function resolveTrusted(
  importer: string,
  specifier: string,
): Promise<esbuild.OnResolveResult> {
  const entry = frameworkEntryOfSpecifier(specifier);
  if (entry !== undefined) return frameworkResult(entry);
  if (EXTERNAL.test(specifier)) return { path: specifier, external: true };
  let target = specifier;
  let base = dirname(importer);
  if (!isPathOrUrl(specifier)) {
    const map = await courseImportMap(dirname(importer));
    const mapped = mapThroughImports(map.imports, specifier);
    if (mapped === undefined) {
      return {
        errors: [{
          text: `Cannot load ${importer}: the import ${
            JSON.stringify(specifier)
          } is not in the imports of ${join(map.base, "deno.json")}`,
        }],
      };
    }
    const mappedEntry = frameworkEntryOfSpecifier(mapped);
    if (mappedEntry !== undefined) return frameworkResult(mappedEntry);
    if (EXTERNAL.test(mapped)) return { path: mapped, external: true };
    target = mapped;
    base = map.base;
  }
  if (/^https?:/i.test(target)) {
    return {
      errors: [{
        text: `Cannot load ${importer}: the import ${
          JSON.stringify(specifier)
        } is a remote module that is not dualgrade; vendor it into the course`,
      }],
    };
  }
  const path = target.startsWith("file:")
    ? fileURLToPath(target)
    : isAbsolute(target)
    ? target
    : resolve(base, target);
  const rel = frameworkFileOfPath(path);
  if (rel !== undefined) return frameworkResult(rel);
  return { path };
}

function isPathOrUrl(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") ||
    specifier.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(specifier);
}
