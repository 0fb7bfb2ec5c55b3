/**
 * Domains of hidden points: small builders for {@linkcode Domain} and the
 * sampler that draws arguments from them.
 *
 * Keep every domain inside the function's own domain (for ln(2 + x), x > −2):
 * `planExercise` refuses a hidden point where the reference is not finite.
 *
 * @module
 */

import { np } from "../mod.ts";
import type { Domain, Rng } from "./types.ts";

/**
 * A number drawn uniformly from [low, high).
 *
 * @example
 * ```ts
 * import { uniform } from "./domain.ts";
 * const x = uniform(-1.5, 6); // inside ln(2 + x)'s domain
 * ```
 */
export function uniform(low: number, high: number): Domain {
  return { kind: "uniform", low, high };
}

/**
 * An integer drawn uniformly from [low, high], both ends included.
 *
 * @example
 * ```ts
 * import { integer } from "./domain.ts";
 * const n = integer(1, 6);
 * ```
 */
export function integer(low: number, high: number): Domain {
  return { kind: "integer", low, high };
}

/**
 * An array whose items are drawn from their own domains, e.g. the `[x, y, z]`
 * a function of one array argument takes.
 *
 * @example
 * ```ts
 * import { tuple, uniform } from "./domain.ts";
 * const xyz = tuple(uniform(-3, 3), uniform(-3, 3), uniform(-2, 2));
 * ```
 */
export function tuple(...items: Domain[]): Domain {
  return { kind: "tuple", items };
}

/**
 * A Tensor of the given shape with entries drawn uniformly from [low, high).
 *
 * @example
 * ```ts
 * import { tensor } from "./domain.ts";
 * const W = tensor([2, 3], -1, 1);
 * ```
 */
export function tensor(shape: number[], low: number, high: number): Domain {
  return { kind: "tensor", shape, low, high };
}

/**
 * One of the given values, each equally likely.
 *
 * @example
 * ```ts
 * import { choice } from "./domain.ts";
 * const sign = choice([-1, 1]);
 * ```
 */
export function choice(values: unknown[]): Domain {
  return { kind: "choice", values };
}

/**
 * A plain object whose fields are drawn from their own domains, e.g. a
 * linear model's parameters `{ w, b }`.
 *
 * @example
 * ```ts
 * import { record, tensor, uniform } from "./domain.ts";
 * const params = record({ w: tensor([2], -1, 1), b: uniform(-1, 1) });
 * ```
 */
export function record(fields: Record<string, Domain>): Domain {
  return { kind: "record", fields };
}

/**
 * Always the same value: a data set, a starting point, a step size. Hidden
 * checks may mix it with drawn arguments.
 *
 * @example
 * ```ts
 * import { fixed, tuple, uniform } from "./domain.ts";
 * const args = [fixed([[0, 1], [1, 3]]), uniform(0.01, 0.1)];
 * ```
 */
export function fixed(value: unknown): Domain {
  return { kind: "fixed", value };
}

/**
 * The contents of one of the exercise's data files (its `fixtures`), which
 * the starter also gives the learner: parsed when the name ends in `.json`,
 * text otherwise. Usable in `random.args` and as an argument in `at`.
 *
 * @example
 * ```ts
 * import { fixture } from "./domain.ts";
 * const data = fixture("points.json");
 * ```
 */
export function fixture(name: string): Domain {
  return { kind: "fixture", name };
}

/**
 * Whether a value written in `at` is a {@linkcode fixture} or
 * {@linkcode fixed} marker to resolve when planning.
 *
 * @example
 * ```ts
 * import { fixture, isArgumentMarker } from "./domain.ts";
 * console.log(isArgumentMarker(fixture("a.json")), isArgumentMarker({ kind: "x" })); // true false
 * ```
 */
export function isArgumentMarker(value: unknown): value is Domain {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(",");
  return (v.kind === "fixture" && keys === "kind,name" &&
    typeof v.name === "string") ||
    (v.kind === "fixed" && keys === "kind,value");
}

/**
 * Draws one argument from a domain.
 *
 * @param domain What to draw.
 * @param rng The stream to draw from.
 * @returns A number, an array, a Tensor, or one of a choice's values.
 *
 * @example
 * ```ts
 * import { sample, uniform } from "./domain.ts";
 * import { createRng } from "./rng.ts";
 * import assert from "node:assert/strict";
 * const x = sample(uniform(2, 3), createRng(1)) as number;
 * assert.ok(x >= 2 && x < 3);
 * ```
 */
export function sample(
  domain: Domain,
  rng: Rng,
  fixtures: (name: string) => unknown = noFixtures,
): unknown {
  switch (domain.kind) {
    case "uniform":
      return domain.low + (domain.high - domain.low) * rng.next();
    case "integer":
      return domain.low +
        Math.floor((domain.high - domain.low + 1) * rng.next());
    case "tuple":
      return domain.items.map((item) => sample(item, rng, fixtures));
    case "record":
      return Object.fromEntries(
        Object.entries(domain.fields).map((
          [key, field],
        ) => [key, sample(field, rng, fixtures)]),
      );
    case "fixed":
      return structuredClone(domain.value);
    case "fixture":
      return fixtures(domain.name);
    case "tensor": {
      const size = domain.shape.reduce((a, b) => a * b, 1);
      const data = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        data[i] = domain.low + (domain.high - domain.low) * rng.next();
      }
      return np.reshape(np.array(data), domain.shape);
    }
    case "choice":
      return domain.values[Math.floor(domain.values.length * rng.next())];
  }
}

function noFixtures(name: string): never {
  throw new Error(
    `No fixture ${JSON.stringify(name)}: the exercise declares no fixtures`,
  );
}

/**
 * Says what is wrong with a domain, or returns undefined when it is sound:
 * finite bounds with low < high (low ≤ high for integers), a shape of
 * positive integers, a non-empty choice.
 *
 * @param domain The domain to inspect.
 * @param fixtureNames The data files the exercise declares (for `fixture`).
 * @returns A message, or undefined.
 *
 * @example
 * ```ts
 * import { domainProblem, uniform } from "./domain.ts";
 * import assert from "node:assert/strict";
 * assert.equal(domainProblem(uniform(0, 1)), undefined);
 * assert.match(domainProblem(uniform(1, 0)) ?? "", /low/);
 * ```
 */
export function domainProblem(
  domain: Domain,
  fixtureNames: readonly string[] = [],
): string | undefined {
  // deno-lint-ignore no-explicit-any
  const d = domain as any;
  switch (d?.kind) {
    case "uniform":
    case "tensor":
      if (
        !Number.isFinite(d.low) || !Number.isFinite(d.high) || !(d.low < d.high)
      ) {
        return `uniform bounds need finite low < high, got low ${d.low} and high ${d.high}`;
      }
      if (d.kind === "tensor") {
        if (
          !Array.isArray(d.shape) ||
          !d.shape.every((n: unknown) =>
            Number.isInteger(n) && (n as number) > 0
          )
        ) {
          return `a tensor shape needs positive integers, got ${
            JSON.stringify(d.shape)
          }`;
        }
      }
      return undefined;
    case "integer":
      if (
        !Number.isInteger(d.low) || !Number.isInteger(d.high) ||
        !(d.low <= d.high)
      ) {
        return `integer bounds need integers low ≤ high, got low ${d.low} and high ${d.high}`;
      }
      return undefined;
    case "tuple":
      if (!Array.isArray(d.items)) return "a tuple needs an array of items";
      for (const [i, item] of d.items.entries()) {
        const problem = domainProblem(item, fixtureNames);
        if (problem !== undefined) return `item ${i}: ${problem}`;
      }
      return undefined;
    case "record":
      if (typeof d.fields !== "object" || d.fields === null) {
        return "a record needs an object of fields";
      }
      for (const [key, field] of Object.entries(d.fields)) {
        const problem = domainProblem(field as Domain, fixtureNames);
        if (problem !== undefined) return `field ${key}: ${problem}`;
      }
      return undefined;
    case "fixed":
      return "value" in d ? undefined : "a fixed domain needs a value";
    case "fixture":
      return fixtureNames.includes(d.name)
        ? undefined
        : `the fixture ${
          JSON.stringify(d.name)
        } is not among the exercise's fixtures (${
          fixtureNames.join(", ") || "none"
        })`;
    case "choice":
      if (!Array.isArray(d.values) || d.values.length === 0) {
        return "a choice needs at least one value";
      }
      return undefined;
    default:
      return `unknown domain kind ${JSON.stringify(d?.kind)}`;
  }
}
