import assert from "node:assert/strict";
import { exercise01 } from "../exercises/autograd/01.ts";
import { exercise03 } from "../exercises/autograd/03.ts";
import { exercise06 } from "../exercises/autograd/06.ts";
import { planExercise } from "../exercises/plan.ts";
import * as ref01 from "../solutions/autograd/01.ts";
import * as ref03 from "../solutions/autograd/03.ts";
import * as ref06 from "../solutions/autograd/06.ts";
import { planSamples, plotValue, SAMPLE_COUNT } from "./_pictures_data.ts";
import { gradeSubmission } from "./grade.ts";
import type { PlotNumber } from "./result.ts";
import { np } from "../mod.ts";
import { learnerCopy, replaceIn } from "./testdata/pictures/learners.ts";

const num = (v: PlotNumber) => (typeof v === "string" ? Number(v) : v);

Deno.test("samples cover the checks' domain with margins and carry the reference's values", () => {
  const plans = planSamples(
    exercise01,
    planExercise(exercise01, ref01, 1),
    ref01,
  );
  assert.deepEqual(plans.map((p) => p.export), ["f", "fGrad"]);
  const f = plans[0];
  // Checks draw from [-20, 40]; 20% of 60 on each side.
  assert.deepEqual(f.domain, [-20, 40]);
  assert.equal(f.x.length, SAMPLE_COUNT);
  assert.ok(Math.abs(f.x[0] - -32) < 1e-12);
  assert.ok(Math.abs(f.x[SAMPLE_COUNT - 1] - 52) < 1e-12);
  f.x.forEach((x, i) =>
    assert.ok(Math.abs(num(f.expected[i])! - (x - 10) ** 2) < 1e-9)
  );
  plans[1].x.forEach((x, i) =>
    assert.ok(Math.abs(num(plans[1].expected[i])! - 2 * (x - 10)) < 1e-9)
  );
});

Deno.test("samples record where the reference is not finite: ln(2 + x) is NaN left of -2", () => {
  const plans = planSamples(
    exercise03,
    planExercise(exercise03, ref03, 1),
    ref03,
  );
  const f3 = plans.find((p) => p.export === "f3")!;
  assert.deepEqual(f3.domain, [-1.5, 6]);
  const left = f3.x.map((x, i) => [x, f3.expected[i]] as const).filter(([x]) =>
    x < -2
  );
  assert.ok(left.length > 0);
  for (const [, y] of left) assert.equal(y, "NaN");
  for (
    const [x, y] of f3.x.map((x, i) => [x, f3.expected[i]] as const).filter((
      [x],
    ) => x > -2)
  ) {
    assert.ok(
      Math.abs((y as number) - (Math.log(2 + x) + Math.cos(x) ** 2)) < 1e-9,
    );
  }
});

Deno.test("exports that are not functions of one number get no samples", () => {
  assert.deepEqual(
    planSamples(exercise06, planExercise(exercise06, ref06, 1), ref06),
    [],
  );
});

Deno.test("plotValue carries non-finite numbers, tensors and opaque values as tagged JSON", () => {
  assert.deepEqual(plotValue([1, NaN, -Infinity]), [1, { $number: "NaN" }, {
    $number: "-Infinity",
  }]);
  assert.deepEqual(plotValue(np.array([[1, 2], [3, NaN]])), {
    $tensor: [2, 2],
    data: [1, 2, 3, "NaN"],
  });
  assert.deepEqual(plotValue({ $tensor: 1 }), { $$tensor: 1 });
  assert.deepEqual(plotValue(undefined), { $opaque: "undefined" });
  assert.deepEqual(
    JSON.parse(JSON.stringify(plotValue(new Float64Array([0.5])))),
    [0.5],
  );
});

Deno.test("a learner's samples are their function's values; visible probes record what came back", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const dir = await learnerCopy(
      tmp,
      "dee",
      replaceIn("01.ts", "np.subtract(x, 10)", "np.subtract(x, 11)"),
    );
    const r = await gradeSubmission(dir, {
      only: ["01"],
      seed: 3,
      typecheck: false,
    });
    const ex = r.exercises[0];
    const [f, fGrad] = ex.samples!;
    f.x.forEach((x, i) =>
      assert.ok(Math.abs((f.got[i] as number) - (x - 11) ** 2) < 1e-9)
    );
    fGrad.x.forEach((x, i) =>
      assert.ok(Math.abs((fGrad.got[i] as number) - 2 * (x - 11)) < 1e-9)
    );
    const at3 = ex.checks.find((c) => c.name === "fGrad at 3")!;
    assert.deepEqual(at3.probes, [{
      passed: false,
      args: [3],
      expected: -14,
      got: -16,
    }]);
    const hidden = ex.checks.find((c) => c.name === "f at hidden points")!;
    assert.equal(hidden.probes!.length, 5);
    for (const p of hidden.probes!) {
      assert.deepEqual(Object.keys(p), ["passed"]);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a learner that hangs only at sample points keeps every point and the outcome ok", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    // Checks draw x from [-20, 40]; only samples reach below -25.
    const dir = await learnerCopy(
      tmp,
      "hang",
      replaceIn(
        "01.ts",
        "export const f = (x: number): number => np.power(np.subtract(x, 10), 2);",
        'export const f = (x: number): number => {\n  if (typeof x === "number" && x < -25) for (;;);\n  return np.power(np.subtract(x, 10), 2);\n};',
      ),
    );
    const r = await gradeSubmission(dir, {
      only: ["01"],
      seed: 3,
      typecheck: false,
      limits: { timeoutMs: 4000 },
    });
    const ex = r.exercises[0];
    assert.equal(ex.run, "ok");
    assert.deepEqual(ex.problems, []);
    assert.equal(ex.checks.filter((c) => !c.passed).length, 0);
    const f = ex.samples!.find((s) => s.export === "f")!;
    assert.equal(f.got[0], null);
    assert.match(f.note, /samples did not run/);
    // The very first sample (x = -32) hangs: none of the samples report.
    assert.ok(f.got.every((v) => v === null));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("a frozen plan carries the curve samples; a learner-safe plan does not; grading from a plan draws them", async () => {
  const { planSet } = await import("./grade.ts");
  const { freezePlan, thawPlan } = await import("./plan_file.ts");
  const { defaultExerciseSet } = await import("../exercises/sets.ts");
  const plan = await planSet(defaultExerciseSet(), 7, { only: ["01"] });
  const full = thawPlan(freezePlan(plan), "plan.json");
  assert.deepEqual(full.plan.exercises[0].samples, plan.exercises[0].samples);
  const safe = thawPlan(freezePlan(plan, { visibleOnly: true }), "plan.json");
  assert.equal(safe.plan.exercises[0].samples, undefined);
  const tmp = await Deno.makeTempDir();
  try {
    const dir = await learnerCopy(
      tmp,
      "dee",
      replaceIn("01.ts", "np.subtract(x, 10)", "np.subtract(x, 11)"),
    );
    const r = await gradeSubmission(dir, { plan: full.plan, typecheck: false });
    const f = r.exercises[0].samples!.find((s) => s.export === "f")!;
    f.x.forEach((x, i) =>
      assert.ok(Math.abs((f.got[i] as number) - (x - 11) ** 2) < 1e-9)
    );
    f.x.forEach((x, i) =>
      assert.ok(Math.abs((f.expected[i] as number) - (x - 10) ** 2) < 1e-9)
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
