// Runs the learner repository's Grade workflow step locally, as GitHub
// Actions would: the `run:` of the step with id `grade`, in bash with the
// runner's options, GITHUB_ACTIONS=true and temporary GITHUB_STEP_SUMMARY and
// GITHUB_OUTPUT files. The grader checkout's path is replaced by this
// repository's path. Expected values come from the exercise definitions and
// the rendered files, not from the grader.

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "npm:yaml@2.9.1";
import { autograd } from "../exercises/autograd/set.ts";
import { writeLearnerRepo } from "../exercises/starter.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const REFERENCE = join(REPO, "solutions", "autograd");

const REQUIRED_POINTS = sum(
  autograd.exercises.flatMap((ex) =>
    ex.checks.filter((c) => !c.optional).map((c) => c.points)
  ),
);
const BONUS_POINTS = sum(
  autograd.exercises.flatMap((ex) =>
    ex.checks.filter((c) => c.optional).map((c) => c.points)
  ),
);
const CHECK_COUNT = sum(autograd.exercises.map((ex) => ex.checks.length));

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

// deno-lint-ignore no-explicit-any
type Yaml = any;

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  output: string;
}

interface ClassroomTest {
  name: string;
  status: string;
  score: number;
  max_score: number;
  message: string;
  line_no: number;
  filename: string;
}

/** The workflow, its grade step, and the step checking out the grader. */
async function loadWorkflow(dir: string) {
  const workflow: Yaml = parse(
    await Deno.readTextFile(join(dir, ".github", "workflows", "grade.yml")),
  );
  const steps: Yaml[] = workflow.jobs.grade.steps;
  const grade = steps.find((s) => s.id === "grade");
  assert.ok(grade, "a step with id grade");
  const graderCheckout = steps.find((s) =>
    typeof s.uses === "string" && s.uses.startsWith("actions/checkout@") &&
    s.with?.repository !== undefined
  );
  assert.ok(graderCheckout, "a step checking out the grader");
  return { workflow, grade, graderCheckout };
}

/**
 * The workflow-level env as a push event sees it: no inputs, no variables,
 * so `a || b || 'x'` expressions take their last literal.
 */
function pushEnv(workflow: Yaml): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(workflow.env ?? {})) {
    const text = String(value);
    const expression = /^\$\{\{(.*)\}\}$/.exec(text);
    if (expression === null) {
      env[name] = text;
      continue;
    }
    const literal = /'([^']*)'\s*$/.exec(expression[1]);
    assert.ok(literal, `${name}: an expression ending in a literal default`);
    env[name] = literal[1];
  }
  return env;
}

/** Runs the grade step's script in `dir` as the runner would. */
async function runGradeStep(
  dir: string,
  envOverride: Record<string, string> = {},
): Promise<StepRun> {
  const { workflow, grade, graderCheckout } = await loadWorkflow(dir);
  const checkoutPath: string = graderCheckout.with.path;
  const script: string = grade.run;
  assert.ok(
    script.includes(`${checkoutPath}/`),
    `the grade step runs the grader from ${checkoutPath}/: ${script}`,
  );
  const local = script.split(`${checkoutPath}/`).join(`${REPO}/`);
  const scratch = await Deno.makeTempDir({ prefix: "dualgrade-gha-" });
  const summaryFile = join(scratch, "step_summary.md");
  const outputFile = join(scratch, "output.txt");
  await Deno.writeTextFile(summaryFile, "");
  await Deno.writeTextFile(outputFile, "");
  try {
    const out = await new Deno.Command("bash", {
      // GitHub's default shell for `run:` on Linux.
      args: ["--noprofile", "--norc", "-eo", "pipefail", "-c", local],
      cwd: dir,
      env: {
        ...pushEnv(workflow),
        ...envOverride,
        PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
        GITHUB_ACTIONS: "true",
        CI: "true",
        GITHUB_WORKSPACE: dir,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        NO_COLOR: "1",
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    return {
      code: out.code,
      stdout: text.decode(out.stdout),
      stderr: text.decode(out.stderr),
      summary: await Deno.readTextFile(summaryFile),
      output: await Deno.readTextFile(outputFile),
    };
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/** The Classroom result from GITHUB_OUTPUT: exactly one `result=` line, base64 JSON. */
function classroomResult(output: string) {
  const lines = output.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `one output line, got: ${output}`);
  assert.match(lines[0], /^result=[A-Za-z0-9+/]+=*$/);
  const bytes = Uint8Array.from(
    atob(lines[0].slice("result=".length)),
    (c) => c.charCodeAt(0),
  );
  return JSON.parse(new TextDecoder().decode(bytes)) as {
    version: number;
    status: string;
    max_score: number;
    tests: ClassroomTest[];
  };
}

/**
 * What the Classroom reporter (classroom-resources/autograding-grading-reporter@v1)
 * makes of one runner's result: its check is red when the status is `fail`
 * or `error`, and it reports "Points <sum of the tests' scores>/<max_score>".
 */
function reporter(result: ReturnType<typeof classroomResult>) {
  return {
    red: result.status === "fail" || result.status === "error",
    points: `${sum(result.tests.map((t) => t.score))}/${result.max_score}`,
  };
}

/** Workflow command lines (`::error …`) of one kind. */
function annotations(stdout: string, kind: "error" | "warning") {
  const out: { file: string; line: number; title: string; message: string }[] =
    [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(`::${kind} `)) continue;
    const m = /^::\w+ file=([^,]+),line=(\d+)(?:,col=\d+)?,title=([^:]*)::(.*)$/
      .exec(line);
    assert.ok(m, `a well-formed annotation: ${line}`);
    out.push({
      file: m[1],
      line: Number(m[2]),
      title: decodeURIComponent(m[3]),
      message: decodeURIComponent(m[4]),
    });
  }
  return out;
}

/** The 1-based line of `export const <name>` in a file. */
function exportLine(source: string, name: string): number {
  const index = source.split("\n").findIndex((l) =>
    l.startsWith(`export const ${name}:`) ||
    l.startsWith(`export const ${name} `)
  );
  assert.ok(index >= 0, `export ${name} found`);
  return index + 1;
}

/** The bare name the learner's deno.json maps to the framework. */
async function frameworkName(dir: string): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
  const [name] = Object.keys(config.imports);
  return name;
}

/** Copies the reference solutions in, importing the framework by `specifier`. */
async function copyReference(
  dir: string,
  specifier: string,
  except: string[] = [],
) {
  for (const ex of autograd.exercises) {
    if (except.includes(ex.id)) continue;
    const source = await Deno.readTextFile(join(REFERENCE, `${ex.id}.ts`));
    const rewritten = source.replaceAll(
      `"../../mod.ts"`,
      JSON.stringify(specifier),
    );
    assert.doesNotMatch(
      rewritten,
      /mod\.ts"/,
      `${ex.id}: every import rewritten`,
    );
    await Deno.writeTextFile(join(dir, "solutions", `${ex.id}.ts`), rewritten);
  }
}

async function withRepo(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-learner-" });
  try {
    writeLearnerRepo(dir);
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("Grade workflow on the starter: 0 points, a red check, 10 annotations at most, a failing Classroom result", async () => {
  await withRepo(async (dir) => {
    const run = await runGradeStep(dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `Below the minimum score: 0/${REQUIRED_POINTS} is less than 100%`,
      ),
    );

    // Every check fails on its export's line; GitHub shows 10 annotations
    // per step, so: one per file and line, lines with a required check
    // first, and a closing notice counting the lines left out.
    const failing = new Map<string, { required: boolean; names: string[] }>();
    for (const ex of autograd.exercises) {
      const file = `solutions/${ex.id}.ts`;
      const source = await Deno.readTextFile(join(dir, file));
      for (const check of ex.checks) {
        const key = `${file}:${exportLine(source, check.export)}`;
        const entry = failing.get(key) ?? { required: false, names: [] };
        entry.required ||= !check.optional;
        entry.names.push(`${check.name}${check.optional ? " (bonus)" : ""}`);
        failing.set(key, entry);
      }
    }
    assert.ok(failing.size > 10, `${failing.size} lines with failing checks`);
    const located = [
      ...annotations(run.stdout, "error"),
      ...annotations(run.stdout, "warning"),
    ];
    const commands = run.stdout.split("\n").filter((l) => l.startsWith("::"));
    assert.equal(commands.length, 10);
    assert.equal(located.length, 9);
    assert.ok(
      commands.slice(0, 9).every((l) => l.startsWith("::error ")),
      "required failures first",
    );
    const keys = located.map((a) => `${a.file}:${a.line}`);
    assert.equal(new Set(keys).size, keys.length, "one per file and line");
    for (const a of located) {
      const entry = failing.get(`${a.file}:${a.line}`);
      assert.ok(entry?.required, `${a.file}:${a.line} has a required check`);
      for (const name of entry.names) {
        assert.ok(a.title.includes(name), `${a.title} names ${name}`);
      }
      assert.match(a.message, /not done yet/);
    }
    const left = failing.size - 9;
    assert.match(
      commands[9],
      new RegExp(
        `^::notice title=${left} more lines not annotated::${left} more lines`,
      ),
    );
    assert.ok(run.summary.includes(`${left} more lines with failing checks`));

    // The job summary: a failing headline, a row per exercise, the total.
    const summary = run.summary.split("\n");
    assert.equal(
      summary[0],
      `## ❌ ${autograd.title}: 0/${REQUIRED_POINTS} · bonus 0/${BONUS_POINTS}`,
    );
    assert.ok(summary.includes("| Exercise | Score | Checks | Status |"));
    for (const ex of autograd.exercises) {
      const points = sum(
        ex.checks.filter((c) => !c.optional).map((c) => c.points),
      );
      const row = summary.find((l) => l.startsWith(`| ${ex.id} `));
      assert.ok(row, `a summary row for ${ex.id}`);
      assert.match(
        row,
        new RegExp(
          `\\| 0/${points}( \\+0 bonus)? \\| 0/${ex.checks.length} \\|`,
        ),
      );
    }
    assert.ok(run.summary.includes("not done yet: fGrad"));
    assert.equal(
      summary.at(-2),
      `**Total: 0/${REQUIRED_POINTS} · bonus 0/${BONUS_POINTS}**`,
    );

    // The Classroom result: fail, 40 points at most, every check failed.
    const result = classroomResult(run.output);
    assert.equal(result.version, 1);
    assert.equal(result.status, "fail");
    assert.equal(result.max_score, REQUIRED_POINTS);
    assert.equal(REQUIRED_POINTS, 40);
    assert.equal(result.tests.length, CHECK_COUNT);
    for (const t of result.tests) {
      assert.equal(t.status, "fail", t.name);
      assert.equal(t.score, 0, t.name);
      assert.equal(t.filename, `solutions/${t.name.slice(0, 2)}.ts`);
      assert.match(t.message, /not done yet/);
    }
    assert.equal(sum(result.tests.map((t) => t.max_score)), REQUIRED_POINTS);
    assert.deepEqual(reporter(result), {
      red: true,
      points: `0/${REQUIRED_POINTS}`,
    });
  });
});

Deno.test("Grade workflow on the reference solutions (importing the template's specifier): full marks, no annotation, a passing Classroom result", async () => {
  await withRepo(async (dir) => {
    const specifier = await frameworkName(dir);
    assert.equal(specifier, "dualgrade");
    await copyReference(dir, specifier);
    const run = await runGradeStep(dir);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(
      run.stdout.split("\n").filter((l) => l.startsWith("::")),
      [],
    );

    const total =
      `${REQUIRED_POINTS}/${REQUIRED_POINTS} · bonus ${BONUS_POINTS}/${BONUS_POINTS}`;
    const summary = run.summary.split("\n");
    assert.equal(summary[0], `## ✅ ${autograd.title}: ${total}`);
    for (const ex of autograd.exercises) {
      const row = summary.find((l) => l.startsWith(`| ${ex.id} `));
      assert.ok(row, `a summary row for ${ex.id}`);
      assert.match(
        row,
        new RegExp(`\\| ${ex.checks.length}/${ex.checks.length} \\| ✅ \\|$`),
      );
    }
    assert.ok(
      !summary.some((l) => l.startsWith("### ")),
      "no failing exercise listed",
    );
    assert.equal(summary.at(-2), `**Total: ${total}**`);

    const result = classroomResult(run.output);
    assert.equal(result.status, "pass");
    assert.equal(result.max_score, REQUIRED_POINTS);
    assert.equal(result.tests.length, CHECK_COUNT);
    assert.ok(result.tests.every((t) => t.status === "pass"));
    // Bonus points are reported apart: the reporter reads 40/40, not 43/40.
    for (const t of result.tests) {
      const bonus = t.name.endsWith("(bonus)");
      assert.equal(t.max_score === 0, bonus, t.name);
      if (bonus) {
        assert.equal(t.score, 0, t.name);
        assert.match(t.message, /^Bonus: \d+ points? earned, reported apart/);
      } else assert.equal(t.message, "", t.name);
    }
    assert.deepEqual(reporter(result), {
      red: false,
      points: `${REQUIRED_POINTS}/${REQUIRED_POINTS}`,
    });
  });
});

Deno.test("Grade workflow with one exercise left undone and MIN_SCORE=25: a green check, that exercise's points lost, a passing Classroom result", async () => {
  await withRepo(async (dir) => {
    await copyReference(dir, await frameworkName(dir), ["03"]);
    const run = await runGradeStep(dir, { MIN_SCORE: "25" });
    const lost = sum(
      autograd.exercises.find((ex) => ex.id === "03")!.checks.map((c) =>
        c.points
      ),
    );
    const score = REQUIRED_POINTS - lost;
    assert.ok(score >= 25);
    assert.equal(run.code, 0, run.stderr);
    const errors = annotations(run.stdout, "error");
    assert.ok(errors.length > 0);
    assert.ok(errors.every((a) => a.file === "solutions/03.ts"));
    assert.equal(
      run.summary.split("\n")[0],
      `## ❌ ${autograd.title}: ${score}/${REQUIRED_POINTS} · bonus ${BONUS_POINTS}/${BONUS_POINTS}`,
    );
    // The minimum is reached: the reporter's check is green like the grade
    // step's, though 03's checks failed.
    const result = classroomResult(run.output);
    assert.equal(result.status, "pass");
    assert.deepEqual(reporter(result), {
      red: false,
      points: `${score}/${REQUIRED_POINTS}`,
    });
    assert.deepEqual(
      [
        ...new Set(
          result.tests.filter((t) => t.status !== "pass").map((t) =>
            t.filename
          ),
        ),
      ],
      ["solutions/03.ts"],
    );
  });
});

Deno.test("Grade workflow: a MIN_SCORE the grader cannot read is a setup error (exit 2) before any report", async () => {
  await withRepo(async (dir) => {
    const run = await runGradeStep(dir, { MIN_SCORE: "most" });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /Invalid value for --min-score in deno task grade: "most"/,
    );
    assert.equal(run.summary, "");
    assert.equal(run.output, "");
  });
});

Deno.test("Grade workflow: the Classroom reporter step, uncommented, is complete and needs no checks: write", async () => {
  await withRepo(async (dir) => {
    const text = await Deno.readTextFile(
      join(dir, ".github", "workflows", "grade.yml"),
    );
    // The reporter (classroom-resources/autograding-grading-reporter@v1)
    // writes its points as a notice annotation since October 2024: its
    // documented permissions are `actions: read` and `contents: read`.
    assert.doesNotMatch(text, /checks: write|`checks/);
    const { workflow } = await loadWorkflow(dir);
    assert.deepEqual(workflow.permissions, { contents: "read" });
    const lines = text.split("\n");
    const start = lines.findIndex((l) =>
      /^ {6}# - name: Report to GitHub Classroom$/.test(l)
    );
    assert.ok(start > 0, "a commented-out reporter step");
    const block: string[] = [];
    for (const l of lines.slice(start)) {
      if (!l.startsWith("      # ")) break;
      block.push("      " + l.slice("      # ".length));
    }
    const [step] = parse(block.map((l) => l.slice(6)).join("\n"));
    assert.equal(
      step.uses,
      "classroom-resources/autograding-grading-reporter@v1",
    );
    assert.equal(step.with.runners, "grade");
    assert.equal(step.env.GRADE_RESULTS, "${{ steps.grade.outputs.result }}");
    assert.equal(step.if, "${{ !cancelled() }}");
    // What to add, as the comment says it.
    const comment = lines.slice(0, start).reverse().findIndex((l) =>
      !l.trimStart().startsWith("#")
    );
    const advice = lines.slice(start - comment, start).join(" ");
    assert.match(advice, /add\s+#?\s*`actions: read`/);
  });
});

Deno.test("Grade workflow with MIN_SCORE above the score: the grade step and the Classroom reporter are both red", async () => {
  await withRepo(async (dir) => {
    await copyReference(dir, await frameworkName(dir), ["03"]);
    const run = await runGradeStep(dir, { MIN_SCORE: "90%" });
    assert.equal(run.code, 1, run.stderr);
    const result = classroomResult(run.output);
    assert.equal(result.status, "fail");
    assert.equal(reporter(result).red, true);
  });
});
