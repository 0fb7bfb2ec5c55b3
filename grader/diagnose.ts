/**
 * Diagnosis of wrong values: what a failed check's values probably are,
 * said as one "probably:" line a learner can act on.
 *
 * Everything here runs in the grader's process, from the reference solution
 * and the values that came back; nothing about expected values ever enters
 * the sandbox. Two stages:
 *
 * 1. {@linkcode planAlternatives} (once per plan): the values the learner
 *    would have given had they made a known mistake — every variant an
 *    author declared on the check (`mistakes: [{ variant, hint }]`), and
 *    every other function export of the reference called at the same
 *    arguments ("got f(3): did you export f instead of grad(f)?").
 * 2. {@linkcode diagnose} (per failed check): the first of these that holds
 *    at every probe of the check, in this order —
 *
 * | kind                  | holds when, at every probe                                               |
 * | --------------------- | ------------------------------------------------------------------------ |
 * | `nan-origin`          | NaN/∞ where the reference is finite: the first `np` call that made it    |
 * | `declared-mistake`    | the values match an author's wrong variant                               |
 * | `other-export`        | the values match another export's reference values at the same input    |
 * | `scalar-for-partials` | one number where a vector of partial derivatives was expected            |
 * | `transposed`          | shape (n, m) where (m, n) was expected                                   |
 * | `hard-coded`          | one and the same value at every point, where the expected values differ |
 * | `opposite-sign`       | the values are the expected values negated                               |
 * | `constant-factor`     | the values are one constant c ≠ ±1 times the expected values             |
 * | `finite-difference`   | a derivative off by a tiny amount everywhere, as a difference quotient is |
 * | `rounded-constant`    | off by a small relative error everywhere (2.718 for e)                   |
 *
 * A check that passed never gets a diagnosis, and values that fit none of
 * these get none: no guess is better than a wrong one. Relations that a
 * single number always satisfies (a factor, a sign) need at least two
 * distinct non-zero expected numbers before they are claimed.
 *
 * @module
 */

import { isTensor, np } from "../mod.ts";
import type { Exercise, PlannedCheck } from "../exercises/types.ts";
import type { ProbeReply } from "./_sandbox.ts";
import type { WireOrigin } from "./_wire.ts";
import { compareValues, type Tolerance } from "./compare.ts";
import { formatNumber, formatShape, toNd } from "./vocabulary.ts";

/**
 * What a diagnosis found: its kind (a reason, for programs) and the sentence
 * shown after "probably: ".
 *
 * @example
 * ```ts
 * import type { Diagnosis } from "./diagnose.ts";
 * const d: Diagnosis = { kind: "opposite-sign", text: "the sign is flipped" };
 * ```
 */
export interface Diagnosis {
  /** Which relation held; see the module documentation's table. */
  kind: DiagnosisKind;
  /** What the learner should read after "probably: ". */
  text: string;
}

/**
 * The kinds of diagnosis, in the order they are tried.
 *
 * @example
 * ```ts
 * import type { DiagnosisKind } from "./diagnose.ts";
 * const k: DiagnosisKind = "constant-factor";
 * ```
 */
export type DiagnosisKind =
  | "declared-mistake"
  | "other-export"
  | "nan-origin"
  | "scalar-for-partials"
  | "transposed"
  | "hard-coded"
  | "opposite-sign"
  | "constant-factor"
  | "finite-difference"
  | "rounded-constant";

/**
 * A value the learner would have given by a known mistake, at every probe of
 * one check.
 *
 * @example
 * ```ts
 * import type { Alternative } from "./diagnose.ts";
 * const a: Alternative = { kind: "other-export", name: "f", values: [49] };
 * ```
 */
export interface Alternative {
  /** An author's declared variant, or another export of the reference. */
  kind: "declared-mistake" | "other-export";
  /** The other export's name (for `other-export`). */
  name?: string;
  /** The author's hint (for `declared-mistake`). */
  hint?: string;
  /** One value per probe; `undefined` where it could not be computed. */
  values: unknown[];
}

/**
 * Computes, for each planned check, the values of the known mistakes at its
 * probes: the author's declared variants (evaluated like the reference) and
 * the reference's other function exports at the same arguments.
 *
 * @param exercise The exercise (its checks carry the declared mistakes).
 * @param reference The reference solution's module namespace.
 * @param checks The exercise's planned checks.
 * @returns One list of alternatives per planned check, in order.
 *
 * @example
 * ```ts
 * import { planAlternatives } from "./diagnose.ts";
 * import { planExercise } from "../exercises/plan.ts";
 * import { exercise01 } from "../exercises/autograd/01.ts";
 * import * as reference from "../solutions/autograd/01.ts";
 * import assert from "node:assert/strict";
 * const checks = planExercise(exercise01, reference, 1);
 * const alternatives = planAlternatives(exercise01, reference, checks);
 * const at3 = checks.findIndex((c) => c.name === "fGrad at 3");
 * assert.deepEqual(alternatives[at3][0], { kind: "other-export", name: "f", values: [49] });
 * ```
 */
export function planAlternatives(
  exercise: Exercise,
  reference: Record<string, unknown>,
  checks: PlannedCheck[],
): Alternative[][] {
  const functions = Object.entries(exercise.exports)
    .filter(([name, spec]) =>
      spec.kind === "function" && typeof reference[name] === "function"
    )
    .map(([name]) => name);
  return checks.map((planned) => {
    const check = exercise.checks.find((c) => c.name === planned.name);
    const out: Alternative[] = [];
    for (const mistake of check?.mistakes ?? []) {
      const variant = mistake.variant;
      const values = planned.probes.map((probe) =>
        probe.args === undefined
          ? (typeof variant === "function" ? attempt(() => variant()) : variant)
          : typeof variant === "function"
          ? attempt(() => variant(...probe.args!.map(clone)))
          : undefined
      );
      out.push({ kind: "declared-mistake", hint: mistake.hint, values });
    }
    const own = planned.probes[0]?.export;
    if (planned.probes.every((p) => p.args !== undefined)) {
      for (const name of functions) {
        if (name === own) continue;
        const fn = reference[name] as (...args: unknown[]) => unknown;
        const values = planned.probes.map((probe) =>
          attempt(() => fn(...probe.args!.map(clone)))
        );
        if (values.some((v) => v !== undefined)) {
          out.push({ kind: "other-export", name, values });
        }
      }
    }
    return out;
  });
}

/**
 * What {@linkcode diagnose} needs to know about one failed check.
 *
 * @example
 * ```ts
 * import type { DiagnoseInput } from "./diagnose.ts";
 * const input: DiagnoseInput = {
 *   export: "fGrad", expected: [-14, 0], actual: [14, 0], args: [[3], [10]],
 *   tolerance: { rtol: 1e-5, atol: 1e-8 }, alternatives: [], derivative: true,
 * };
 * ```
 */
export interface DiagnoseInput {
  /** The export the check probes. */
  export: string;
  /** The reference value at each probe. */
  expected: unknown[];
  /** The learner's value at each probe; `undefined` where none came back (a throw). */
  actual: unknown[];
  /** Each probe's arguments (absent for a value). */
  args: (unknown[] | undefined)[];
  /** The check's tolerance: relations are judged with it. */
  tolerance: Tolerance;
  /** Known mistakes' values, from {@linkcode planAlternatives}. */
  alternatives: Alternative[];
  /** Whether the export is a derivative (a finite difference is then a likely cause). */
  derivative: boolean;
  /** Per probe, the first `np` call that turned finite inputs into NaN/∞ in the sandbox. */
  origins?: (WireOrigin | undefined)[];
  /** A hidden check: a NaN's origin is named without its arguments. */
  hidden?: boolean;
}

/**
 * Finds what a failed check's values probably are (see the module
 * documentation for the relations, in order), or nothing.
 *
 * @param input The check's expected and actual values and its alternatives.
 * @returns The diagnosis, or `undefined` when no relation holds at every probe.
 *
 * @example
 * ```ts
 * import { diagnose } from "./diagnose.ts";
 * import assert from "node:assert/strict";
 * const d = diagnose({
 *   export: "fGrad", expected: [-14, 4], actual: [14, -4], args: [[3], [12]],
 *   tolerance: { rtol: 1e-5, atol: 1e-8 }, alternatives: [], derivative: true,
 * });
 * assert.equal(d?.kind, "opposite-sign");
 * ```
 */
export function diagnose(input: DiagnoseInput): Diagnosis | undefined {
  const n = input.expected.length;
  if (n === 0 || input.actual.some((a) => a === undefined)) return undefined;
  const close = (a: unknown, b: unknown) =>
    compareValues(b, a, input.tolerance).ok;
  // A check that passes at every probe has nothing to diagnose.
  if (input.actual.every((a, i) => close(a, input.expected[i]))) {
    return undefined;
  }
  for (const stage of STAGES) {
    const found = stage(input, close);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Close = (a: unknown, b: unknown) => boolean;

/** The first alternative of `kind` matching the values at every probe (and differing from the reference somewhere). */
function matchingAlternative(
  input: DiagnoseInput,
  close: Close,
  kind: Alternative["kind"],
): Alternative | undefined {
  return input.alternatives.find((alt) =>
    alt.kind === kind &&
    input.actual.every((a, i) =>
      alt.values[i] !== undefined && close(a, alt.values[i])
    ) &&
    input.expected.some((e, i) => !close(alt.values[i], e)) &&
    // NaN matching NaN alone says nothing: some finite value must match too.
    input.actual.some((a) => hasFinite(a))
  );
}
type Stage = (input: DiagnoseInput, close: Close) => Diagnosis | undefined;

/** The relations, tried in order; the first that holds is the diagnosis. */
const STAGES: Stage[] = [
  nanOrigin,
  alternativeStage("declared-mistake"),
  alternativeStage("other-export"),
  scalarForPartials,
  transposed,
  hardCoded,
  oppositeSign,
  constantFactor,
  finiteDifference,
  roundedConstant,
];

function alternativeStage(kind: Alternative["kind"]): Stage {
  return (input, close) => {
    const alt = matchingAlternative(input, close, kind);
    if (alt === undefined) return undefined;
    if (alt.kind === "declared-mistake") {
      return { kind, text: alt.hint ?? "" };
    }
    return { kind, text: otherExportText(input, alt.name ?? "") };
  };
}

/** Where the first NaN/∞ began, at the first probe whose value is non-finite where the reference's is finite. */
function nanOrigin(input: DiagnoseInput, close: Close): Diagnosis | undefined {
  for (let i = 0; i < input.expected.length; i++) {
    const e = leaves(input.expected[i]);
    const a = leaves(input.actual[i]);
    if (e === undefined || a === undefined) continue;
    const eData = e.flatMap((l) => Array.from(l.data));
    const aData = a.flatMap((l) => Array.from(l.data));
    const broke = aData.some((x, k) =>
      !Number.isFinite(x) && Number.isFinite(eData[k] ?? 0)
    );
    if (!broke) continue;
    const origin = input.origins?.[i];
    if (origin === undefined) return undefined;
    // The author's hint, when a declared mistake explains the values too.
    const declared = matchingAlternative(input, close, "declared-mistake");
    return {
      kind: "nan-origin",
      text: originText(origin, input.hidden) +
        (declared?.hint ? `; ${declared.hint}` : ""),
    };
  }
  return undefined;
}

/**
 * Says where a NaN or ∞ began, as a learner reads it.
 *
 * @param origin The op and its operands' elements, from the sandbox.
 * @param hidden Leave the arguments out (a hidden check's point must stay hidden).
 * @returns E.g. "np.log(-0.5) returned NaN: log of a negative number".
 *
 * @example
 * ```ts
 * import { originText } from "./diagnose.ts";
 * console.log(originText({ op: "log", x: -0.5, result: NaN })); // np.log(-0.5) returned NaN: log of a negative number
 * ```
 */
export function originText(origin: WireOrigin, hidden = false): string {
  const operands = [origin.x, origin.y].slice(0, ARITY[origin.op] ?? 1);
  const args = hidden
    ? ""
    : `(${
      operands.map((v) => v === undefined ? "…" : formatNumber(v)).join(", ")
    })`;
  const why = originReason(origin);
  return `np.${origin.op}${args} returned ${formatNumber(origin.result)}${
    why ? `: ${why}` : ""
  }`;
}

const ARITY: Record<string, number> = {
  add: 2,
  subtract: 2,
  multiply: 2,
  divide: 2,
  power: 2,
  arctan2: 2,
  maximum: 2,
  minimum: 2,
};

/** Why an op made a non-finite value from finite inputs, in words. */
function originReason({ op, x, y }: WireOrigin): string {
  const overflow = "overflow, beyond float64's largest number (about 1.8e308)";
  if (x === undefined) return "";
  switch (op) {
    case "log":
    case "log2":
    case "log10":
      return x < 0 ? "log of a negative number" : x === 0 ? "log of 0" : "";
    case "log1p":
      return x < -1
        ? "log1p of a number below -1"
        : x === -1
        ? "log1p of -1"
        : "";
    case "sqrt":
      return x < 0 ? "square root of a negative number" : "";
    case "reciprocal":
      return x === 0 ? "1/0" : "";
    case "arcsin":
    case "arccos":
      return Math.abs(x) > 1 ? `${op} outside [-1, 1]` : "";
    case "arccosh":
      return x < 1 ? "arccosh below 1" : "";
    case "arctanh":
      return Math.abs(x) >= 1 ? "arctanh outside (-1, 1)" : "";
    case "exp":
    case "expm1":
    case "cosh":
    case "sinh":
      return `${op} of a number this large is an ${overflow}`;
    case "divide":
      if (y === 0) return x === 0 ? "0 divided by 0" : "division by 0";
      return overflow;
    case "power":
      if (y === undefined) return "";
      if (x < 0 && !Number.isInteger(y)) {
        return "a negative number to a non-integer power";
      }
      if (x === 0 && y < 0) return "0 to a negative power";
      return overflow;
    case "add":
    case "subtract":
    case "multiply":
      return overflow;
  }
  return "";
}

function otherExportText(input: DiagnoseInput, other: string): string {
  const own = input.export;
  const args = input.args[0];
  const at = input.args.length === 1 && args !== undefined && args.length > 0 &&
      args.every((a) => typeof a === "number")
    ? `${other}(${args.join(", ")})`
    : `${other}'s value${input.args.length > 1 ? "s" : ""}`;
  if (own === `${other}Grad` || own === `${other}Prime`) {
    return `got ${at}: did you export ${other} instead of grad(${other})?`;
  }
  if (other === `${own}Grad` || other === `${own}Prime`) {
    return `got ${at}, the derivative: ${own} is the function itself`;
  }
  return `got ${at} at the same input: ${own} computes what ${other} should`;
}

/** Numbers side by side at every probe, when every probe's structure and shapes agree. */
function numericPairs(
  input: DiagnoseInput,
):
  | { e: number[]; a: number[]; perProbe: { e: number[]; a: number[] }[] }
  | undefined {
  const perProbe: { e: number[]; a: number[] }[] = [];
  for (let i = 0; i < input.expected.length; i++) {
    const e = leaves(input.expected[i]);
    const a = leaves(input.actual[i]);
    if (e === undefined || a === undefined || e.length !== a.length) {
      return undefined;
    }
    const pe: number[] = [], pa: number[] = [];
    for (let k = 0; k < e.length; k++) {
      if (!sameShape(e[k].shape, a[k].shape)) return undefined;
      for (let j = 0; j < e[k].data.length; j++) {
        pe.push(e[k].data[j]);
        pa.push(a[k].data[j]);
      }
    }
    perProbe.push({ e: pe, a: pa });
  }
  const e = perProbe.flatMap((p) => p.e);
  const a = perProbe.flatMap((p) => p.a);
  // Non-finite values have their own diagnosis (where the NaN began).
  if (!e.every(Number.isFinite) || !a.every(Number.isFinite)) return undefined;
  return { e, a, perProbe };
}

function scalarForPartials(input: DiagnoseInput): Diagnosis | undefined {
  let first = true;
  for (let i = 0; i < input.expected.length; i++) {
    const e = toNd(input.expected[i]);
    const a = input.actual[i];
    if (e === undefined || "ragged" in e) return undefined;
    if (e.shape.length !== 1 || e.shape[0] < 2 || typeof a !== "number") {
      return undefined;
    }
    if (Math.abs(a - e.data[0]) > 1e-8 + 1e-5 * Math.abs(e.data[0])) {
      first = false;
    }
  }
  const k = (toNd(input.expected[0]) as { shape: number[] }).shape[0];
  return {
    kind: "scalar-for-partials",
    text: `one number where the ${k} partial derivatives were expected${
      first ? " (it is the first of them)" : ""
    }: grad differentiates one argument only; take the variables as one array, f([x, y, z]), and differentiate that`,
  };
}

function transposed(input: DiagnoseInput, close: Close): Diagnosis | undefined {
  let found: { expected: number[]; actual: number[] } | undefined;
  let swapped = false;
  let transpose = true;
  for (let i = 0; i < input.expected.length; i++) {
    const e = leaves(input.expected[i]);
    const a = leaves(input.actual[i]);
    if (e === undefined || a === undefined || e.length !== a.length) {
      return undefined;
    }
    let mismatched = false;
    for (let k = 0; k < e.length; k++) {
      if (sameShape(e[k].shape, a[k].shape)) continue;
      const [m, n] = e[k].shape;
      if (
        e[k].shape.length !== 2 || a[k].shape.length !== 2 || m === n ||
        a[k].shape[0] !== n || a[k].shape[1] !== m
      ) {
        return undefined;
      }
      mismatched = true;
      found ??= { expected: e[k].shape, actual: a[k].shape };
      // [∂f/∂V, ∂f/∂W] for [∂f/∂W, ∂f/∂V]: another part has the shape that came back.
      if (e.some((other, j) => j !== k && sameShape(other.shape, a[k].shape))) {
        swapped = swapped || close(a[k], e[k === 0 ? 1 : 0]);
      }
      if (!close(transposeOf(a[k]), e[k])) transpose = false;
    }
    if (!mismatched) return undefined;
  }
  if (found === undefined) return undefined;
  const shapes = `shape ${formatShape(found.actual)} where ${
    formatShape(found.expected)
  } was expected`;
  if (swapped) {
    return {
      kind: "transposed",
      text:
        `${shapes}: the parts are in the wrong order, return them in the order of the arguments`,
    };
  }
  return {
    kind: "transposed",
    text: `${shapes}${
      transpose ? ", the transpose of the expected value" : ""
    }: are the operands of np.matmul swapped, or a matrix transposed?`,
  };
}

function hardCoded(input: DiagnoseInput, close: Close): Diagnosis | undefined {
  if (input.expected.length < 2) return undefined;
  const first = input.actual[0];
  if (!input.actual.every((a) => close(a, first) && close(first, a))) {
    return undefined;
  }
  const distinct = input.expected.some((e) => !close(e, input.expected[0]));
  if (!distinct) return undefined;
  return {
    kind: "hard-coded",
    text:
      `the same value at all ${input.expected.length} points, where the expected values differ: is a printed number hard-coded instead of computed?`,
  };
}

function oppositeSign(input: DiagnoseInput): Diagnosis | undefined {
  const pairs = numericPairs(input);
  if (pairs === undefined) return undefined;
  const { e, a } = pairs;
  const tol = input.tolerance;
  if (!e.some((x) => Math.abs(x) > tol.atol * 10)) return undefined;
  const ok = e.every((x, i) =>
    Math.abs(a[i] + x) <= tol.atol + tol.rtol * Math.abs(x)
  );
  return ok
    ? {
      kind: "opposite-sign",
      text:
        "the opposite sign everywhere: a subtraction the wrong way round, or a minus sign lost?",
    }
    : undefined;
}

function constantFactor(input: DiagnoseInput): Diagnosis | undefined {
  const pairs = numericPairs(input);
  if (pairs === undefined) return undefined;
  const { e, a } = pairs;
  const tol = input.tolerance;
  const nonZero = e.map((x, i) => [x, a[i]]).filter(([x]) =>
    Math.abs(x) > 1e3 * tol.atol
  );
  const magnitudes = new Set(nonZero.map(([x]) => Math.abs(x).toPrecision(6)));
  if (magnitudes.size < 2) return undefined;
  const c = nonZero[0][1] / nonZero[0][0];
  if (!Number.isFinite(c) || c === 0 || Math.abs(Math.abs(c) - 1) < 1e-6) {
    return undefined;
  }
  const ok = e.every((x, i) =>
    Math.abs(a[i] - c * x) <= tol.atol + 1e-6 * Math.abs(c * x)
  );
  if (!ok) return undefined;
  return { kind: "constant-factor", text: factorText(c) };
}

function factorText(c: number): string {
  const k = Math.round(c);
  if (Math.abs(c - k) < 1e-9 * Math.abs(c) && k > 1) {
    return `${k} times the expected value everywhere: a sum where a mean was meant, or a factor ${k} too many?`;
  }
  const inverse = Math.round(1 / c);
  if (Math.abs(1 / c - inverse) < 1e-9 * Math.abs(1 / c) && inverse > 1) {
    return `1/${inverse} of the expected value everywhere: a factor ${inverse} missing (the exponent the power rule brings down, or a mean where a sum was meant)?`;
  }
  return `${
    Number(c.toPrecision(4))
  } times the expected value everywhere: one constant factor is off`;
}

function finiteDifference(input: DiagnoseInput): Diagnosis | undefined {
  if (!input.derivative) return undefined;
  const pairs = numericPairs(input);
  if (pairs === undefined) return undefined;
  const { e, a } = pairs;
  let largest = 0;
  for (let i = 0; i < e.length; i++) {
    const scaled = Math.abs(a[i] - e[i]) / Math.max(1, Math.abs(e[i]));
    if (scaled > 1e-4) return undefined;
    largest = Math.max(largest, Math.abs(a[i] - e[i]));
  }
  return {
    kind: "finite-difference",
    text: `tiny errors everywhere (up to ${
      short(largest)
    }), as a finite-difference quotient gives: use grad, which is exact`,
  };
}

function roundedConstant(input: DiagnoseInput): Diagnosis | undefined {
  const pairs = numericPairs(input);
  if (pairs === undefined) return undefined;
  const { e, a } = pairs;
  const tol = input.tolerance;
  let largest = 0;
  for (let i = 0; i < e.length; i++) {
    const diff = Math.abs(a[i] - e[i]);
    if (diff <= tol.atol + tol.rtol * Math.abs(e[i])) continue;
    if (e[i] === 0) return undefined;
    const relative = diff / Math.abs(e[i]);
    if (relative > 5e-3) return undefined;
    largest = Math.max(largest, relative);
  }
  if (largest === 0) return undefined;
  return {
    kind: "rounded-constant",
    text: `a small relative error (up to ${
      short(largest)
    }): a rounded constant, such as 2.718 for e or 3.14 for π? use np.e and np.pi`,
  };
}

function hasFinite(value: unknown): boolean {
  const parts = leaves(value);
  if (parts === undefined) return true;
  return parts.some((p) => Array.from(p.data).some(Number.isFinite));
}

/** The numeric parts of a value, in order: a number, an array, a Tensor, or a list of these. */
function leaves(
  value: unknown,
): { shape: number[]; data: ArrayLike<number> }[] | undefined {
  const nd = toNd(value);
  if (nd !== undefined && !("ragged" in nd)) return [nd];
  if (Array.isArray(value)) {
    const out: { shape: number[]; data: ArrayLike<number> }[] = [];
    for (const item of value) {
      const part = leaves(item);
      if (part === undefined) return undefined;
      out.push(...part);
    }
    return out;
  }
  return undefined;
}

function transposeOf(
  nd: { shape: number[]; data: ArrayLike<number> },
): number[][] {
  const [rows, cols] = nd.shape;
  const out: number[][] = [];
  for (let j = 0; j < cols; j++) {
    const row: number[] = [];
    for (let i = 0; i < rows; i++) row.push(nd.data[i * cols + j]);
    out.push(row);
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function short(x: number): string {
  const s = Number(x.toPrecision(2));
  return Math.abs(s) < 1e-3 && s !== 0 ? s.toExponential() : String(s);
}

/** Calls `f`; `undefined` when it throws or returns something that is not plain data. */
function attempt(f: () => unknown): unknown {
  try {
    const value = f();
    return isData(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isData(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "boolean") return true;
  if (typeof value === "string") return true;
  if (isTensor(value)) return true;
  if (value instanceof Float64Array) return true;
  if (Array.isArray(value)) return value.every(isData);
  return false;
}

/** A deep copy of an argument, so a function that mutates it changes no probe. */
function clone(value: unknown): unknown {
  if (isTensor(value)) return np.array(value.toArray());
  if (value instanceof Float64Array) return value.slice();
  if (Array.isArray(value)) return value.map(clone);
  return value;
}

/**
 * What a failed check's result carries besides its message: the diagnosis
 * of its values, if one holds, and the author's hint, if the check has one.
 * Diagnoses are made only from values every probe returned (a throw or a
 * missing export has its own message).
 *
 * @param check The planned check (expected values).
 * @param replies What came back for each of its probes.
 * @param exercise The exercise (hints and the check's kind).
 * @param alternatives The check's known mistakes, from {@linkcode planAlternatives}.
 * @returns `{ diagnosis?, hint? }`, each absent when there is none.
 *
 * @example
 * ```ts
 * import { explainFailure } from "./diagnose.ts";
 * import { exercise01 } from "../exercises/autograd/01.ts";
 * const check = {
 *   name: "fGrad at hidden points", points: 1, visibility: "hidden" as const, optional: false,
 *   tolerance: { rtol: 1e-5, atol: 1e-8 },
 *   probes: [{ export: "fGrad", args: [1], expected: -18 }, { export: "fGrad", args: [2], expected: -16 }],
 * };
 * const replies = [{ ok: true as const, value: 18 }, { ok: true as const, value: 16 }];
 * console.log(explainFailure(check, replies, exercise01, []).diagnosis?.kind); // "opposite-sign"
 * ```
 */
export function explainFailure(
  check: PlannedCheck,
  replies: (ProbeReply | undefined)[],
  exercise: Exercise,
  alternatives: Alternative[],
): { diagnosis?: Diagnosis; hint?: string } {
  const authored = exercise.checks.find((c) => c.name === check.name);
  const out: { diagnosis?: Diagnosis; hint?: string } = {};
  if (authored?.hint !== undefined) out.hint = authored.hint;
  const actual = replies.map((r) => r?.ok === true ? r.value : undefined);
  if (replies.length !== check.probes.length) return out;
  const exportName = check.probes[0]?.export ?? "";
  const diagnosis = diagnose({
    export: exportName,
    expected: check.probes.map((p) => p.expected),
    actual,
    args: check.probes.map((p) => p.args),
    tolerance: check.tolerance,
    alternatives,
    derivative: authored?.kind === "byHand" ||
      /grad|prime|deriv/i.test(exportName),
    origins: replies.map((r) => r?.ok === true ? r.origin : undefined),
    hidden: check.visibility === "hidden",
  });
  if (diagnosis !== undefined) out.diagnosis = diagnosis;
  return out;
}
