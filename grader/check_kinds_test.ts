// Each check kind of the autograd set, end to end through the sandbox: the
// right value passes, a value just outside the tolerance fails, and NaN,
// Infinity, a wrong shape and a wrong type each fail with a message.
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { stopBundler } from "./_bundle.ts";
import { gradeSubmission } from "./grade.ts";
import type { CheckResult, ExerciseResult } from "./result.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));

/** Grades one learner module `<id>.ts` with the given body (imports added). */
async function grade(id: string, body: string): Promise<ExerciseResult> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-kinds-" });
  try {
    const mod = JSON.stringify(relative(dir, join(repo, "mod.ts")));
    await Deno.writeTextFile(
      join(dir, `${id}.ts`),
      `import { grad, np } from ${mod};\nimport type { Tensor } from ${mod};\n${body}\n`,
    );
    const result = await gradeSubmission(dir, {
      seed: 99,
      only: [id],
      typecheck: false,
    });
    return result.exercises[0];
  } finally {
    await Deno.remove(dir, { recursive: true });
    await stopBundler();
  }
}

function check(ex: ExerciseResult, name: string): CheckResult {
  const c = ex.checks.find((c) => c.name === name);
  assert.ok(
    c,
    `no check ${name} in ${ex.checks.map((c) => c.name).join(", ")}`,
  );
  return c;
}

// rtol of the autograd set's checks (numpy's default).
const RTOL = 1e-5;

Deno.test("call check: right, within, just outside the tolerance, NaN, Infinity, wrong type", async () => {
  const body = (scale: string) =>
    `export const f = (x: number) => np.multiply(np.power(np.subtract(x, 10), 2), ${scale});
export const fGrad = grad((x: number) => np.power(np.subtract(x, 10), 2));`;
  const right = await grade("01", body("1"));
  assert.equal(check(right, "f at 3, 10, 12").passed, true);
  const within = await grade("01", body(String(1 + RTOL / 2)));
  assert.equal(check(within, "f at 3, 10, 12").passed, true);
  const outside = await grade("01", body(String(1 + 2 * RTOL)));
  const c = check(outside, "f at 3, 10, 12");
  assert.equal(c.passed, false);
  assert.match(c.message, /expected 49, got 49\.00098/);
  assert.match(c.message, /tolerance/);
  assert.equal(
    check(outside, "fGrad at 3").passed,
    true,
    "only the wrong export fails",
  );

  const nan = await grade("01", body("NaN"));
  assert.match(check(nan, "f at 3, 10, 12").message, /NaN/);
  const inf = await grade("01", body("Infinity"));
  assert.match(check(inf, "f at 3, 10, 12").message, /Infinity/);
  const str = await grade(
    "01",
    `export const f = (x: number) => String(x);\nexport const fGrad = (x: number) => 2 * (x - 10);`,
  );
  assert.match(check(str, "f at 3, 10, 12").message, /string/);
  assert.equal(check(str, "fGrad at 3").passed, true);
});

Deno.test("by-hand check: a closed form passes, a slip fails, NaN fails", async () => {
  const right = await grade(
    "02",
    "export const fPrime = (x: number): number => 2 * (x - 10);",
  );
  assert.ok(
    right.checks.every((c) => c.passed),
    right.checks.map((c) => c.message).join("; "),
  );
  const slip = await grade(
    "02",
    "export const fPrime = (x: number): number => 2 * (x - 10) * (1 + 3e-5);",
  );
  assert.ok(slip.checks.every((c) => !c.passed));
  const hidden = slip.checks.find((c) => c.visibility === "hidden")!;
  assert.ok(hidden.message.length > 0);
  const nan = await grade(
    "02",
    "export const fPrime = (_x: number): number => NaN;",
  );
  assert.ok(nan.checks.every((c) => !c.passed && /NaN/.test(c.message)));
});

Deno.test("matrix and value checks: wrong shape names both shapes, a wrong answer type is described", async () => {
  const common = `
export const W = np.array([[0.3, -0.2, 0.1], [0.1, 0.2, 0.1]]);
export const V = np.array([[0.1, -0.3], [0.1, 0.5], [0.2, 0.7]]);
export const f1 = ([W, V]: Tensor[]) => np.mean(np.matmul(W, V));
export const f2 = ([W, V]: Tensor[]) => np.mean(np.matmul(V, W));
export const f2Grad = grad(f2);`;
  const transposed = await grade(
    "06",
    common + `
export const f1Grad = (a: Tensor[]) => { const [dW, dV] = grad(f1)(a); return [np.transpose(dW), dV]; };
export const sameResults = "no";`,
  );
  const shape = check(transposed, "f1Grad at [W, V]");
  assert.equal(shape.passed, false);
  assert.match(shape.message, /expected shape \(2, 3\), got shape \(3, 2\)/);
  assert.equal(check(transposed, "f2Grad at [W, V]").passed, true);
  const answer = check(transposed, "are the results the same?");
  assert.equal(answer.passed, false);
  assert.match(answer.message, /boolean/);
  assert.match(answer.message, /string/);

  const right = await grade(
    "06",
    common +
      `\nexport const f1Grad = grad(f1);\nexport const sameResults = false;`,
  );
  assert.ok(
    right.checks.every((c) => c.passed),
    right.checks.map((c) => c.message).join("; "),
  );
  // Nested arrays are as good as Tensors.
  const arrays = await grade(
    "06",
    common +
      `\nexport const f1Grad = (a: Tensor[]) => grad(f1)(a).map((t: Tensor) => t.toArray());\nexport const sameResults = false;`,
  );
  assert.equal(check(arrays, "f1Grad at [W, V]").passed, true);
});

Deno.test("optional check: a wrong answer costs nothing, a right one adds bonus points", async () => {
  const wrong = await grade(
    "05",
    "export const fGradByHand = (_a: number[]): number[] => [0, 0, 0];",
  );
  assert.equal(wrong.maxScore, 0);
  assert.equal(wrong.score, 0);
  assert.ok(wrong.bonusMax > 0);
  assert.ok(wrong.checks.every((c) => c.optional && !c.passed));
  const right = await grade(
    "05",
    `export const fGradByHand = ([x, y, z]: number[]): number[] =>
  [2 * x * y * 3 ** z, x ** 2 * 3 ** z, x ** 2 * y * 3 ** z * Math.log(3)];`,
  );
  assert.equal(right.bonus, right.bonusMax);
  assert.equal(right.score, 0);
});
