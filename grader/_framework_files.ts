/**
 * The framework's own files, wherever this copy lives: a checkout on disk
 * (`import.meta.url` is `file:`), a copy served over HTTP, or the published
 * package (`jsr:` modules run from `https://jsr.io/…`).
 *
 * | need | file: (a checkout) | http(s): (served, published) |
 * | --- | --- | --- |
 * | read a file's text | the file on disk | Deno's module cache (a text import), else `fetch` |
 * | a specifier to import an entry | its file URL | its URL; on jsr.io the `jsr:` export |
 * | files on disk (bundler, type check) | the checkout itself | a copy in the cache, one folder per content hash |
 *
 * The cache folder is `$DUALGRADE_CACHE`, else `$XDG_CACHE_HOME/dualgrade`,
 * else `$HOME/.cache/dualgrade`; without permission to read those variables,
 * a private temporary folder removed when the process ends. Everything in it
 * is named by a hash of its content, written under a temporary name and
 * renamed into place, so concurrent graders share it safely; `_cache.ts`
 * keeps it bounded (each kind of entry: the few last used, and what was used
 * within a day).
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CACHE_KINDS, keptInUse, markUsed, pruneCache } from "./_cache.ts";

/** This copy's root (the folder of its mod.ts and deno.json), as a URL ending in `/`. */
export const FRAMEWORK_BASE: URL = new URL("../", import.meta.url);

/**
 * This copy's root folder, without a trailing separator, when this copy is
 * on disk (a checkout); undefined when it is remote.
 */
export const FRAMEWORK_PATH: string | undefined =
  FRAMEWORK_BASE.protocol === "file:"
    ? fileURLToPath(FRAMEWORK_BASE).replace(/[\\/]$/, "")
    : undefined;

/**
 * Whether the copy at `base` is on disk.
 *
 * @example
 * ```ts
 * import { isLocalFramework } from "./_framework_files.ts";
 * console.log(isLocalFramework(new URL("https://jsr.io/@dualgrade/dualgrade/0.1.0/"))); // false
 * ```
 */
export function isLocalFramework(base: URL = FRAMEWORK_BASE): boolean {
  return base.protocol === "file:";
}

/** The public entry points, by file, as a `jsr:` specifier names them. */
const JSR_EXPORTS: Record<string, string> = {
  "mod.ts": "",
  "exercises/mod.ts": "/exercises",
  "grader/mod.ts": "/grader",
};

/**
 * The specifier that imports the framework's file `rel` (a path relative to
 * the root, with `/`): a file or web URL, or for the published package on
 * jsr.io, the `jsr:` specifier of the export when `rel` is one (Deno refuses
 * jsr.io modules by their https URL).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameworkSpecifierOf } from "./_framework_files.ts";
 * const jsr = new URL("https://jsr.io/@dualgrade/dualgrade/0.1.0/");
 * assert.equal(frameworkSpecifierOf("exercises/mod.ts", jsr), "jsr:@dualgrade/dualgrade@0.1.0/exercises");
 * const served = new URL("http://127.0.0.1:8000/dg/");
 * assert.equal(frameworkSpecifierOf("mod.ts", served), "http://127.0.0.1:8000/dg/mod.ts");
 * ```
 */
export function frameworkSpecifierOf(
  rel: string,
  base: URL = FRAMEWORK_BASE,
): string {
  const jsr = /^\/(@[^/]+\/[^/]+)\/([^/]+)\/$/.exec(base.pathname);
  if (base.host === "jsr.io" && jsr && Object.hasOwn(JSR_EXPORTS, rel)) {
    return `jsr:${jsr[1]}@${jsr[2]}${JSR_EXPORTS[rel]}`;
  }
  return new URL(rel, base).href;
}

/** The reason a framework file could not be read. */
export class FrameworkFileError extends Error {
  /** `missing` when the copy has no such file; `unreadable` otherwise. */
  readonly reason: "missing" | "unreadable";
  /** Makes the error. */
  constructor(message: string, reason: "missing" | "unreadable") {
    super(message);
    this.name = "FrameworkFileError";
    this.reason = reason;
  }
}

const texts = new Map<string, Promise<string>>();

/**
 * The text of the framework's file `rel`, read once per process: from disk
 * for a checkout; for a remote copy through Deno's module cache (a text
 * import, so a file the grader already imported is not fetched again), else
 * fetched.
 *
 * @throws FrameworkFileError naming the file and why.
 *
 * @example
 * ```ts
 * import { readFrameworkFile } from "./_framework_files.ts";
 * console.log((await readFrameworkFile("mod.ts")).includes("export")); // true
 * ```
 */
export function readFrameworkFile(
  rel: string,
  base: URL = FRAMEWORK_BASE,
): Promise<string> {
  const url = new URL(rel, base);
  let text = texts.get(url.href);
  if (text === undefined) {
    text = readUrl(url);
    text.catch(() => texts.delete(url.href));
    texts.set(url.href, text);
  }
  return text;
}

async function readUrl(url: URL): Promise<string> {
  const fail = (why: string, reason: "missing" | "unreadable") =>
    new FrameworkFileError(
      `Cannot read the framework's file ${url.href}: ${why}`,
      reason,
    );
  if (url.protocol === "file:") {
    try {
      return await Deno.readTextFile(url);
    } catch (error) {
      throw fail(
        (error as Error).message,
        error instanceof Deno.errors.NotFound ? "missing" : "unreadable",
      );
    }
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw fail("only file, https and http copies can be read", "unreadable");
  }
  if (url.host !== "jsr.io") {
    try {
      return await importText(url);
    } catch {
      // Not importable here (a host --allow-import does not name, a file
      // type Deno does not serve as text): fetch it instead.
    }
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw fail((error as Error).message, "unreadable");
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw fail(
      `the server answered ${response.status}`,
      response.status === 404 ? "missing" : "unreadable",
    );
  }
  return await response.text();
}

/**
 * A text import: Deno fetches the file once into its cache and reads it from
 * there afterwards. The scheme is spelled out so `deno publish` can analyze
 * the import (as in `_import.ts`).
 */
async function importText(url: URL): Promise<string> {
  const rest = `${url.pathname}${url.search}`;
  const mod = url.protocol === "https:"
    ? await import(`https://${url.host}${rest}`, { with: { type: "text" } })
    : await import(`http://${url.host}${rest}`, { with: { type: "text" } });
  return mod.default as string;
}

/**
 * The relative specifiers a module's text imports or re-exports (static,
 * dynamic with a literal, type-only), in order of appearance. Over-inclusive
 * by design: an import inside a comment counts too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeImports } from "./_framework_files.ts";
 * const text = `import { a } from "./a.ts";\nexport * from '../b.ts';\nconst c = await import("./c.ts");\nimport "npm:x";`;
 * assert.deepEqual(relativeImports(text), ["./a.ts", "../b.ts", "./c.ts"]);
 * ```
 */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (
    const m of text.matchAll(
      /\b(?:from|import)\s*\(?\s*(["'])(\.\.?\/[^"'\n]+)\1/g,
    )
  ) {
    found.push(m[2]);
  }
  return found;
}

/**
 * The framework files reachable from `entries` by relative imports, with
 * their text. A reachable name that does not exist (an import in a
 * documentation example) is left out; anything else that cannot be read
 * throws.
 *
 * @example
 * ```ts
 * import { frameworkGraph } from "./_framework_files.ts";
 * const files = await frameworkGraph(["mod.ts"]);
 * console.log(files.has("core/tensor.ts")); // true
 * ```
 */
export async function frameworkGraph(
  entries: string[],
  base: URL = FRAMEWORK_BASE,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const seen = new Set<string>();
  let wave = entries.filter((e) => !seen.has(e) && seen.add(e));
  while (wave.length > 0) {
    const next: string[] = [];
    await Promise.all(wave.map(async (rel) => {
      let text: string;
      try {
        text = await readFrameworkFile(rel, base);
      } catch (error) {
        if (
          error instanceof FrameworkFileError && error.reason === "missing" &&
          !entries.includes(rel)
        ) return;
        throw error;
      }
      files.set(rel, text);
      for (const spec of relativeImports(text)) {
        const url = new URL(spec, new URL(rel, base));
        if (!url.href.startsWith(base.href)) continue;
        const child = decodeURIComponent(
          url.pathname.slice(base.pathname.length),
        );
        if (!/\.[cm]?[jt]s$/.test(child) || seen.has(child)) continue;
        seen.add(child);
        next.push(child);
      }
    }));
    wave = next;
  }
  return new Map([...files].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A SHA-256 hex digest of named texts (order as given), each name and text
 * delimited so no two different sets of files hash alike.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentHash } from "./_framework_files.ts";
 * assert.notEqual(await contentHash([["a", "bc"]]), await contentHash([["ab", "c"]]));
 * ```
 */
export async function contentHash(
  parts: Iterable<[string, string]>,
): Promise<string> {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const [name, text] of parts) {
    const bytes = enc.encode(text);
    chunks.push(enc.encode(`${name}\0${bytes.length}\0`), bytes);
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

let cacheRoot: Promise<string> | undefined;

/**
 * The cache folder (see the module documentation), created when missing.
 *
 * @example
 * ```ts
 * import { cacheFolder } from "./_framework_files.ts";
 * console.log((await Deno.stat(await cacheFolder())).isDirectory); // true
 * ```
 */
export function cacheFolder(): Promise<string> {
  cacheRoot ??= (async () => {
    const chosen = configuredCache();
    if (chosen !== undefined) {
      try {
        await Deno.mkdir(chosen, { recursive: true });
        return chosen;
      } catch {
        // Not writable: a private folder instead.
      }
    }
    const dir = await Deno.makeTempDir({ prefix: "dualgrade-cache-" });
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // Already gone.
      }
    });
    return dir;
  })();
  return cacheRoot;
}

function configuredCache(): string | undefined {
  const env = (name: string) => {
    try {
      return Deno.env.get(name) || undefined;
    } catch {
      return undefined; // No permission to read it.
    }
  };
  const own = env("DUALGRADE_CACHE");
  if (own !== undefined) return own;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg !== undefined) return join(xdg, "dualgrade");
  const home = env("HOME");
  return home === undefined ? undefined : join(home, ".cache", "dualgrade");
}

/**
 * Writes `files` (relative path → content) as the folder `name` inside
 * `parent`, unless a folder of that name is already there (then marked as
 * used, see `_cache.ts`): written under a temporary name, then renamed, so
 * a folder that exists is complete.
 *
 * @returns The folder's path.
 */
export async function writeOnce(
  parent: string,
  name: string,
  files: Iterable<[string, string]>,
): Promise<string> {
  const target = join(parent, name);
  if (await markUsed(target)) return target;
  await Deno.mkdir(parent, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: parent, prefix: ".partial-" });
  try {
    for (const [rel, text] of files) {
      const path = join(tmp, rel);
      await Deno.mkdir(dirname(path), { recursive: true });
      await Deno.writeTextFile(path, text);
    }
    await Deno.rename(tmp, target);
  } catch (error) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    // Another process wrote it first.
    if (await Deno.stat(target).then(() => true, () => false)) return target;
    throw error;
  }
  return target;
}

/**
 * What the grader needs of the framework on disk, with their imports: the
 * sandbox's modules (bundled), and the entries a type check may meet
 * (`check-set` checks references written against the authoring API).
 */
const ON_DISK_ENTRIES = [
  "mod.ts",
  "core/_nonfinite.ts",
  "grader/_sandbox_setup.ts",
  "exercises/mod.ts",
];

const onDisk = new Map<string, Promise<string>>();

/**
 * A folder on disk holding this copy's files that bundling and type checking
 * read (mod.ts, the authoring API, everything they import, the sandbox
 * setup): a checkout is its
 * own folder; a remote copy is written to the cache, one folder per content
 * hash, read through {@linkcode readFrameworkFile}.
 *
 * @returns The folder (holding `mod.ts`), without a trailing separator.
 *
 * @example
 * ```ts
 * import { join } from "node:path";
 * import { frameworkOnDisk } from "./_framework_files.ts";
 * console.log((await Deno.stat(join(await frameworkOnDisk(), "mod.ts"))).isFile); // true
 * ```
 */
export function frameworkOnDisk(base: URL = FRAMEWORK_BASE): Promise<string> {
  if (isLocalFramework(base)) {
    return Promise.resolve(fileURLToPath(base).replace(/[\\/]$/, ""));
  }
  return keptInUse(onDisk, base.href, async () => {
    const files = await frameworkGraph(ON_DISK_ENTRIES, base);
    const hash = await contentHash(files);
    const cache = await cacheFolder();
    const folder = await writeOnce(
      join(cache, CACHE_KINDS.framework.folder),
      hash.slice(0, 32),
      files,
    );
    await pruneCache(cache, CACHE_KINDS.framework);
    return folder;
  }, (folder) => folder);
}
