import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import { toGradescope } from "./gradescope.ts";

Deno.test("gradescope: score, max_score and one test per check with Gradescope's fields", () => {
  const r = toGradescope(sampleResult());
  assert.equal(r.score, 3);
  assert.equal(r.max_score, 8);
  assert.equal(r.tests.length, 6);
  for (const t of r.tests) {
    assert.deepEqual(Object.keys(t).sort(), [
      "max_score",
      "name",
      "number",
      "output",
      "score",
      "status",
      "visibility",
    ]);
    assert.ok(t.status === "passed" || t.status === "failed");
    assert.equal(t.visibility, "visible");
  }
  // Required points add up to max_score; optional checks are extra credit.
  assert.equal(r.tests.reduce((a, t) => a + t.max_score, 0), r.max_score);
  // The score counts required points only: the earned bonus point is apart.
  assert.equal(
    r.tests.filter((t) => t.max_score > 0).reduce((a, t) => a + t.score, 0),
    r.score,
  );
  const failed = r.tests.find((t) => t.name === "01 · squareGrad at 3");
  assert.equal(failed?.status, "failed");
  assert.match(failed?.output ?? "", /^squareGrad\(3\) threw Error/);
  const bonus = r.tests.find((t) => t.name === "01 · bonus one (bonus)");
  assert.deepEqual([bonus?.score, bonus?.max_score], [1, 0]);
  assert.match(r.tests[0].output, /Type error TS2322 at line 4:7/);
  assert.equal(r.extra_data.seed, 42);
  JSON.parse(JSON.stringify(r));
});
