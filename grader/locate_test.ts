/**
 * Errors at the learner's line, once: each case graded through the real
 * grader from a copy of a reference solution with one mistake.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "../exercises/sets.ts";
import { stopBundler } from "./_bundle.ts";
import { parseDenoCheck } from "./_typecheck.ts";
import { gradeSubmission, planSet, type SetPlan } from "./grade.ts";
import type { ExerciseResult, GradeResult } from "./result.ts";
import { formatTerminal } from "./report/terminal.ts";

const autograd = loadExerciseSet("autograd");
const REFERENCE = fileURLToPath(autograd.solutions);
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";
let shared: SetPlan | undefined;

async function gradeText(
  id: string,
  edit: (reference: string) => string,
  typecheck = false,
): Promise<{ result: GradeResult; ex: ExerciseResult }> {
  shared ??= await planSet(autograd, 7);
  const original = await Deno.readTextFile(join(REFERENCE, `${id}.ts`));
  const changed = edit(original);
  assert.notEqual(changed, original, `the mistake applies to ${id}.ts`);
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-locate-" });
  try {
    await Deno.writeTextFile(
      join(dir, `${id}.ts`),
      changed.replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL)),
    );
    const plan = {
      ...shared,
      exercises: shared.exercises.filter((e) => e.exercise.id === id),
    };
    const result = await gradeSubmission(dir, { plan, typecheck });
    return { result, ex: result.exercises[0] };
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
}

/** The line of `needle` in the reference file after `edit`, 1-based. */
async function lineOf(id: string, needle: string): Promise<number> {
  const text = await Deno.readTextFile(join(REFERENCE, `${id}.ts`));
  return text.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

Deno.test("locate: a throw inside a check names the learner's file, line and function", async () => {
  const { ex } = await gradeText("01", (t) =>
    t.replace(
      "export const fGrad: (x: number) => number = grad(f);",
      'export const fGrad = (x: number): number => {\n  if (x > 100) return 0;\n  throw new Error("not done yet");\n};',
    ));
  const line = await lineOf("01", "export const fGrad") + 2;
  const c = ex.checks.find((c) => c.name === "fGrad at 3")!;
  assert.equal(
    c.message,
    `fGrad(3) threw Error: not done yet (at 01.ts line ${line}, in fGrad)`,
  );
});

Deno.test("locate: a throw while loading is located once, and costs only the throwing export's checks without repeating itself", async () => {
  const { result, ex } = await gradeText("04", (t) =>
    t.replace(
      "export const fGrad: (args: number[]) => number[] = grad(f);",
      "export const fGrad = grad(3 as unknown as (a: number[]) => number);",
    ));
  const line = await lineOf("04", "export const fGrad");
  assert.equal(ex.run, "ok");
  assert.match(
    ex.problems[0],
    new RegExp(
      `^The definition of fGrad threw while loading: TypeError: grad: .* \\(at 04\\.ts line ${line}\\); the module's other exports were graded$`,
    ),
  );
  for (const c of ex.checks) {
    if (c.export === "fGrad") assert.equal(c.message, ex.problems[0]);
    else assert.ok(c.passed, c.name);
  }
  const text = formatTerminal(result, { color: false });
  assert.equal(text.split("threw while loading").length - 1, 1);
});

Deno.test("locate: a syntax error is labelled as such, once, and not again as a type error", async () => {
  const { result, ex } = await gradeText(
    "03",
    (t) =>
      t.replace(
        "np.multiply(x, np.power(np.e, x))",
        "np.multiply(x, np.power(np.e, x)",
      ),
    true,
  );
  assert.equal(ex.run, "bundle-error");
  assert.match(
    ex.problems[0],
    /^Cannot bundle 03\.ts: syntax error: Expected "\)" but found ";" \(line \d+, column \d+: /,
  );
  assert.equal(result.typecheck, "checked");
  assert.deepEqual(ex.typeErrors.filter((t) => t.code === "error"), []);
  const text = formatTerminal(result, { color: false });
  assert.equal(text.split("syntax error").length - 1, 1);
  assert.doesNotMatch(text, /type error error/);
});

Deno.test("locate: declared but not exported, and a misspelt export, are told apart", async () => {
  const { ex: unexported } = await gradeText("01", (t) =>
    t.replace(
      "export const fGrad: (x: number) => number = grad(f);",
      "const fGrad: (x: number) => number = grad(f);",
    ));
  const line = await lineOf("01", "export const fGrad");
  assert.equal(
    unexported.checks.find((c) => c.name === "fGrad at 3")!.message,
    `fGrad is declared at line ${line} but not exported: write export before it (the module exports f)`,
  );
  const { ex: typo } = await gradeText(
    "01",
    (t) => t.replace("export const fGrad:", "export const fGard:"),
  );
  assert.equal(
    typo.checks.find((c) => c.name === "fGrad at 3")!.message,
    "Missing export fGrad: found fGard, a typo? (the module exports f, fGard)",
  );
});

Deno.test("locate: Math on a dual number names the function, line and np replacement", async () => {
  const { ex } = await gradeText("03", (t) =>
    t.replace(
      "np.multiply(x, np.power(np.e, x))",
      "np.multiply(x, Math.exp(x))",
    ));
  const line = await lineOf("03", "export const f1 =");
  const c = ex.checks.find((c) => c.name === "f1Grad at 7")!;
  assert.equal(
    c.message,
    `f1Grad(7) threw TypeError: Math.exp at 03.ts line ${line}, in f1 cannot take a dual number: write np.exp(…) instead of Math.exp(…)`,
  );
  // The function itself, on plain numbers, still works.
  assert.equal(ex.checks.find((c) => c.name === "f1 at 7")!.passed, true);
});

Deno.test("locate: an operator on a dual number names the line and the np function for it", async () => {
  const { ex } = await gradeText("01", (t) =>
    t.replace(
      "np.power(np.subtract(x, 10), 2)",
      "np.power(x, 2) - 20 * x + 100",
    ));
  const line = await lineOf("01", "export const f =");
  const c = ex.checks.find((c) => c.name === "fGrad at 3")!;
  assert.match(
    c.message,
    new RegExp(
      `^fGrad\\(3\\) threw TypeError: a JavaScript operator at 01\\.ts line ${line}, in f met a dual number: \`.*\`; write \\* → np\\.multiply, \\+ → np\\.add, - → np\\.subtract$`,
    ),
  );
});

Deno.test("locate: a broadcast error between matrix shapes suggests np.matmul", async () => {
  const { ex } = await gradeText("06", (t) =>
    t.replace(
      "export const f1 = ([W, V]: Tensor[]) => np.mean(np.matmul(W, V));",
      "export const f1 = ([W, V]: Tensor[]) => np.mean(np.multiply(W, V));",
    ));
  const c = ex.checks.find((c) => c.name === "f1 at [W, V]")!;
  assert.match(
    c.message,
    /threw RangeError: Operands could not be broadcast together with shapes \(2, 3\) \(3, 2\): elementwise ops need equal shapes; the matrix product is np\.matmul \(at 06\.ts line \d+, in f1\)$/,
  );
});

Deno.test("locate: type errors keep TypeScript's elaboration lines, without the source excerpt", () => {
  const output = [
    "Check file:///tmp/x.ts",
    "TS2345 [ERROR]: Argument of type '(a: number[]) => number' is not assignable to parameter of type '(x: number) => number'.",
    "  Types of parameters 'a' and 'x' are incompatible.",
    "    Type 'number' is not assignable to type 'number[]'.",
    "g((a: number[]) => a[0]);",
    "  ~~~~~~~~~~~~~~~~~~~~~",
    "    at file:///tmp/x.ts:2:3",
    "",
    "TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.",
    'export const x: number = "a";',
    "             ^",
    "    at file:///tmp/x.ts:3:14",
  ].join("\n");
  const [first, second] = parseDenoCheck(output);
  assert.equal(
    first.message,
    "Argument of type '(a: number[]) => number' is not assignable to parameter of type '(x: number) => number'.\n" +
      "  Types of parameters 'a' and 'x' are incompatible.\n" +
      "    Type 'number' is not assignable to type 'number[]'.",
  );
  assert.equal(
    second.message,
    "Type 'string' is not assignable to type 'number'.",
  );
});
