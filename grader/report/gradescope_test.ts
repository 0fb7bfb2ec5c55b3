import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import { toGradescope } from "./gradescope.ts";

// Field names and values from Gradescope's "Autograder Specifications"
// (results.json): top level score/output/visibility/extra_data/tests; per
// test score, max_score, status, name, number, output, tags, visibility.
const TEST_FIELDS = [
  "max_score",
  "name",
  "number",
  "output",
  "score",
  "status",
  "tags",
  "visibility",
];

Deno.test("gradescope: one test per check with Gradescope's fields and an explicit status", () => {
  const r = toGradescope(sampleResult());
  assert.deepEqual(Object.keys(r).sort(), [
    "extra_data",
    "output",
    "score",
    "tests",
    "visibility",
  ]);
  assert.equal(r.tests.length, 6);
  for (const t of r.tests) {
    assert.deepEqual(Object.keys(t).sort(), TEST_FIELDS);
    assert.ok(t.status === "passed" || t.status === "failed");
    assert.equal(t.visibility, "visible");
  }
  const failed = r.tests.find((t) => t.name === "01 · squareGrad at 3");
  assert.deepEqual(
    [failed?.status, failed?.score, failed?.max_score],
    ["failed", 0, 2],
  );
  assert.match(failed?.output ?? "", /^squareGrad\(3\) threw Error/);
  assert.match(r.tests[0].output, /Type error TS2322 at line 4:7/);
  assert.deepEqual(r.tests.map((t) => t.number), [
    "01.1",
    "01.2",
    "01.3",
    "01.4",
    "01.5",
    "02.1",
  ]);
  JSON.parse(JSON.stringify(r));
});

Deno.test("gradescope: bonus checks are extra credit, counted once every required check passes", () => {
  const r = toGradescope(sampleResult());
  // The sample: required 1 + 2 + 0 (01) and 0 (02) of 5 + 3; bonus 1 of 2,
  // earned while required checks fail: shown, not counted.
  const bonusOne = r.tests.find((t) =>
    t.name === "01 · bonus one (extra credit)"
  );
  const bonusTwo = r.tests.find((t) =>
    t.name === "01 · bonus two (extra credit)"
  );
  assert.deepEqual(
    [bonusOne?.score, bonusOne?.max_score, bonusOne?.status, bonusOne?.tags],
    [0, 1, "passed", ["bonus"]],
  );
  assert.match(
    bonusOne?.output ?? "",
    /^Extra credit earned: 1 point, counted once every required check passes$/,
  );
  // A failed bonus check is failed, not a passing 0/0.
  assert.deepEqual(
    [bonusTwo?.score, bonusTwo?.max_score, bonusTwo?.status],
    [0, 1, "failed"],
  );
  assert.equal(r.score, 3);
  assert.equal(r.tests.reduce((a, t) => a + t.score, 0), r.score);
  const required = r.tests.filter((t) => !t.tags.includes("bonus"));
  assert.equal(required.reduce((a, t) => a + t.max_score, 0), 8);
  assert.deepEqual(r.extra_data, {
    seed: 42,
    set: "mini",
    schema: sampleResult().version,
    maxScore: 8,
    requiredScore: 3,
    bonus: 1,
    bonusMax: 2,
  });
  assert.match(
    r.output,
    /^01 A square & its <derivative>: 3\/5 \+ 1\/2 extra credit$/m,
  );
  assert.match(r.output, /^02 Values: 0\/3$/m);

  // Every required check passed: the bonus is earned on top, 9 of 8.
  const full = sampleResult();
  for (const ex of full.exercises) {
    ex.run = "ok";
    ex.problems = [];
    for (const c of ex.checks) {
      if (c.optional) continue;
      c.passed = true;
      c.score = c.points;
      c.message = "";
    }
  }
  const all = toGradescope(full);
  assert.equal(all.score, 8 + 1);
  assert.equal(all.tests.reduce((a, t) => a + t.score, 0), all.score);
  assert.equal(
    all.tests.find((t) => t.name === "01 · bonus one (extra credit)")?.score,
    1,
  );
});

Deno.test("gradescope: checks at hidden points take the visibility asked for", () => {
  for (
    const hidden of ["after_due_date", "hidden", "after_published"] as const
  ) {
    const r = toGradescope(sampleResult(), { hidden });
    const atHidden = r.tests.filter((t) => t.tags.includes("hidden"));
    assert.deepEqual(atHidden.map((t) => t.name), [
      "01 · square at hidden points",
    ]);
    assert.equal(atHidden[0].visibility, hidden);
    for (const t of r.tests.filter((t) => !t.tags.includes("hidden"))) {
      assert.equal(t.visibility, "visible", t.name);
    }
  }
});
