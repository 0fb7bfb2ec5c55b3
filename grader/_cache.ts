/**
 * Keeping the cache folder bounded (see `_framework_files.ts` for where it
 * is). Each kind of entry the grader writes there is one row of
 * {@linkcode CACHE_KINDS}: its subfolder, the exact shape of its names, and
 * how many are kept. Nothing else in the folder is ever touched.
 *
 * | kind | entries | kept |
 * | --- | --- | --- |
 * | `bundle` | `bundles/<32 hex>.js`, the framework bundled for the sandbox | 4 |
 * | `manifest` | `bundles/<32 hex>.inputs.json`, one per framework folder | 16 |
 * | `harness` | `harness/<32 hex>.js`, the sandbox setup bundled | 4 |
 * | `framework` | `framework/<32 hex>/`, a remote grader's copy of its files | 4 |
 *
 * **Marks of use.** An entry's modification time is its last use: writing
 * it sets it, and each process that reuses it sets it again (a process that
 * goes on using an entry renews the mark at most every
 * {@linkcode RENEW_MS}).
 *
 * **The rule.** After writing a new entry, a process prunes that kind: the
 * {@linkcode CacheKind.keep} most recently used entries stay, and of the
 * others, those not used for {@linkcode MARGIN_MS} (a day) are removed.
 * Leftovers of interrupted writers and pruners (`….partial-…`,
 * `….doomed-…`) go once they are as old. So the folder holds at most `keep`
 * entries of a kind plus those used in the last day, however many upgrades
 * and courses come and go; a learner switching between a few versions
 * still reuses each one's bundle.
 *
 * **Two processes at once.** A process using an entry renews its mark far
 * more often than the margin, so no entry in use is ever a candidate. A
 * candidate is first renamed (atomically) to a `.doomed-` name, and its mark
 * read again there: when another process marked it in the meantime, it is
 * put back. A process whose mark fails because the entry has just gone
 * builds it again. What remains is the case of a process picking up a
 * day-old entry within the same few microseconds another process moves it
 * away.
 *
 * @module
 */

import { join } from "node:path";

/** One kind of cache entry: where it lives, what its names look like, how many stay. */
export interface CacheKind {
  /** Its name in messages and tests. */
  name: string;
  /** Its subfolder of the cache folder. */
  folder: string;
  /** The shape of an entry's name, anchored: nothing else is ever removed. */
  pattern: RegExp;
  /** A regular file or a folder; an entry of the other type is left alone. */
  type: "file" | "dir";
  /** How many most recently used entries always stay. */
  keep: number;
}

/**
 * Every kind of entry the grader writes in the cache folder.
 *
 * @example
 * ```ts
 * import { CACHE_KINDS } from "./_cache.ts";
 * console.log(CACHE_KINDS.bundle.pattern.test("0123456789abcdef0123456789abcdef.js")); // true
 * ```
 */
export const CACHE_KINDS = {
  bundle: {
    name: "bundle",
    folder: "bundles",
    pattern: /^[0-9a-f]{32}\.js$/,
    type: "file",
    keep: 4,
  },
  manifest: {
    name: "manifest",
    folder: "bundles",
    pattern: /^[0-9a-f]{32}\.inputs\.json$/,
    type: "file",
    keep: 16,
  },
  harness: {
    name: "harness",
    folder: "harness",
    pattern: /^[0-9a-f]{32}\.js$/,
    type: "file",
    keep: 4,
  },
  framework: {
    name: "framework",
    folder: "framework",
    pattern: /^[0-9a-f]{32}$/,
    type: "dir",
    keep: 4,
  },
} as const satisfies Record<string, CacheKind>;

/** An entry not used for this long (a day) may be removed, if not among the kept. */
export const MARGIN_MS: number = 24 * 60 * 60 * 1000;

/** A process going on using an entry renews its mark at most this often (ten minutes). */
export const RENEW_MS: number = 10 * 60 * 1000;

/**
 * Marks the entry at `path` as used now.
 *
 * @returns false when it is not there (removed, or never written): build it
 *   again; true otherwise, also when the mark cannot be set (a cache folder
 *   this process may read but not write, which it cannot prune either).
 *
 * @example
 * ```ts
 * import { markUsed } from "./_cache.ts";
 * console.log(await markUsed("/nonexistent/0123456789abcdef0123456789abcdef.js")); // false
 * ```
 */
export async function markUsed(path: string): Promise<boolean> {
  const now = new Date();
  try {
    await Deno.utime(path, now, now);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
  }
  renewed.set(path, now.getTime());
  return true;
}

const renewed = new Map<string, number>();

/**
 * For an entry this process goes on using: whether it is still there,
 * renewing its mark when this process last set it {@linkcode RENEW_MS} ago
 * or more (a mark is a write; looking costs less).
 *
 * @example
 * ```ts
 * import { stillThere } from "./_cache.ts";
 * console.log(await stillThere("/nonexistent/0123456789abcdef0123456789abcdef.js")); // false
 * ```
 */
export async function stillThere(path: string): Promise<boolean> {
  const last = renewed.get(path);
  if (last === undefined || Date.now() - last >= RENEW_MS) {
    return await markUsed(path);
  }
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}

/**
 * An entry this process makes once per key and goes on using (the
 * framework's bundle, the harness, a remote framework's files): made on
 * first use, memoized in `memo`; on later uses its mark is renewed now and
 * then ({@linkcode stillThere}), or it is made again when it has gone
 * (pruned by another process after a day unused, or the cache folder
 * emptied by hand). A failed making is forgotten, so the next use tries
 * again.
 *
 * @param memo This process's entries by key.
 * @param key What the entry is made from.
 * @param make Makes the entry (or finds it in the cache), marking it used.
 * @param pathOf The entry's path from what `make` returns (a file URL, a path).
 * @returns What `make` returned for this key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { keptInUse } from "./_cache.ts";
 * const dir = await Deno.makeTempDir();
 * const memo = new Map<string, Promise<string>>();
 * let made = 0;
 * const make = async (key: string) => {
 *   made++;
 *   await Deno.writeTextFile(`${dir}/${key}`, key);
 *   return `${dir}/${key}`;
 * };
 * await keptInUse(memo, "a", make, (p) => p);
 * await keptInUse(memo, "a", make, (p) => p);
 * assert.equal(made, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function keptInUse<T>(
  memo: Map<string, Promise<T>>,
  key: string,
  make: (key: string) => Promise<T>,
  pathOf: (made: T) => string,
): Promise<T> {
  const held = memo.get(key);
  const remake = () => {
    const made = make(key);
    made.catch(() => memo.get(key) === made && memo.delete(key));
    memo.set(key, made);
    return made;
  };
  if (held === undefined) return remake();
  return held.then(async (made) => {
    if (await stillThere(pathOf(made))) return made;
    return memo.get(key) === held ? remake() : memo.get(key)!;
  });
}

/** An entry, or a leftover, of a kind, as found in its folder. */
export interface Found {
  /** Its name in the kind's folder. */
  name: string;
  /** Its last use (modification time), in ms since the epoch. */
  usedMs: number;
  /** An entry of the kind, or a leftover of an interrupted write or prune. */
  role: "entry" | "leftover";
}

/**
 * Removes the entries of `kind` the rule (see the module documentation)
 * says go, and old leftovers, from `cacheDir`'s folder of that kind. Never
 * throws: a cache it cannot prune is left as it is.
 *
 * @param cacheDir The cache folder.
 * @param kind Which kind of entry.
 * @param now The time to judge ages against (for tests); default now.
 * @returns The names removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CACHE_KINDS, pruneCache } from "./_cache.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/notes.txt`, "mine");
 * assert.deepEqual(await pruneCache(dir, CACHE_KINDS.bundle), []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function pruneCache(
  cacheDir: string,
  kind: CacheKind,
  now: number = Date.now(),
): Promise<string[]> {
  try {
    const folder = join(cacheDir, kind.folder);
    const found = await listKind(folder, kind);
    const removed: string[] = [];
    for (const name of chooseRemovals(found, kind, now)) {
      const seen = found.find((f) => f.name === name)!;
      if (await removeUnused(folder, seen, kind)) removed.push(name);
    }
    return removed;
  } catch {
    return []; // Pruning is housekeeping: it never fails the grading.
  }
}

/**
 * The entries of `kind` and its leftovers in `folder`, with their marks:
 * only names of the kind's shapes, of the kind's type, never a symbolic
 * link, and nothing when the folder itself is a link.
 */
async function listKind(folder: string, kind: CacheKind): Promise<Found[]> {
  const info = await Deno.lstat(folder).catch(() => undefined);
  if (info === undefined || !info.isDirectory) return [];
  const found: Found[] = [];
  for await (const e of Deno.readDir(folder)) {
    const role = roleOf(e.name, kind);
    if (role === undefined) continue;
    const stat = await Deno.lstat(join(folder, e.name)).catch(() => undefined);
    if (stat === undefined || stat.mtime === null) continue;
    if (kind.type === "file" ? !stat.isFile : !stat.isDirectory) continue;
    found.push({ name: e.name, usedMs: stat.mtime.getTime(), role });
  }
  return found;
}

/** What a name is to `kind`: an entry, a leftover, or nothing of its own. */
function roleOf(name: string, kind: CacheKind): Found["role"] | undefined {
  if (kind.pattern.test(name)) return "entry";
  const leftover = /^(.*)\.(partial|doomed)-[0-9a-f-]{36}$/.exec(name);
  if (leftover !== null && kind.pattern.test(leftover[1])) return "leftover";
  // writeOnce's folder being written (Deno.makeTempDir's name).
  if (kind.type === "dir" && /^\.partial-[0-9a-f]+$/.test(name)) {
    return "leftover";
  }
  return undefined;
}

/**
 * The rule, as a pure function of what was found: leftovers older than the
 * margin, and entries beyond the `keep` most recently used that are older
 * than the margin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CACHE_KINDS, chooseRemovals, MARGIN_MS } from "./_cache.ts";
 * const old = 0, now = 10 * MARGIN_MS;
 * const found = ["a", "b", "c", "d", "e"].map((c, i) => ({
 *   name: c.repeat(32) + ".js", usedMs: old + i, role: "entry" as const,
 * }));
 * assert.deepEqual(chooseRemovals(found, CACHE_KINDS.bundle, now), ["a".repeat(32) + ".js"]);
 * ```
 */
export function chooseRemovals(
  found: Found[],
  kind: CacheKind,
  now: number,
): string[] {
  const unused = (f: Found) => now - f.usedMs > MARGIN_MS;
  const entries = found.filter((f) => f.role === "entry")
    .sort((a, b) => b.usedMs - a.usedMs || (a.name < b.name ? -1 : 1));
  return [
    ...found.filter((f) => f.role === "leftover" && unused(f)),
    ...entries.slice(kind.keep).filter(unused),
  ].map((f) => f.name);
}

/**
 * Removes an entry of `folder` unless it was marked as used since it was listed (`seen`): moved
 * to a `.doomed-` name first (atomically: a process looking it up by its
 * name then finds nothing and builds it again), its mark read again there,
 * and put back when it moved on.
 *
 * @returns Whether it was removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CACHE_KINDS, removeUnused } from "./_cache.ts";
 * const dir = await Deno.makeTempDir();
 * const name = "0".repeat(32) + ".js";
 * await Deno.writeTextFile(`${dir}/${name}`, "");
 * const usedMs = (await Deno.stat(`${dir}/${name}`)).mtime!.getTime();
 * assert.equal(await removeUnused(dir, { name, usedMs, role: "entry" }, CACHE_KINDS.bundle), true);
 * await Deno.remove(dir);
 * ```
 */
export async function removeUnused(
  folder: string,
  seen: Found,
  kind: CacheKind,
): Promise<boolean> {
  const path = join(folder, seen.name);
  const doomed = seen.role === "leftover"
    ? path
    : `${path}.doomed-${crypto.randomUUID()}`;
  if (doomed !== path) {
    try {
      await Deno.rename(path, doomed);
    } catch {
      return false; // Gone already, or another pruner has it.
    }
    const mark = (await Deno.lstat(doomed)).mtime?.getTime();
    if (mark === undefined || mark !== seen.usedMs) {
      await putBack(doomed, path, kind);
      return false;
    }
  }
  await Deno.remove(doomed, { recursive: kind.type === "dir" });
  return true;
}

/** Returns a freshly marked entry to its name (a rebuilt copy there is the same content). */
async function putBack(
  doomed: string,
  path: string,
  kind: CacheKind,
): Promise<void> {
  try {
    await Deno.rename(doomed, path);
  } catch {
    // A folder rebuilt meanwhile is in the way: it holds the same files.
    await Deno.remove(doomed, { recursive: kind.type === "dir" });
  }
}
