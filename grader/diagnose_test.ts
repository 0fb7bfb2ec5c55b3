/**
 * Every diagnosis, found by grading a copy of a reference solution with one
 * mistake through the real grader (bundle, sandbox, compare); and none for
 * correct answers or unrelated wrong values.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "../exercises/sets.ts";
import { stopBundler } from "./_bundle.ts";
import { gradeSubmission, planSet, type SetPlan } from "./grade.ts";
import type { CheckResult, ExerciseResult } from "./result.ts";
import { formatJson } from "./report/json.ts";
import { formatTerminal } from "./report/terminal.ts";
import { formatJUnit } from "./report/junit.ts";
import { toGradescope } from "./report/gradescope.ts";
import { githubSummary } from "./report/github.ts";

const autograd = loadExerciseSet("autograd");
const REFERENCE = fileURLToPath(autograd.solutions);
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";
let shared: SetPlan | undefined;

/** The reference solution of `id` with `from` replaced by `to` (which must occur). */
async function gradeMistake(
  id: string,
  from: string | RegExp,
  to: string,
): Promise<ExerciseResult> {
  shared ??= await planSet(autograd, 20240501);
  const original = await Deno.readTextFile(join(REFERENCE, `${id}.ts`));
  const changed = original.replace(from, to);
  assert.notEqual(changed, original, `the mistake applies to ${id}.ts`);
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-mistake-" });
  try {
    await Deno.writeTextFile(
      join(dir, `${id}.ts`),
      changed.replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL)),
    );
    const plan = {
      ...shared,
      exercises: shared.exercises.filter((e) => e.exercise.id === id),
    };
    const result = await gradeSubmission(dir, { plan, typecheck: false });
    const ex = result.exercises[0];
    assert.equal(ex.run, "ok", ex.problems.join("; "));
    return ex;
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
}

function check(ex: ExerciseResult, name: string): CheckResult {
  const c = ex.checks.find((c) => c.name === name);
  assert.ok(c, `a check named ${name}`);
  return c;
}

/** The check failed and its diagnosis is of `kind`, its text matching `text`. */
function assertDiagnosis(
  ex: ExerciseResult,
  name: string,
  kind: string,
  text: RegExp,
): void {
  const c = check(ex, name);
  assert.equal(c.passed, false, `${name} fails`);
  assert.equal(c.diagnosis?.kind, kind, `${name}: ${c.message}`);
  assert.match(c.diagnosis?.text ?? "", text);
}

Deno.test("diagnose: fGrad exported as f is told it is f's value", async () => {
  const ex = await gradeMistake(
    "01",
    "export const fGrad: (x: number) => number = grad(f);",
    "export const fGrad: (x: number) => number = f;",
  );
  assertDiagnosis(
    ex,
    "fGrad at 3",
    "other-export",
    /^got f\(3\): did you export f instead of grad\(f\)\?$/,
  );
  assertDiagnosis(
    ex,
    "fGrad at hidden points",
    "other-export",
    /did you export f instead of grad\(f\)/,
  );
  // Shown under the failure in the terminal, and carried by the JSON.
  const text = formatTerminal({
    ...(await gradeOnce(ex)),
  }, { color: false });
  assert.match(
    text,
    /\n {6}fGrad\(3\): expected -14, got 49[^\n]*\n {6}probably: got f\(3\): did you export f instead of grad\(f\)\?\n/,
  );
  const json = JSON.parse(formatJson(await gradeOnce(ex)));
  assert.equal(
    json.exercises[0].checks[1].diagnosis.kind,
    "other-export",
  );
});

/** A whole result around one exercise's, for the renderers. */
function gradeOnce(ex: ExerciseResult) {
  return Promise.resolve({
    version: 2,
    set: { id: "autograd", title: "Autograd" },
    folder: "/tmp/learner",
    seed: 1,
    startedAt: "2024-01-01T00:00:00.000Z",
    score: ex.score,
    maxScore: ex.maxScore,
    bonus: ex.bonus,
    bonusMax: ex.bonusMax,
    passed: false,
    limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 },
    typecheck: "skipped" as const,
    typecheckNote: "",
    ignoredFiles: [],
    exercises: [ex],
    timings: {
      planMs: 0,
      bundleMs: 0,
      sandboxMs: 0,
      typecheckMs: 0,
      totalMs: 0,
    },
  });
}

Deno.test("diagnose: 3C as cos(cos x), the notebook's erratum, earns the declared hint, for f3 and f3Grad", async () => {
  const ex = await gradeMistake(
    "03",
    "np.power(np.cos(x), 2)",
    "np.cos(np.cos(x))",
  );
  for (const name of ["f3 at -0.5", "f3 at hidden points"]) {
    assertDiagnosis(ex, name, "declared-mistake", /cos\(cos x\)/);
  }
  for (const name of ["f3Grad at -0.5", "f3Grad at hidden points"]) {
    assertDiagnosis(
      ex,
      name,
      "declared-mistake",
      /^the derivative of the wrong function: .*cos\(cos x\)/,
    );
  }
});

Deno.test("diagnose: ln(x) for ln(2 + x) names np.log(-0.5) as the NaN's origin, and earns the declared hint where values tell", async () => {
  const ex = await gradeMistake("03", "np.log(np.add(2, x))", "np.log(x)");
  assertDiagnosis(
    ex,
    "f3 at -0.5",
    "nan-origin",
    /^np\.log\(-0\.5\) returned NaN: log of a negative number$/,
  );
  // Hidden points: the finite values match the declared ln(x) variant.
  const hidden = check(ex, "f3 at hidden points");
  assert.match(
    hidden.diagnosis?.text ?? "",
    /the logarithm's argument is 2 \+ x$/,
  );
  assert.doesNotMatch(hidden.diagnosis?.text ?? "", /\(-?\d/);
});

Deno.test("diagnose: where NaN and ∞ begin, with the arguments only where the check is visible", async () => {
  const nan = await gradeMistake(
    "03",
    "np.log(np.add(2, x))",
    "np.log(np.subtract(x, 2))",
  );
  assertDiagnosis(
    nan,
    "f3 at -0.5",
    "nan-origin",
    /^np\.log\(-2\.5\) returned NaN: log of a negative number$/,
  );
  const c = check(nan, "f3 at hidden points");
  if (c.diagnosis?.kind === "nan-origin") {
    assert.match(
      c.diagnosis.text,
      /^np\.log returned NaN: log of a negative number$/,
    );
  }
  const inf = await gradeMistake(
    "01",
    "np.power(np.subtract(x, 10), 2)",
    "np.divide(np.power(np.subtract(x, 10), 2), np.subtract(x, 3))",
  );
  assertDiagnosis(
    inf,
    "f at 3, 10, 12",
    "nan-origin",
    /^np\.divide\(49, 0\) returned Infinity: division by 0$/,
  );
});

Deno.test("diagnose: a NaN the reference shares is no origin to report", async () => {
  // Math.log is not np's: no origin is recorded, and no other relation is guessed.
  const ex = await gradeMistake("03", "np.log(np.add(2, x))", "Math.log(x)");
  const c = check(ex, "f3 at -0.5");
  assert.equal(c.passed, false);
  assert.notEqual(c.diagnosis?.kind, "nan-origin");
});

Deno.test("diagnose: B as mean(W·V) earns the declared hint, for f2 and f2Grad", async () => {
  const ex = await gradeMistake(
    "06",
    "np.mean(np.matmul(V, W))",
    "np.mean(np.matmul(W, V))",
  );
  assertDiagnosis(ex, "f2 at [W, V]", "declared-mistake", /B is mean\(V·W\)/);
  assertDiagnosis(
    ex,
    "f2Grad at hidden matrices",
    "declared-mistake",
    /gradient of the wrong function: .*B is mean\(V·W\)/,
  );
});

Deno.test("diagnose: a sum instead of a mean earns the declared hint", async () => {
  const ex = await gradeMistake(
    "06",
    "np.mean(np.matmul(W, V))",
    "np.sum(np.matmul(W, V))",
  );
  assertDiagnosis(
    ex,
    "f1 at [W, V]",
    "declared-mistake",
    /np\.sum .* np\.mean/,
  );
  assertDiagnosis(ex, "f1Grad at [W, V]", "declared-mistake", /np\.mean/);
});

Deno.test("diagnose: the derivative of x² taken as x earns the declared hint", async () => {
  const ex = await gradeMistake("02", "2 * (x - 10)", "x - 10");
  assertDiagnosis(
    ex,
    "fPrime at hidden points",
    "declared-mistake",
    /as if the derivative of x² were x/,
  );
});

Deno.test("diagnose: the opposite sign at every probe", async () => {
  const ex = await gradeMistake("02", "2 * (x - 10)", "2 * (10 - x)");
  assertDiagnosis(
    ex,
    "fPrime at hidden points",
    "opposite-sign",
    /opposite sign/,
  );
});

Deno.test("diagnose: one constant factor at every probe", async () => {
  const ex = await gradeMistake(
    "04",
    "export const fGrad: (args: number[]) => number[] = grad(f);",
    "export const fGrad = (a: number[]): number[] => grad(f)(a).map((d: number) => 3 * d);",
  );
  assertDiagnosis(
    ex,
    "fGrad at hidden points",
    "constant-factor",
    /^3 times the expected value everywhere/,
  );
});

Deno.test("diagnose: the same value at every hidden point is hard-coded", async () => {
  const ex = await gradeMistake(
    "03",
    "export const f1Grad: (x: number) => number = grad(f1);",
    "export const f1Grad = (_x: number): number => 8773.065267427666;",
  );
  assert.equal(check(ex, "f1Grad at 7").passed, true);
  assertDiagnosis(ex, "f1Grad at hidden points", "hard-coded", /hard-coded/);
});

Deno.test("diagnose: a rounded constant (2.718 for e) is a small relative error", async () => {
  const ex = await gradeMistake(
    "03",
    "np.multiply(x, np.power(np.e, x))",
    "np.multiply(x, np.power(2.718, x))",
  );
  assertDiagnosis(
    ex,
    "f1 at 7",
    "rounded-constant",
    /small relative error \(up to 7\.3e-4\): a rounded constant/,
  );
});

Deno.test("diagnose: a finite-difference derivative has its signature", async () => {
  const ex = await gradeMistake(
    "01",
    "export const fGrad: (x: number) => number = grad(f);",
    "export const fGrad = (x: number): number => (f(x + 1e-7) - f(x)) / 1e-7;",
  );
  // fGrad(10): expected 0, got 1e-7, the step itself.
  assertDiagnosis(
    ex,
    "fGrad at 10",
    "finite-difference",
    /^tiny errors everywhere \(up to 1e-7\), as a finite-difference quotient gives: use grad, which is exact$/,
  );
});

Deno.test("diagnose: transposed gradients, and gradients in the wrong order", async () => {
  const transposed = await gradeMistake(
    "06",
    "export const f1Grad: (args: Tensor[]) => Tensor[] = grad(f1);",
    "export const f1Grad = (a: Tensor[]): Tensor[] => grad(f1)(a).map((g: Tensor) => np.transpose(g));",
  );
  assertDiagnosis(
    transposed,
    "f1Grad at hidden matrices",
    "transposed",
    /^shape \(3, 2\) where \(2, 3\) was expected, the transpose of the expected value/,
  );
  const swapped = await gradeMistake(
    "06",
    "export const f1Grad: (args: Tensor[]) => Tensor[] = grad(f1);",
    "export const f1Grad = (a: Tensor[]): Tensor[] => grad(f1)(a).reverse();",
  );
  assertDiagnosis(
    swapped,
    "f1Grad at [W, V]",
    "transposed",
    /the parts are in the wrong order/,
  );
});

Deno.test("diagnose: one number where grad's vector of partials was expected", async () => {
  const ex = await gradeMistake(
    "04",
    "export const fGrad: (args: number[]) => number[] = grad(f);",
    "export const fGrad = ([x, y, z]: number[]) => grad((x: number) => f([x, y, z]))(x);",
  );
  assertDiagnosis(
    ex,
    "fGrad at hidden points",
    "scalar-for-partials",
    /one number where the 3 partial derivatives were expected \(it is the first of them\)/,
  );
});

Deno.test("diagnose: correct answers get no diagnosis and no hint", async () => {
  for (const id of ["01", "03", "06"]) {
    const ex = await gradeMistake(id, /$/, "\n// unchanged\n");
    for (const c of ex.checks) {
      assert.equal(c.passed, true, `${id} ${c.name}`);
      assert.equal(c.diagnosis, undefined);
      assert.equal(c.hint, undefined);
    }
  }
});

Deno.test("diagnose: unrelated wrong values get none", async () => {
  const ex = await gradeMistake(
    "01",
    "export const fGrad: (x: number) => number = grad(f);",
    "export const fGrad = (x: number): number => 3 * x + 1;",
  );
  for (const c of ex.checks.filter((c) => c.export === "fGrad")) {
    assert.equal(c.passed, false);
    assert.equal(c.diagnosis, undefined, `${c.name}: ${c.diagnosis?.text}`);
  }
  const wrong = await gradeMistake(
    "03",
    "np.power(np.cos(x), 2)",
    "np.sin(np.multiply(3, x))",
  );
  for (const c of wrong.checks.filter((c) => c.export === "f3")) {
    assert.equal(c.passed, false);
    assert.equal(c.diagnosis, undefined, `${c.name}: ${c.diagnosis?.text}`);
  }
});

Deno.test("diagnose: an authored hint and the diagnosis follow the failure in every report", async () => {
  const ex = await gradeMistake(
    "01",
    "export const fGrad: (x: number) => number = grad(f);",
    "export const fGrad: (x: number) => number = f;",
  );
  const c = check(ex, "fGrad at 3");
  assert.equal(
    c.hint,
    "fGrad is made by grad, not written out: export const fGrad = grad(f)",
  );
  // Checks that passed carry neither.
  for (const p of ex.checks.filter((c) => c.passed)) {
    assert.equal(p.hint, undefined);
    assert.equal(p.diagnosis, undefined);
  }
  const result = await gradeOnce(ex);
  const probably = "probably: got f(3): did you export f instead of grad(f)?";
  const hint =
    "hint: fGrad is made by grad, not written out: export const fGrad = grad(f)";
  const terminal = formatTerminal(result, { color: false });
  assert.ok(terminal.includes(`\n      ${probably}\n      ${hint}\n`));
  const json = JSON.parse(formatJson(result)).exercises[0].checks[1];
  assert.equal(json.hint, c.hint);
  assert.equal(json.diagnosis.text, c.diagnosis?.text);
  const junit = formatJUnit(result);
  assert.ok(junit.includes(`${probably}\n${hint}\n(1 point)`), junit);
  const gradescope = toGradescope(result).tests.find((t) =>
    t.name.endsWith("fGrad at 3")
  );
  assert.ok(gradescope?.output.includes(`${probably}\n${hint}`));
  const summary = githubSummary(result);
  assert.ok(summary.includes(`  - ${hint}`), summary);
  assert.ok(summary.includes("  - probably: got f(3)"), summary);
});
