// The cache folder stays bounded: old entries go, fresh and in-use ones stay,
// and nothing the grader did not write (or reached through a link) is touched.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CACHE_KINDS,
  chooseRemovals,
  type Found,
  keptInUse,
  MARGIN_MS,
  markUsed,
  pruneCache,
  removeUnused,
} from "./_cache.ts";

const DAY = 24 * 60 * 60 * 1000;
const hex = (i: number) => i.toString(16).padStart(32, "0");

/** Writes `path` and dates its mark of use `daysAgo` days back. */
async function entry(path: string, daysAgo: number, dir = false) {
  if (dir) {
    await Deno.mkdir(path, { recursive: true });
    await Deno.writeTextFile(join(path, "mod.ts"), "export {};\n");
  } else await Deno.writeTextFile(path, "// cached\n");
  const when = new Date(Date.now() - daysAgo * DAY);
  await Deno.utime(path, when, when);
}

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

async function withCache(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-cache-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cache rule: the newest `keep` stay; of the rest, what was unused for the margin goes", () => {
  const now = 100 * DAY;
  const kind = CACHE_KINDS.bundle; // keep 4
  const at = (name: string, usedMs: number, role: Found["role"] = "entry") => ({
    name,
    usedMs,
    role,
  });
  const cases: { found: Found[]; gone: string[]; why: string }[] = [
    {
      why: "six old entries: the four last used stay",
      found: [1, 2, 3, 4, 5, 6].map((d) => at(`e${d}`, now - (10 + d) * DAY)),
      gone: ["e5", "e6"],
    },
    {
      why: "beyond the kept but used within the margin: stays",
      found: [
        ...[1, 2, 3, 4].map((d) => at(`new${d}`, now - d * 1000)),
        at("recent", now - MARGIN_MS + 1000),
        at("old", now - MARGIN_MS - 1000),
      ],
      gone: ["old"],
    },
    {
      why: "fewer than `keep`: all stay, however old",
      found: [at("a", 0), at("b", 0), at("c", 0)],
      gone: [],
    },
    {
      why: "leftovers go once older than the margin, whatever the count",
      found: [
        at("p-old", now - 2 * DAY, "leftover"),
        at("p-new", now - 1000, "leftover"),
      ],
      gone: ["p-old"],
    },
  ];
  for (const c of cases) {
    assert.deepEqual(
      chooseRemovals(c.found, kind, now).sort(),
      c.gone.sort(),
      c.why,
    );
  }
});

Deno.test("cache pruning: old entries go; fresh ones, other kinds and foreign files stay", async () => {
  await withCache(async (cache) => {
    const bundles = join(cache, "bundles");
    await Deno.mkdir(bundles);
    // Seven bundles unused for 10…16 days, and two used today.
    for (let i = 0; i < 7; i++) {
      await entry(join(bundles, `${hex(i)}.js`), 10 + i);
    }
    await entry(join(bundles, `${hex(100)}.js`), 0);
    await entry(join(bundles, `${hex(101)}.js`), 0.5);
    // Another kind in the same folder, old: not this kind's to prune.
    await entry(join(bundles, `${hex(7)}.inputs.json`), 30);
    // Leftovers of interrupted writers: an old one goes, a fresh one stays.
    const oldPartial = `${hex(8)}.js.partial-${crypto.randomUUID()}`;
    const newPartial = `${hex(9)}.js.partial-${crypto.randomUUID()}`;
    await entry(join(bundles, oldPartial), 3);
    await entry(join(bundles, newPartial), 0);
    // Foreign files, old: names the grader does not write, a folder where a
    // file belongs, and a link named like a bundle, to a file outside.
    const outside = await Deno.makeTempFile({ prefix: "dualgrade-outside-" });
    try {
      const when = new Date(Date.now() - 40 * DAY);
      await Deno.utime(outside, when, when);
      await entry(join(bundles, "notes.txt"), 40);
      await entry(join(bundles, `${hex(10).toUpperCase()}.js`), 40);
      await entry(join(bundles, `${hex(11)}.js.bak`), 40);
      await entry(join(bundles, `${hex(12)}.js`), 40, true);
      await Deno.symlink(outside, join(bundles, `${hex(13)}.js`));

      const removed = await pruneCache(cache, CACHE_KINDS.bundle);

      // Kept: the four last used (100, 101 today; 0, 1 ten and eleven days
      // ago); 2…6 are beyond them and unused for more than a day.
      assert.deepEqual(
        removed.sort(),
        [...[2, 3, 4, 5, 6].map((i) => `${hex(i)}.js`), oldPartial].sort(),
      );
      assert.deepEqual(
        await names(bundles),
        [
          ...[0, 1, 100, 101].map((i) => `${hex(i)}.js`),
          `${hex(7)}.inputs.json`,
          newPartial,
          "notes.txt",
          `${hex(10).toUpperCase()}.js`,
          `${hex(11)}.js.bak`,
          `${hex(12)}.js`,
          `${hex(13)}.js`,
        ].sort(),
      );
      assert.equal(await Deno.readTextFile(outside), "");
      // Kept means last used, not last written: bundle 1, reused now,
      // stays when two new bundles come, and bundle 0 goes.
      assert.ok(await markUsed(join(bundles, `${hex(1)}.js`)));
      await entry(join(bundles, `${hex(102)}.js`), 0);
      await entry(join(bundles, `${hex(103)}.js`), 0);
      assert.deepEqual(await pruneCache(cache, CACHE_KINDS.bundle), [
        `${hex(0)}.js`,
      ]);
    } finally {
      await Deno.remove(outside);
    }
  });
});

Deno.test("cache pruning: a remote framework's folders, never through a link", async () => {
  await withCache(async (cache) => {
    const folder = join(cache, "framework");
    await Deno.mkdir(folder);
    for (let i = 0; i < 6; i++) {
      await entry(join(folder, hex(i)), 5 + i, true);
    }
    const outside = await Deno.makeTempDir({ prefix: "dualgrade-outside-" });
    try {
      await entry(join(outside, "keep.ts"), 9);
      await Deno.symlink(outside, join(folder, hex(20)));
      const when = new Date(Date.now() - 9 * DAY);
      await Deno.utime(outside, when, when);
      await entry(join(folder, ".partial-0123abcd"), 2, true);
      assert.deepEqual(
        (await pruneCache(cache, CACHE_KINDS.framework)).sort(),
        [".partial-0123abcd", hex(4), hex(5)],
      );
      assert.deepEqual(await names(outside), ["keep.ts"]);
      assert.deepEqual(await names(folder), [
        ...[0, 1, 2, 3].map(hex),
        hex(20),
      ]);
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
    // A kind's folder that is itself a link is not pruned at all.
    const elsewhere = await Deno.makeTempDir({ prefix: "dualgrade-outside-" });
    try {
      for (let i = 0; i < 6; i++) {
        await entry(join(elsewhere, `${hex(i)}.js`), 9 + i);
      }
      await Deno.symlink(elsewhere, join(cache, "harness"));
      assert.deepEqual(await pruneCache(cache, CACHE_KINDS.harness), []);
      assert.equal((await names(elsewhere)).length, 6);
    } finally {
      await Deno.remove(elsewhere, { recursive: true });
    }
  });
});

Deno.test("cache pruning: an entry marked after it was listed is put back, not removed", async () => {
  await withCache(async (dir) => {
    const name = `${hex(1)}.js`;
    const path = join(dir, name);
    await entry(path, 5);
    const listed: Found = {
      name,
      usedMs: (await Deno.lstat(path)).mtime!.getTime(),
      role: "entry",
    };
    // Another process reuses it between the listing and the removal.
    assert.ok(await markUsed(path));
    assert.equal(await removeUnused(dir, listed, CACHE_KINDS.bundle), false);
    assert.deepEqual(await names(dir), [name]);
    assert.equal(await Deno.readTextFile(path), "// cached\n");
    // Unmarked since it was listed: removed, and nothing else is left.
    const now: Found = {
      ...listed,
      usedMs: (await Deno.lstat(path)).mtime!.getTime(),
    };
    assert.equal(await removeUnused(dir, now, CACHE_KINDS.bundle), true);
    assert.deepEqual(await names(dir), []);
    // A process marking an entry that has just gone learns it is gone.
    assert.equal(await markUsed(path), false);
  });
});

Deno.test("cache: an entry a process goes on using is made again when it has gone", async () => {
  await withCache(async (dir) => {
    const memo = new Map<string, Promise<string>>();
    let made = 0;
    const make = async (key: string) => {
      made++;
      const path = join(dir, key);
      await Deno.writeTextFile(path, key);
      return path;
    };
    const first = await keptInUse(memo, "a", make, (p) => p);
    assert.equal(await keptInUse(memo, "a", make, (p) => p), first);
    assert.equal(made, 1);
    await Deno.remove(first);
    assert.equal(await keptInUse(memo, "a", make, (p) => p), first);
    assert.equal(made, 2);
    assert.equal(await Deno.readTextFile(first), "a");
  });
});

Deno.test("cache: building the framework's bundle prunes old bundles in $DUALGRADE_CACHE, keeping foreign files", async () => {
  await withCache(async (cache) => {
    const bundles = join(cache, "bundles");
    await Deno.mkdir(bundles);
    for (let i = 0; i < 6; i++) {
      await entry(join(bundles, `${hex(i)}.js`), 3 + i);
      await entry(join(bundles, `${hex(i)}.inputs.json`), 3 + i);
    }
    await entry(join(bundles, "README"), 50);
    const framework = join(cache, "..", `${cache.split("/").pop()}-fw`);
    await Deno.mkdir(join(framework, "core"), { recursive: true });
    try {
      await Deno.writeTextFile(
        join(framework, "mod.ts"),
        `export const value: number = 1;\n`,
      );
      await Deno.writeTextFile(
        join(framework, "core", "_nonfinite.ts"),
        `export function watch(): void {}\n`,
      );
      const bundleModule = fileURLToPath(
        new URL("./_bundle.ts", import.meta.url),
      );
      const script = `import { cachedFrameworkBundle, stopBundler } from ${
        JSON.stringify(bundleModule)
      };\nconsole.log(await cachedFrameworkBundle(${
        JSON.stringify(join(framework, "mod.ts"))
      }));\nawait stopBundler();\n`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--ext=ts", script],
        env: { DUALGRADE_CACHE: cache },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, stderr);
      const built = fileURLToPath(new TextDecoder().decode(out.stdout).trim());
      assert.ok(built.startsWith(bundles), built);
      const left = await names(bundles);
      // The new bundle and the 3 last used old ones (4 kept); all 6 old
      // manifests with the new one (16 kept); the foreign file.
      assert.ok(left.includes(built.split("/").pop()!));
      assert.deepEqual(
        left.filter((n) => n.endsWith(".js")).length,
        4,
        left.join(" "),
      );
      for (const i of [0, 1, 2]) assert.ok(left.includes(`${hex(i)}.js`));
      assert.equal(left.filter((n) => n.endsWith(".inputs.json")).length, 7);
      assert.ok(left.includes("README"));
    } finally {
      await Deno.remove(framework, { recursive: true });
    }
  });
});
