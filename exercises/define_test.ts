import assert from "node:assert/strict";
import { byHandCheck, callCheck, valueCheck } from "./check.ts";
import { defineExercise, defineExerciseSet, exerciseSource } from "./define.ts";
import { uniform } from "./domain.ts";
import type { Check, Exercise } from "./types.ts";

const FILE = "file:///course/exercises/demo/07.ts";

function exercise(checks: Check[], extra: Partial<Exercise> = {}): Exercise {
  return {
    id: "07",
    title: "Demo",
    prompt: "Write `g` and `answer`.",
    exports: {
      g: { kind: "function", type: "(x: number) => number", doc: "g(x)." },
      answer: { kind: "value", type: "boolean", doc: "The answer." },
    },
    checks,
    ...extra,
  };
}

const good = callCheck({ name: "g at 1", points: 1, export: "g", at: [[1]] });

function refused(ex: Exercise, pattern: RegExp): void {
  assert.throws(() => defineExercise(ex, FILE), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.match(
      error.message,
      /^Invalid exercise "07" \(\/course\/exercises\/demo\/07\.ts\): /,
    );
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("defineExercise: a sound definition is returned as it is, with its file", () => {
  const ex = exercise([
    good,
    valueCheck({ name: "answer", points: 0, export: "answer", optional: true }),
  ]);
  assert.equal(defineExercise(ex, FILE), ex);
  assert.equal(exerciseSource(ex), "/course/exercises/demo/07.ts");
});

Deno.test("defineExercise: the project's own exercises are named relative to the project", async () => {
  const { exercise01 } = await import("./autograd/01.ts");
  assert.equal(exerciseSource(exercise01), "exercises/autograd/01.ts");
});

Deno.test("defineExercise: no checks", () => {
  refused(exercise([]), /it has no checks$/);
});

Deno.test("defineExercise: two checks with one name", () => {
  refused(
    exercise([good, { ...good }]),
    /two checks are named "g at 1": check names must be unique$/,
  );
});

Deno.test("defineExercise: a check naming an undeclared export", () => {
  refused(
    exercise([
      callCheck({ name: "h at 1", points: 1, export: "h", at: [[1]] }),
    ]),
    /check "h at 1" names the export "h", which the exercise does not declare \(declared: g, answer\)$/,
  );
  // Inherited names are not declarations.
  refused(
    exercise([
      callCheck({ name: "toString", points: 1, export: "toString", at: [[1]] }),
    ]),
    /"toString"/,
  );
});

Deno.test("defineExercise: points that are not finite and non-negative", () => {
  for (const points of [NaN, Infinity, -1, -0.5]) {
    refused(
      exercise([{ ...good, points }]),
      new RegExp(
        `check "g at 1" has points ${points}: points must be finite and non-negative$`,
      ),
    );
  }
  refused(
    exercise([{ ...good, points: "1" as unknown as number }]),
    /has points 1: points must be finite/,
  );
});

Deno.test("defineExercise: a check of the wrong kind for its export", () => {
  refused(
    exercise([
      callCheck({ name: "answer()", points: 1, export: "answer", at: [[]] }),
    ]),
    /is a call check of answer, which is declared a value: expected a function$/,
  );
  refused(
    exercise([valueCheck({ name: "g", points: 1, export: "g" })]),
    /is a value check of g, which is declared a function: expected a value$/,
  );
});

Deno.test("defineExercise: tolerances, visibility, kind", () => {
  refused(
    exercise([{ ...good, tolerance: { rtol: -1 } }]),
    /has rtol -1: tolerances must be finite and non-negative/,
  );
  refused(exercise([{ ...good, tolerance: { atol: NaN } }]), /has atol NaN/);
  refused(
    exercise([{ ...good, visibility: "secret" as "hidden" }]),
    /has visibility "secret": expected "visible" or "hidden"/,
  );
  refused(
    exercise([{ ...good, kind: "guess" } as unknown as Check]),
    /has the unknown kind "guess": expected call, value, byHand or property/,
  );
});

Deno.test("defineExercise: points to evaluate at, and their domains", () => {
  refused(
    exercise([callCheck({ name: "g", points: 1, export: "g" })]),
    /check "g" has no points to evaluate at: give `at` or `random`/,
  );
  refused(
    exercise([
      callCheck({
        name: "g",
        points: 1,
        export: "g",
        at: [3] as unknown as unknown[][],
      }),
    ]),
    /`at` that is not a list of argument lists/,
  );
  refused(
    exercise([
      callCheck({
        name: "g",
        points: 1,
        export: "g",
        random: { count: 0, args: [uniform(0, 1)] },
      }),
    ]),
    /draws 0 random points: expected a positive integer/,
  );
  refused(
    exercise([
      callCheck({
        name: "g",
        points: 1,
        export: "g",
        random: { count: 3, args: [uniform(2, -2)] },
      }),
    ]),
    /unusable domain for argument 0: uniform bounds need finite low < high, got low 2 and high -2/,
  );
});

Deno.test("defineExercise: a by-hand check needs a function to differentiate", () => {
  refused(
    exercise([
      byHandCheck({
        name: "g′",
        points: 1,
        export: "g",
        of: undefined as never,
        at: [[1]],
      }),
    ]),
    /check "g′" has no function `of` to differentiate/,
  );
  refused(
    exercise([
      byHandCheck({
        name: "g′",
        points: 1,
        export: "g",
        of: (x: number) => x,
        argnum: -1,
        at: [[1]],
      }),
    ]),
    /has argnum -1: expected a non-negative integer/,
  );
});

Deno.test("defineExercise: ids, titles and export names", () => {
  refused(exercise([good], { title: " " }), /the title is empty/);
  refused(
    exercise([good], {
      exports: {
        "not-a-name": { kind: "function", type: "() => number", doc: "" },
      },
    }),
    /the export name "not-a-name" is not a valid TypeScript identifier/,
  );
  refused(
    exercise([good], {
      exports: { default: { kind: "value", type: "number", doc: "" } },
    }),
    /the export name "default" is not a valid TypeScript identifier/,
  );
  refused(
    exercise([good], {
      exports: { g: { kind: "function", type: "", doc: "" } },
    }),
    /export g has no TypeScript type/,
  );
  assert.throws(
    () => defineExercise(exercise([good], { id: "../07" }), FILE),
    /^Error: Invalid exercise "\.\.\/07" \(\/course\/exercises\/demo\/07\.ts\): the id must be a file name/,
  );
});

Deno.test("defineExerciseSet: an empty set, and two exercises with one id naming both files", () => {
  const solutions = new URL("file:///course/solutions/demo/");
  assert.throws(
    () =>
      defineExerciseSet(
        { id: "demo", title: "Demo", exercises: [], solutions },
        "file:///course/set.ts",
      ),
    /^Error: Invalid exercise set "demo" \(\/course\/set\.ts\): it has no exercises$/,
  );
  const a = defineExercise(exercise([good]), "file:///course/a/07.ts");
  const b = defineExercise(exercise([good]), "file:///course/b/07.ts");
  assert.throws(
    () =>
      defineExerciseSet({
        id: "demo",
        title: "Demo",
        exercises: [a, b],
        solutions,
      }),
    /two exercises have the id "07" \(\/course\/a\/07\.ts and \/course\/b\/07\.ts\)/,
  );
  assert.throws(
    () =>
      defineExerciseSet({
        id: "demo",
        title: "Demo",
        exercises: [a],
        solutions: new URL("file:///s"),
      }),
    /solutions must be a URL of a folder, ending in \//,
  );
  const set = defineExerciseSet({
    id: "demo",
    title: "Demo",
    exercises: [a],
    solutions,
  });
  assert.equal(set.exercises[0], a);
});

Deno.test("defineExercise: declared export types name known types only", () => {
  const withType = (type: string) => ({
    id: "00",
    title: "Types",
    prompt: "",
    exports: { f: { kind: "function" as const, type, doc: "f" } },
    checks: [{
      kind: "call" as const,
      name: "f",
      points: 1,
      export: "f",
      at: [[1]],
    }],
  });
  assert.throws(
    () => defineExercise(withType("(x: numbr) => Tensr"), "file:///c/00.ts"),
    /Invalid exercise "00" \(\/c\/00.ts\): export f: the type "\(x: numbr\) => Tensr" names an unknown type numbr/,
  );
  assert.throws(
    () => defineExercise(withType("(x: number => number")),
    /unbalanced brackets/,
  );
  for (
    const ok of [
      "(params: { w: Tensor; b: number }, x: Tensor) => Tensor",
      "(data: number[][], step?: number) => [number, number]",
      "(args: Tensor[]) => Value",
      "Record<string, number>",
    ]
  ) defineExercise(withType(ok));
});
