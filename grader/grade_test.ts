import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "../exercises/sets.ts";
import { stopBundler } from "./_bundle.ts";
import {
  decideOutcome,
  gradeSubmission,
  planSet,
  SetupError,
} from "./grade.ts";
import type { SandboxRun } from "./_sandbox.ts";
import { RESULT_VERSION } from "./result.ts";
import { exerciseSet as mini } from "./testdata/mini/set.ts";

const autograd = loadExerciseSet("autograd");
const REFERENCE = fileURLToPath(autograd.solutions);
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";

/** A copy of the reference solutions that imports the framework by URL, outside the repository. */
async function copyReference(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-copy-" });
  for await (const entry of Deno.readDir(REFERENCE)) {
    if (!entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(join(REFERENCE, entry.name));
    await Deno.writeTextFile(
      join(dir, entry.name),
      text.replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL)),
    );
  }
  return dir;
}

Deno.test("grade: the reference solutions get full marks, type-checked, every check passed", async () => {
  try {
    const result = await gradeSubmission(REFERENCE, { seed: 12345 });
    assert.equal(result.version, RESULT_VERSION);
    assert.equal(result.set.id, "autograd");
    assert.equal(result.seed, 12345);
    assert.equal(result.typecheck, "checked");
    assert.deepEqual(result.exercises.map((e) => e.id), [
      "01",
      "02",
      "03",
      "04",
      "05",
      "06",
    ]);
    for (const ex of result.exercises) {
      assert.equal(ex.run, "ok", `${ex.id}: ${ex.problems.join("; ")}`);
      assert.deepEqual(ex.typeErrors, [], ex.id);
      for (const c of ex.checks) {
        assert.equal(c.passed, true, `${ex.id} ${c.name}: ${c.message}`);
      }
      assert.equal(ex.score, ex.maxScore);
      assert.equal(ex.bonus, ex.bonusMax);
    }
    assert.equal(result.passed, true);
    assert.ok(result.maxScore > 0);
    assert.equal(result.score, result.maxScore);
    assert.equal(result.bonus, result.bonusMax);
  } finally {
    await stopBundler();
  }
});

Deno.test("grade: a copy importing the framework by URL, with one exercise wrong, loses exactly those points", async () => {
  const dir = await copyReference();
  try {
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      `import { np } from ${JSON.stringify(FRAMEWORK_URL)};\n` +
        "export const f = (x: number): number => np.power(np.subtract(x, 10), 2);\n" +
        "export const fGrad = (x: number): number => 2 * (x - 9);\n",
    );
    const result = await gradeSubmission(dir, { seed: 7, typecheck: false });
    const [first, ...rest] = result.exercises;
    const lost = first.checks.filter((c) => !c.passed);
    assert.deepEqual(lost.map((c) => c.name), [
      "fGrad at 3",
      "fGrad at 10",
      "fGrad at 12",
      "fGrad at hidden points",
    ]);
    assert.equal(
      lost.find((c) => c.name === "fGrad at 3")?.message.startsWith(
        "fGrad(3): expected -14, got -12",
      ),
      true,
    );
    const lostPoints = lost.reduce((a, c) => a + c.points, 0);
    assert.equal(first.score, first.maxScore - lostPoints);
    for (const ex of rest) {
      assert.equal(ex.score, ex.maxScore, ex.id);
    }
    assert.equal(result.score, result.maxScore - lostPoints);
    assert.equal(result.bonus, result.bonusMax);
    assert.equal(result.passed, false);
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("grade: the same seed gives the same scores and messages; the seed is recorded", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-seed-" });
  try {
    // Right only for positive x: hidden points in [-5, 5] decide, so the seed matters.
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      "export const square = (x: number) => (x > 0 ? x * x : 0);\nexport const squareGrad = (x: number) => 2 * x;\n",
    );
    const summary = async (seed?: number) => {
      const r = await gradeSubmission(dir, {
        set: mini,
        seed,
        only: ["01"],
        typecheck: false,
      });
      return {
        seed: r.seed,
        score: r.score,
        checks: r.exercises[0].checks.map((c) => [c.passed, c.message]),
      };
    };
    const a = await summary(99);
    const b = await summary(99);
    assert.deepEqual(a, b);
    assert.equal(a.seed, 99);
    const random = await summary();
    assert.ok(Number.isInteger(random.seed) && random.seed >= 0);
    const again = await summary(random.seed);
    assert.deepEqual(again, random);
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("grade: a plan made once serves several learners", async () => {
  try {
    const plan = await planSet(mini, 5);
    const reference = fileURLToPath(mini.solutions);
    const one = await gradeSubmission(reference, { plan, typecheck: false });
    const two = await gradeSubmission(reference, { plan, typecheck: false });
    assert.equal(one.seed, 5);
    assert.equal(one.score, 8);
    assert.equal(one.maxScore, 8);
    assert.equal(one.bonus, 1);
    assert.deepEqual(
      two.exercises.map((e) => e.score),
      one.exercises.map((e) => e.score),
    );
  } finally {
    await stopBundler();
  }
});

Deno.test("grade: only some exercises, and unknown ids are a setup error listing the known ones", async () => {
  try {
    const reference = fileURLToPath(mini.solutions);
    const result = await gradeSubmission(reference, {
      set: mini,
      only: ["02"],
      seed: 1,
      typecheck: false,
    });
    assert.deepEqual(result.exercises.map((e) => e.id), ["02"]);
    await assert.rejects(
      gradeSubmission(reference, { set: mini, only: ["02", "09"], seed: 1 }),
      (e: unknown) =>
        e instanceof SetupError &&
        e.message ===
          "Unknown exercise 09 in set mini: its exercises are 01, 02",
    );
  } finally {
    await stopBundler();
  }
});

Deno.test("grade: invalid limits are a setup error", async () => {
  await assert.rejects(
    gradeSubmission(fileURLToPath(mini.solutions), {
      set: mini,
      limits: { timeoutMs: -1 },
    }),
    (e: unknown) =>
      e instanceof SetupError &&
      /^Invalid limit timeoutMs: -1 is not a positive number$/.test(e.message),
  );
});

Deno.test("grade: scores are handed out before the type check finishes, type errors after", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-scores-first-" });
  try {
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      `import { grad, np } from "${FRAMEWORK_URL}";\n` +
        `export const square = (x: number) => np.multiply(x, x);\n` +
        `export const squareGrad = grad(square);\n` +
        `export const s: string = 3;\n`,
    );
    // The type check waits until the scores have been seen.
    let scoresSeen!: () => void;
    const seen = new Promise<void>((resolve) => scoresSeen = resolve);
    const order: string[] = [];
    const result = await gradeSubmission(dir, {
      set: mini,
      seed: 1,
      only: ["01"],
      onScores(scores) {
        order.push("scores");
        assert.equal(scores.typecheck, "pending");
        assert.equal(scores.score, 4);
        assert.deepEqual(scores.exercises[0].typeErrors, []);
        scoresSeen();
      },
      async typechecker(files) {
        await seen;
        order.push("types");
        return {
          status: "checked",
          diagnostics: [{
            file: files[0],
            line: 4,
            column: 14,
            code: "TS2322",
            message: "Type 'number' is not assignable to type 'string'.",
          }],
          note: "",
          ms: 1,
        };
      },
    });
    assert.deepEqual(order, ["scores", "types"]);
    assert.equal(result.typecheck, "checked");
    assert.equal(result.score, 4);
    assert.equal(result.exercises[0].typeErrors[0].code, "TS2322");
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("decideOutcome: a module's outcome from its bundle and run, case by case", () => {
  const run = (status: SandboxRun["status"], message = ""): SandboxRun => ({
    status,
    message,
    replies: [],
    stdout: "",
    stderr: "",
    outputTruncated: false,
    timings: { startMs: 0, runMs: 0 },
    alone: false,
  });
  const cases: [
    Parameters<typeof decideOutcome>[0],
    SandboxRun | undefined,
    string,
    string[],
  ][] = [
    [undefined, undefined, "missing", ["Missing 01.ts"]],
    [
      { ok: false, reason: "missing", problems: ["gone"] },
      undefined,
      "missing",
      ["gone"],
    ],
    [
      { ok: false, reason: "refused", problems: ["does not exist in text"] },
      undefined,
      "bundle-error",
      ["does not exist in text"],
    ],
    [{ ok: true, part: 0 }, undefined, "crashed", [
      "The exercise was not run",
    ]],
    [{ ok: true, part: 0 }, run("done"), "ok", []],
    [{ ok: true, part: 0 }, run("timeout", "Stopped after 5 s"), "timeout", [
      "Stopped after 5 s",
    ]],
  ];
  for (const [bundle, sandbox, outcome, problems] of cases) {
    const d = decideOutcome(bundle, sandbox, "Missing 01.ts");
    assert.equal(d.outcome, outcome);
    assert.deepEqual(d.problems, problems);
  }
});
