/**
 * The data pictures are drawn from, gathered while grading: unscored curve
 * samples of exports that are functions of one number, and per-probe records
 * of values as JSON can carry them. Rendering (`report/html.ts`) reads only
 * the result, never this module.
 *
 * Samples are planned here, in the grader's process, from the same reference
 * the checks are planned from; the learner's values at the sample points are
 * asked of the sandbox after every scored probe, and never scored.
 *
 * @module
 */

import { grad, isTensor } from "../mod.ts";
import type {
  ByHandCheck,
  CallCheck,
  Exercise,
  PlannedCheck,
} from "../exercises/types.ts";
import type { ProbeReply } from "./_sandbox.ts";
import { Opaque } from "./compare.ts";
import { formatShape } from "./vocabulary.ts";
import type {
  PlotNumber,
  PlotValue,
  ProbeRecord,
  SampleSeries,
  Tolerance,
} from "./result.ts";

/** How many points a curve is sampled at. */
export const SAMPLE_COUNT = 121;
/** The plot extends the checks' domain by this share of its width on each side. */
const MARGIN = 0.2;
/** Values with more elements than this are recorded as a description only. */
const MAX_RECORDED_ELEMENTS = 4096;

/**
 * The planned samples of one export: points and the reference's values.
 */
export interface SamplePlan {
  /** The export sampled. */
  export: string;
  /** The checks' domain before margins. */
  domain: [number, number];
  /** The sample points. */
  x: number[];
  /** The reference's values. */
  expected: PlotNumber[];
  /** The tolerance of the export's first check. */
  tolerance: Tolerance;
}

/**
 * Plans curve samples for every function export of `ex` whose checks all
 * call it with one number: a grid over the union of their domains and
 * points, widened by a margin so that where the function stops being finite
 * shows. Never throws: an export whose reference misbehaves gets no samples.
 */
export function planSamples(
  ex: Exercise,
  planned: PlannedCheck[],
  reference: Record<string, unknown>,
): SamplePlan[] {
  const byExport = new Map<
    string,
    { checks: (CallCheck | ByHandCheck)[]; index: number[] }
  >();
  ex.checks.forEach((check, i) => {
    // A property check accepts other answers than the reference's: no curve to compare.
    if (check.kind === "value" || check.kind === "property") return;
    const entry = byExport.get(check.export) ??
      { checks: [], index: [] };
    entry.checks.push(check);
    entry.index.push(i);
    byExport.set(check.export, entry);
  });
  const plans: SamplePlan[] = [];
  for (const [name, { checks, index }] of byExport) {
    const probes = index.flatMap((i) => planned[i]?.probes ?? []);
    if (
      probes.length === 0 ||
      !probes.every((p) =>
        p.args?.length === 1 && typeof p.args[0] === "number"
      )
    ) continue;
    let low = Infinity, high = -Infinity;
    for (const check of checks) {
      const d = check.random?.args[0];
      if (
        check.random !== undefined && d?.kind !== "uniform" &&
        d?.kind !== "integer"
      ) {
        low = NaN;
      }
      if (d?.kind === "uniform" || d?.kind === "integer") {
        low = Math.min(low, d.low);
        high = Math.max(high, d.high);
      }
    }
    if (Number.isNaN(low)) continue;
    for (const p of probes) {
      const x = p.args![0] as number;
      if (Number.isFinite(x)) {
        low = Math.min(low, x);
        high = Math.max(high, x);
      }
    }
    if (!(low <= high)) continue;
    if (low === high) {
      const pad = Math.max(1, Math.abs(low));
      low -= pad;
      high += pad;
    }
    const evaluate = referenceOf(checks[0], reference);
    if (evaluate === undefined) continue;
    const width = high - low;
    const from = low - MARGIN * width, to = high + MARGIN * width;
    const x = Array.from(
      { length: SAMPLE_COUNT },
      (_, i) => from + (to - from) * i / (SAMPLE_COUNT - 1),
    );
    const expected = x.map((xi) => {
      try {
        return plotNumber(evaluate(xi));
      } catch {
        return null;
      }
    });
    plans.push({
      export: name,
      domain: [low, high],
      x,
      expected,
      tolerance: planned[index[0]].tolerance,
    });
  }
  return plans;
}

function referenceOf(
  check: CallCheck | ByHandCheck,
  reference: Record<string, unknown>,
): ((x: number) => unknown) | undefined {
  if (check.kind === "call") {
    const fn = reference[check.export];
    return typeof fn === "function" ? (x) => fn(x) : undefined;
  }
  {
    const g = grad(
      check.of as (...args: unknown[]) => unknown,
      check.argnum ?? 0,
    ) as (...args: unknown[]) => unknown;
    return (x) => g(x);
  }
}

/**
 * The learner's series from the sandbox's replies to the sample probes.
 *
 * @param plan The planned samples.
 * @param replies The replies to this plan's probes, `undefined` where none came.
 * @param stopped Why the run stopped, when it did before every sample reported.
 */
export function sampleSeries(
  plan: SamplePlan,
  replies: (ProbeReply | undefined)[],
  stopped: string,
): SampleSeries {
  const got = plan.x.map((_, i) => {
    const r = replies[i];
    if (r === undefined || !r.ok) return null;
    let v = r.value;
    if (isTensor(v) && v.shape.length === 0) v = v.data[0];
    return typeof v === "number" ? plotNumber(v) : null;
  });
  const missing = replies.filter((r) => r === undefined).length;
  return {
    export: plan.export,
    domain: plan.domain,
    x: plan.x,
    expected: plan.expected,
    got,
    tolerance: plan.tolerance,
    note: missing > 0
      ? `${missing} of ${plan.x.length} samples did not run${
        stopped ? `: ${stopped}` : ""
      }`
      : "",
  };
}

/**
 * A number as picture data: non-finite as a string, anything else `null`.
 */
export function plotNumber(value: unknown): PlotNumber {
  if (typeof value !== "number") return null;
  return Number.isFinite(value) ? value : String(value) as PlotNumber;
}

/**
 * A probe's record: pass/fail, and for a visible check its values as JSON.
 */
export function probeRecord(
  passed: boolean,
  hidden: boolean,
  args: unknown[] | undefined,
  expected: unknown,
  reply: ProbeReply | undefined,
): ProbeRecord {
  if (hidden) return { passed };
  const record: ProbeRecord = { passed };
  if (args !== undefined) record.args = args.map(plotValue);
  record.expected = plotValue(expected);
  if (reply !== undefined && reply.ok) record.got = plotValue(reply.value);
  return record;
}

/**
 * A value as JSON carries it (see `PlotValue` in `result.ts`).
 */
export function plotValue(value: unknown, depth = 0): PlotValue {
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : { $number: String(value) };
  }
  if (
    typeof value === "string" || typeof value === "boolean" || value === null
  ) return value;
  if (value === undefined) return { $opaque: "undefined" };
  if (value instanceof Opaque) return { $opaque: value.description };
  if (depth > 16) return { $opaque: "a value nested too deeply to show" };
  if (isTensor(value)) {
    if (value.data.length > MAX_RECORDED_ELEMENTS) {
      return { $opaque: `a Tensor of shape ${formatShape(value.shape)}` };
    }
    return {
      $tensor: [...value.shape],
      data: Array.from(value.data, plotNumber),
    };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = Array.from(value as unknown as ArrayLike<number>);
    return arr.length > MAX_RECORDED_ELEMENTS
      ? { $opaque: `a typed array of length ${arr.length}` }
      : arr.map((v) => plotValue(v, depth + 1));
  }
  if (Array.isArray(value)) {
    return value.length > MAX_RECORDED_ELEMENTS
      ? { $opaque: `an array of length ${value.length}` }
      : value.map((v) => plotValue(v, depth + 1));
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, PlotValue> = {};
      for (const [k, v] of Object.entries(value)) {
        // A learner's key could collide with a tag: tags start with "$".
        out[k.startsWith("$") ? `$${k}` : k] = plotValue(v, depth + 1);
      }
      return out;
    }
  }
  return { $opaque: typeof value === "function" ? "a function" : "an object" };
}
