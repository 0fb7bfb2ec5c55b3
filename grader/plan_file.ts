/**
 * Frozen plans: a set's planned checks for one seed written to a JSON file —
 * the probes' arguments and expected values, the prompts and declared
 * exports, data files — with no reference code. Learners and their CI grade
 * against a plan (`deno task grade <folder> --plan plan.json`) without the
 * references; the instructor's final grading uses the references with a
 * fresh seed.
 *
 * A learner-safe plan (`visibleOnly`) holds the visible checks only, and
 * lists the hidden ones by name and points as graded at submission.
 *
 * For feedback, each check carries its author's hint and what diagnoses
 * compare against (`diagnose.ts`): the values of the author's declared
 * mistakes and of the reference's other exports at the check's probes, so
 * a plan gives the same "probably:" lines as the set. A learner-safe plan
 * keeps only what its visible checks already reveal: another export's value
 * only where a visible check probes that export at the same arguments (it is
 * then that check's expected value), and a declared mistake only when none of
 * its values equals a hidden check's expected value at the same arguments.
 *
 * Format `dualgrade-plan/2` added the feedback fields; plans of format
 * `dualgrade-plan/1` are still read (their failures get no diagnosis from
 * alternatives and no hint).
 *
 * Values are written in the grader's wire format (`_wire.ts`), which keeps
 * NaN, infinities, Tensors and typed arrays. A property check's predicate
 * is written as its source text: a plan is code for those checks, so grade
 * only plans an instructor wrote.
 *
 * @module
 */

import { pathToFileURL } from "node:url";
import type {
  Check,
  Exercise,
  ExerciseSet,
  ExportSpec,
  PlannedCheck,
  Visibility,
} from "../exercises/types.ts";
import { decodeResult, encodeArg, type WireNode } from "./_wire.ts";
import type { SetPlan } from "./grade.ts";
import type { Alternative } from "./diagnose.ts";
import { compareValues } from "./compare.ts";
import type { SamplePlan } from "./_pictures_data.ts";
import { SetupError } from "./result.ts";

/** The `format` field of a plan file. */
export const PLAN_FORMAT = "dualgrade-plan/2";

/** Formats still read: the first had no hints and no alternatives. */
const READABLE_FORMATS = ["dualgrade-plan/1", PLAN_FORMAT];

/**
 * A check a learner-safe plan leaves out: graded at submission.
 *
 * @example
 * ```ts
 * import type { DeferredCheck } from "./plan_file.ts";
 * const d: DeferredCheck = { exercise: "01", name: "f at hidden points", points: 2, optional: false };
 * ```
 */
export interface DeferredCheck {
  /** The exercise id. */
  exercise: string;
  /** The check's name. */
  name: string;
  /** Its points. */
  points: number;
  /** Whether it is a bonus. */
  optional: boolean;
}

/**
 * A plan read from a file: ready for `gradeSubmission({ plan })`, with the
 * checks it leaves for submission.
 *
 * @example
 * ```ts
 * import type { ThawedPlan } from "./plan_file.ts";
 * const t: ThawedPlan = {
 *   plan: { set: { id: "s", title: "S", exercises: [], solutions: new URL("file:///tmp/") }, seed: 1, exercises: [], ms: 0 },
 *   deferred: [], visibleOnly: false,
 * };
 * ```
 */
export interface ThawedPlan {
  /** The plan. */
  plan: SetPlan;
  /** Hidden checks a learner-safe plan leaves out. */
  deferred: DeferredCheck[];
  /** Whether it is a learner-safe plan. */
  visibleOnly: boolean;
}

interface FrozenCheck {
  name: string;
  points: number;
  visibility: Visibility;
  optional: boolean;
  tolerance: PlannedCheck["tolerance"];
  probes: { export: string; args?: unknown; expected: unknown }[];
  property?: { source: string; message: string };
  /** The author's hint (format 2). */
  hint?: string;
  /** The check is a derivative worked out by hand (format 2). */
  byHand?: true;
  /** Known mistakes' values at the probes, wire-encoded (format 2). */
  alternatives?: FrozenAlternative[];
}

interface FrozenAlternative {
  kind: Alternative["kind"];
  name?: string;
  hint?: string;
  values: WireNode[];
}

interface FrozenExercise {
  id: string;
  title: string;
  prompt: string;
  exports: Record<string, ExportSpec>;
  fixtures: Record<string, string>;
  checks: FrozenCheck[];
  atSubmission: { name: string; points: number; optional: boolean }[];
  /** Unscored curve samples for the HTML report's pictures (full plans only). */
  samples?: SamplePlan[];
}

interface FrozenPlan {
  format: string;
  set: { id: string; title: string };
  seed: number;
  visibleOnly: boolean;
  exercises: FrozenExercise[];
}

/**
 * Writes a plan as JSON text: with `visibleOnly`, hidden checks are left
 * out and listed as graded at submission.
 *
 * @param plan A plan made by `planSet`.
 * @param options `visibleOnly` for a learner-safe plan.
 * @returns The file's text.
 *
 * @example
 * ```ts
 * import { freezePlan, thawPlan } from "./plan_file.ts";
 * import { planSet } from "./grade.ts";
 * import { defaultExerciseSet } from "../exercises/sets.ts";
 * import assert from "node:assert/strict";
 * const plan = await planSet(defaultExerciseSet(), 7, { only: ["01"] });
 * const safe = thawPlan(freezePlan(plan, { visibleOnly: true }), "plan.json");
 * assert.ok(safe.plan.exercises[0].checks.every((c) => c.visibility === "visible"));
 * assert.ok(safe.deferred.length > 0);
 * assert.doesNotMatch(freezePlan(plan, { visibleOnly: true }), /"visibility": "hidden"/);
 * ```
 */
export function freezePlan(
  plan: SetPlan,
  options: { visibleOnly?: boolean } = {},
): string {
  const visibleOnly = options.visibleOnly ?? false;
  const frozen: FrozenPlan = {
    format: PLAN_FORMAT,
    set: { id: plan.set.id, title: plan.set.title },
    seed: plan.seed,
    visibleOnly,
    exercises: plan.exercises.map(
      ({ exercise, checks, samples, alternatives }) => {
        const kept = checks.filter((c) =>
          !visibleOnly || c.visibility === "visible"
        );
        const feedback = feedbackOf(exercise, checks, alternatives ?? [], {
          visibleOnly,
        });
        return {
          id: exercise.id,
          title: exercise.title,
          prompt: exercise.prompt,
          exports: exercise.exports,
          fixtures: Object.fromEntries(
            Object.entries(exercise.fixtures ?? {}).map(([name, source]) => [
              name,
              source instanceof URL ? Deno.readTextFileSync(source) : source,
            ]),
          ),
          checks: kept.map((c) => ({
            ...freezeCheck(c),
            ...feedback.get(c),
          })),
          atSubmission: checks.filter((c) => !kept.includes(c)).map((c) => ({
            name: c.name,
            points: c.points,
            optional: c.optional,
          })),
          // The reference's values on a grid: not for a learner-safe plan.
          ...(visibleOnly || !samples?.length ? {} : { samples }),
        };
      },
    ),
  };
  return JSON.stringify(frozen, null, 1) + "\n";
}

function freezeCheck(check: PlannedCheck): FrozenCheck {
  const frozen: FrozenCheck = {
    name: check.name,
    points: check.points,
    visibility: check.visibility,
    optional: check.optional,
    tolerance: check.tolerance,
    probes: check.probes.map((p) => ({
      export: p.export,
      ...(p.args === undefined ? {} : { args: encodeArg(p.args) }),
      expected: encodeArg(p.expected),
    })),
  };
  if (check.property !== undefined) {
    frozen.property = {
      source: check.property.source,
      message: check.property.message,
    };
  }
  return frozen;
}

/**
 * Each kept check's feedback fields: its hint, whether it is by hand, and
 * its alternatives (those a learner-safe plan may carry; see the module
 * documentation).
 */
function feedbackOf(
  exercise: Exercise,
  checks: PlannedCheck[],
  alternatives: Alternative[][],
  options: { visibleOnly: boolean },
): Map<PlannedCheck, Partial<FrozenCheck>> {
  const keyOf = (p: PlannedCheck["probes"][number]) =>
    p.args === undefined
      ? `value ${p.export}`
      : `call ${safeJson(encodeArg(p.args))}`;
  // What the visible checks reveal, and what the hidden ones must keep.
  const revealed = new Map<string, unknown>();
  const hidden = new Map<string, unknown[]>();
  for (const c of checks) {
    for (const p of c.probes) {
      if (c.visibility === "visible") {
        revealed.set(`${p.export} ${keyOf(p)}`, p.expected);
      } else {
        const key = keyOf(p);
        hidden.set(key, [...hidden.get(key) ?? [], p.expected]);
      }
    }
  }
  const out = new Map<PlannedCheck, Partial<FrozenCheck>>();
  checks.forEach((check, c) => {
    const authored = exercise.checks.find((a) => a.name === check.name);
    const kept = (alternatives[c] ?? []).filter((alt) => {
      if (!options.visibleOnly) return true;
      if (alt.kind === "other-export") {
        return check.probes.every((p) =>
          revealed.has(`${alt.name} ${keyOf(p)}`)
        );
      }
      return check.probes.every((p, i) =>
        !(hidden.get(keyOf(p)) ?? []).some((e) =>
          alt.values[i] !== undefined &&
          compareValues(e, alt.values[i], check.tolerance).ok
        )
      );
    }).map((alt): FrozenAlternative => ({
      kind: alt.kind,
      ...(alt.name === undefined ? {} : { name: alt.name }),
      ...(alt.hint === undefined ? {} : { hint: alt.hint }),
      values: alt.values.map(encodeOrUndefined),
    }));
    out.set(check, {
      ...(authored?.hint === undefined ? {} : { hint: authored.hint }),
      ...(authored?.kind === "byHand" ? { byHand: true as const } : {}),
      ...(kept.length > 0 ? { alternatives: kept } : {}),
    });
  });
  return out;
}

/** A value in the wire format, or the node of `undefined` when it has none (a function, a class instance). */
function encodeOrUndefined(value: unknown): WireNode {
  try {
    return encodeArg(value);
  } catch {
    return ["u"];
  }
}

function safeJson(node: WireNode): string {
  try {
    return JSON.stringify(node);
  } catch {
    return "";
  }
}

/**
 * Reads a plan file's text back into a plan.
 *
 * @param text The file's text.
 * @param file Its path, named in errors and used as the set's folder.
 * @returns The plan and the checks it defers.
 * @throws SetupError (reason `set-module`) saying what is wrong.
 *
 * @example
 * ```ts
 * import { thawPlan } from "./plan_file.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => thawPlan("{}", "plan.json"), /Cannot read the plan plan.json: it is not a dualgrade plan/);
 * ```
 */
export function thawPlan(text: string, file: string): ThawedPlan {
  const fail = (detail: string): never => {
    throw new SetupError(
      `Cannot read the plan ${file}: ${detail}`,
      "set-module",
    );
  };
  let frozen: FrozenPlan;
  try {
    frozen = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON: ${(error as Error).message}`);
  }
  if (
    typeof frozen?.format === "string" &&
    frozen.format.startsWith("dualgrade-plan/") &&
    !READABLE_FORMATS.includes(frozen.format)
  ) {
    return fail(
      `its format ${
        JSON.stringify(frozen.format.slice(0, 40))
      } is newer than this grader reads (${
        READABLE_FORMATS.join(", ")
      }): update dualgrade, or write the plan again with this version (deno task plan)`,
    );
  }
  if (
    !READABLE_FORMATS.includes(frozen?.format) ||
    !Array.isArray(frozen.exercises)
  ) {
    return fail(`it is not a dualgrade plan (format ${PLAN_FORMAT})`);
  }
  const deferred: DeferredCheck[] = [];
  const exercises: SetPlan["exercises"] = [];
  try {
    for (const fe of frozen.exercises) {
      const checks = fe.checks.map(thawCheck);
      const alternatives = fe.checks.map(thawAlternatives);
      const exercise: Exercise = {
        id: fe.id,
        title: fe.title,
        prompt: fe.prompt,
        exports: fe.exports,
        fixtures: fe.fixtures,
        checks: [
          ...checks.map((c, k) => ({
            ...listedCheck(
              c.name,
              c.points,
              c.optional,
              c.visibility,
              c.probes[0]?.export ?? "",
            ),
            ...(typeof fe.checks[k].hint === "string"
              ? { hint: fe.checks[k].hint }
              : {}),
            // Diagnoses read a by-hand check as a derivative.
            ...(fe.checks[k].byHand === true
              ? { kind: "byHand" as const }
              : {}),
          } as Check)),
          ...fe.atSubmission.map((c) =>
            listedCheck(c.name, c.points, c.optional, "hidden", "")
          ),
        ],
      };
      exercises.push({
        exercise,
        checks,
        samples: thawSamples(fe.samples),
        alternatives,
      });
      for (const c of fe.atSubmission) deferred.push({ exercise: fe.id, ...c });
    }
  } catch (error) {
    return fail((error as Error).message);
  }
  const set: ExerciseSet = {
    id: frozen.set.id,
    title: frozen.set.title,
    exercises: exercises.map((e) => e.exercise),
    solutions: new URL("./", pathToFileURL(file)),
  };
  return {
    plan: { set, seed: frozen.seed, exercises, ms: 0 },
    deferred,
    visibleOnly: frozen.visibleOnly === true,
  };
}

/** A plan's curve samples, checked for shape (a malformed one is an error). */
function thawSamples(samples: unknown): SamplePlan[] | undefined {
  if (samples === undefined) return undefined;
  const ok = Array.isArray(samples) &&
    samples.every((s) =>
      typeof s?.export === "string" && Array.isArray(s.x) &&
      s.x.every((x: unknown) => typeof x === "number") &&
      Array.isArray(s.expected) && s.expected.length === s.x.length &&
      Array.isArray(s.domain) && typeof s.tolerance?.rtol === "number" &&
      typeof s.tolerance?.atol === "number"
    );
  if (!ok) throw new Error("its curve samples are malformed");
  return samples as SamplePlan[];
}

/** A check's alternatives, checked for shape (a malformed one is an error). */
function thawAlternatives(fc: FrozenCheck): Alternative[] {
  if (fc.alternatives === undefined) return [];
  if (!Array.isArray(fc.alternatives)) {
    throw new Error(
      `the alternatives of check ${JSON.stringify(fc.name)} are malformed`,
    );
  }
  return fc.alternatives.map((alt) => {
    if (
      (alt?.kind !== "declared-mistake" && alt?.kind !== "other-export") ||
      !Array.isArray(alt.values) || alt.values.length !== fc.probes.length ||
      (alt.name !== undefined && typeof alt.name !== "string") ||
      (alt.hint !== undefined && typeof alt.hint !== "string")
    ) {
      throw new Error(
        `the alternatives of check ${JSON.stringify(fc.name)} are malformed`,
      );
    }
    return {
      kind: alt.kind,
      ...(alt.name === undefined ? {} : { name: alt.name }),
      ...(alt.hint === undefined ? {} : { hint: alt.hint }),
      values: alt.values.map((v) => decodeResult(v)),
    };
  });
}

/** A check as the prompt lists it (name, points, visibility): the plan holds no check code. */
function listedCheck(
  name: string,
  points: number,
  optional: boolean,
  visibility: Visibility,
  exportName: string,
): Check {
  return {
    kind: "value",
    name,
    points,
    optional,
    visibility,
    export: exportName,
  };
}

function thawCheck(fc: FrozenCheck): PlannedCheck {
  const check: PlannedCheck = {
    name: fc.name,
    points: fc.points,
    visibility: fc.visibility,
    optional: fc.optional,
    tolerance: fc.tolerance,
    probes: fc.probes.map((p) => ({
      export: p.export,
      ...(p.args === undefined
        ? {}
        : { args: decodeResult(p.args) as unknown[] }),
      expected: decodeResult(p.expected),
    })),
  };
  if (fc.property !== undefined) {
    let holds: unknown;
    try {
      holds = new Function(`return (${fc.property.source});`)();
    } catch (error) {
      throw new Error(
        `the property of check ${JSON.stringify(fc.name)} does not compile: ${
          (error as Error).message
        }`,
      );
    }
    if (typeof holds !== "function") {
      throw new Error(
        `the property of check ${JSON.stringify(fc.name)} is not a function`,
      );
    }
    check.property = {
      holds: holds as NonNullable<PlannedCheck["property"]>["holds"],
      source: fc.property.source,
      message: fc.property.message,
    };
  }
  return check;
}

/**
 * Reads a plan file.
 *
 * @param file Its absolute path.
 * @returns The plan and the checks it defers.
 * @throws SetupError when it cannot be read or is not a plan.
 *
 * @example
 * ```ts ignore
 * import { loadPlanFile } from "./plan_file.ts";
 * const { plan, deferred } = await loadPlanFile("/course/plan.json");
 * ```
 */
export async function loadPlanFile(file: string): Promise<ThawedPlan> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    throw new SetupError(
      `Cannot read the plan ${file}: ${(error as Error).message}`,
      "set-module",
    );
  }
  return thawPlan(text, file);
}
