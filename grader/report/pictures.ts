/**
 * Pictures of a grading result, as standalone SVG drawn from the result's
 * data alone (`SampleSeries`, `ProbeRecord`): no script, no external
 * resource, so they inline into an HTML page, a notebook's output, or a
 * GitHub job summary.
 *
 * - {@linkcode curvePicture}: a function of one number, the learner's values
 *   beside the reference's over the checks' domain, with the tolerance band,
 *   the probes marked pass/fail, and where either is NaN or ±∞ shaded.
 * - {@linkcode heatmapPicture}: a tensor-valued probe, heat maps of expected,
 *   got and their difference with failing elements outlined, or both shapes
 *   drawn when they differ.
 *
 * Every picture carries a text alternative with its numbers: an SVG
 * `<title>` and `<desc>`, and the `summary` each function returns.
 *
 * @module
 */

import { isClose } from "../compare.ts";
import { shapePhrase } from "../vocabulary.ts";
import type {
  CheckResult,
  ExerciseResult,
  PlotNumber,
  PlotValue,
  SampleSeries,
  Tolerance,
} from "../result.ts";
import { escapeXml } from "./_tex.ts";

/**
 * A probe drawn on a curve: where it was called, what came back, whether it
 * passed.
 *
 * @example
 * ```ts
 * import type { CurveProbe } from "./pictures.ts";
 * const p: CurveProbe = { x: 3, expected: -14, got: -12, passed: false, check: "fGrad at 3" };
 * ```
 */
export interface CurveProbe {
  /** The argument. */
  x: number;
  /** The reference's value. */
  expected: number;
  /** The learner's value, or undefined when there was none. */
  got: number | undefined;
  /** Whether the probe passed. */
  passed: boolean;
  /** The check it belongs to. */
  check: string;
}

/**
 * A picture: SVG markup and a plain-text summary of its numbers.
 *
 * @example
 * ```ts
 * import type { Picture } from "./pictures.ts";
 * const p: Picture = { svg: "<svg></svg>", summary: "Nothing" };
 * ```
 */
export interface Picture {
  /** The `<svg>` element. */
  svg: string;
  /** The text alternative, with the picture's numbers. */
  summary: string;
}

/** How each sample compares. */
type SampleState =
  | "close"
  | "differs"
  | "reference-nonfinite"
  | "learner-nonfinite"
  | "no-value";

const W = 640, H = 300;
const M = { left: 64, right: 16, top: 14, bottom: 40 };
const COLORS = {
  expected: "#1f5fa8",
  got: "#d95f02",
  band: "#1f5fa8",
  differs: "#d7301f",
  refNaN: "#7f7f7f",
  gotNaN: "#e6ab02",
  pass: "#1a9850",
  fail: "#d7301f",
};

/** A PlotNumber as a number (NaN for no value). */
export function numberOf(v: PlotNumber | undefined): number {
  if (v === null || v === undefined) return NaN;
  return typeof v === "number" ? v : Number(v);
}

/**
 * Classifies each sample: close, differs, or where either side has no finite
 * value.
 *
 * @example
 * ```ts
 * import { sampleStates } from "./pictures.ts";
 * const tol = { rtol: 0, atol: 0.5 };
 * console.log(sampleStates({ expected: [1, 2, "NaN"], got: [1, 3, "NaN"], tolerance: tol }));
 * // ["close", "differs", "reference-nonfinite"]
 * ```
 */
export function sampleStates(
  series: Pick<SampleSeries, "expected" | "got" | "tolerance">,
): SampleState[] {
  return series.expected.map((e, i) => {
    const g = series.got[i];
    if (e === null || typeof e === "string") return "reference-nonfinite";
    if (g === null) return "no-value";
    if (typeof g === "string") return "learner-nonfinite";
    return isClose(g, e, series.tolerance) ? "close" : "differs";
  });
}

/** Runs of equal state as [first, last] index pairs. */
function runs<T>(states: T[], want: (s: T) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  states.forEach((s, i) => {
    if (want(s)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  });
  if (start >= 0) out.push([start, states.length - 1]);
  return out;
}

/** Tick values: about `count` round numbers covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

/** A number short enough for an axis or a cell. */
export function short(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  const text = a >= 1e5 || a < 1e-3
    ? x.toExponential(2).replace(/\.?0+e/, "e")
    : String(Number(x.toPrecision(4)));
  return text.replace("-", "−");
}

/** A full-precision number for text alternatives. */
function exact(x: number | undefined): string {
  if (x === undefined) return "no value";
  return Object.is(x, -0) ? "-0" : String(x);
}

function intervalText(series: SampleSeries, [a, b]: [number, number]): string {
  return a === b
    ? `x = ${short(series.x[a])}`
    : `x from ${short(series.x[a])} to ${short(series.x[b])}`;
}

/**
 * Draws an export's samples: the reference's curve and the learner's, the
 * tolerance band around the reference, the probes, and shaded regions where
 * they differ or where either is NaN, ±∞ or has no value.
 *
 * The learner's curve is the polyline(s) of class `curve-got`, the
 * reference's `curve-expected`; each finite sample is one point of them.
 * Probes are marked `probe-pass` or `probe-fail`.
 *
 * The stages: the y range (`curveRange`) → the scale → the regions and the
 * text alternative → the plot's layers (regions, band, curves, probes) →
 * the `<svg>` element around them with its axes.
 *
 * @param series The samples (from the result's `samples`).
 * @param probes The visible probes of the export's checks.
 * @param hiddenFailed How many hidden probes of the export failed (not drawn: their points are secret).
 * @returns The SVG and its text alternative.
 *
 * @example
 * ```ts
 * import { curvePicture } from "./pictures.ts";
 * import assert from "node:assert/strict";
 * const x = [0, 1, 2, 3];
 * const pic = curvePicture({
 *   export: "f", domain: [0, 3], x, expected: [0, 1, 4, 9], got: [0, 1, 4, 10],
 *   tolerance: { rtol: 1e-5, atol: 1e-8 }, note: "",
 * }, [{ x: 3, expected: 9, got: 10, passed: false, check: "f at 3" }]);
 * assert.match(pic.svg, /class="probe probe-fail"/);
 * assert.match(pic.summary, /differs .* x = 3/);
 * ```
 */
export function curvePicture(
  series: SampleSeries,
  probes: CurveProbe[] = [],
  hiddenFailed = 0,
): Picture {
  const exp = series.expected.map(numberOf);
  const got = series.got.map(numberOf);
  const states = sampleStates(series);
  const scale = curveScale(series.x, curveRange(exp, got, probes));
  const regions = curveRegions(states);
  const summary = curveSummary(series, states, regions, probes, hiddenFailed);
  const plot = regionRects(scale, regions) +
    toleranceBand(scale, exp, series.tolerance) +
    curveLines(scale, exp, "curve-expected", COLORS.expected, "") +
    curveLines(scale, got, "curve-got", COLORS.got, "7 4") +
    probeMarks(scale, series.export, probes);
  return {
    svg: curveSvg(series, { scale, states, summary, axes: axes(scale), plot }),
    summary,
  };
}

/**
 * The y range of a curve: the reference's values; the learner's widen it by
 * at most one reference span each way, so one huge value cannot flatten
 * both; then 5% of padding.
 */
function curveRange(
  exp: number[],
  got: number[],
  probes: CurveProbe[],
): { lo: number; hi: number } {
  const finiteExp = exp.filter(Number.isFinite);
  const finiteGot = got.filter(Number.isFinite);
  let lo = Math.min(...(finiteExp.length ? finiteExp : finiteGot), Infinity);
  let hi = Math.max(...(finiteExp.length ? finiteExp : finiteGot), -Infinity);
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  const span = hi - lo || Math.max(1, Math.abs(lo));
  const extra = [
    ...finiteGot,
    ...probes.flatMap((p) => p.got === undefined ? [] : [p.got]),
  ].filter((v) => Number.isFinite(v) && v >= lo - span && v <= hi + span);
  lo = Math.min(lo, ...extra);
  hi = Math.max(hi, ...extra);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return { lo: lo - pad, hi: hi + pad };
}

/** Where a curve's samples and values land in the picture. */
interface CurveScale {
  /** The samples' arguments. */
  xs: number[];
  /** The first and last argument. */
  x0: number;
  x1: number;
  /** The y range. */
  lo: number;
  hi: number;
  /** The plot area's width and height. */
  pw: number;
  ph: number;
  /** Half the distance between samples, in x. */
  half: number;
  /** An argument's horizontal position. */
  sx: (x: number) => number;
  /** A value's vertical position (clamped well outside the picture). */
  sy: (y: number) => number;
}

function curveScale(
  xs: number[],
  { lo, hi }: { lo: number; hi: number },
): CurveScale {
  const x0 = xs[0], x1 = xs[xs.length - 1];
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  return {
    xs,
    x0,
    x1,
    lo,
    hi,
    pw,
    ph,
    half: (xs.length > 1 ? (x1 - x0) / (xs.length - 1) : 1) / 2,
    sx: (x) => M.left + (x - x0) / (x1 - x0 || 1) * pw,
    sy: (y) =>
      Math.max(-10 * H, Math.min(11 * H, M.top + (hi - y) / (hi - lo) * ph)),
  };
}

/** Coordinates as written in the SVG. */
function f(v: number): string {
  return v.toFixed(2);
}

/** The runs of samples that differ, and where either side is NaN or ±∞. */
function curveRegions(
  states: SampleState[],
): Record<"differs" | "refNaN" | "gotNaN", [number, number][]> {
  return {
    differs: runs(states, (s) => s === "differs"),
    refNaN: runs(states, (s) => s === "reference-nonfinite"),
    gotNaN: runs(
      states,
      (s) => s === "learner-nonfinite" || s === "no-value",
    ),
  };
}

/** The shaded regions: non-finite reference, non-finite learner, differs. */
function regionRects(
  scale: CurveScale,
  regions: Record<"differs" | "refNaN" | "gotNaN", [number, number][]>,
): string {
  const { xs, x0, x1, half, sx, ph } = scale;
  const region = ([a, b]: [number, number], cls: string, color: string) => {
    const left = sx(Math.max(x0, xs[a] - half));
    const right = sx(Math.min(x1, xs[b] + half));
    return `<rect class="region ${cls}" x="${f(left)}" y="${M.top}" width="${
      f(Math.max(1, right - left))
    }" height="${ph}" fill="${color}" fill-opacity="0.16"/>`;
  };
  return regions.refNaN.map((r) =>
    region(r, "region-reference-nonfinite", COLORS.refNaN)
  ).join("") +
    regions.gotNaN.map((r) =>
      region(r, "region-learner-nonfinite", COLORS.gotNaN)
    ).join("") +
    regions.differs.map((r) => region(r, "region-differs", COLORS.differs))
      .join("");
}

/** One polyline per run of finite values. */
function curveLines(
  scale: CurveScale,
  ys: number[],
  cls: string,
  color: string,
  dash: string,
): string {
  const { xs, sx, sy } = scale;
  return runs(ys, Number.isFinite).map(([a, b]) => {
    const pts: string[] = [];
    for (let i = a; i <= b; i++) pts.push(`${f(sx(xs[i]))},${f(sy(ys[i]))}`);
    return `<polyline class="curve ${cls}" points="${
      pts.join(" ")
    }" fill="none" stroke="${color}" stroke-width="2"${
      dash ? ` stroke-dasharray="${dash}"` : ""
    }/>`;
  }).join("");
}

/** The tolerance band around the reference, where it is finite. */
function toleranceBand(
  scale: CurveScale,
  exp: number[],
  tolerance: Tolerance,
): string {
  const { xs, sx, sy } = scale;
  const tol = (e: number) => tolerance.atol + tolerance.rtol * Math.abs(e);
  return runs(exp, Number.isFinite).map(([a, b]) => {
    const upper: string[] = [], lower: string[] = [];
    for (let i = a; i <= b; i++) {
      upper.push(`${f(sx(xs[i]))},${f(sy(exp[i] + tol(exp[i])))}`);
      lower.unshift(`${f(sx(xs[i]))},${f(sy(exp[i] - tol(exp[i])))}`);
    }
    return `<polygon class="band" points="${
      [...upper, ...lower].join(" ")
    }" fill="${COLORS.band}" fill-opacity="0.18" stroke="${COLORS.band}" stroke-opacity="0.35" stroke-width="0.5"/>`;
  }).join("");
}

/** The grid with its tick labels, and the zero line when zero is in range. */
function axes(scale: CurveScale): string {
  const { x0, x1, lo, hi, sx, sy, pw, ph } = scale;
  const grid = [
    ...ticks(x0, x1).map((t) =>
      `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${M.top}" y2="${
        M.top + ph
      }" class="grid"/><text x="${f(sx(t))}" y="${
        M.top + ph + 16
      }" text-anchor="middle" class="tick">${short(t)}</text>`
    ),
    ...ticks(lo, hi, 5).map((t) =>
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${f(sy(t))}" y2="${
        f(sy(t))
      }" class="grid"/><text x="${M.left - 6}" y="${
        f(sy(t) + 4)
      }" text-anchor="end" class="tick">${short(t)}</text>`
    ),
  ].join("");
  const zero = lo < 0 && hi > 0
    ? `<line x1="${M.left}" x2="${M.left + pw}" y1="${f(sy(0))}" y2="${
      f(sy(0))
    }" class="axis-zero"/>`
    : "";
  return grid + zero;
}

/** The probes: a filled dot where one passed; where one failed, a ring at the expected value and a cross at the learner's (a "?" when there is none). */
function probeMarks(
  scale: CurveScale,
  name: string,
  probes: CurveProbe[],
): string {
  const { sx, sy } = scale;
  return probes.map((p) => {
    const cx = f(sx(p.x));
    const ey = f(sy(p.expected));
    const title = `<title>${
      escapeXml(
        `${p.check}: ${name}(${exact(p.x)}) expected ${
          exact(p.expected)
        }, got ${exact(p.got)}: ${p.passed ? "passed" : "failed"}`,
      )
    }</title>`;
    if (p.passed) {
      return `<g class="probe probe-pass" data-x="${p.x}">${title}<circle cx="${cx}" cy="${ey}" r="5" fill="${COLORS.pass}" stroke="#fff" stroke-width="1.5"/></g>`;
    }
    const gy = p.got === undefined || !Number.isFinite(p.got)
      ? undefined
      : f(sy(p.got));
    const cross = gy === undefined
      ? `<text x="${cx}" y="${
        f(Number(ey) - 9)
      }" text-anchor="middle" class="probe-label" fill="${COLORS.fail}">?</text>`
      : `<line x1="${cx}" x2="${cx}" y1="${ey}" y2="${gy}" stroke="${COLORS.fail}" stroke-width="1.5" stroke-dasharray="3 2"/>` +
        `<path d="M${Number(cx) - 5},${
          Number(gy) - 5
        } l10,10 m0,-10 l-10,10" stroke="${COLORS.fail}" stroke-width="2.5"/>`;
    return `<g class="probe probe-fail" data-x="${p.x}">${title}<circle cx="${cx}" cy="${ey}" r="5" fill="#fff" stroke="${COLORS.fail}" stroke-width="2"/>${cross}</g>`;
  }).join("");
}

/**
 * The `<svg>` element: its text alternative, the axes, then what lies in the
 * plot area (`plot`, clipped to it), the frame and the axis labels.
 */
function curveSvg(
  series: SampleSeries,
  parts: {
    scale: CurveScale;
    states: SampleState[];
    summary: string;
    axes: string;
    plot: string;
  },
): string {
  const { scale, states, summary, axes, plot } = parts;
  const { pw, ph } = scale;
  const id = `curve-${escapeXml(series.export)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${
    escapeXml(summary)
  }" class="picture curve" data-export="${
    escapeXml(series.export)
  }" data-samples="${series.x.length}" data-differs="${
    states.filter((s) => s === "differs").length
  }"><title>${escapeXml(summary)}</title>` +
    `<style>.grid{stroke:#e3e3e3;stroke-width:1}.axis-zero{stroke:#999;stroke-width:1}.tick{font:11px sans-serif;fill:#444}.probe-label{font:bold 14px sans-serif}</style>` +
    `<defs><clipPath id="${id}-clip"><rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}"/></clipPath></defs>` +
    axes +
    `<g clip-path="url(#${id}-clip)">` +
    plot + `</g>` +
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>` +
    `<text x="${M.left + pw / 2}" y="${
      H - 6
    }" text-anchor="middle" class="tick">x</text>` +
    `<text x="14" y="${
      M.top + ph / 2
    }" text-anchor="middle" class="tick" transform="rotate(-90 14 ${
      M.top + ph / 2
    })">${escapeXml(series.export)}(x)</text>` +
    `</svg>`;
}

function curveSummary(
  series: SampleSeries,
  states: SampleState[],
  regions: Record<"differs" | "refNaN" | "gotNaN", [number, number][]>,
  probes: CurveProbe[],
  hiddenFailed: number,
): string {
  const n = states.length;
  const close = states.filter((s) => s === "close").length;
  const parts = [
    `${series.export}: your values and the reference's at ${n} points from x = ${
      short(series.x[0])
    } to ${short(series.x[n - 1])}`,
  ];
  const list = (rs: [number, number][]) =>
    rs.slice(0, 4).map((r) => intervalText(series, r)).join(", ") +
    (rs.length > 4 ? ` and ${rs.length - 4} more` : "");
  if (regions.differs.length > 0) {
    parts.push(
      `differs beyond the tolerance at ${
        states.filter((s) => s === "differs").length
      } of ${n} points: ${list(regions.differs)}`,
    );
  } else if (close === n) parts.push("matches within the tolerance everywhere");
  if (regions.refNaN.length > 0) {
    parts.push(`the reference is NaN or infinite at ${list(regions.refNaN)}`);
  }
  if (regions.gotNaN.length > 0) {
    parts.push(
      `yours is NaN, infinite or has no value at ${list(regions.gotNaN)}`,
    );
  }
  const failed = probes.filter((p) => !p.passed);
  if (probes.length > 0) {
    parts.push(
      `probes: ${
        probes.length - failed.length
      } passed, ${failed.length} failed${
        failed.length > 0
          ? ` (${
            failed.slice(0, 4).map((p) =>
              `x = ${exact(p.x)}: expected ${exact(p.expected)}, got ${
                exact(p.got)
              }`
            ).join("; ")
          })`
          : ""
      }`,
    );
  }
  if (hiddenFailed > 0) {
    parts.push(`${hiddenFailed} hidden probes failed (not drawn)`);
  }
  if (series.note) parts.push(series.note);
  return parts.join("; ");
}

/** A numeric array: shape and C-order elements. */
interface Nd {
  shape: number[];
  data: number[];
}

/** The numeric arrays in a value, by path (`[0]`, `.w` …). */
export function numericLeaves(
  value: PlotValue | undefined,
  path = "",
): { path: string; nd: Nd | undefined; description: string }[] {
  const nd = toNd(value);
  if (nd !== undefined) {
    return [{ path, nd, description: shapePhrase(nd.shape) }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => numericLeaves(v, `${path}[${i}]`));
  }
  if (typeof value === "object" && value !== null) {
    if ("$opaque" in value) {
      return [{ path, nd: undefined, description: String(value.$opaque) }];
    }
    return Object.entries(value).flatMap(([k, v]) =>
      numericLeaves(v as PlotValue, `${path}.${k.replace(/^\$\$/, "$")}`)
    );
  }
  return [{
    path,
    nd: undefined,
    description: value === undefined ? "no value" : JSON.stringify(value),
  }];
}

function toNd(value: PlotValue | undefined): Nd | undefined {
  if (typeof value === "number") return { shape: [], data: [value] };
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return { shape: [0], data: [] };
    const parts = value.map(toNd);
    if (parts.some((p) => p === undefined)) return undefined;
    const first = parts[0]!.shape;
    if (!parts.every((p) => sameShape(p!.shape, first))) return undefined;
    return {
      shape: [value.length, ...first],
      data: parts.flatMap((p) => p!.data),
    };
  }
  if ("$number" in value) return { shape: [], data: [Number(value.$number)] };
  if ("$tensor" in value && Array.isArray(value.data)) {
    return {
      shape: value.$tensor as number[],
      data: (value.data as PlotNumber[]).map(numberOf),
    };
  }
  return undefined;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Rows and columns a shape is drawn as: vectors as one row, more axes folded into rows. */
function grid2d(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  const cols = shape[shape.length - 1];
  return [shape.slice(0, -1).reduce((a, b) => a * b, 1), cols];
}

function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

/** Blue (negative) – white – red (positive), with `m` the largest magnitude. */
function diverging(v: number, m: number): string {
  if (!Number.isFinite(v)) return "#bdbdbd";
  const t = m > 0 ? Math.max(-1, Math.min(1, v / m)) : 0;
  const mix = (a: number, b: number, s: number) => Math.round(a + (b - a) * s);
  const [r, g, b] = t >= 0
    ? [mix(255, 202, t), mix(255, 0, t), mix(255, 32, t)]
    : [mix(255, 5, -t), mix(255, 113, -t), mix(255, 176, -t)];
  return `rgb(${r},${g},${b})`;
}

/**
 * Draws a tensor-valued probe: for each numeric array in the value (a
 * gradient `[dW, dV]` has two), heat maps of the expected values, the
 * learner's, and their difference (got − expected), each cell titled with
 * its numbers, and the elements outside the tolerance outlined (class
 * `cell-fail`). When shapes differ, both shapes are drawn as grids.
 *
 * @param expected The probe's expected value.
 * @param got The learner's value (undefined when there was none).
 * @param tolerance The check's tolerance.
 * @param label What the probe is, e.g. `f1Grad([W, V])`.
 * @returns The SVG and its text alternative.
 *
 * @example
 * ```ts
 * import { heatmapPicture } from "./pictures.ts";
 * import assert from "node:assert/strict";
 * const pic = heatmapPicture(
 *   { $tensor: [2, 2], data: [1, 2, 3, 4] },
 *   { $tensor: [2, 2], data: [1, 2, 3, 5] },
 *   { rtol: 1e-5, atol: 1e-8 },
 *   "g(A)",
 * );
 * assert.equal(pic.svg.match(/class="cell cell-fail"/g)?.length, 2); // in got and in the difference
 * assert.match(pic.summary, /\[1, 1\]: expected 4, got 5/);
 * ```
 */
export function heatmapPicture(
  expected: PlotValue | undefined,
  got: PlotValue | undefined,
  tolerance: Tolerance,
  label: string,
): Picture {
  const expLeaves = numericLeaves(expected);
  const gotLeaves = new Map(
    numericLeaves(got).map((l) => [l.path, l] as const),
  );
  const blocks: { svg: string; width: number; height: number }[] = [];
  const summaries: string[] = [];
  for (const leaf of expLeaves) {
    if (leaf.nd === undefined) continue;
    const name = `${label}${leaf.path}`;
    const other = got === undefined ? undefined : gotLeaves.get(leaf.path) ??
      (expLeaves.length === 1 ? [...gotLeaves.values()][0] : undefined);
    if (other?.nd === undefined || !sameShape(other.nd.shape, leaf.nd.shape)) {
      const block = shapeMismatch(
        name,
        leaf.nd.shape,
        other?.nd?.shape,
        other?.description ?? "no value",
      );
      blocks.push(block);
      summaries.push(
        `${name}: expected ${shapePhrase(leaf.nd.shape)}, got ${
          other?.nd
            ? shapePhrase(other.nd.shape)
            : other?.description ?? "no value"
        }`,
      );
      continue;
    }
    const drawn = heatTriple(name, leaf.nd, other.nd, tolerance);
    blocks.push(drawn);
    summaries.push(drawn.summary);
  }
  const width = Math.max(200, ...blocks.map((b) => b.width));
  let y = 0;
  const body = blocks.map((b) => {
    const g = `<g transform="translate(0 ${y})">${b.svg}</g>`;
    y += b.height + 10;
    return g;
  }).join("");
  const summary = summaries.join("; ") || `${label}: no numeric array to draw`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${y}" width="${width}" height="${y}" role="img" aria-label="${
      escapeXml(summary)
    }" class="picture heatmap"><title>${escapeXml(summary)}</title>` +
    `<style>.hm-label{font:12px sans-serif;fill:#222}.hm-name{font-weight:bold}.hm-num{font:9px sans-serif;fill:#111}</style>` +
    body + `</svg>`;
  return { svg, summary };
}

function heatTriple(
  name: string,
  exp: Nd,
  got: Nd,
  tolerance: Tolerance,
): { svg: string; width: number; height: number; summary: string } {
  const [rows, cols] = grid2d(exp.shape);
  const cell = Math.max(8, Math.min(34, Math.floor(220 / Math.max(cols, 1))));
  const showNumbers = cell >= 30;
  const diff = exp.data.map((e, i) => got.data[i] - e);
  const fails = exp.data.map((e, i) => !isClose(got.data[i], e, tolerance));
  const m = Math.max(
    0,
    ...exp.data.filter(Number.isFinite).map(Math.abs),
    ...got.data.filter(Number.isFinite).map(Math.abs),
  );
  const md = Math.max(0, ...diff.filter(Number.isFinite).map(Math.abs));
  const panelW = Math.max(cols * cell, 96);
  const top = 36;
  const panel = (
    title: string,
    values: number[],
    scale: number,
    kind: string,
    x0: number,
    outline: boolean,
  ) => {
    const cells = values.map((v, i) => {
      const r = Math.floor(i / cols), c = i % cols;
      const index = exp.shape.length === 0
        ? ""
        : `[${unravel(i, exp.shape).join(", ")}]`;
      const fail = outline && fails[i];
      const tip = `${name}${index}: expected ${exact(exp.data[i])}, got ${
        exact(got.data[i])
      }, difference ${exact(diff[i])}${
        fails[i] ? " (outside the tolerance)" : ""
      }`;
      return `<g><title>${escapeXml(tip)}</title><rect class="cell${
        fail ? " cell-fail" : ""
      }" data-kind="${kind}" x="${x0 + c * cell}" y="${
        top + r * cell
      }" width="${cell}" height="${cell}" fill="${
        diverging(v, scale)
      }" stroke="${fail ? "#000" : "#fff"}" stroke-width="${
        fail ? 2.5 : 0.5
      }"/>${
        showNumbers
          ? `<text class="hm-num" x="${x0 + c * cell + cell / 2}" y="${
            top + r * cell + cell / 2 + 3
          }" text-anchor="middle">${short(v)}</text>`
          : ""
      }</g>`;
    }).join("");
    return `<text class="hm-label" x="${x0}" y="30">${
      escapeXml(title)
    }</text><rect x="${x0 - 0.5}" y="${top - 0.5}" width="${
      cols * cell + 1
    }" height="${rows * cell + 1}" fill="none" stroke="#bbb"/>${cells}`;
  };
  const gap = 24;
  const svg =
    `<text class="hm-label hm-name" x="0" y="12">${escapeXml(name)}</text>` +
    panel("expected", exp.data, m, "expected", 0, false) +
    panel("got", got.data, m, "got", panelW + gap, true) +
    panel("got − expected", diff, md, "difference", 2 * (panelW + gap), true);
  const failing = fails.flatMap((f, i) => f ? [i] : []);
  const summary = failing.length === 0
    ? `${name}: all ${exp.data.length} elements within the tolerance`
    : `${name}: ${failing.length} of ${exp.data.length} elements outside the tolerance: ${
      failing.slice(0, 6).map((i) =>
        `${
          exp.shape.length ? `[${unravel(i, exp.shape).join(", ")}]` : "value"
        }: expected ${exact(exp.data[i])}, got ${exact(got.data[i])}`
      ).join("; ")
    }${failing.length > 6 ? ` and ${failing.length - 6} more` : ""}`;
  return {
    svg,
    width: 3 * panelW + 2 * gap,
    height: top + rows * cell,
    summary,
  };
}

function shapeMismatch(
  name: string,
  expShape: number[],
  gotShape: number[] | undefined,
  gotDescription: string,
): { svg: string; width: number; height: number } {
  const draw = (shape: number[], x0: number, color: string, cls: string) => {
    const [rows, cols] = grid2d(shape);
    const cell = Math.max(
      6,
      Math.min(24, Math.floor(160 / Math.max(rows, cols, 1))),
    );
    let out = "";
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        out += `<rect class="${cls}" x="${x0 + c * cell}" y="${
          20 + r * cell
        }" width="${cell}" height="${cell}" fill="${color}" fill-opacity="0.25" stroke="${color}"/>`;
      }
    }
    return { out, w: cols * cell, h: rows * cell };
  };
  const a = draw(expShape, 0, "#1f5fa8", "shape-expected");
  const b = gotShape
    ? draw(gotShape, a.w + 40, "#d95f02", "shape-got")
    : { out: "", w: 0, h: 0 };
  const svg = `<text class="hm-label" x="0" y="12">${
    escapeXml(`${name}: expected ${shapePhrase(expShape)}`)
  }</text>${a.out}<text class="hm-label" x="${a.w + 40}" y="12">${
    escapeXml(`got ${gotShape ? shapePhrase(gotShape) : gotDescription}`)
  }</text>${b.out}`;
  return {
    svg,
    width: Math.max(a.w + 40 + Math.max(b.w, 160), 320),
    height: 24 + Math.max(a.h, b.h),
  };
}

/**
 * A picture of an exercise, as {@linkcode exercisePictures} lists them.
 *
 * @example
 * ```ts
 * import type { ExercisePicture } from "./pictures.ts";
 * const p: ExercisePicture = { svg: "<svg></svg>", summary: "f: …", kind: "curve", failing: false };
 * ```
 */
export interface ExercisePicture extends Picture {
  /** A curve or a heat map. */
  kind: "curve" | "heatmap";
  /** Whether it shows something wrong. */
  failing: boolean;
  /** For a curve, its one-line text form ({@linkcode curveStrip}). */
  strip?: string;
}

/**
 * A curve's comparison in one line of text, for media that show no image
 * (a GitHub job summary, a terminal): the domain in `width` cells, each
 * `·` where the learner's values are close, `✗` where they differ, `!`
 * where theirs is NaN, ±∞ or missing, `∅` where the reference's is.
 *
 * @example
 * ```ts
 * import { curveStrip } from "./pictures.ts";
 * const x = [0, 1, 2, 3];
 * console.log(curveStrip({
 *   export: "f", domain: [0, 3], x, expected: [0, 1, 4, 9], got: [0, 1, 5, "NaN"],
 *   tolerance: { rtol: 1e-5, atol: 1e-8 }, note: "",
 * }));
 * // x = 0 ··✗! 3
 * ```
 */
export function curveStrip(series: SampleSeries, width = 60): string {
  const states = sampleStates(series);
  const n = states.length;
  const w = Math.min(width, n);
  const rank: Record<SampleState, [number, string]> = {
    "close": [0, "·"],
    "reference-nonfinite": [1, "∅"],
    "learner-nonfinite": [2, "!"],
    "no-value": [2, "!"],
    "differs": [3, "✗"],
  };
  let cells = "";
  for (let i = 0; i < w; i++) {
    const from = Math.floor(i * n / w);
    const to = Math.max(from + 1, Math.floor((i + 1) * n / w));
    // A cell shows the worst of its samples, so no difference is averaged away.
    const worst = states.slice(from, to).reduce((a, s) =>
      rank[s][0] > rank[a][0] ? s : a
    );
    cells += rank[worst][1];
  }
  return `x = ${short(series.x[0])} ${cells} ${short(series.x[n - 1])}`;
}

/**
 * The pictures of one exercise: a curve per sampled export, then heat maps
 * of each visible tensor-valued probe (failing ones first).
 *
 * @param ex The exercise's result.
 * @returns The pictures, each with its SVG and text alternative.
 *
 * @example
 * ```ts
 * import { exercisePictures } from "./pictures.ts";
 * import { sampleResult } from "../testdata/sample_result.ts";
 * const pictures = exercisePictures(sampleResult().exercises[0]);
 * console.log(Array.isArray(pictures)); // true
 * ```
 */
export function exercisePictures(ex: ExerciseResult): ExercisePicture[] {
  const out: ExercisePicture[] = [];
  for (const series of ex.samples ?? []) {
    const { probes, hiddenFailed } = curveProbes(ex.checks, series);
    const pic = curvePicture(series, probes, hiddenFailed);
    const failing = probes.some((p) => !p.passed) || hiddenFailed > 0 ||
      sampleStates(series).some((s) => s !== "close");
    out.push({ ...pic, kind: "curve", failing, strip: curveStrip(series) });
  }
  const heat: ExercisePicture[] = [];
  for (const check of ex.checks) {
    if (check.visibility === "hidden") continue;
    (check.probes ?? []).forEach((p) => {
      if (!isArrayValued(p.expected)) return;
      const label = `${check.export}${
        p.args ? `(${p.args.map(argText).join(", ")})` : ""
      }`;
      heat.push({
        ...heatmapPicture(p.expected, p.got, check.tolerance, label),
        kind: "heatmap",
        failing: !p.passed,
      });
    });
  }
  heat.sort((a, b) => Number(b.failing) - Number(a.failing));
  return [...out, ...heat];
}

function curveProbes(
  checks: CheckResult[],
  series: SampleSeries,
): { probes: CurveProbe[]; hiddenFailed: number } {
  const probes: CurveProbe[] = [];
  let hiddenFailed = 0;
  for (const check of checks) {
    if (check.export !== series.export) continue;
    for (const p of check.probes ?? []) {
      if (check.visibility === "hidden") {
        if (!p.passed) hiddenFailed++;
        continue;
      }
      const x = scalar(p.args?.[0]);
      const expected = scalar(p.expected);
      if (x === undefined || expected === undefined) continue;
      probes.push({
        x,
        expected,
        got: scalar(p.got),
        passed: p.passed,
        check: check.name,
      });
    }
  }
  return { probes, hiddenFailed };
}

function scalar(v: PlotValue | undefined): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    if ("$number" in v) return Number(v.$number);
    if (
      "$tensor" in v && Array.isArray(v.$tensor) && v.$tensor.length === 0 &&
      Array.isArray(v.data)
    ) {
      const d = v.data[0];
      return typeof d === "number" ? d : Number(d);
    }
  }
  return undefined;
}

/** Whether a value holds a numeric array of more than one element. */
function isArrayValued(v: PlotValue | undefined): boolean {
  return numericLeaves(v).some((l) =>
    l.nd !== undefined && l.nd.data.length > 1
  );
}

function argText(v: PlotValue): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "object" && v !== null && "$tensor" in v) {
    return `${(v.$tensor as number[]).join("×")} array`;
  }
  if (Array.isArray(v)) {
    const text = `[${v.map(argText).join(", ")}]`;
    return text.length > 60 ? "…" : text;
  }
  const text = JSON.stringify(v);
  return text.length > 40 ? "…" : text;
}
