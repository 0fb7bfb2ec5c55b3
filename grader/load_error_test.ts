/**
 * A throw while loading, through the real grader (bundle, sandbox, rerun):
 * a throw in one export's definition costs that export's checks only; a
 * throw anywhere else still costs the exercise, said once; and the reruns
 * are capped.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "../exercises/sets.ts";
import { stopBundler } from "./_bundle.ts";
import {
  gradeSubmission,
  MAX_LEFT_OUT,
  planSet,
  type SetPlan,
} from "./grade.ts";
import type { ExerciseResult, GradeResult } from "./result.ts";
import { formatTerminal } from "./report/terminal.ts";

const autograd = loadExerciseSet("autograd");
const REFERENCE = fileURLToPath(autograd.solutions);
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";
const BAD_F1GRAD = "export const f1Grad: (x: number) => number = grad(f1);";
let shared: SetPlan | undefined;

/**
 * Grades a copy of the reference solutions (only `ids`, default all) in
 * which `edit` changed 03.ts.
 */
async function gradeCopy(
  edit: (source: string) => string,
  ids?: string[],
): Promise<GradeResult> {
  shared ??= await planSet(autograd, 20240501);
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-load-" });
  try {
    for (const { exercise } of shared.exercises) {
      const source = await Deno.readTextFile(
        join(REFERENCE, `${exercise.id}.ts`),
      );
      const changed = exercise.id === "03" ? edit(source) : source;
      await Deno.writeTextFile(
        join(dir, `${exercise.id}.ts`),
        changed.replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL)),
      );
    }
    const plan = {
      ...shared,
      exercises: shared.exercises.filter((e) =>
        ids === undefined || ids.includes(e.exercise.id)
      ),
    };
    return await gradeSubmission(dir, { plan, typecheck: false });
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
}

/** `source` with `from` replaced by `to`, which must occur. */
function replaced(source: string, from: string, to: string): string {
  assert.ok(source.includes(from), `the source holds ${from}`);
  return source.replace(from, to);
}

/** The 1-based line of the first occurrence of `text` in the reference 03.ts. */
async function lineOf03(text: string): Promise<number> {
  const source = await Deno.readTextFile(join(REFERENCE, "03.ts"));
  return source.slice(0, source.indexOf(text)).split("\n").length;
}

function exercise(result: GradeResult, id: string): ExerciseResult {
  const ex = result.exercises.find((e) => e.id === id);
  assert.ok(ex, `exercise ${id} was graded`);
  return ex;
}

Deno.test("load error: one export's definition throwing costs only its checks; every other export scores", async () => {
  const result = await gradeCopy((s) =>
    replaced(
      s,
      BAD_F1GRAD,
      "export const f1Grad: (x: number) => number = grad(3 as never);",
    )
  );
  const ex = exercise(result, "03");
  const line = await lineOf03(BAD_F1GRAD);
  assert.equal(ex.run, "ok", ex.problems.join("; "));
  const lost = ex.checks.filter((c) => c.export === "f1Grad");
  assert.ok(lost.length >= 2);
  for (const c of ex.checks) {
    assert.equal(c.passed, c.export !== "f1Grad", `${c.name}: ${c.message}`);
  }
  // Every other exercise and every other export of 03: full points.
  const lostPoints = lost.reduce((a, c) => a + c.points, 0);
  assert.equal(result.score, result.maxScore - lostPoints);
  for (const other of result.exercises.filter((e) => e.id !== "03")) {
    assert.equal(other.score, other.maxScore, other.id);
  }
  // The load-time error at the learner's line, said once for the exercise;
  // its checks carry it with no diagnosis.
  const message =
    `The definition of f1Grad threw while loading: TypeError: grad: expected a function to differentiate, got a number (at 03.ts line ${line}); the module's other exports were graded`;
  assert.deepEqual(ex.problems, [message]);
  for (const c of lost) {
    assert.equal(c.message, message);
    assert.equal(c.line, line);
    assert.equal(c.diagnosis, undefined);
  }
  const text = formatTerminal(result, { color: false });
  assert.equal(text.split("The definition of f1Grad threw").length - 1, 1);
});

Deno.test("load error: an export defined from one left out is left out in turn; a helper's throw counts for the export that called it", async () => {
  const result = await gradeCopy((s) =>
    replaced(
      s,
      BAD_F1GRAD,
      'function broken(): never {\n  throw new RangeError("no grad here");\n}\n' +
        "export const f1Grad: (x: number) => number = broken();\n" +
        "export const atZero = f1Grad(0);",
    ), ["03"]);
  const ex = exercise(result, "03");
  assert.equal(ex.run, "ok", ex.problems.join("; "));
  const line = await lineOf03(BAD_F1GRAD);
  assert.deepEqual(ex.problems, [
    `The definition of f1Grad threw while loading: RangeError: no grad here (at 03.ts line ${
      line + 3
    }); the module's other exports were graded`,
    `The definition of atZero threw while loading: ReferenceError: f1Grad has no value: its definition threw while loading (at 03.ts line ${
      line + 4
    }); the module's other exports were graded`,
  ]);
  for (const c of ex.checks) {
    assert.equal(c.passed, c.export !== "f1Grad", `${c.name}: ${c.message}`);
  }
});

Deno.test("load error: a throw deep in the learner's helpers still finds the export whose definition called them", async () => {
  // 30 frames of a learner's recursion above the module's own frame: more
  // than V8's default 10 frames, and a stack longer than the 2000 characters
  // an error's fields are cut to.
  const result = await gradeCopy((s) =>
    replaced(
      s,
      BAD_F1GRAD,
      "function deep(n: number): never {\n" +
        '  if (n === 0) throw new RangeError("too deep");\n' +
        "  return deep(n - 1);\n}\n" +
        "export const f1Grad: (x: number) => number = deep(30);",
    ), ["03"]);
  const ex = exercise(result, "03");
  assert.equal(ex.run, "ok", ex.problems.join("; "));
  const line = await lineOf03(BAD_F1GRAD);
  assert.deepEqual(ex.problems, [
    `The definition of f1Grad threw while loading: RangeError: too deep (at 03.ts line ${
      line + 4
    }); the module's other exports were graded`,
  ]);
  for (const c of ex.checks) {
    assert.equal(c.passed, c.export !== "f1Grad", `${c.name}: ${c.message}`);
  }
});

Deno.test("load error: a throw outside every export's definition still costs the exercise, said once", async () => {
  const result = await gradeCopy(
    (s) => s + "\ngrad(3 as never);\n",
    ["03"],
  );
  const ex = exercise(result, "03");
  const source = await Deno.readTextFile(join(REFERENCE, "03.ts"));
  const line = source.split("\n").length + 1;
  assert.equal(ex.run, "import-error");
  assert.deepEqual(ex.problems, [
    `The module threw while loading: TypeError: grad: expected a function to differentiate, got a number (at 03.ts line ${line})`,
  ]);
  assert.equal(ex.score, 0);
  assert.ok(ex.checks.every((c) => !c.passed && c.message === ex.problems[0]));
  const text = formatTerminal(result, { color: false });
  assert.equal(text.split("The module threw while loading").length - 1, 1);
});

Deno.test(`load error: at most ${MAX_LEFT_OUT} exports are left out; past that the exercise fails as a whole`, async () => {
  const chain = (n: number) => (s: string) =>
    s + "\n" + Array.from(
      { length: n },
      (_, k) => `export const bad${k} = grad(${k} as never);`,
    ).join("\n") + "\n";
  // Exactly the cap: every throwing export is left out, the rest scores.
  const within = exercise(await gradeCopy(chain(MAX_LEFT_OUT), ["03"]), "03");
  assert.equal(within.run, "ok", within.problems.join("; "));
  assert.equal(within.problems.length, MAX_LEFT_OUT);
  assert.equal(within.score, within.maxScore);
  // One more (hostile input: many throwing definitions): the reruns stop at
  // the cap and the first run stands, with its one message.
  const past = exercise(
    await gradeCopy(chain(MAX_LEFT_OUT + 1), ["03"]),
    "03",
  );
  assert.equal(past.run, "import-error");
  assert.equal(past.problems.length, 1);
  assert.match(past.problems[0], /^The module threw while loading: TypeError/);
  assert.equal(past.score, 0);
});
