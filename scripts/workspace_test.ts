// The benchmarks live in their own Deno project (bench/deno.json and
// bench/deno.lock): Deno caches every npm package of a lockfile as soon as a
// program uses any npm package, so a peer in the root lockfile would be
// downloaded by every learner's first `deno task grade`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** What the root lockfile may hold, and who needs it. */
const ROOT_PACKAGES: Record<string, string> = {
  "esbuild": "grader/_bundle.ts bundles learner modules",
  "typescript": "scripts/build.ts writes dist/dualgrade.d.ts",
  "yaml": "templates/*_test.ts read the workflows",
  "test-results-parser": "grader/report/junit_test.ts reads the JUnit XML",
};

interface Lock {
  specifiers: Record<string, string>;
  npm: Record<string, unknown>;
}

async function readLock(path: string): Promise<Lock> {
  return JSON.parse(await Deno.readTextFile(path));
}

/** `npm:@scope/name@1.2.3` → `@scope/name`. */
function packageName(specifier: string): string {
  const bare = specifier.replace(/^npm:/, "");
  const at = bare.indexOf("@", 1);
  return at < 0 ? bare : bare.slice(0, at);
}

Deno.test("the root lockfile holds only what grading, building and tests use", async () => {
  const lock = await readLock(join(root, "deno.lock"));
  const names = Object.keys(lock.specifiers).map(packageName).sort();
  assert.deepEqual(names, Object.keys(ROOT_PACKAGES).sort());
  // Every package locked is one of those or what they depend on.
  const npm = lock.npm as Record<string, { dependencies?: string[] }>;
  const byName = (name: string) =>
    Object.keys(npm).filter((k) => packageName(k) === name || k === name);
  const reached = new Set<string>();
  const queue = Object.entries(lock.specifiers).map(([s, v]) =>
    `${packageName(s)}@${v}`
  );
  while (queue.length > 0) {
    const key = queue.pop()!;
    for (const k of npm[key] ? [key] : byName(key)) {
      if (reached.has(k)) continue;
      reached.add(k);
      queue.push(...(npm[k].dependencies ?? []));
    }
  }
  for (const key of Object.keys(npm)) {
    if (/^@esbuild\//.test(key)) continue; // esbuild's optional platform builds
    assert.ok(reached.has(key), `${key} is locked but nothing listed needs it`);
  }
  assert.ok(!Object.keys(npm).some((k) => /tensorflow|jax/.test(k)));
});

Deno.test("the benchmarks' peers are locked in bench/, outside the root project", async () => {
  const lock = await readLock(join(root, "bench", "deno.lock"));
  const names = Object.keys(lock.specifiers).map(packageName).sort();
  assert.deepEqual(names, ["@jax-js/jax", "@tensorflow/tfjs"]);
  const config = JSON.parse(
    await Deno.readTextFile(join(root, "deno.json")),
  );
  assert.ok(config.exclude.includes("bench/"), "the root excludes bench/");
  assert.equal(config.workspace, undefined, "a workspace shares one lockfile");
  for (const task of ["bench", "bench:report"]) {
    assert.match(config.tasks[task], /^cd bench && /, task);
  }
});

Deno.test("bench's own tests pass under bench/deno.json without the peers", async () => {
  // _tables_test.ts imports no peer, so this downloads nothing.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "test"],
    cwd: join(root, "bench"),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /ok \| [1-9]\d* passed \| 0 failed/);
  assert.doesNotMatch(text, /Download/);
});

Deno.test("deno task bench:report runs from the root", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "bench:report", "--help"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(text, /^Usage: deno task bench:report \[options\]/);
});
