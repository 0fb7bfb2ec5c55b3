import assert from "node:assert/strict";
import { join } from "node:path";
import {
  MAX_FILE_BYTES,
  readLearnerFile,
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
