import assert from "node:assert/strict";
import { autograd } from "./autograd/set.ts";
import { exerciseSets, loadExerciseSet } from "./sets.ts";

Deno.test("exerciseSets: holds the autograd set under its id", () => {
  assert.equal(exerciseSets.autograd, autograd);
  for (const [id, set] of Object.entries(exerciseSets)) {
    assert.equal(set.id, id);
  }
});

Deno.test("loadExerciseSet: known and unknown ids", () => {
  assert.equal(loadExerciseSet("autograd"), autograd);
  assert.throws(
    () => loadExerciseSet("calculus"),
    /^Error: Unknown exercise set "calculus": known sets are autograd$/,
  );
  // Inherited names are not sets.
  assert.throws(
    () => loadExerciseSet("toString"),
    /Unknown exercise set "toString"/,
  );
});
