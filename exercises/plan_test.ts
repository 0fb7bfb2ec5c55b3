import assert from "node:assert/strict";
import { Dual, isTensor, np } from "../mod.ts";
import * as ref01 from "../solutions/autograd/01.ts";
import * as ref03 from "../solutions/autograd/03.ts";
import * as ref04 from "../solutions/autograd/04.ts";
import * as ref06 from "../solutions/autograd/06.ts";
import { callCheck, propertyCheck, valueCheck } from "./check.ts";
import { defineExercise } from "./define.ts";
import {
  fixed,
  fixture,
  integer,
  record,
  tensor,
  tuple,
  uniform,
} from "./domain.ts";
import { exercise01 } from "./autograd/01.ts";
import { exercise03 } from "./autograd/03.ts";
import { exercise04 } from "./autograd/04.ts";
import { exercise06 } from "./autograd/06.ts";
import { planExercise } from "./plan.ts";
import { assertClose } from "./_test_close.ts";
import type { Exercise, PlannedCheck } from "./types.ts";

function probe(planned: PlannedCheck[], name: string, index = 0) {
  const check = planned.find((c) => c.name === name);
  assert.ok(check, `no check named ${name}`);
  return check.probes[index];
}

Deno.test("planExercise 01: the notebook's f′(3), f′(10), f′(12) = −14, 0, 4 and f = 49, 0, 4", () => {
  const planned = planExercise(exercise01, ref01, 1);
  assert.deepEqual(probe(planned, "fGrad at 3"), {
    export: "fGrad",
    args: [3],
    expected: -14,
  });
  assert.deepEqual(probe(planned, "fGrad at 10"), {
    export: "fGrad",
    args: [10],
    expected: 0,
  });
  assert.deepEqual(probe(planned, "fGrad at 12"), {
    export: "fGrad",
    args: [12],
    expected: 4,
  });
  const f = planned.find((c) => c.name === "f at 3, 10, 12");
  assert.deepEqual(f?.probes.map((p) => [p.args, p.expected]), [[[3], 49], [[
    10,
  ], 0], [[12], 4]]);
  assert.equal(f?.visibility, "visible");
  assert.deepEqual(f?.tolerance, { rtol: 1e-5, atol: 1e-8 });
});

Deno.test("planExercise 01: hidden points are hidden and match the closed form", () => {
  const planned = planExercise(exercise01, ref01, 99);
  for (const name of ["f at hidden points", "fGrad at hidden points"]) {
    const check = planned.find((c) => c.name === name);
    assert.equal(check?.visibility, "hidden");
    assert.equal(check?.probes.length, 5);
    for (const p of check!.probes) {
      const x = p.args![0] as number;
      assert.ok(x >= -20 && x < 40);
      assertClose(
        p.expected,
        name.startsWith("fGrad") ? 2 * (x - 10) : (x - 10) ** 2,
        1e-12,
        1e-12,
      );
    }
  }
});

Deno.test("planExercise 03: the notebook's printed values for A and B, and the stated function for C", () => {
  const planned = planExercise(exercise03, ref03, 1);
  const golden: [string, number][] = [
    ["f1 at 7", 7676.432108999208],
    ["f1Grad at 7", 8773.065267427666],
    ["f2 at 3.5", 0.44733523545030124],
    ["f2Grad at 3.5", -0.18032800393862408],
    ["f3 at -0.5", 1.1756162610422343],
    ["f3Grad at -0.5", 1.5081376514745632],
  ];
  for (const [name, value] of golden) {
    assertClose(probe(planned, name).expected, value, 1e-14);
  }
  // Not the notebook's cos(cos(x)) values (its erratum).
  assert.ok(
    Math.abs(
      (probe(planned, "f3 at -0.5").expected as number) - 1.0444776022734237,
    ) > 0.1,
  );
});

Deno.test("planExercise 03: C's hidden points stay inside ln(2 + x)'s domain", () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const planned = planExercise(exercise03, ref03, seed);
    for (const name of ["f3 at hidden points", "f3Grad at hidden points"]) {
      for (const p of planned.find((c) => c.name === name)!.probes) {
        const x = p.args![0] as number;
        assert.ok(x > -2, `${x} is outside x > −2`);
        const closed = name === "f3 at hidden points"
          ? Math.log(2 + x) + Math.cos(x) ** 2
          : 1 / (2 + x) - 2 * Math.cos(x) * Math.sin(x);
        assertClose(p.expected, closed, 1e-12, 1e-12);
      }
    }
  }
});

Deno.test("planExercise 04: the notebook's −81 and [−54, 81, −88.98759538]", () => {
  const planned = planExercise(exercise04, ref04, 1);
  assert.deepEqual(probe(planned, "f at [3, -1, 2]"), {
    export: "f",
    args: [[3, -1, 2]],
    expected: -81,
  });
  const g = probe(planned, "fGrad at [3, -1, 2]");
  assert.deepEqual(g.args, [[3, -1, 2]]);
  // The notebook prints 8 decimals.
  assertClose(g.expected, [-54, 81, -88.98759538], 0, 5e-9);
  assertClose(g.expected, [-54, 81, -81 * Math.log(3)], 1e-14);
});

Deno.test("planExercise 06: the notebook's 0.025, 0.048888888888888885 and four gradient matrices", () => {
  const planned = planExercise(exercise06, ref06, 1);
  assert.equal(probe(planned, "f1 at [W, V]").expected, 0.025);
  assertClose(
    probe(planned, "f2 at [W, V]").expected,
    0.048888888888888885,
    1e-15,
  );
  const [dW1, dV1] = probe(planned, "f1Grad at [W, V]").expected as unknown[];
  const [dW2, dV2] = probe(planned, "f2Grad at [W, V]").expected as unknown[];
  for (const t of [dW1, dV1, dW2, dV2]) assert.ok(isTensor(t));
  // As printed (8 decimals at most).
  assertClose(dW1, [[-0.05, 0.15, 0.225], [-0.05, 0.15, 0.225]], 0, 5e-9);
  assertClose(dV1, [[0.1, 0.1], [0, 0], [0.05, 0.05]], 0, 5e-9);
  assertClose(
    dW2,
    [[0.04444444, 0.04444444, 0.04444444], [0.1, 0.1, 0.1]],
    0,
    5e-9,
  );
  assertClose(
    dV2,
    [[0.02222222, 0.04444444], [0.02222222, 0.04444444], [
      0.02222222,
      0.04444444,
    ]],
    0,
    5e-9,
  );
  assert.deepEqual(probe(planned, "are the results the same?"), {
    export: "sameResults",
    expected: false,
  });
  assertClose(
    probe(planned, "W").expected,
    [[0.3, -0.2, 0.1], [0.1, 0.2, 0.1]],
    0,
    0,
  );
  assertClose(
    probe(planned, "V").expected,
    [[0.1, -0.3], [0.1, 0.5], [0.2, 0.7]],
    0,
    0,
  );
});

Deno.test("planExercise 06: hidden matrices are Tensors of the right shapes, gradients as closed forms", () => {
  const planned = planExercise(exercise06, ref06, 5);
  for (
    const p of planned.find((c) => c.name === "f2Grad at hidden matrices")!
      .probes
  ) {
    const [W, V] = p.args![0] as {
      shape: readonly number[];
      toArray(): unknown;
    }[];
    assert.deepEqual([W.shape, V.shape], [[2, 3], [3, 2]]);
    const w = W.toArray() as number[][], v = V.toArray() as number[][];
    // ∂ mean(V·W)/∂W[k][j] = Σᵢ V[i][k] / 9; ∂/∂V[i][k] = Σⱼ W[k][j] / 9.
    const dW = w.map((row, k) =>
      row.map(() => v.reduce((s, r) => s + r[k], 0) / 9)
    );
    const dV = v.map((row) =>
      row.map((_, k) => w[k].reduce((s, x) => s + x, 0) / 9)
    );
    assertClose(p.expected, [dW, dV], 1e-12, 1e-15);
  }
});

Deno.test("planExercise: the same seed gives the same hidden points; another seed other points", () => {
  const a = planExercise(exercise04, ref04, 12345);
  const b = planExercise(exercise04, ref04, 12345);
  const c = planExercise(exercise04, ref04, 12346);
  const hidden = (p: PlannedCheck[]) =>
    p.filter((x) => x.visibility === "hidden").map((x) => x.probes);
  assert.deepEqual(hidden(a), hidden(b));
  assert.notDeepEqual(hidden(a), hidden(c));
  // Visible points do not depend on the seed.
  const visible = (p: PlannedCheck[]) =>
    p.filter((x) => x.visibility === "visible");
  assert.deepEqual(visible(a), visible(c));
  // Tensors too.
  const t1 =
    planExercise(exercise06, ref06, 7).find((x) =>
      x.name === "f1 at hidden matrices"
    )!.probes;
  const t2 =
    planExercise(exercise06, ref06, 7).find((x) =>
      x.name === "f1 at hidden matrices"
    )!.probes;
  assert.deepEqual(
    t1.map((p) =>
      (p.args![0] as { toArray(): unknown }[]).map((t) => t.toArray())
    ),
    t2.map((p) =>
      (p.args![0] as { toArray(): unknown }[]).map((t) => t.toArray())
    ),
  );
});

Deno.test("planExercise: adding a check does not reshuffle the others' hidden points", () => {
  const extended: Exercise = {
    ...exercise01,
    checks: [
      callCheck({
        name: "f at more hidden points",
        points: 1,
        export: "f",
        random: { count: 4, args: [uniform(0, 1)] },
      }),
      ...exercise01.checks,
    ],
  };
  const before = planExercise(exercise01, ref01, 3);
  const after = planExercise(extended, ref01, 3);
  for (const check of before) {
    assert.deepEqual(after.find((c) => c.name === check.name), check);
  }
});

const demoExports = {
  g: { kind: "function" as const, type: "(x: number) => number", doc: "g." },
  answer: { kind: "value" as const, type: "string", doc: "An answer." },
};

function demo(checks: Exercise["checks"]): Exercise {
  return defineExercise({
    id: "demo",
    title: "Demo",
    prompt: "",
    exports: demoExports,
    checks,
  }, "file:///d/demo.ts");
}

Deno.test("planExercise: a reference that lacks an export, throws, or returns a Dual is an error naming the check", () => {
  const ex = demo([
    callCheck({ name: "g at 1", points: 1, export: "g", at: [[1]] }),
  ]);
  assert.throws(
    () => planExercise(ex, {}, 1),
    /^Error: Cannot plan exercise "demo" \(\/d\/demo\.ts\), check "g at 1": the reference solution has no export g$/,
  );
  assert.throws(
    () => planExercise(ex, { g: 3 }, 1),
    /check "g at 1": the reference solution's g is 3, not a function/,
  );
  assert.throws(
    () =>
      planExercise(ex, {
        g: () => {
          throw new Error("boom");
        },
      }, 1),
    /the reference solution's g threw at \(1\): boom/,
  );
  const dual = new Dual(1000, 1, [1]);
  assert.throws(
    () => planExercise(ex, { g: () => dual }, 1),
    /returned a Dual at \(1\): expected plain data/,
  );
  assert.throws(
    () => planExercise(ex, { g: () => Promise.resolve(1) }, 1),
    /returned a Promise at \(1\)/,
  );
});

Deno.test("planExercise: a random point where the reference is not finite is refused", () => {
  const ex = demo([
    callCheck({
      name: "g at hidden points",
      points: 1,
      export: "g",
      random: { count: 3, args: [uniform(-5, -3)] },
    }),
  ]);
  assert.throws(
    () => planExercise(ex, { g: (x: number) => np.log(np.add(2, x)) }, 1),
    /gives NaN at the random point \(-[\d.]+\): keep the domain inside the function's domain/,
  );
});

Deno.test("planExercise: value checks read the reference's value and keep to their choices", () => {
  const ex = demo([
    valueCheck({
      name: "answer",
      points: 1,
      export: "answer",
      choices: ["yes", "no"],
    }),
  ]);
  assert.deepEqual(planExercise(ex, { answer: "no" }, 1)[0].probes, [{
    export: "answer",
    expected: "no",
  }]);
  assert.throws(
    () => planExercise(ex, { answer: "maybe" }, 1),
    /the reference solution's answer is "maybe", not one of the choices "yes", "no"/,
  );
});

Deno.test("planExercise: a reference mutating its arguments cannot change the probe's", () => {
  const ex = demo([
    callCheck({
      name: "g at hidden points",
      points: 1,
      export: "g",
      random: { count: 2, args: [tuple(uniform(0, 1))] },
    }),
  ]);
  const planned = planExercise(ex, {
    g: (xs: number[]) => {
      const first = xs[0];
      xs[0] = 100;
      return first;
    },
  }, 1);
  for (const p of planned[0].probes) {
    assert.equal((p.args![0] as number[])[0], p.expected);
  }
});

Deno.test("planExercise: tensor domains give Tensors with entries in range", () => {
  const ex = demo([
    callCheck({
      name: "g at hidden points",
      points: 1,
      export: "g",
      random: { count: 2, args: [tensor([2, 2], 3, 4)] },
    }),
  ]);
  const planned = planExercise(
    ex,
    { g: (t: unknown) => np.sum(t as never) },
    1,
  );
  for (const p of planned[0].probes) {
    const t = p.args![0];
    assert.ok(isTensor(t));
    assert.ok(Array.from(t.data).every((x) => x >= 3 && x < 4));
    assertClose(
      p.expected,
      Array.from(t.data).reduce((a, b) => a + b, 0),
      1e-14,
    );
  }
});

Deno.test("planExercise: record, fixed and fixture arguments; a property the reference must have", () => {
  const ex = defineExercise({
    id: "07",
    title: "Kinds",
    prompt: "",
    exports: {
      predict: {
        kind: "function",
        type: "(p: { w: number; b: number }, data: number[][]) => number",
        doc: "p.w·Σx + p.b",
      },
      half: { kind: "function", type: "(x: number) => number", doc: "x / 2" },
    },
    fixtures: { "data.json": "[[1, 2], [3, 4]]" },
    checks: [
      callCheck({
        name: "predict",
        points: 1,
        export: "predict",
        at: [[{ w: 1, b: 0 }, fixture("data.json")]],
        random: {
          count: 3,
          args: [
            record({ w: uniform(2, 3), b: integer(5, 5) }),
            fixed([[1], [2]]),
          ],
        },
      }),
      propertyCheck({
        name: "half",
        points: 1,
        export: "half",
        at: [[4]],
        holds: (y: number, [x]: number[]) => y * 2 === x,
        message: "twice the result is not x",
      }),
    ],
  });
  const predict = (p: { w: number; b: number }, data: number[][]) =>
    p.w * data.reduce((a, [x]) => a + x, 0) + p.b;
  const [call, property] = planExercise(ex, {
    predict,
    half: (x: number) => x / 2,
  }, 1);
  assert.deepEqual(call.probes[0].args, [{ w: 1, b: 0 }, [[1, 2], [3, 4]]]);
  assert.equal(call.probes[0].expected, 4);
  for (const probe of call.probes.slice(1)) {
    const [p, data] = probe.args as [{ w: number; b: number }, number[][]];
    assert.ok(p.w >= 2 && p.w < 3 && p.b === 5);
    assert.deepEqual(data, [[1], [2]]);
    assert.equal(probe.expected, p.w * 3 + 5);
  }
  assert.equal(property.property?.message, "twice the result is not x");
  assert.throws(
    () => planExercise(ex, { predict, half: (x: number) => x / 3 }, 1),
    /check "half": the reference solution's half\(4\) does not have the property: twice the result is not x/,
  );
});
