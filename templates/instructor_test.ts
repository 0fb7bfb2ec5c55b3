// Runs the instructor's class-grading workflow locally: every matrix shard's
// grading command, then the merge job's, as the workflow writes them.
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "npm:yaml@2.9.1";
import { readEntries } from "../grader/gradebook.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));

interface Step {
  name?: string;
  run?: string;
}
interface Workflow {
  env: Record<string, string | number>;
  jobs: {
    grade: { strategy: { matrix: { shard: number[] } }; steps: Step[] };
    merge: { steps: Step[] };
  };
}

async function bash(script: string, cwd: string, env: Record<string, string>) {
  const out = await new Deno.Command("bash", {
    args: ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
    cwd,
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  return text;
}

Deno.test("the class-grading workflow's shards cover the class and merge into one gradebook", async () => {
  const yml = await Deno.readTextFile(
    join(repo, "templates", "instructor", "grade-class.yml"),
  );
  const wf = parse(yml) as Workflow;
  const shards = wf.jobs.grade.strategy.matrix.shard;
  assert.equal(
    shards.length,
    Number(wf.env.SHARDS),
    "the matrix and SHARDS agree",
  );
  const gradeRun = wf.jobs.grade.steps.find((s) => s.run?.includes("--batch"))!
    .run!;
  const mergeRun = wf.jobs.merge.steps.find((s) => s.run?.includes("merge"))!
    .run!;

  const ws = await Deno.makeTempDir({ prefix: "dualgrade-class-" });
  try {
    await Deno.symlink(repo, join(ws, ".dualgrade"));
    const learners = ["amy", "bo", "cy", "di", "ed", "flo", "gus"];
    const solutions = join(repo, "solutions", "autograd");
    for (const l of learners) {
      const dir = join(ws, "submissions", l);
      await Deno.mkdir(dir, { recursive: true });
      const mod = JSON.stringify(relative(dir, join(repo, "mod.ts")));
      for (const f of ["01.ts", "02.ts"]) {
        const text = await Deno.readTextFile(join(solutions, f));
        await Deno.writeTextFile(
          join(dir, f),
          text.replaceAll('"../../mod.ts"', mod),
        );
      }
    }
    const env = {
      GITHUB_WORKSPACE: ws,
      SHARDS: String(wf.env.SHARDS),
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? ws,
      DENO_DIR: Deno.env.get("DENO_DIR") ?? "",
    };
    if (!env.DENO_DIR) delete (env as Record<string, string>).DENO_DIR;
    for (const shard of shards) {
      const script = gradeRun
        .replaceAll("${{ matrix.shard }}", String(shard))
        .replaceAll("${{ inputs.seed }}", "5");
      await bash(script, ws, env);
    }
    await bash(mergeRun, ws, env);
    const merged = await readEntries(join(ws, "gradebook.jsonl"));
    assert.deepEqual(merged.map((e) => e.learner), learners);
    for (const e of merged) {
      assert.equal(e.seed, 5);
      assert.equal(e.points["01"], 6);
      assert.equal(e.points["02"], 3);
    }
    const csv = (await Deno.readTextFile(join(ws, "gradebook.csv"))).trim()
      .split("\n");
    assert.equal(csv.length, learners.length + 1);
  } finally {
    await Deno.remove(ws, { recursive: true });
  }
});
