import assert from "node:assert/strict";
import { join } from "node:path";
import {
  LearnerFiles,
  MAX_FILE_BYTES,
  readCapped,
  readLearnerFile,
  readLearnerText,
  walkLearnerFolder,
} from "./_intake.ts";
import { hashSubmission } from "./gradebook.ts";

async function scratch(): Promise<{ base: string; dir: string }> {
  const base = await Deno.realPath(
    await Deno.makeTempDir({ prefix: "dualgrade-intake-" }),
  );
  const dir = join(base, "learner");
  await Deno.mkdir(dir);
  await Deno.writeTextFile(join(base, "secret.ts"), "export const s = 1;\n");
  return { base, dir };
}

async function mkfifo(path: string): Promise<void> {
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(made.success, "mkfifo failed");
}

Deno.test("intake: regular files inside are read; pipes, devices, links out and large files are refused", async () => {
  const { base, dir } = await scratch();
  try {
    await Deno.writeTextFile(join(dir, "a.ts"), "export const a = 1;\n");
    await Deno.symlink("a.ts", join(dir, "inner.ts"));
    await Deno.symlink(join(base, "secret.ts"), join(dir, "out.ts"));
    await Deno.symlink("/dev/zero", join(dir, "zero.ts"));
    await mkfifo(join(dir, "pipe.ts"));
    await Deno.writeFile(
      join(dir, "big.ts"),
      new Uint8Array(MAX_FILE_BYTES + 1),
    );
    await Deno.mkdir(join(dir, "sub"));
    const read = async (name: string) => {
      const r = await readLearnerFile(dir, join(dir, name));
      return r.ok
        ? new TextDecoder().decode(r.bytes)
        : `${r.reason}: ${r.message}`;
    };
    assert.equal(await read("a.ts"), "export const a = 1;\n");
    assert.equal(await read("inner.ts"), "export const a = 1;\n");
    assert.equal(
      await read("out.ts"),
      "outside: out.ts is a symbolic link leading outside the solutions folder",
    );
    assert.equal(
      await read("zero.ts"),
      "outside: zero.ts is a symbolic link leading outside the solutions folder",
    );
    assert.equal(
      await read("pipe.ts"),
      "not-a-file: pipe.ts is a named pipe, not a regular file: only regular files are read",
    );
    assert.equal(
      await read("big.ts"),
      `too-large: big.ts is too large: ${
        MAX_FILE_BYTES + 1
      } bytes, the limit is ${MAX_FILE_BYTES}`,
    );
    assert.equal(
      await read("sub"),
      "not-a-file: sub is a folder, not a regular file: only regular files are read",
    );
    assert.equal(await read("none.ts"), "missing: none.ts does not exist");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("intake: a learner's cached files pass the same checks as one read", async () => {
  const { base, dir } = await scratch();
  try {
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(join(dir, "lib", "a.ts"), "export const a = 1;\n");
    await Deno.writeFile(join(dir, "latin1.ts"), new Uint8Array([0xe9]));
    await Deno.symlink("lib/a.ts", join(dir, "inner.ts"));
    await Deno.symlink("lib", join(dir, "inlink"));
    await Deno.symlink(base, join(dir, "outlink"));
    await Deno.symlink(join(base, "secret.ts"), join(dir, "out.ts"));
    await Deno.symlink("/dev/zero", join(dir, "zero.ts"));
    await Deno.symlink("nothing.ts", join(dir, "dangling.ts"));
    await mkfifo(join(dir, "pipe.ts"));
    await Deno.writeFile(
      join(dir, "big.ts"),
      new Uint8Array(MAX_FILE_BYTES + 1),
    );
    const names = [
      "lib/a.ts",
      "latin1.ts",
      "inner.ts",
      "inlink/a.ts",
      "outlink/secret.ts",
      "out.ts",
      "zero.ts",
      "dangling.ts",
      "pipe.ts",
      "big.ts",
      "lib",
      "none.ts",
    ];
    const files = new LearnerFiles(dir);
    for (const name of names) {
      // Twice: the second answer comes from the cache.
      for (let i = 0; i < 2; i++) {
        assert.deepEqual(
          await files.read(join(dir, name)),
          await readLearnerFile(dir, join(dir, name)),
          name,
        );
        assert.deepEqual(
          await files.readText(name),
          await readLearnerText(dir, name),
          name,
        );
      }
    }
    const refused = await files.read("outlink/secret.ts");
    assert.ok(!refused.ok && refused.reason === "outside");
    const small = await files.read("lib/a.ts", 4);
    assert.ok(!small.ok && small.reason === "too-large");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("intake: within one grading a file reads the same; a new grading reads it again", async () => {
  const { base, dir } = await scratch();
  try {
    const file = join(dir, "01.ts");
    await Deno.writeTextFile(file, "export const a = 1;\n");
    const files = new LearnerFiles(dir);
    const first = await files.readText(file);
    assert.ok(first.ok && first.text === "export const a = 1;\n");
    assert.equal(await files.realPath(dir), dir);
    await Deno.writeTextFile(file, "export const a = 2;\n");
    assert.deepEqual(await files.readText("01.ts"), first);
    const again = await new LearnerFiles(dir).readText(file);
    assert.ok(again.ok && again.text === "export const a = 2;\n");
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

/** A file of `bytes` read in pieces of at most `piece` bytes, whatever size it claims. */
function pieces(bytes: Uint8Array, piece: number) {
  let at = 0;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (at === bytes.length) return Promise.resolve(null);
      const n = Math.min(piece, into.length, bytes.length - at);
      into.set(bytes.slice(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

Deno.test("intake: a file that grew since its size was taken is read to its end, up to the cap", async () => {
  const bytes = new TextEncoder().encode("export const a = 1;\n".repeat(50));
  // As stat said (1000), smaller (a file that grew since), 0 (as /proc says).
  for (const size of [bytes.length, 10, 0]) {
    for (const piece of [1, 7, 4096]) {
      const read = await readCapped(pieces(bytes, piece), size, 4096);
      assert.deepEqual(read, bytes, `size ${size}, pieces of ${piece}`);
      assert.equal(
        await readCapped(pieces(bytes, piece), size, bytes.length - 1),
        undefined,
        `size ${size}, pieces of ${piece}, capped one byte short`,
      );
      assert.deepEqual(
        await readCapped(pieces(bytes, piece), size, bytes.length),
        bytes,
        `size ${size}, pieces of ${piece}, capped at its length`,
      );
    }
  }
  assert.deepEqual(
    await readCapped(pieces(new Uint8Array(0), 1), 0, 10),
    new Uint8Array(0),
  );
});

Deno.test("intake: hashing follows no link and opens no pipe; links count by their text", async () => {
  const { base, dir } = await scratch();
  try {
    await Deno.writeTextFile(join(dir, "01.ts"), "export const a = 1;\n");
    await Deno.symlink("/dev/zero", join(dir, "deno.json"));
    await mkfifo(join(dir, "pipe.ts"));
    const first = await hashSubmission(dir);
    const entries = await walkLearnerFolder(dir);
    assert.deepEqual(
      entries.map((e) => [e.name, e.kind, new TextDecoder().decode(e.bytes)]),
      [
        ["01.ts", "file", "export const a = 1;\n"],
        ["deno.json", "symlink", "/dev/zero"],
        ["pipe.ts", "other", "<a named pipe>"],
      ],
    );
    assert.equal(await hashSubmission(dir), first);
    await Deno.remove(join(dir, "deno.json"));
    await Deno.symlink("/dev/null", join(dir, "deno.json"));
    assert.notEqual(await hashSubmission(dir), first);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("intake: a submission's hash of regular files is SHA-256 of name, NUL, contents, NUL", async () => {
  const { base, dir } = await scratch();
  try {
    await Deno.writeTextFile(join(dir, "01.ts"), "x");
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(join(dir, "lib", "h.ts"), "yz");
    const bytes = new TextEncoder().encode("01.ts\0x\0lib/h.ts\0yz\0");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const expected = Array.from(
      digest.slice(0, 8),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    assert.equal(await hashSubmission(dir), expected);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
