/**
 * Frozen plans carry what diagnoses need: grading from a plan gives the
 * same "probably:" lines and hints as grading from the set, and a
 * learner-safe plan carries nothing a hidden check would reveal.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "../exercises/sets.ts";
import type { Exercise } from "../exercises/types.ts";
import { stopBundler } from "./_bundle.ts";
import { gradeSubmission, planSet, type SetPlan } from "./grade.ts";
import { freezePlan, PLAN_FORMAT, thawPlan } from "./plan_file.ts";
import type { GradeResult } from "./result.ts";

const autograd = loadExerciseSet("autograd");
const REFERENCE = fileURLToPath(autograd.solutions);
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";

/** Mistakes by exercise: each diagnosed from another export, a declared variant, a relation. */
const MISTAKES: Record<string, [string, string][]> = {
  "01": [[
    "export const fGrad: (x: number) => number = grad(f);",
    "export const fGrad: (x: number) => number = f;",
  ]],
  "02": [["2 * (x - 10)", "x - 10"]],
  "03": [
    ["np.power(np.cos(x), 2)", "np.cos(np.cos(x))"],
    [
      "export const f1Grad: (x: number) => number = grad(f1);",
      "export const f1Grad = (_x: number): number => 8773.065267427666;",
    ],
  ],
  "06": [["np.mean(np.matmul(V, W))", "np.mean(np.matmul(W, V))"]],
};

async function gradeMistakes(plans: SetPlan[]): Promise<GradeResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-plan-" });
  try {
    for (const id of Object.keys(MISTAKES)) {
      let source = await Deno.readTextFile(join(REFERENCE, `${id}.ts`));
      for (const [from, to] of MISTAKES[id]) {
        assert.ok(source.includes(from), `${id}.ts holds ${from}`);
        source = source.replace(from, to);
      }
      await Deno.writeTextFile(
        join(dir, `${id}.ts`),
        source.replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL)),
      );
    }
    const results: GradeResult[] = [];
    for (const plan of plans) {
      results.push(await gradeSubmission(dir, { plan, typecheck: false }));
    }
    return results;
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Each failed check's feedback: name → [message, probably, hint]. */
function feedback(result: GradeResult): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ex of result.exercises) {
    for (const c of ex.checks) {
      if (c.passed) continue;
      out.set(`${ex.id} ${c.name}`, [
        c.message,
        c.diagnosis ? `${c.diagnosis.kind}: ${c.diagnosis.text}` : "",
        c.hint ?? "",
      ]);
    }
  }
  return out;
}

Deno.test("plan: grading from a frozen plan gives the set's probably: lines and hints; a learner-safe plan gives them on its visible checks", async () => {
  const plan = await planSet(autograd, 20240501, {
    only: Object.keys(MISTAKES),
  });
  const full = thawPlan(freezePlan(plan), "plan.json").plan;
  const safe = thawPlan(freezePlan(plan, { visibleOnly: true }), "plan.json")
    .plan;
  const [fromSet, fromFull, fromSafe] = await gradeMistakes([
    plan,
    full,
    safe,
  ]);
  const expected = feedback(fromSet);
  // The mistakes are diagnosed from the set, each way, with hints.
  const kinds = [...expected.values()].map((f) => f[1].split(":")[0]);
  for (
    const kind of [
      "other-export",
      "declared-mistake",
      "hard-coded",
    ]
  ) assert.ok(kinds.includes(kind), `a ${kind} diagnosis among ${kinds}`);
  assert.ok([...expected.values()].some((f) => f[2] !== ""), "a hint");
  assert.deepEqual(feedback(fromFull), expected);
  // The learner-safe plan: its checks are the visible ones, with the same feedback.
  const visible = feedback(fromSafe);
  assert.ok(visible.size > 0);
  for (const [name, f] of visible) {
    assert.deepEqual(f, expected.get(name), name);
  }
  assert.ok(
    [...visible.values()].some((f) => f[1].startsWith("other-export")),
    "another export's value is diagnosed from a learner-safe plan",
  );
});

/** A synthetic exercise whose hidden check probes g where a visible check probes f. */
function leakyPlan(withVisibleG: boolean): SetPlan {
  const SECRET = 1234.5678;
  const exercise: Exercise = {
    id: "01",
    title: "Leaks",
    prompt: "",
    exports: {
      f: { kind: "function", type: "(x: number) => number", doc: "f" },
      g: { kind: "function", type: "(x: number) => number", doc: "g" },
    },
    checks: [
      { kind: "call", name: "f at 3", points: 1, export: "f", at: [[3]] },
      {
        kind: "call",
        name: "g at 3",
        points: 1,
        export: "g",
        at: [[3]],
        visibility: withVisibleG ? "visible" : "hidden",
      },
    ],
  };
  const tolerance = { rtol: 1e-5, atol: 1e-8 };
  return {
    set: {
      id: "leaks",
      title: "Leaks",
      exercises: [exercise],
      solutions: new URL("file:///tmp/"),
    },
    seed: 1,
    ms: 0,
    exercises: [{
      exercise,
      checks: [
        {
          name: "f at 3",
          points: 1,
          visibility: "visible",
          optional: false,
          tolerance,
          probes: [{ export: "f", args: [3], expected: 9 }],
        },
        {
          name: "g at 3",
          points: 1,
          visibility: withVisibleG ? "visible" : "hidden",
          optional: false,
          tolerance,
          probes: [{ export: "g", args: [3], expected: SECRET }],
        },
      ],
      alternatives: [
        [
          // g's reference value at f's visible point: the hidden check's expected value.
          { kind: "other-export", name: "g", values: [SECRET] },
          // An author's variant that happens to be g: the same value.
          { kind: "declared-mistake", hint: "this is g", values: [SECRET] },
          { kind: "declared-mistake", hint: "this is 2x", values: [6] },
        ],
        [{ kind: "other-export", name: "f", values: [9] }],
      ],
    }],
  };
}

Deno.test("plan: a learner-safe plan carries no hidden check's expected value through alternatives", () => {
  const secret = /1234\.5678/;
  // A full plan holds it (the hidden check itself, and the alternatives).
  assert.match(freezePlan(leakyPlan(false)), secret);
  const safeText = freezePlan(leakyPlan(false), { visibleOnly: true });
  assert.doesNotMatch(safeText, secret);
  const safe = thawPlan(safeText, "plan.json").plan.exercises[0];
  assert.deepEqual(safe.checks.map((c) => c.name), ["f at 3"]);
  // Only the variant whose values no hidden check has stays.
  assert.deepEqual(safe.alternatives, [[
    { kind: "declared-mistake", hint: "this is 2x", values: [6] },
  ]]);
  // When a visible check probes g at 3, g's value there is no secret: it stays.
  const open = thawPlan(
    freezePlan(leakyPlan(true), { visibleOnly: true }),
    "plan.json",
  ).plan.exercises[0];
  assert.deepEqual(open.alternatives?.[0].map((a) => a.kind), [
    "other-export",
    "declared-mistake",
    "declared-mistake",
  ]);
  assert.deepEqual(open.alternatives?.[1], [
    { kind: "other-export", name: "f", values: [9] },
  ]);
});

Deno.test("plan: a plan of format 1 is still read (without feedback); a newer format is refused saying what to do", () => {
  const frozen = JSON.parse(freezePlan(leakyPlan(true)));
  assert.equal(frozen.format, PLAN_FORMAT);
  assert.equal(PLAN_FORMAT, "dualgrade-plan/2");
  frozen.format = "dualgrade-plan/1";
  for (const e of frozen.exercises) {
    for (const c of e.checks) delete c.alternatives;
  }
  const old = thawPlan(JSON.stringify(frozen), "old.json").plan.exercises[0];
  assert.deepEqual(old.checks.map((c) => c.name), ["f at 3", "g at 3"]);
  assert.deepEqual(old.alternatives, [[], []]);
  frozen.format = "dualgrade-plan/3";
  assert.throws(
    () => thawPlan(JSON.stringify(frozen), "new.json"),
    /^SetupError: Cannot read the plan new\.json: its format "dualgrade-plan\/3" is newer than this grader reads \(dualgrade-plan\/1, dualgrade-plan\/2\): update dualgrade, or write the plan again with this version \(deno task plan\)$/,
  );
  frozen.format = "dualgrade-plan/2";
  frozen.exercises[0].checks[0].alternatives = [{ kind: "other-export" }];
  assert.throws(
    () => thawPlan(JSON.stringify(frozen), "bad.json"),
    /Cannot read the plan bad\.json: the alternatives of check "f at 3" are malformed/,
  );
});
