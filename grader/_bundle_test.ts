/**
 * The bundler's own limits: a deadline per esbuild call, the learner's
 * deadline, the nesting cap before esbuild, and a crashing esbuild service
 * that leaves the grader's output clean.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type BundleOptions,
  bundleSubmission,
  stopBundler,
} from "./_bundle.ts";
import { DeadlineReached } from "./_deadline.ts";

const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

/**
 * Arrow functions nested 190 deep (under the nesting cap of 200), 300 times:
 * about 180 KB that esbuild takes seconds to parse (each chain about 36 ms
 * on a quiet machine, and more under load).
 */
const SLOW = Array.from(
  { length: 300 },
  (_, i) => `export const f${i} = ${"a=>".repeat(190)}1;\n`,
).join("") + "export const square = (x: number) => x * x;\n";

const GOOD = "export const square = (x: number) => x * x;\n";

/** Bundles `files` (name → source) as one learner's 01 (and more). */
async function bundle(
  files: Record<string, string>,
  options: Partial<BundleOptions> = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-bundle-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    const ids = Object.keys(files).map((n) => n.replace(/\.ts$/, ""));
    return await bundleSubmission(
      dir,
      ids.map((id) => ({ id, file: join(dir, `${id}.ts`) })),
      { modPath: MOD, ...options },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bundle: an esbuild call past its deadline is stopped and reported; the next bundle is made", async () => {
  try {
    const slow = await bundle({ "01.ts": SLOW }, { buildDeadlineMs: 300 });
    assert.deepEqual(slow.outcomes.get("01"), {
      ok: false,
      reason: "refused",
      problems: [
        "Cannot bundle 01.ts: bundling took longer than 300 ms and was stopped",
      ],
    });
    // The stalled service was replaced: the next learner is bundled.
    const next = await bundle({ "01.ts": GOOD });
    assert.deepEqual(next.outcomes.get("01"), { ok: true, part: 0 });
    assert.match(next.code ?? "", /square/);
  } finally {
    await stopBundler();
  }
});

Deno.test("bundle: the learner's deadline ends bundling with the reason deadline; the next bundle is made", async () => {
  try {
    const controller = new AbortController();
    // Whenever it fires (before esbuild starts or while it parses), the
    // outcome is the same.
    const timer = setTimeout(
      () => controller.abort(new DeadlineReached(1500)),
      200,
    );
    const slow = await bundle(
      { "01.ts": SLOW, "02.ts": GOOD },
      { signal: controller.signal },
    );
    clearTimeout(timer);
    for (const id of ["01", "02"]) {
      assert.deepEqual(slow.outcomes.get(id), {
        ok: false,
        reason: "deadline",
        problems: [
          "Not graded: grading this learner reached its time limit of 1500 ms in all while bundling",
        ],
      });
    }
    const next = await bundle({ "01.ts": GOOD });
    assert.deepEqual(next.outcomes.get("01"), { ok: true, part: 0 });
  } finally {
    await stopBundler();
  }
});

Deno.test("bundle: arrow functions nested past the cap are refused before esbuild sees them", async () => {
  try {
    // 2000 deep: about 50 s in esbuild.
    const deep = await bundle({
      "01.ts": `export const f = ${"a=>".repeat(2000)}1;\n` + GOOD,
    });
    assert.deepEqual(deep.outcomes.get("01"), {
      ok: false,
      reason: "refused",
      problems: [
        "Cannot bundle 01.ts: brackets and arrow functions are nested 2000 deep, the limit is 200",
      ],
    });
  } finally {
    await stopBundler();
  }
});

/** Runs Deno with `args` in a process of its own; it must succeed. */
async function denoRun(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, stderr.slice(0, 2000));
  return { stdout: new TextDecoder().decode(out.stdout), stderr };
}

Deno.test("bundle: importing the bundler patches nothing; its first build quiets the service", async () => {
  const service = new URL("./_esbuild_service.ts", import.meta.url).href;
  const script = `import cp from "node:child_process";
const before = cp.spawn;
const { guardedBuild, stopBundler } = await import(${JSON.stringify(service)});
const atImport = cp.spawn === before;
const built = await guardedBuild({
  stdin: { contents: "export const x = 1;", loader: "ts" },
  write: false,
});
console.log(JSON.stringify({ atImport, afterBuild: cp.spawn === before, ok: built.ok }));
await stopBundler();
`;
  const { stdout } = await denoRun(["eval", "--quiet", script]);
  assert.deepEqual(JSON.parse(stdout), {
    atImport: true,
    afterBuild: false,
    ok: true,
  });
});

Deno.test("bundle: a crashing esbuild service leaves the grader's stderr clean; the learner reads that the bundler crashed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-crash-" });
  try {
    const learner = join(dir, "learner");
    await Deno.mkdir(learner);
    // Under every cap (200 KB, no brackets), yet deep enough for esbuild's
    // parser to overflow its Go stack and end the service.
    await Deno.writeTextFile(
      join(learner, "01.ts"),
      "export const square = " + "!".repeat(200_000) + "1;\n",
    );
    await Deno.writeTextFile(join(learner, "02.ts"), GOOD);
    const script = join(dir, "run.ts");
    await Deno.writeTextFile(
      script,
      `import { bundleSubmission, stopBundler } from ${
        JSON.stringify(new URL("./_bundle.ts", import.meta.url).href)
      };
const set = await bundleSubmission(${JSON.stringify(learner)}, [
  { id: "01", file: ${JSON.stringify(join(learner, "01.ts"))} },
  { id: "02", file: ${JSON.stringify(join(learner, "02.ts"))} },
], { modPath: ${JSON.stringify(MOD)} });
await stopBundler();
console.log(JSON.stringify(Object.fromEntries(set.outcomes)));
`,
    );
    const { stdout, stderr } = await denoRun(["run", "-A", "--quiet", script]);
    assert.equal(stderr, "");
    const outcomes = JSON.parse(stdout);
    assert.equal(outcomes["01"].ok, false);
    assert.equal(outcomes["01"].reason, "refused");
    assert.match(
      outcomes["01"].problems[0],
      /^Cannot bundle 01\.ts: the bundler crashed on it/,
    );
    assert.deepEqual(outcomes["02"], { ok: true, part: 0 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bundle: an instructor's module in flight when a learner's build gets the service replaced is built again, not lost", async () => {
  const { loadTrustedModules } = await import("./_framework.ts");
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-trusted-" });
  try {
    // Slow to parse (about 3 s), so it is still in flight when the
    // learner's deadline ends the service under it.
    const reference = join(dir, "reference.ts");
    await Deno.writeTextFile(
      reference,
      Array.from(
        { length: 100 },
        (_, i) => `export const f${i} = ${"a=>".repeat(190)}1;\n`,
      ).join("") + "export const answer = 42;\n",
    );
    const controller = new AbortController();
    const loading = loadTrustedModules([reference]);
    const learner = bundle({ "01.ts": SLOW }, { signal: controller.signal });
    setTimeout(() => controller.abort(new DeadlineReached(1000)), 200);
    const [bundled, [loaded]] = await Promise.all([learner, loading]);
    assert.equal(bundled.outcomes.get("01")?.ok, false);
    assert.equal(loaded.answer, 42);
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});
