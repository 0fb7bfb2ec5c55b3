import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { batchMain, inShard, parseShard } from "./batch.ts";
import {
  type GradebookEntry,
  gradebookMain,
  mergeGradebooks,
  readEntries,
} from "./gradebook.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const solutions = join(repo, "solutions", "autograd");

/** Writes a copy of the reference solutions for `learner`, importing the framework by a relative path. */
async function learnerCopy(
  classDir: string,
  learner: string,
  edit: (file: string, text: string) => string = (_f, t) => t,
): Promise<string> {
  const dir = join(classDir, learner);
  await Deno.mkdir(dir, { recursive: true });
  const mod = relative(dir, join(repo, "mod.ts"));
  for await (const e of Deno.readDir(solutions)) {
    if (!e.name.endsWith(".ts")) continue;
    const text = (await Deno.readTextFile(join(solutions, e.name))).replaceAll(
      '"../../mod.ts"',
      JSON.stringify(mod),
    );
    await Deno.writeTextFile(join(dir, e.name), edit(e.name, text));
  }
  return dir;
}

function quietIo() {
  const out: string[] = [], err: string[] = [];
  return {
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      isTerminal: false,
    },
    out,
    err,
  };
}

function parseCsv(text: string): string[][] {
  return text.trimEnd().split("\n").map((l) => l.split(","));
}

Deno.test("batch grades every learner into a CSV and JSON-lines gradebook; one broken submission changes nothing else", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    await learnerCopy(cls, "ada");
    await learnerCopy(
      cls,
      "bob",
      (
        f,
        t,
      ) => (f === "01.ts"
        ? t.replace("np.subtract(x, 10)", "np.subtract(x, 11)")
        : t),
    );
    await learnerCopy(
      cls,
      "eve",
      (f, t) => (f === "03.ts" ? "while (true) {}\n" + t : t),
    );
    await Deno.mkdir(join(cls, ".git"));
    const book = join(tmp, "out", "book");
    const { io, out } = quietIo();
    const code = await batchMain([
      "--batch",
      cls,
      "--gradebook",
      book,
      "--seed",
      "11",
      "--jobs",
      "2",
      "--timeout",
      "1500",
    ], io);
    assert.equal(code, 0);
    assert.match(out.join(""), /3 graded, 0 not graded/);
    const rows = parseCsv(await Deno.readTextFile(`${book}.csv`));
    assert.deepEqual(rows[0], [
      "learner",
      "01",
      "02",
      "03",
      "04",
      "05",
      "06",
      "total",
      "max",
      "bonus",
      "status",
      "seed",
      "hash",
    ]);
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    assert.deepEqual(Object.keys(byName).sort(), ["ada", "bob", "eve"]);
    assert.deepEqual(byName.ada.slice(1, 10), [
      "6",
      "3",
      "12",
      "6",
      "3",
      "13",
      "40",
      "40",
      "3",
    ]);
    assert.equal(byName.bob[1], "0", "bob's wrong exercise 01 scores 0");
    assert.deepEqual(
      byName.bob.slice(2, 7),
      byName.ada.slice(2, 7),
      "bob's other exercises are untouched",
    );
    assert.equal(byName.eve[3], "0", "eve's hanging exercise 03 scores 0");
    assert.deepEqual(byName.eve.slice(4, 7), byName.ada.slice(4, 7));
    assert.notEqual(
      byName.ada[12],
      byName.eve[12],
      "different files, different hashes",
    );
    const entries = await readEntries(`${book}.jsonl`);
    assert.equal(entries.length, 3);
    for (const e of entries) {
      assert.equal(e.seed, 11);
      assert.equal(e.result?.seed, 11);
      assert.equal(e.status, "graded");
    }
    const eve = entries.find((e) => e.learner === "eve")!;
    assert.equal(
      eve.result!.exercises.find((x) => x.id === "03")!.run,
      "timeout",
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("resume skips unchanged learners, regrades changed ones, and survives a line cut short by a kill", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    for (const l of ["a", "b", "c"]) await learnerCopy(cls, l);
    const book = join(tmp, "book");
    const first = quietIo();
    assert.equal(
      await batchMain(["--batch", cls, "--gradebook", book], first.io),
      0,
    );
    const before = await readEntries(`${book}.jsonl`);
    const seed = before[0].seed;
    // b changes; c's line is cut short as by kill -9 mid-write.
    await Deno.writeTextFile(join(cls, "b", "notes.txt"), "changed");
    const text = await Deno.readTextFile(`${book}.jsonl`);
    const lines = text.trimEnd().split("\n");
    const kept = lines.filter((l) => !l.includes('"learner":"c"'));
    await Deno.writeTextFile(
      `${book}.jsonl`,
      kept.join("\n") + "\n" + '{"version":1,"learner":"c","ha',
    );
    const second = quietIo();
    assert.equal(
      await batchMain(
        ["--batch", cls, "--gradebook", book, "--resume"],
        second.io,
      ),
      0,
    );
    assert.match(
      second.out.join(""),
      /2 graded, 0 not graded, 1 unchanged and skipped/,
    );
    const after = await readEntries(`${book}.jsonl`);
    assert.deepEqual(after.map((e) => e.learner).sort(), ["a", "b", "c"]);
    const get = (es: GradebookEntry[], l: string) =>
      es.find((e) => e.learner === l)!;
    assert.equal(
      get(after, "a").gradedAt,
      get(before, "a").gradedAt,
      "a was not regraded",
    );
    assert.notEqual(get(after, "b").hash, get(before, "b").hash);
    for (const e of after) {
      assert.equal(e.seed, seed, "resume keeps the gradebook's seed");
    }
    const rows = parseCsv(await Deno.readTextFile(`${book}.csv`));
    assert.equal(
      rows.length,
      4,
      "one header and one row per learner, no duplicates",
    );
    // Without --resume an existing gradebook is refused, not overwritten.
    const third = quietIo();
    assert.equal(
      await batchMain(["--batch", cls, "--gradebook", book], third.io),
      2,
    );
    assert.match(third.err.join(""), /exists: pass --resume/);
    // Resuming with another seed is refused.
    const fourth = quietIo();
    assert.equal(
      await batchMain([
        "--batch",
        cls,
        "--gradebook",
        book,
        "--resume",
        "--seed",
        String(seed + 1),
      ], fourth.io),
      2,
    );
    assert.match(fourth.err.join(""), /was graded with seed/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("shards split a class disjointly and merge back; overlapping or mismatched shards are refused", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    const names = ["ann", "ben", "cat", "dan", "eli"];
    for (const l of names) await learnerCopy(cls, l);
    const books: string[] = [];
    for (const i of [1, 2]) {
      const { io } = quietIo();
      const book = join(tmp, `shard${i}`);
      assert.equal(
        await batchMain([
          "--batch",
          cls,
          "--gradebook",
          book,
          "--shard",
          `${i}/2`,
          "--seed",
          "3",
          "--only",
          "01,02",
        ], io),
        0,
      );
      books.push(`${book}.jsonl`);
    }
    const shard1 = (await readEntries(books[0])).map((e) => e.learner);
    const shard2 = (await readEntries(books[1])).map((e) => e.learner);
    assert.deepEqual([...shard1, ...shard2].sort(), names);
    assert.equal(shard1.filter((n) => shard2.includes(n)).length, 0);
    const merged = join(tmp, "all");
    const print: string[] = [];
    assert.equal(
      await gradebookMain(
        ["merge", ...books, "--out", merged],
        (t) => void print.push(t),
      ),
      0,
    );
    const rows = parseCsv(await Deno.readTextFile(`${merged}.csv`));
    assert.deepEqual(rows.slice(1).map((r) => r[0]), names);
    assert.deepEqual(rows[0], [
      "learner",
      "01",
      "02",
      "total",
      "max",
      "bonus",
      "status",
      "seed",
      "hash",
    ]);
    await assert.rejects(
      () => mergeGradebooks([books[0], books[0]], join(tmp, "x")),
      /is in both/,
    );
    const { io } = quietIo();
    const other = join(tmp, "other");
    assert.equal(
      await batchMain([
        "--batch",
        cls,
        "--gradebook",
        other,
        "--shard",
        "1/2",
        "--seed",
        "4",
        "--only",
        "01,02",
      ], io),
      0,
    );
    await assert.rejects(
      () => mergeGradebooks([books[1], `${other}.jsonl`], join(tmp, "y")),
      /with seed 4/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("shard and flag errors are clear", async () => {
  assert.deepEqual(parseShard("3/4"), { index: 3, count: 4 });
  for (const bad of ["0/2", "3/2", "x", "1/0"]) {
    assert.throws(() => parseShard(bad), /Invalid --shard/);
  }
  const counts = [0, 0, 0];
  for (let i = 0; i < 300; i++) {
    const hits = [1, 2, 3].filter((s) =>
      inShard(`learner${i}`, { index: s, count: 3 })
    );
    assert.equal(hits.length, 1);
    counts[hits[0] - 1]++;
  }
  for (const c of counts) assert.ok(c > 60, `shards are balanced: ${counts}`);
  const { io, err } = quietIo();
  assert.equal(await batchMain(["--batch", "/nonexistent/class"], io), 2);
  assert.match(err.join(""), /does not exist/);
  assert.equal(await batchMain(["--batch"], io), 2);
  assert.equal(await batchMain(["--batch", "x", "--jobs", "0"], io), 2);
  assert.match(
    err.join(""),
    /Invalid value for --jobs in deno task grade --batch: "0" is not an integer of at least 1/,
  );
  assert.equal(
    await batchMain(["--batch", "x", "--learner-timeout", "0"], io),
    2,
  );
  assert.match(
    err.join(""),
    /Invalid value for --learner-timeout in deno task grade --batch: "0" is not an integer from 1 to 2147483647/,
  );
});

Deno.test("learner ids that look like spreadsheet formulas are escaped in the CSV", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    await learnerCopy(cls, "=cmd,1");
    const { io } = quietIo();
    const book = join(tmp, "book");
    assert.equal(
      await batchMain(
        ["--batch", cls, "--gradebook", book, "--only", "02"],
        io,
      ),
      0,
    );
    const csv = await Deno.readTextFile(`${book}.csv`);
    assert.match(csv, /^"'=cmd,1",3,/m);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

/**
 * Resolves once `file` holds a complete line (a learner recorded), watching
 * its folder for changes; rejects if the process ends first.
 */
async function firstRecorded(
  file: string,
  folder: string,
  exited: Promise<Deno.CommandStatus>,
): Promise<void> {
  const recorded = async () =>
    (await Deno.readTextFile(file).catch(() => "")).includes("\n");
  const watcher = Deno.watchFs(folder);
  try {
    if (await recorded()) return;
    const ended = exited.then((status) => {
      throw new Error(
        `The batch ended (exit ${status.code}) before recording a learner`,
      );
    });
    const seen = (async () => {
      for await (const _event of watcher) {
        if (await recorded()) return;
      }
    })();
    await Promise.race([seen, ended]);
  } finally {
    watcher.close();
  }
}

Deno.test("kill -9 in the middle of a batch leaves a valid gradebook that --resume completes", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    const names = ["k1", "k2", "k3", "k4", "k5", "k6"];
    for (const l of names) await learnerCopy(cls, l);
    const book = join(tmp, "book");
    const cli = join(repo, "grader", "cli.ts");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        cli,
        "--batch",
        cls,
        "--gradebook",
        book,
        "--jobs",
        "1",
        "--seed",
        "9",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    // Wait for the first learner to be recorded, however long that takes,
    // then kill without warning.
    await firstRecorded(`${book}.jsonl`, tmp, child.status);
    child.kill("SIGKILL");
    await child.status;
    const partial = await readEntries(`${book}.jsonl`);
    assert.ok(
      partial.length >= 1 && partial.length < names.length,
      `killed after ${partial.length}`,
    );
    const csvRows = parseCsv(await Deno.readTextFile(`${book}.csv`)).slice(1);
    assert.ok(
      csvRows.length >= partial.length - 1 && csvRows.length <= partial.length,
    );
    const { io } = quietIo();
    assert.equal(
      await batchMain(["--batch", cls, "--gradebook", book, "--resume"], io),
      0,
    );
    const done = await readEntries(`${book}.jsonl`);
    assert.deepEqual(done.map((e) => e.learner).sort(), names);
    for (const e of done) {
      assert.equal(e.seed, 9);
      assert.equal(e.score, 40);
      assert.equal(e.bonus, 3);
    }
    assert.equal(
      parseCsv(await Deno.readTextFile(`${book}.csv`)).length,
      names.length + 1,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("batch on a terminal rewrites one progress line in place and closes it before the summary; elsewhere a line per learner", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const cls = join(tmp, "class");
    await learnerCopy(cls, "ada");
    await learnerCopy(cls, "bob");
    for (const isTerminal of [true, false]) {
      const out: string[] = [], err: string[] = [];
      const io = {
        stdout: (t: string) => void out.push(t),
        stderr: (t: string) => void err.push(t),
        isTerminal,
      };
      const book = join(tmp, `book-${isTerminal}`);
      assert.equal(
        await batchMain(["--batch", cls, "--gradebook", book], io),
        0,
      );
      const text = err.join("");
      if (isTerminal) {
        assert.equal(err.filter((t) => t.startsWith("\r")).length, 2);
        assert.ok(text.endsWith("\x1b[K\n"), JSON.stringify(text));
      } else {
        // learners finish in any order
        const lines = text.trimEnd().split("\n");
        assert.deepEqual(lines.map((l) => l.split(":")[0]).sort(), [
          "ada",
          "bob",
        ]);
        for (const l of lines) {
          assert.match(l, /^\w+: \d+\/\d+ \(.*graded.*\)$/);
        }
      }
      assert.match(
        out.join(""),
        /^Done: 2 graded, 0 not graded, 0 unchanged and skipped, in [\d.]+ s · seed \d+ · .*book-(true|false)\.csv, .*\.jsonl\n$/,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
