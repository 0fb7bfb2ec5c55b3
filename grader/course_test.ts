/**
 * An external course, built in a temporary folder outside this checkout,
 * reaching dualgrade only as a course would — bare names through its import
 * map, a URL served from 127.0.0.1, a path into another copy — and every
 * command run through the public interface (`deno task …` of this checkout,
 * typed in the course's folder).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveFolder } from "./testdata/serve.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CONFIG = join(ROOT, "deno.json");
const COURSE = fileURLToPath(new URL("./testdata/course/", import.meta.url));
const TEMPLATE = fileURLToPath(
  new URL("../templates/course/", import.meta.url),
);

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(join(from, e.name), join(to, e.name));
    else if (e.isFile) {
      await Deno.copyFile(join(from, e.name), join(to, e.name));
    }
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function task(cwd: string, ...args: string[]): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "--config", CONFIG, ...args],
    cwd,
    // As if typed in cwd: an outer deno task (this test run) would otherwise
    // pass its own INIT_CWD down.
    env: { NO_COLOR: "1", INIT_CWD: cwd },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

/** One of a course's own tasks (its deno.json), typed in its folder. */
async function courseTask(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", ...args],
    cwd: dir,
    env: { NO_COLOR: "1", INIT_CWD: dir, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    text: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
  };
}

/**
 * A fresh course's own tasks: the references grade to full marks (type
 * errors: none), the set checks, the learner plan and repository are written.
 */
async function courseTasksWork(
  dir: string,
  env: Record<string, string>,
): Promise<void> {
  const own = (...args: string[]) => courseTask(dir, env, ...args);
  const graded = await own("grade", "--seed", "1");
  assert.equal(graded.code, 0, graded.text);
  assert.match(graded.text, /Total 8\/8/);
  assert.match(graded.text, /Types: no errors/);
  const checked = await own("check-set", "--seeds", "1");
  assert.equal(checked.code, 0, checked.text);
  const plan = await own("learner-plan", "--seed", "2");
  assert.equal(plan.code, 0, plan.text);
  const repo = await own("learner-repo", "learner-repo");
  assert.equal(repo.code, 0, repo.text);
  assert.ok((await Deno.stat(join(dir, "learner-repo", "plan.json"))).isFile);
}

function fill(text: string, exercises: string, mod: string): string {
  return text.replaceAll("@EXERCISES@", exercises).replaceAll("@MOD@", mod);
}

/** The example course's module, importing dualgrade as given instead of by its bare names. */
function reach(text: string, exercises: string, mod: string): string {
  return text.replaceAll('"dualgrade/exercises"', JSON.stringify(exercises))
    .replaceAll('"dualgrade"', JSON.stringify(mod));
}

/** Writes the course: set.ts, solutions/, deno.json naming the set, and the import map given. */
async function writeCourse(
  dir: string,
  names: { set: [string, string]; solutions: [string, string] },
  imports: Record<string, string>,
): Promise<void> {
  await Deno.mkdir(join(dir, "solutions"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "deno.json"),
    JSON.stringify({ imports, dualgrade: { set: "./set.ts" } }, null, 2),
  );
  const read = (name: string) => Deno.readTextFile(join(TEMPLATE, name));
  await Deno.writeTextFile(
    join(dir, "set.ts"),
    reach(await read("set.ts.txt"), ...names.set),
  );
  for (const id of ["01", "02", "03"]) {
    await Deno.writeTextFile(
      join(dir, "solutions", `${id}.ts`),
      reach(await read(`solutions/${id}.ts.txt`), ...names.solutions),
    );
  }
}

/** A learner's folder: the references, with 02 and 03 replaced by the wrong ones. */
async function writeWrongLearner(dir: string, mod: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const read = (name: string) => Deno.readTextFile(join(COURSE, name));
  await Deno.writeTextFile(
    join(dir, "01.ts"),
    reach(
      await Deno.readTextFile(join(TEMPLATE, "solutions", "01.ts.txt")),
      "",
      mod,
    ),
  );
  await Deno.writeTextFile(
    join(dir, "02.ts"),
    fill(await read("wrong_02.ts.txt"), "", mod),
  );
  await Deno.writeTextFile(
    join(dir, "03.ts"),
    fill(await read("wrong_03.ts.txt"), "", mod),
  );
}

interface Json {
  score: number;
  maxScore: number;
  seed: number;
  exercises: {
    id: string;
    run: string;
    checks: { name: string; passed: boolean; points: number }[];
  }[];
}

async function gradeJson(cwd: string, ...args: string[]): Promise<Json> {
  const run = await task(
    cwd,
    "grade",
    ...args,
    "--no-typecheck",
    "--json",
    "-",
  );
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

function passes(result: Json): string[] {
  return result.exercises.flatMap((e) =>
    e.checks.map((c) => `${e.id} ${c.name}: ${c.passed}`)
  );
}

Deno.test("course: a course through its import map, every command", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-course-" });
  try {
    await writeCourse(dir, {
      set: ["dualgrade/exercises", "dualgrade"],
      solutions: ["", "dualgrade"],
    }, {
      dualgrade: join(ROOT, "mod.ts"),
      "dualgrade/exercises": join(ROOT, "exercises", "mod.ts"),
    });

    await t.step("exercises: prompts of the set deno.json names", async () => {
      const run = await task(dir, "exercises");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Models and minimizers/);
      assert.match(run.stdout, /sigmoidPrime/);
    });

    await t.step("grade: the references get full marks", async () => {
      const result = await gradeJson(dir, "--seed", "5");
      assert.equal(result.maxScore, 8);
      assert.equal(result.score, 8, JSON.stringify(passes(result)));
    });

    await t.step(
      "grade: a wrong learner loses exactly its mistakes' points; another path to the minimum passes",
      async () => {
        await writeWrongLearner(join(dir, "class", "ada"), "dualgrade");
        const result = await gradeJson(dir, "class/ada", "--seed", "5");
        assert.deepEqual(passes(result), [
          "01 predict at hidden parameters: true",
          "01 loss on points.json: true",
          "01 loss at hidden parameters: true",
          "02 minimize reaches a stationary point: true",
          "02 solve2: false",
          "03 sigmoidPrime at hidden vectors: false",
        ]);
        assert.equal(result.score, 8 - 1 - 2);
      },
    );

    await t.step(
      "starter: modules, the data file, a README naming the set; it grades to 0",
      async () => {
        const run = await task(dir, "starter", "start");
        assert.equal(run.code, 0, run.stderr);
        const readme = await Deno.readTextFile(join(dir, "start", "README.md"));
        assert.match(readme, new RegExp(`--set ${join(dir, "set.ts")}`));
        assert.equal(
          await Deno.readTextFile(join(dir, "start", "points.json")),
          "[[0, 1], [1, 3], [2, 5], [3, 7]]\n",
        );
        const result = await gradeJson(dir, "start", "--seed", "1");
        assert.equal(result.score, 0);
        assert.ok(result.exercises.every((e) => e.run === "ok"));
        const json = await task(dir, "grade", "start", "--no-typecheck");
        assert.doesNotMatch(json.stdout, /Not graded/i);
      },
    );

    await t.step(
      "plan then grade --plan: the same checks pass as with the references at that seed",
      async () => {
        const run = await task(
          dir,
          "plan",
          "--seed",
          "9",
          "--out",
          "plan.json",
        );
        assert.equal(run.code, 0, run.stderr);
        const text = await Deno.readTextFile(join(dir, "plan.json"));
        assert.doesNotMatch(text, /Newton|det = /, "no reference code");
        const fromPlan = await gradeJson(
          dir,
          "class/ada",
          "--plan",
          "plan.json",
        );
        const fromSet = await gradeJson(dir, "class/ada", "--seed", "9");
        assert.equal(fromPlan.seed, 9);
        assert.deepEqual(passes(fromPlan), passes(fromSet));
        assert.equal(fromPlan.score, fromSet.score);
      },
    );

    await t.step(
      "a learner-safe plan lists hidden checks as graded at submission",
      async () => {
        const run = await task(
          dir,
          "plan",
          "--seed",
          "9",
          "--out",
          "safe.json",
          "--visible-only",
        );
        assert.equal(run.code, 0, run.stderr);
        const graded = await task(
          dir,
          "grade",
          "class/ada",
          "--plan",
          "safe.json",
          "--no-typecheck",
        );
        assert.equal(graded.code, 0, graded.stderr);
        assert.match(
          graded.stdout,
          /Graded at submission \(hidden, not in this plan\): 4 checks, 6 points/,
        );
        assert.match(graded.stdout, /loss on points\.json/);
      },
    );

    await t.step(
      "starter --repo: the learner-safe plan, data files, a workflow grading against the plan",
      async () => {
        const run = await task(dir, "starter", "repo", "--repo", "--seed", "3");
        assert.equal(run.code, 0, run.stderr);
        const plan = JSON.parse(
          await Deno.readTextFile(join(dir, "repo", "plan.json")),
        );
        assert.equal(plan.visibleOnly, true);
        const workflow = await Deno.readTextFile(
          join(dir, "repo", ".github", "workflows", "grade.yml"),
        );
        assert.match(workflow, /--plan plan\.json/);
        assert.ok(
          (await Deno.stat(join(dir, "repo", "solutions", "points.json")))
            .isFile,
        );
        const config = await Deno.readTextFile(join(dir, "repo", "deno.json"));
        assert.match(config, /--plan plan\.json/);
      },
    );

    await t.step("grade --batch into a gradebook", async () => {
      await Deno.mkdir(join(dir, "class", "ben"));
      for (const id of ["01", "02", "03"]) {
        await Deno.copyFile(
          join(dir, "solutions", `${id}.ts`),
          join(dir, "class", "ben", `${id}.ts`),
        );
      }
      const run = await task(
        dir,
        "grade",
        "--batch",
        "class",
        "--seed",
        "4",
        "--gradebook",
        "book",
      );
      assert.equal(run.code, 0, run.stderr);
      const lines = (await Deno.readTextFile(join(dir, "book.jsonl")))
        .trim().split("\n").map((l) => JSON.parse(l));
      const score = (who: string) =>
        lines.find((l) => l.learner === who)?.score;
      assert.equal(score("ada"), 5);
      assert.equal(score("ben"), 8);
    });

    await t.step("check-set: a sound set has no findings", async () => {
      const run = await task(dir, "check-set", "--seeds", "1,2");
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /The set is sound/);
    });

    await t.step("check-set: a failing reference is a finding", async () => {
      const ref = join(dir, "solutions", "02.ts");
      const good = await Deno.readTextFile(ref);
      await Deno.writeTextFile(
        ref,
        good.replace("i < 50", "i < 1"),
      );
      try {
        const run = await task(dir, "check-set", "--seeds", "1");
        assert.equal(run.code, 1);
        assert.match(
          run.stdout,
          /\[references\] .*check "minimize reaches a stationary point": the reference solution's minimize\(.*\) does not have the property: \|f′\| at the returned point is not below 1e-6/,
        );
      } finally {
        await Deno.writeTextFile(ref, good);
      }
    });

    await t.step("check-set: a mistyped export type is a finding", async () => {
      const set = join(dir, "set.ts");
      const good = await Deno.readTextFile(set);
      await Deno.writeTextFile(
        set,
        good.replace(
          'type: "(x: Tensor) => Tensor"',
          'type: "(x: Tensr) => Tensor"',
        ),
      );
      try {
        const run = await task(dir, "check-set");
        assert.equal(run.code, 1);
        assert.match(
          run.stdout,
          /\[load\] .*Invalid exercise "03".*export sigmoidPrime: the type "\(x: Tensr\) => Tensor" names an unknown type Tensr/,
        );
      } finally {
        await Deno.writeTextFile(set, good);
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("course: the framework by a URL served from 127.0.0.1", async () => {
  const server = serveFolder(ROOT, "/dualgrade/");
  const base = server.base.replace(/\/$/, "");
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-course-url-" });
  try {
    // The URL is real: the served framework is dualgrade's mod.ts.
    const served = await (await fetch(`${base}/mod.ts`)).text();
    assert.equal(served, await Deno.readTextFile(join(ROOT, "mod.ts")));
    await writeCourse(dir, {
      set: [`${base}/exercises/mod.ts`, `${base}/mod.ts`],
      solutions: ["", `${base}/mod.ts`],
    }, { dualgrade: `${base}/mod.ts` });
    const result = await gradeJson(dir, "--seed", "2");
    assert.equal(result.score, 8, JSON.stringify(passes(result)));
    await writeWrongLearner(join(dir, "ada"), "dualgrade");
    assert.equal((await gradeJson(dir, "ada", "--seed", "2")).score, 5);
    const check = await task(dir, "check-set", "--seeds", "1");
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("course: the framework by a path into another copy of dualgrade", async () => {
  const top = await Deno.makeTempDir({ prefix: "dualgrade-course-copy-" });
  try {
    // Another copy: the framework's files, not this checkout.
    const copy = join(top, "dualgrade");
    for (const folder of ["core", "exercises"]) {
      await copyTree(join(ROOT, folder), join(copy, folder));
    }
    await Deno.copyFile(join(ROOT, "mod.ts"), join(copy, "mod.ts"));
    await Deno.copyFile(join(ROOT, "deno.json"), join(copy, "deno.json"));
    const dir = join(top, "course");
    await writeCourse(dir, {
      set: ["../dualgrade/exercises/mod.ts", "../dualgrade/mod.ts"],
      solutions: ["", "../../dualgrade/mod.ts"],
    }, {});
    const result = await gradeJson(dir, "--seed", "3");
    assert.equal(result.score, 8, JSON.stringify(passes(result)));
    await writeWrongLearner(join(dir, "ada"), "../../dualgrade/mod.ts");
    assert.equal((await gradeJson(dir, "ada", "--seed", "3")).score, 5);

    // Without the grader's mapping (a script importing the set directly), the
    // second copy is named, with this one.
    const script = join(dir, "direct.ts");
    await Deno.writeTextFile(
      script,
      `import { exerciseSet } from "./set.ts";
import { planSet } from ${JSON.stringify(join(ROOT, "grader", "mod.ts"))};
try {
  await planSet(exerciseSet, 1);
} catch (error) {
  console.log((error as Error).message);
}
`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-config", script],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.match(
      text,
      /Two copies of dualgrade are loaded in this process/,
      new TextDecoder().decode(out.stderr),
    );
    assert.ok(text.includes(copy + "/"), text);
    assert.ok(text.includes(ROOT), text);
  } finally {
    await Deno.remove(top, { recursive: true });
  }
});

Deno.test("course: init-course writes a course whose own tasks check and grade it", async () => {
  const top = await Deno.makeTempDir({ prefix: "dualgrade-init-course-" });
  try {
    const init = await task(top, "init-course", "optim", "--title", "Optim");
    assert.equal(init.code, 0, init.stderr);
    const dir = join(top, "optim");
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    assert.equal(config.dualgrade.set, "./set.ts");
    assert.match(await Deno.readTextFile(join(dir, "README.md")), /^# Optim/);
    const workflow = await Deno.readTextFile(
      join(dir, ".github", "workflows", "course.yml"),
    );
    assert.match(workflow, /check-set --set set\.ts/);
    assert.match(
      workflow,
      /plan --set set\.ts --visible-only --out plan\.json/,
    );
    assert.match(workflow, /starter learner-repo --repo --plan plan\.json/);
    // The course's own tasks, typed in the course's folder.
    await courseTasksWork(dir, {});
  } finally {
    await Deno.remove(top, { recursive: true });
  }
});

Deno.test("course: a Gradescope autograder for the course's set grades a submission under a temporary root", async () => {
  const top = await Deno.makeTempDir({ prefix: "dualgrade-course-gs-" });
  try {
    // The course as it lives in its own repository: dualgrade from JSR,
    // which the grader maps to the copy in the autograder (never fetched).
    const course = join(top, "course");
    await writeCourse(course, {
      set: ["dualgrade/exercises", "dualgrade"],
      solutions: ["", "dualgrade"],
    }, {
      dualgrade: "jsr:@dualgrade/dualgrade@0.1.0",
      "dualgrade/exercises": "jsr:@dualgrade/dualgrade@0.1.0/exercises",
    });
    // Gradescope's layout: the zip's contents in <root>/source, run_autograder
    // copied to <root>, the submission in <root>/submission.
    const root = join(top, "autograder");
    const written = await task(
      course,
      "gradescope",
      join(root, "source"),
      "--set",
      "set.ts",
    );
    assert.equal(written.code, 0, written.stdout + written.stderr);
    assert.ok(
      (await Deno.stat(join(root, "source", "course", "set.ts"))).isFile,
    );
    await Deno.copyFile(
      join(root, "source", "run_autograder"),
      join(root, "run_autograder"),
    );
    await Deno.chmod(join(root, "run_autograder"), 0o755);
    await writeWrongLearner(join(root, "submission"), "dualgrade");

    const out = await new Deno.Command(join(root, "run_autograder"), {
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, log);
    const results = JSON.parse(
      await Deno.readTextFile(join(root, "results", "results.json")),
    ) as {
      score: number;
      tests: {
        name: string;
        score: number;
        max_score: number;
        status: string;
        visibility: string;
      }[];
      extra_data: Record<string, number>;
    };
    // The course's set (templates/course): 8 required points; the wrong
    // learner misses solve2 (1 point) and sigmoidPrime at hidden vectors (2).
    assert.equal(results.extra_data.maxScore, 8, log);
    assert.equal(results.score, 8 - 1 - 2, log);
    assert.deepEqual(
      results.tests.filter((t) => t.status === "failed").map((t) =>
        `${t.name.split(" · ")[0]} ${
          t.name.split(" · ")[1]
        } ${t.score}/${t.max_score}`
      ),
      ["02 solve2 0/1", "03 sigmoidPrime at hidden vectors 0/2"],
    );
    assert.equal(results.tests.length, 6);
    // Checks at hidden points wait for the due date (the autograder's default).
    const hidden = results.tests.find((t) =>
      t.name.startsWith("03 · sigmoidPrime at hidden vectors")
    )!;
    assert.equal(hidden.visibility, "after_due_date");
  } finally {
    await Deno.remove(top, { recursive: true });
  }
});

Deno.test("course: init-course --framework <url>: the course's tasks run dualgrade from that URL, with no checkout", async () => {
  const server = serveFolder(ROOT, "/dualgrade/");
  const top = await Deno.makeTempDir({ prefix: "dualgrade-init-url-" });
  try {
    const init = await task(
      top,
      "init-course",
      "optim",
      "--framework",
      server.base,
    );
    assert.equal(init.code, 0, init.stderr);
    const dir = join(top, "optim");
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    assert.equal(config.imports.dualgrade, `${server.base}mod.ts`);
    assert.ok(
      config.tasks.grade.endsWith(` ${server.base}grader/cli.ts`),
      config.tasks.grade,
    );
    // The course's own tasks, typed in its folder, with an empty Deno cache:
    // nothing comes from this checkout's files but through the URL.
    const env = {
      DENO_DIR: join(top, "deno"),
      DUALGRADE_CACHE: join(top, "cache"),
    };
    const own = (...args: string[]) => courseTask(dir, env, ...args);
    const prompts = await own("exercises");
    assert.equal(prompts.code, 0, prompts.text);
    assert.match(prompts.text, /sigmoidPrime/);
    await courseTasksWork(dir, env);
    const start = await own("starter", "start");
    assert.equal(start.code, 0, start.text);
    const zero = await own("grade", "start", "--seed", "1", "--no-typecheck");
    assert.equal(zero.code, 0, zero.text);
    assert.match(zero.text, /Total 0\/8/);
  } finally {
    await server.shutdown();
    await Deno.remove(top, { recursive: true });
  }
});
