import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { autograd } from "./autograd/set.ts";
import { starterModule, writeStarter } from "./starter.ts";

const STARTER = fileURLToPath(new URL("./starter.ts", import.meta.url));
const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

async function withTempDir(
  body: (dir: string) => Promise<void> | void,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeStarter: one module per exercise and a README, importing this checkout's mod.ts", async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, "learner");
    const written = writeStarter(target);
    assert.deepEqual(
      written.map((p) => p.slice(target.length + 1)),
      ["01.ts", "02.ts", "03.ts", "04.ts", "05.ts", "06.ts", "README.md"],
    );
    const m01 = await Deno.readTextFile(join(target, "01.ts"));
    const spec = /import \{ grad, np \} from "([^"]+)";/.exec(m01)?.[1];
    assert.ok(spec?.startsWith("../"), `relative import, got ${spec}`);
    assert.equal(
      fileURLToPath(new URL(spec!, pathToFileURL(join(target, "01.ts")))),
      MOD,
    );
    const readme = await Deno.readTextFile(join(target, "README.md"));
    for (const ex of autograd.exercises) {
      assert.ok(readme.includes(`## Exercise ${ex.id}: ${ex.title}`));
      assert.ok(
        readme.includes(ex.prompt.trim()),
        `README holds the prompt of ${ex.id}`,
      );
    }
    assert.match(readme, /In all: 40 points \+ 3 bonus\./);
  });
});

Deno.test('writeStarter: every export throws "not done yet" when called or read; the modules import cleanly', async () => {
  await withTempDir(async (dir) => {
    writeStarter(dir);
    for (const ex of autograd.exercises) {
      const mod = await import(pathToFileURL(join(dir, `${ex.id}.ts`)).href);
      assert.deepEqual(Object.keys(mod).sort(), Object.keys(ex.exports).sort());
      for (const [name, spec] of Object.entries(ex.exports)) {
        const message = (error: unknown) =>
          error instanceof Error && error.message === `not done yet: ${name}`;
        if (spec.kind === "function") {
          assert.equal(typeof mod[name], "function");
          assert.throws(() => mod[name](1), message);
        } else {
          const value = mod[name];
          assert.throws(() => String(value), message);
          assert.throws(() => JSON.stringify(value), message);
          assert.throws(() => Object.keys(value), message);
          assert.throws(() => Object.getPrototypeOf(value), message);
          assert.throws(() => value.shape, message);
        }
      }
    }
  });
});

Deno.test("writeStarter: the starter type-checks", async () => {
  await withTempDir(async (dir) => {
    writeStarter(dir);
    const files = autograd.exercises.map((ex) => join(dir, `${ex.id}.ts`));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", ...files],
      stderr: "piped",
    })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  });
});

Deno.test("writeStarter: refuses to overwrite, writing nothing, unless forced", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "03.ts"), "// mine\n");
    await Deno.writeTextFile(join(dir, "README.md"), "mine\n");
    assert.throws(
      () => writeStarter(dir),
      new RegExp(
        `^Error: Cannot write the starter into ${dir}: 03\\.ts, README\\.md already exist: pass --force`,
      ),
    );
    assert.equal(await Deno.readTextFile(join(dir, "03.ts")), "// mine\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "03.ts",
      "README.md",
    ]);
    writeStarter(dir, { force: true });
    assert.match(
      await Deno.readTextFile(join(dir, "03.ts")),
      /not done yet: f3Grad/,
    );
  });
});

Deno.test("starterModule: a framework URL is used as it is; types and value stand-ins", () => {
  const ex06 = autograd.exercises.find((e) => e.id === "06")!;
  const source = starterModule(
    ex06,
    "https://example.com/dualgrade@0.1.0/mod.ts",
  );
  assert.match(
    source,
    /^import \{ grad, np \} from "https:\/\/example\.com\/dualgrade@0\.1\.0\/mod\.ts";$/m,
  );
  assert.match(
    source,
    /^import type \{ Tensor, Value \} from "https:\/\/example\.com\/dualgrade@0\.1\.0\/mod\.ts";$/m,
  );
  assert.match(
    source,
    /^export const sameResults: boolean = notDoneYet\("sameResults"\);$/m,
  );
  assert.match(
    source,
    /^export const f1Grad: \(args: Tensor\[\]\) => Tensor\[\] = \(\) => \{$/m,
  );
  // By-hand exercises need no AD import.
  const ex02 = autograd.exercises.find((e) => e.id === "02")!;
  assert.doesNotMatch(starterModule(ex02, "../mod.ts"), /import/);
});

Deno.test("writeStarter: --framework as a path is made relative to the folder", async () => {
  await withTempDir(async (dir) => {
    writeStarter(join(dir, "a", "b"), { framework: join(dir, "fw", "mod.ts") });
    assert.match(
      await Deno.readTextFile(join(dir, "a", "b", "01.ts")),
      /from "\.\.\/\.\.\/fw\/mod\.ts";/,
    );
  });
});

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", STARTER, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

Deno.test("starter CLI: --help, usage errors, refusal and --force", async () => {
  const help = await run("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task starter <dir>/);
  const none = await run();
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Expected one folder, got 0/);
  const badSet = await run("x", "--set", "nope");
  assert.equal(badSet.code, 2);
  assert.match(badSet.stderr, /Unknown exercise set "nope"/);
  await withTempDir(async (dir) => {
    const first = await run(dir, "--framework", "https://example.com/mod.ts");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Wrote 7 files/);
    const again = await run(dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exist: pass --force to overwrite them/);
    const forced = await run(dir, "--force");
    assert.equal(forced.code, 0, forced.stderr);
  });
});
