// Builds an autograder with `writeAutograder` and runs it the way Gradescope
// does, under a temporary root instead of /autograder: the zip's contents in
// <root>/source, run_autograder copied to <root>/run_autograder, the
// learner's files in <root>/submission, results read from
// <root>/results/results.json. Expected scores come from the exercise
// definitions, not from the grader.

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { autograd } from "../exercises/autograd/set.ts";
import { checkVisibility } from "../exercises/check.ts";
import { DEFAULT_FRAMEWORK_URL } from "../exercises/starter.ts";
import { writeAutograder } from "./gradescope.ts";

const REFERENCE = fileURLToPath(
  new URL("../solutions/autograd/", import.meta.url),
);

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

interface Results {
  score: number;
  output: string;
  tests: {
    name: string;
    score: number;
    max_score: number;
    status: string;
    visibility: string;
    tags: string[];
  }[];
  extra_data: Record<string, number>;
}

async function withRoot(
  body: (root: string) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "dualgrade-gradescope-" });
  try {
    await writeAutograder(join(root, "source"), { hidden: "after_due_date" });
    // What Gradescope's image build does with the zip's run_autograder.
    await Deno.copyFile(
      join(root, "source", "run_autograder"),
      join(root, "run_autograder"),
    );
    await Deno.chmod(join(root, "run_autograder"), 0o755);
    await body(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function runAutograder(root: string) {
  const out = await new Deno.Command(join(root, "run_autograder"), {
    cwd: root, // Gradescope's working directory is /autograder
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    log: text.decode(out.stdout) + text.decode(out.stderr),
    results: JSON.parse(
      await Deno.readTextFile(join(root, "results", "results.json")),
    ) as Results,
  };
}

Deno.test("gradescope autograder: run_autograder grades the submission folder into results/results.json", async () => {
  await withRoot(async (root) => {
    // Uploaded as a folder holding the modules; 03 left out.
    const folder = join(root, "submission", "my-solutions");
    await Deno.mkdir(folder, { recursive: true });
    for (const ex of autograd.exercises) {
      if (ex.id === "03") continue;
      const source = await Deno.readTextFile(join(REFERENCE, `${ex.id}.ts`));
      await Deno.writeTextFile(
        join(folder, `${ex.id}.ts`),
        source.replaceAll(
          `"../../mod.ts"`,
          JSON.stringify(DEFAULT_FRAMEWORK_URL),
        ),
      );
    }
    const run = await runAutograder(root);
    assert.equal(run.code, 0, run.log);
    const r = run.results;

    const checks = autograd.exercises.flatMap((ex) =>
      ex.checks.map((c) => ({ ex, c }))
    );
    const required = sum(
      checks.filter(({ c }) => !c.optional).map(({ c }) => c.points),
    );
    const bonus = sum(
      checks.filter(({ c }) => c.optional).map(({ c }) => c.points),
    );
    const lost = sum(
      checks.filter(({ ex, c }) => ex.id === "03" && !c.optional).map(({ c }) =>
        c.points
      ),
    );
    assert.ok(bonus > 0 && lost > 0);
    // 03's required checks fail: the bonus earned is shown, not counted.
    assert.equal(r.score, required - lost);
    assert.equal(r.extra_data.maxScore, required);
    assert.equal(r.extra_data.bonus, bonus);
    assert.equal(r.tests.length, checks.length);
    assert.ok(checks.some(({ c }) => checkVisibility(c) === "hidden"));
    for (const [i, { ex, c }] of checks.entries()) {
      const t = r.tests[i];
      assert.ok(t.name.startsWith(`${ex.id} · ${c.name}`), t.name);
      assert.equal(t.max_score, c.points, t.name);
      assert.equal(t.status, ex.id === "03" ? "failed" : "passed", t.name);
      assert.equal(
        t.score,
        ex.id === "03" || c.optional ? 0 : c.points,
        t.name,
      );
      // Checks at hidden points wait for the due date; bonus is extra credit.
      assert.equal(
        t.visibility,
        checkVisibility(c) === "hidden" ? "after_due_date" : "visible",
        t.name,
      );
      assert.equal(t.tags.includes("bonus"), c.optional === true, t.name);
      assert.equal(
        t.name.endsWith("(extra credit)"),
        c.optional === true,
        t.name,
      );
    }
  });
});

Deno.test("gradescope autograder: with no submission, results.json says why and scores 0", async () => {
  await withRoot(async (root) => {
    const run = await runAutograder(root);
    assert.equal(run.code, 0, run.log);
    assert.equal(run.results.score, 0);
    assert.deepEqual(run.results.tests, []);
    assert.match(
      run.results.output,
      /^The autograder could not grade this submission: .*submission/s,
    );
  });
});

Deno.test("gradescope autograder: setup.sh installs the pinned Deno from npm, then grades the references once", async () => {
  await withRoot(async (root) => {
    // Stubs first on PATH: an npm that records its arguments and "installs"
    // Deno, and a deno that is an old version until then.
    const stubs = join(root, "stubs");
    await Deno.mkdir(stubs);
    await Deno.writeTextFile(
      join(stubs, "npm"),
      `#!/usr/bin/env bash\necho "$@" >> "${stubs}/npm.log"\ntouch "${stubs}/installed"\n`,
    );
    await Deno.writeTextFile(
      join(stubs, "deno"),
      `#!/usr/bin/env bash
if [ -f "${stubs}/installed" ]; then exec ${
        JSON.stringify(Deno.execPath())
      } "$@"; fi
if [ "$1" = --version ]; then echo "deno 1.0.0 (old)"; exit 0; fi
exit 127
`,
    );
    await Deno.chmod(join(stubs, "npm"), 0o755);
    await Deno.chmod(join(stubs, "deno"), 0o755);
    const out = await new Deno.Command("bash", {
      args: [join(root, "source", "setup.sh")],
      cwd: root,
      env: {
        PATH: `${stubs}:${Deno.env.get("PATH") ?? ""}`,
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, log);
    assert.equal(
      await Deno.readTextFile(join(stubs, "npm.log")),
      `install --global deno@${Deno.version.deno}\n`,
    );
    assert.match(
      log,
      new RegExp(`^deno ${Deno.version.deno.replaceAll(".", "\\.")} `, "m"),
    );
  });
});

Deno.test("gradescope autograder: the copy holds the grader, not its tests", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeAutograder(dir);
    for (
      const f of [
        "setup.sh",
        "run_autograder",
        "dualgrade/deno.json",
        "dualgrade/deno.lock",
        "dualgrade/mod.ts",
        "dualgrade/grader/cli.ts",
        "dualgrade/solutions/autograd/01.ts",
      ]
    ) {
      assert.ok(files.includes(f), f);
    }
    assert.ok(
      !files.some((f) =>
        f.endsWith("_test.ts") || f.includes("/testdata/") ||
        f.startsWith("dualgrade/bench")
      ),
    );
    assert.equal(
      (await Deno.stat(join(dir, "run_autograder"))).mode! & 0o111,
      0o111,
    );
    await assert.rejects(
      writeAutograder(dir),
      /is not empty \(--force overwrites\)/,
    );
    await assert.rejects(
      writeAutograder(join(dir, "x"), { set: "nope" }),
      /Unknown exercise set "nope"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
