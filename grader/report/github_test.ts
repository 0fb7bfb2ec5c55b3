import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import type { GradeResult } from "../result.ts";
import {
  ANNOTATIONS_PER_STEP,
  classroomResult,
  githubAnnotations,
  githubSummary,
  planAnnotations,
  writeGitHubReports,
} from "./github.ts";

Deno.test("github: the job summary has a table row per exercise and the failing checks", () => {
  const md = githubSummary(sampleResult());
  assert.match(md, /^## ❌ Mini: 3\/8 · bonus 1\/2\n/);
  assert.match(md, /\n\*\*Total: 3\/8 · bonus 1\/2\*\*\n$/);
  assert.match(
    md,
    /\| 01 A square &amp; its &lt;derivative&gt; \| 3\/5 \+1 bonus \| 3\/5 \| ❌ \|/,
  );
  assert.match(md, /\| 02 Values \| 0\/3 \| 0\/1 \| ⚠️ timeout \|/);
  assert.match(
    md,
    /- ❌ \*\*squareGrad at 3\*\* \(2 pts\): squareGrad\(3\) threw Error: bad &lt;input&gt; &amp; "quotes", second line: 100%/,
  );
  assert.match(md, /- ❌ \*\*answer \\\| table\*\* \(3 pts\)\n/);
  assert.match(md, /🔶 type error TS2322 at line 4/);
  // Under a failing check: its diagnosis and its hint, escaped.
  assert.match(
    md,
    /\n {2}- hint: grad\(square\) &lt;is&gt; the derivative &amp; needs no "argument"\n/,
  );
  assert.match(
    md,
    /\n {2}- probably: 1\.5 times the expected value everywhere: one constant factor is off\n/,
  );
});

Deno.test("github: one annotation per file and line, required failures first, escaped, with diagnosis and hint", () => {
  const lines = githubAnnotations(sampleResult(), "/work");
  assert.deepEqual(lines, [
    // 01.ts line 4: a failing required check (with its hint) and a type error share it.
    "::error file=learner/01.ts,line=4,title=01 squareGrad at 3%2C type error TS2322::" +
    'squareGrad at 3: squareGrad(3) threw Error: bad <input> & "quotes",%0Asecond line: 100%25' +
    '%0Ahint: grad(square) <is> the derivative & needs no "argument"' +
    "%0Atype error TS2322: Type 'string' is not assignable to type 'number'.",
    "::error file=learner/02.ts,line=1,title=02 answer | table::Stopped after 5000 ms while loading the module: an endless loop or a wait that never ends?",
    // The bonus check comes after every required one, though its exercise is
    // first; its diagnosis stands under its message.
    "::warning file=learner/01.ts,line=7,title=01 bonus two (bonus)::extra2: expected 2, got 3" +
    "%0Aprobably: 1.5 times the expected value everywhere: one constant factor is off",
  ]);
});

Deno.test("github: a diagnosis or hint carrying workflow commands is neutralised, and long texts are cut to GitHub's limits", () => {
  const result = sampleResult();
  const [bonusTwo] = result.exercises[0].checks.filter((c) =>
    c.name === "bonus two"
  );
  bonusTwo.diagnosis = {
    kind: "constant-factor",
    text: "x\n::error file=.github/workflows/x.yml::forged\n##[error]also",
  };
  bonusTwo.hint = "h".repeat(10_000);
  bonusTwo.name = "n".repeat(400);
  const lines = githubAnnotations(result, "/work");
  const annotation = lines.find((l) => l.startsWith("::warning"))!;
  const [head, message] = [
    annotation.slice(0, annotation.indexOf("::", 2)),
    annotation.slice(annotation.indexOf("::", 2) + 2),
  ];
  // Every line of the message is data, never a command of its own.
  assert.ok(
    message.split("%0A").every((l) =>
      !l.startsWith("::") && !l.includes("##[")
    ),
    message,
  );
  assert.match(message, /probably: x%0A:\u200b:error/);
  const decoded = message.replaceAll("%0A", "\n").replaceAll("%25", "%");
  assert.equal(decoded.length, 4000);
  assert.ok(decoded.endsWith("…"));
  const title = head.slice(head.indexOf("title=") + 6);
  assert.equal(title.replaceAll("%2C", ",").replaceAll("%3A", ":").length, 255);
});

/** A result with `n` exercises, each a file whose required checks fail on 3 lines. */
function manyFailures(n: number): GradeResult {
  const base = sampleResult();
  const [template] = base.exercises;
  const exercises = Array.from({ length: n }, (_, i) => {
    const id = String(i + 1).padStart(2, "0");
    const check = (name: string, line: number, optional = false) => ({
      ...template.checks[2],
      name,
      line,
      optional,
      message: `${name}: not done yet`,
    });
    return {
      ...template,
      id,
      file: `/work/learner/${id}.ts`,
      checks: [
        check("bonus", 9, true),
        check("f at 3", 2),
        check("f at hidden points", 2),
        check("g at 3", 5),
        check("h at 3", 7),
      ],
      typeErrors: [],
    };
  });
  return { ...base, exercises, passed: false };
}

function parse(line: string) {
  const m =
    /^::(\w+) (?:file=([^,]+),line=(\d+),(?:col=\d+,)?)?title=([^:]*)::(.*)$/
      .exec(
        line,
      );
  assert.ok(m, line);
  return {
    level: m[1],
    file: m[2],
    line: Number(m[3]),
    title: m[4],
    message: m[5],
  };
}

Deno.test("github: at most 10 annotations, the last a notice counting the lines left out", () => {
  // 5 files × (3 required lines + 1 bonus line) = 20 annotated lines.
  const lines = githubAnnotations(manyFailures(5), "/work").map(parse);
  assert.equal(lines.length, ANNOTATIONS_PER_STEP);
  assert.equal(ANNOTATIONS_PER_STEP, 10);
  const shown = lines.slice(0, 9);
  assert.ok(shown.every((a) => a.level === "error"), "required failures first");
  assert.deepEqual(
    shown.map((a) => `${a.file}:${a.line}`),
    ["01:2", "01:5", "01:7", "02:2", "02:5", "02:7", "03:2", "03:5", "03:7"]
      .map((k) => `learner/${k.replace(":", ".ts:")}`),
  );
  assert.equal(shown[0].title, "01 f at 3%2C f at hidden points");
  assert.equal(
    shown[0].message,
    // Both checks carry the same hint: it is said once.
    "f at 3: f at 3: not done yet" +
      '%0Ahint: grad(square) <is> the derivative & needs no "argument"' +
      "%0Af at hidden points: f at hidden points: not done yet",
  );
  const notice = lines[9];
  assert.equal(notice.level, "notice");
  assert.equal(notice.file, undefined);
  assert.match(
    notice.message,
    /^11 more lines with failing checks or type errors are not annotated/,
  );
  assert.match(notice.message, /the job summary lists every failing check/);

  const plan = planAnnotations(manyFailures(5), "/work");
  assert.equal(plan.shown.length + plan.omitted, 20);
  const summary = githubSummary(manyFailures(5));
  assert.match(
    summary,
    /> 11 more lines with failing checks or type errors are not annotated/,
  );
  // Every failing check is still in the summary.
  assert.equal(summary.match(/\*\*h at 3\*\*/g)?.length, 5);
});

Deno.test("github: exactly 10 annotated lines need no notice", () => {
  // 2 files: 6 required lines, then 2 bonus lines; + 2 type errors elsewhere.
  const r = manyFailures(2);
  r.exercises[0].typeErrors = [
    { file: "", line: 11, column: 3, code: "TS1", message: "one" },
    { file: "", line: 12, column: 1, code: "TS2", message: "two" },
  ];
  const lines = githubAnnotations(r, "/work").map(parse);
  assert.equal(lines.length, 10);
  assert.ok(lines.every((a) => a.level !== "notice"));
  assert.deepEqual(
    lines.map((a) => a.level),
    [...Array(6).fill("error"), ...Array(4).fill("warning")],
  );
  assert.doesNotMatch(githubSummary(r), /not annotated/);
  r.exercises[1].typeErrors = [{
    file: "",
    line: 30,
    column: 1,
    code: "TS3",
    message: "three",
  }];
  const more = githubAnnotations(r, "/work").map(parse);
  assert.equal(more.length, 10);
  assert.equal(more[9].level, "notice");
  assert.match(more[9].message, /^2 more lines/);
});

Deno.test("github: the Classroom result has version, status, max_score and the tests", () => {
  const r = classroomResult(sampleResult(), "/work");
  assert.equal(r.version, 1);
  assert.equal(r.status, "error");
  assert.equal(r.max_score, 8);
  assert.equal(r.tests.length, 6);
  assert.deepEqual(r.tests[2], {
    name: "01 squareGrad at 3",
    status: "fail",
    score: 0,
    max_score: 2,
    message:
      'squareGrad(3) threw Error: bad <input> & "quotes",\nsecond line: 100%' +
      '\nhint: grad(square) <is> the derivative & needs no "argument"',
    line_no: 4,
    filename: "learner/01.ts",
  });
  assert.equal(r.tests[5].status, "error");
});

Deno.test("github: writes the summary and a base64 result output that decodes", async () => {
  const summary = await Deno.makeTempFile();
  const output = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(output, "earlier=1\n");
    const printed: string[] = [];
    await writeGitHubReports(sampleResult(), {
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_WORKSPACE: "/work",
    }, (line) => printed.push(line));
    assert.equal(printed.length, 3);
    assert.match(await Deno.readTextFile(summary), /^## ❌ Mini/);
    const lines = (await Deno.readTextFile(output)).trim().split("\n");
    assert.equal(lines[0], "earlier=1");
    assert.match(lines[1], /^result=[A-Za-z0-9+/]+=*$/);
    const bytes = Uint8Array.from(
      atob(lines[1].slice("result=".length)),
      (c) => c.charCodeAt(0),
    );
    const decoded = JSON.parse(new TextDecoder().decode(bytes));
    assert.deepEqual(decoded, classroomResult(sampleResult(), "/work"));
  } finally {
    await Deno.remove(summary);
    await Deno.remove(output);
  }
});

Deno.test("github: the Classroom status follows the minimum score; bonus points count only when it counts them", () => {
  // The sample: 3 of 8 required points, 1 of 2 bonus, 02 timed out.
  const min = (value: number, countBonus = false) => ({
    minScore: { value, percent: false, countBonus },
  });
  const reached = classroomResult(sampleResult(), "/work", min(3));
  assert.equal(reached.status, "pass");
  const points = (r: ReturnType<typeof classroomResult>) =>
    r.tests.reduce((a, t) => a + t.score, 0);
  assert.equal(points(reached), 3);
  const bonusOne = reached.tests.find((t) => t.name === "01 bonus one (bonus)");
  assert.deepEqual([bonusOne?.score, bonusOne?.max_score], [0, 0]);
  assert.match(
    bonusOne?.message ?? "",
    /^Bonus: 1 point earned, reported apart/,
  );

  // Below the minimum, with a required module that did not run: error.
  assert.equal(
    classroomResult(sampleResult(), "/work", min(4)).status,
    "error",
  );
  // Counting the bonus, 3 + 1 reaches 4, and the points include it.
  const withBonus = classroomResult(sampleResult(), "/work", min(4, true));
  assert.equal(withBonus.status, "pass");
  assert.equal(points(withBonus), 4);
  assert.equal(withBonus.max_score, 8);
  // Percentages are of the required points.
  const pct = { minScore: { value: 37.5, percent: true, countBonus: false } };
  assert.equal(classroomResult(sampleResult(), "/work", pct).status, "pass");
  pct.minScore.value = 38;
  assert.equal(classroomResult(sampleResult(), "/work", pct).status, "error");
});
