/**
 * Planning: each check of an exercise becomes concrete probes whose expected
 * values are computed here, in the grader's process, from the reference
 * solution (for `byHand` checks, by the core's `grad`).
 *
 * @module
 */

import * as dualgrade from "../mod.ts";
import {
  Dual,
  elementwiseGrad,
  grad,
  HyperDual,
  isTensor,
  np,
} from "../mod.ts";
import { checkTolerance, checkVisibility } from "./check.ts";
import { exerciseSource } from "./define.ts";
import { isArgumentMarker, sample } from "./domain.ts";
import { createRng, deriveSeed } from "./rng.ts";
import type {
  Check,
  Exercise,
  PlannedCheck,
  PlannedProperty,
  Probe,
  Rng,
} from "./types.ts";

/** Markers in `at` (fixed values, fixtures) draw nothing. */
const FIXED_ONLY: Rng = {
  next: () => {
    throw new Error("A domain in `at` must be fixed(…) or fixture(…)");
  },
};

/**
 * Turns an exercise's checks into planned checks with expected values.
 *
 * Hidden points are drawn from `seed`: each check from its own stream
 * (seeded from the run seed, the exercise id and the check name), so the same
 * seed always gives the same points and adding a check changes no other's.
 *
 * @param ex The exercise.
 * @param reference The reference solution's module namespace.
 * @param seed The run seed, any finite number.
 * @returns One planned check per check, in order.
 * @throws Error naming the exercise and check when the reference lacks an
 *   export, throws, returns something that is not plain data (a Dual, a
 *   Promise …), gives a non-finite value at a random point (a domain
 *   reaching outside the function's), or answers outside a value check's choices.
 *
 * @example
 * ```ts
 * import { planExercise } from "./plan.ts";
 * import { exercise01 } from "./autograd/01.ts";
 * import * as reference from "../solutions/autograd/01.ts";
 * import assert from "node:assert/strict";
 * const planned = planExercise(exercise01, reference, 1);
 * const at3 = planned.find((c) => c.name === "fGrad at 3");
 * assert.deepEqual(at3?.probes, [{ export: "fGrad", args: [3], expected: -14 }]);
 * ```
 */
export function planExercise(
  ex: Exercise,
  reference: Record<string, unknown>,
  seed: number,
): PlannedCheck[] {
  if (!Number.isFinite(seed)) {
    throw new RangeError(
      `Cannot plan exercise ${
        JSON.stringify(ex.id)
      }: the seed ${seed} is not a finite number`,
    );
  }
  return ex.checks.map((check) => {
    const fail = (detail: string): never => {
      const file = exerciseSource(ex);
      throw new Error(
        `Cannot plan exercise ${JSON.stringify(ex.id)}${
          file ? ` (${file})` : ""
        }, check ${JSON.stringify(check.name)}: ${detail}`,
      );
    };
    const planned: PlannedCheck = {
      name: check.name,
      points: check.points,
      visibility: checkVisibility(check),
      optional: check.optional ?? false,
      tolerance: checkTolerance(check),
      probes: probesOf(check, ex, reference, seed, fail),
    };
    if (check.kind === "property") {
      planned.property = {
        holds: check.holds,
        source: String(check.holds),
        message: check.message,
      };
      for (const probe of planned.probes) {
        const verdict = judgeProperty(
          planned.property,
          probe.expected,
          probe.args ?? [],
        );
        if (verdict !== undefined) {
          fail(
            `the reference solution's ${check.export}${
              describeArgs(probe.args ?? [])
            } does not have the property: ${verdict}`,
          );
        }
      }
    }
    return planned;
  });
}

/**
 * Whether an output has a property check's property: undefined when it
 * does, else what the learner reads (the check's message, or what the
 * predicate threw). The predicate gets a deep copy, so it cannot change
 * what is reported.
 *
 * @example
 * ```ts
 * import { judgeProperty } from "./plan.ts";
 * import assert from "node:assert/strict";
 * const p = { holds: (x: number) => x > 0, source: "", message: "not positive" };
 * assert.equal(judgeProperty(p, 2, []), undefined);
 * assert.equal(judgeProperty(p, -1, []), "not positive");
 * ```
 */
export function judgeProperty(
  property: PlannedProperty,
  output: unknown,
  args: unknown[],
): string | undefined {
  try {
    return property.holds(clone(output), args.map(clone), dualgrade) === true
      ? undefined
      : property.message;
  } catch (error) {
    return `${property.message} (checking it threw: ${
      error instanceof Error ? error.message : String(error)
    })`;
  }
}

/** The contents of an exercise's data file: parsed JSON for `.json`, else text. */
function fixtureValue(ex: Exercise, name: string): unknown {
  const source = ex.fixtures?.[name];
  if (source === undefined) {
    throw new Error(
      `No fixture ${JSON.stringify(name)} in exercise ${JSON.stringify(ex.id)}`,
    );
  }
  const text = source instanceof URL ? Deno.readTextFileSync(source) : source;
  return name.endsWith(".json") ? JSON.parse(text) : text;
}

function probesOf(
  check: Check,
  ex: Exercise,
  reference: Record<string, unknown>,
  seed: number,
  fail: (detail: string) => never,
): Probe[] {
  if (check.kind === "value") {
    if (!(check.export in reference)) {
      fail(`the reference solution has no export ${check.export}`);
    }
    const expected = reference[check.export];
    const problem = plainDataProblem(expected);
    if (problem !== undefined) {
      fail(
        `the reference solution's ${check.export} is ${problem}: expected plain data`,
      );
    }
    if (
      check.choices !== undefined &&
      !check.choices.includes(expected as string | number | boolean)
    ) {
      fail(
        `the reference solution's ${check.export} is ${
          describe(expected)
        }, not one of the choices ${check.choices.map(describe).join(", ")}`,
      );
    }
    return [{ export: check.export, expected }];
  }

  let evaluate: (...args: unknown[]) => unknown;
  let what: string;
  if (check.kind === "call") {
    const fn = reference[check.export];
    if (typeof fn !== "function") {
      fail(
        check.export in reference
          ? `the reference solution's ${check.export} is ${
            describe(fn)
          }, not a function`
          : `the reference solution has no export ${check.export}`,
      );
    }
    evaluate = fn as (...args: unknown[]) => unknown;
    what = `the reference solution's ${check.export}`;
  } else if (check.kind === "byHand") {
    const of = check.of as (...args: unknown[]) => unknown;
    evaluate = (check.elementwise
      ? elementwiseGrad(of as (x: never) => unknown, check.argnum ?? 0)
      : grad(of, check.argnum ?? 0)) as (...args: unknown[]) => unknown;
    what = check.elementwise
      ? "elementwiseGrad of the check's function"
      : "grad of the check's function";
  } else {
    const fn = reference[check.export];
    if (typeof fn !== "function") {
      fail(`the reference solution has no function ${check.export}`);
    }
    evaluate = fn as (...args: unknown[]) => unknown;
    what = `the reference solution's ${check.export}`;
  }
  const fixtures = (name: string) => {
    try {
      return fixtureValue(ex, name);
    } catch (error) {
      return fail(
        `cannot read the fixture ${name}: ${(error as Error).message}`,
      );
    }
  };

  const points: { args: unknown[]; random: boolean }[] = (check.at ?? []).map((
    args,
  ) => ({
    args: args.map((arg) =>
      isArgumentMarker(arg) ? sample(arg, FIXED_ONLY, fixtures) : arg
    ),
    random: false,
  }));
  if (check.random !== undefined) {
    const rng = createRng(deriveSeed(seed, ex.id, check.name));
    for (let i = 0; i < check.random.count; i++) {
      points.push({
        args: check.random.args.map((domain) => sample(domain, rng, fixtures)),
        random: true,
      });
    }
  }
  return points.map(({ args, random }) => {
    let expected: unknown;
    try {
      expected = evaluate(...args.map(clone));
    } catch (error) {
      fail(
        `${what} threw at ${describeArgs(args)}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    const problem = plainDataProblem(expected);
    if (problem !== undefined) {
      fail(
        `${what} returned ${problem} at ${
          describeArgs(args)
        }: expected plain data`,
      );
    }
    if (random && !allFinite(expected)) {
      fail(
        `${what} gives ${describe(expected)} at the random point ${
          describeArgs(args)
        }: ` +
          "keep the domain inside the function's domain",
      );
    }
    return { export: check.export, args, expected };
  });
}

/** A deep copy, so a reference that mutates its arguments cannot change a probe's. */
function clone(value: unknown): unknown {
  if (isTensor(value)) return np.array(value.toArray());
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return (value as unknown as { slice(): unknown }).slice();
  }
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, clone(v)]),
    );
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What makes a value unfit to be an expected value, or undefined when it is plain data. */
function plainDataProblem(value: unknown): string | undefined {
  if (
    typeof value === "number" || typeof value === "boolean" ||
    typeof value === "string"
  ) return undefined;
  if (value instanceof Dual) return "a Dual";
  if (value instanceof HyperDual) return "a HyperDual";
  if (isTensor(value)) return undefined;
  if (
    value instanceof Float64Array || value instanceof Float32Array ||
    value instanceof Int32Array
  ) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = plainDataProblem(item);
      if (problem !== undefined) return `${problem} (at index ${i})`;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const problem = plainDataProblem(item);
      if (problem !== undefined) return `${problem} (at key ${key})`;
    }
    return undefined;
  }
  return describe(value);
}

function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (isTensor(value)) return value.data.every(Number.isFinite);
  if (ArrayBuffer.isView(value)) {
    return Array.from(value as Float64Array).every(Number.isFinite);
  }
  if (Array.isArray(value)) return value.every(allFinite);
  if (isPlainObject(value)) return Object.values(value).every(allFinite);
  return true;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (typeof value === "function") return "a function";
  if (value instanceof Promise) return "a Promise";
  if (isTensor(value)) return `a Tensor of shape [${value.shape.join(", ")}]`;
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return `a ${typeof value}`;
}

function describeArgs(args: unknown[]): string {
  return `(${args.map(describe).join(", ")})`;
}
