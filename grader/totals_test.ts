/**
 * Honest totals: a failed required check is never made up for by bonus
 * points, in any report (terminal, JSON, JUnit, Gradescope, the GitHub
 * summary and Classroom result, HTML) nor in `--min-score` and the exit code. The submission is graded for real: the mini
 * set's exercise 02 with `answer` wrong (1 required point lost) and the bonus
 * right (1 bonus point), the case where an adding total would read 8/8, 100 %.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopBundler } from "./_bundle.ts";
import { main } from "./cli.ts";
import { gradeSubmission } from "./grade.ts";
import { formatJson } from "./report/json.ts";
import { formatTerminal } from "./report/terminal.ts";
import { formatJUnit } from "./report/junit.ts";
import { toGradescope } from "./report/gradescope.ts";
import { classroomResult, githubSummary } from "./report/github.ts";
import { renderHtml } from "./report/html.ts";
import { exerciseSet as mini } from "./testdata/mini/set.ts";

const MINI = fileURLToPath(new URL("./testdata/mini/set.ts", import.meta.url));
const URL_ = "https://example.com/dualgrade@0.1.0/mod.ts";

async function bonusFillsTheGap(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-totals-" });
  await Deno.writeTextFile(
    join(dir, "01.ts"),
    `import { grad, np } from "${URL_}";\nexport const square = (x: number) => np.multiply(x, x);\nexport const squareGrad = grad(square);\n`,
  );
  await Deno.writeTextFile(
    join(dir, "02.ts"),
    `import { np } from "${URL_}";\nexport const answer = 41;\nexport const flag = true;\nexport const M = np.array([[1, 2], [3, 4]]);\nexport const bonus = 7;\n`,
  );
  return dir;
}

Deno.test("totals: a failed required check with the bonus full claims no full marks in the result, terminal and JSON", async () => {
  const dir = await bonusFillsTheGap();
  try {
    const result = await gradeSubmission(dir, {
      set: mini,
      seed: 1,
      typecheck: false,
    });
    // The result: required and bonus apart.
    assert.deepEqual(
      [result.score, result.maxScore, result.bonus, result.bonusMax],
      [7, 8, 1, 1],
    );
    assert.equal(result.passed, false);
    const ex02 = result.exercises[1];
    assert.deepEqual([ex02.score, ex02.maxScore, ex02.bonus], [3, 4, 1]);

    const text = formatTerminal(result, { color: false });
    assert.match(text, /\nTotal 7\/8 required · 87% · bonus 1\/1 · seed 1\n/);
    assert.doesNotMatch(text, /100 ?%|8\/8|Total 8/);
    assert.match(text, /\n02 {2}Values +3\/4 \+1\/1 bonus\n/);

    const json = JSON.parse(formatJson(result));
    assert.equal(json.score, 7);
    assert.equal(json.bonus, 1);
    assert.ok(json.score < json.maxScore);
    assert.equal(json.passed, false);
    for (const ex of json.exercises) {
      assert.ok(ex.score <= ex.maxScore, ex.id);
    }
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("totals: --min-score counts required points; --min-score-bonus lets the bonus count; the exit code agrees", async () => {
  const dir = await bonusFillsTheGap();
  const run = async (...args: string[]) => {
    const err: string[] = [];
    const code = await main([dir, "--set", MINI, "--no-typecheck", ...args], {
      stdout: () => {},
      stderr: (t) => err.push(t),
      isTerminal: false,
      env: () => undefined,
    });
    return { code, stderr: err.join("") };
  };
  try {
    const full = await run("--min-score", "100%");
    assert.equal(full.code, 1);
    assert.match(
      full.stderr,
      /Below the minimum score: 7\/8 is less than 100%/,
    );
    assert.equal((await run("--min-score", "8")).code, 1);
    assert.equal((await run("--min-score", "7")).code, 0);
    assert.equal((await run("--min-score", "8", "--min-score-bonus")).code, 0);
    const below = await run("--min-score", "9", "--min-score-bonus");
    assert.equal(below.code, 1);
    assert.match(below.stderr, /7\/8 plus 1 bonus is less than 9 points/);
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("totals: JUnit, Gradescope, the GitHub summary and Classroom result, and HTML claim no full marks either", async () => {
  const dir = await bonusFillsTheGap();
  try {
    const result = await gradeSubmission(dir, {
      set: mini,
      seed: 1,
      typecheck: false,
    });
    assert.deepEqual(
      [result.score, result.maxScore, result.bonus, result.bonusMax],
      [7, 8, 1, 1],
    );

    // JUnit: a failure, and each suite's required score apart from its bonus.
    const xml = formatJUnit(result);
    assert.match(xml, /<testsuites [^>]*failures="1"/);
    assert.match(
      xml,
      /<testsuite name="02 Values"[^]*?<property name="score" value="3"\/>\s*<property name="maxScore" value="4"\/>\s*<property name="bonusScore" value="1"\/>/,
    );

    // Gradescope: the score is the required points; the bonus waits.
    const gs = toGradescope(result);
    assert.equal(gs.score, 7);
    assert.equal(gs.tests.reduce((a, t) => a + t.score, 0), 7);
    assert.equal(gs.extra_data.maxScore, 8);
    assert.doesNotMatch(gs.output, /8\/8|100 ?%/);

    // GitHub: a red summary with 7/8 and the bonus apart; a failing Classroom
    // result whose points add up to 7 of 8.
    const md = githubSummary(result);
    assert.match(md, /^## ❌ Mini: 7\/8 · bonus 1\/1\n/);
    assert.match(md, /\*\*Total: 7\/8 · bonus 1\/1\*\*/);
    assert.doesNotMatch(md, /8\/8|100 ?%|✅ Mini/);
    const classroom = classroomResult(result, dir);
    assert.equal(classroom.status, "fail");
    assert.equal(classroom.max_score, 8);
    assert.equal(classroom.tests.reduce((a, t) => a + t.score, 0), 7);

    // HTML: required 7 of 8, bonus 1 of 1, apart.
    const html = renderHtml(result);
    assert.match(
      html,
      /<span data-total="required">7<\/span> \/ <span data-total="required-max">8<\/span>/,
    );
    assert.match(html, /<span data-total="bonus">1<\/span>/);
    assert.doesNotMatch(html, /data-total="required">8</);
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});
