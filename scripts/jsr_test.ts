// The command-line entry points deno.json exports run from the package as a
// remote module, the way `deno run jsr:@dualgrade/dualgrade/<entry>` loads
// them: this repository served over HTTP, run with no configuration, no
// lockfile and an empty cache. (mod_test.ts checks `deno publish --dry-run`.)
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFolder } from "../grader/testdata/serve.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** deno.json's exports that are commands (a module ending in `import.meta.main`). */
async function commandExports(): Promise<[string, string][]> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const out: [string, string][] = [];
  for (
    const [name, path] of Object.entries(
      config.exports as Record<string, string>,
    )
  ) {
    const source = await Deno.readTextFile(join(ROOT, path));
    if (/^if \(import\.meta\.main\)/m.test(source)) out.push([name, path]);
  }
  return out;
}

Deno.test("jsr: the command-line entry points are exported, each with its usage", async () => {
  const commands = Object.fromEntries(await commandExports());
  assert.equal(commands["./gradebook"], "./grader/gradebook.ts");
  assert.equal(commands["./prompts"], "./exercises/show.ts");
  assert.equal(commands["./grade"], "./grader/cli.ts");
  assert.equal(commands["./starter"], "./exercises/starter.ts");
});

Deno.test("jsr: each exported command runs as a remote module and prints its usage", async () => {
  const server = serveFolder(ROOT);
  const cache = await Deno.makeTempDir();
  try {
    const commands = await commandExports();
    assert.ok(commands.length >= 2);
    for (const [name, path] of commands) {
      const url = `${server.base}${path.slice(2)}`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--no-lock", "-A", url, "--help"],
        cwd: cache,
        env: { DENO_DIR: join(cache, "deno"), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `${name} (${url}):\n${text}`);
      assert.match(text, /Usage: /, name);
    }
  } finally {
    await server.shutdown();
    await Deno.remove(cache, { recursive: true });
  }
});

interface Graded {
  code: number;
  text: string;
  result?: {
    score: number;
    bonus: number;
    exercises: {
      id: string;
      checks: { name: string; passed: boolean; points: number }[];
      typeErrors: unknown[];
    }[];
  };
}

/** Runs a command (a module URL or path, then its arguments) as a learner would, in `cwd`. */
async function run(
  cwd: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<Graded> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-lock", "-A", ...args],
    cwd,
    // As if typed in cwd: an outer deno task (this test run) would otherwise
    // pass its own INIT_CWD down.
    env: { NO_COLOR: "1", INIT_CWD: cwd, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const text = stdout + new TextDecoder().decode(out.stderr);
  let result;
  try {
    result = JSON.parse(stdout);
  } catch {
    result = undefined;
  }
  return { code: out.code, text, result };
}

/** What a comparison of two results looks at: each check's outcome and points. */
function outcomes(graded: Graded): string[] {
  assert.ok(graded.result, graded.text);
  return graded.result.exercises.flatMap((e) =>
    e.checks.map((c) => `${e.id} ${c.name} ${c.passed} ${c.points}`)
  );
}

Deno.test("jsr: grade and starter run from the served package with an empty cache and score as a checkout does", async () => {
  const server = serveFolder(ROOT, "/dualgrade/");
  const top = await Deno.makeTempDir({ prefix: "dualgrade-remote-" });
  try {
    const env = {
      DENO_DIR: join(top, "deno"),
      DUALGRADE_CACHE: join(top, "cache"),
    };
    const work = join(top, "work");
    await Deno.mkdir(work);
    const remote = (entry: string) => `${server.base}${entry}`;
    const mod = remote("mod.ts");

    // A starter written by the remote package imports the framework by its URL.
    const starter = await run(
      work,
      env,
      remote("exercises/starter.ts"),
      "learner",
    );
    assert.equal(starter.code, 0, starter.text);
    assert.match(
      await Deno.readTextFile(join(work, "learner", "01.ts")),
      new RegExp(`from "${mod.replaceAll(".", "\\.")}";`),
    );
    const repo = await run(
      work,
      env,
      remote("exercises/starter.ts"),
      "repo",
      "--repo",
    );
    assert.equal(repo.code, 0, repo.text);
    assert.equal(
      await Deno.readTextFile(join(work, "repo", ".gitignore")),
      await Deno.readTextFile(
        join(ROOT, "templates", "learner-repo", "gitignore"),
      ),
    );

    // The reference solutions, importing the served framework (those that import it).
    const ref = join(work, "ref");
    await Deno.mkdir(ref);
    for await (const e of Deno.readDir(join(ROOT, "solutions", "autograd"))) {
      if (!e.name.endsWith(".ts")) continue;
      const text = await Deno.readTextFile(
        join(ROOT, "solutions", "autograd", e.name),
      );
      await Deno.writeTextFile(
        join(ref, e.name),
        text.replaceAll('"../../mod.ts"', JSON.stringify(mod)),
      );
    }

    const grade = remote("grader/cli.ts");
    const local = join(ROOT, "grader", "cli.ts");
    const refRemote = await run(
      work,
      env,
      grade,
      "ref",
      "--seed",
      "7",
      "--json",
      "-",
    );
    assert.equal(refRemote.code, 0, refRemote.text);
    assert.equal(refRemote.result!.score, 40, refRemote.text);
    assert.equal(refRemote.result!.bonus, 3, refRemote.text);
    // Type-checked against the framework's files the cache holds.
    for (const e of refRemote.result!.exercises) {
      assert.deepEqual(e.typeErrors, [], `${e.id}: ${refRemote.text}`);
    }
    const refLocal = await run(
      work,
      {},
      local,
      "ref",
      "--seed",
      "7",
      "--json",
      "-",
    );
    assert.deepEqual(outcomes(refRemote), outcomes(refLocal));

    // The framework's bundle, built by the first run, is reused by the next.
    const bundles = join(top, "cache", "bundles");
    const built = [...Deno.readDirSync(bundles)].filter((e) =>
      e.name.endsWith(".js")
    );
    assert.equal(built.length, 1, JSON.stringify(built));
    const before = await Deno.stat(join(bundles, built[0].name));
    const learnerArgs = ["learner", "--seed", "7", "--no-typecheck"];
    const learnerRemote = await run(
      work,
      env,
      grade,
      ...learnerArgs,
      "--json",
      "-",
    );
    assert.equal(learnerRemote.result?.score, 0, learnerRemote.text);
    const after = await Deno.stat(join(bundles, built[0].name));
    assert.equal(after.ino, before.ino, "the bundle was written again");
    const learnerLocal = await run(
      work,
      {},
      local,
      ...learnerArgs,
      "--json",
      "-",
    );
    assert.deepEqual(outcomes(learnerRemote), outcomes(learnerLocal));
  } finally {
    await server.shutdown();
    await Deno.remove(top, { recursive: true });
  }
});
