import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import {
  classroomResult,
  githubAnnotations,
  githubSummary,
  writeGitHubReports,
} from "./github.ts";

Deno.test("github: the job summary has a table row per exercise and the failing checks", () => {
  const md = githubSummary(sampleResult());
  assert.match(md, /^## ❌ Mini: 4\/8\n/);
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
});

Deno.test("github: an error annotation per failing check at the export's line, escaped", () => {
  const lines = githubAnnotations(sampleResult(), "/work");
  assert.deepEqual(lines, [
    '::error file=learner/01.ts,line=4,title=01 squareGrad at 3::squareGrad(3) threw Error: bad <input> & "quotes",%0Asecond line: 100%25',
    "::warning file=learner/01.ts,line=7,title=01 bonus two (bonus)::extra2: expected 2, got 3",
    "::warning file=learner/01.ts,line=4,col=7,title=01 type error TS2322::Type 'string' is not assignable to type 'number'.",
    "::error file=learner/02.ts,line=1,title=02 answer | table::Stopped after 5000 ms while loading the module: an endless loop or a wait that never ends?",
  ]);
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
      'squareGrad(3) threw Error: bad <input> & "quotes",\nsecond line: 100%',
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
    assert.equal(printed.length, 4);
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
