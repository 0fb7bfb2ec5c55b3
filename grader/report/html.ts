/**
 * The HTML report of one learner: a self-contained page (no script, no
 * external resource; a Content-Security-Policy forbids any request) drawn
 * from the grading result alone. It shows the totals (required and bonus
 * apart), each exercise with its prompt (math as MathML), its checks and
 * their messages, and pictures: curves of functions of one number and heat
 * maps of tensor-valued probes (see `pictures.ts`). It prints well and reads
 * with JavaScript off.
 *
 * This is the public `./report` entry point: other front ends (a notebook's
 * check cell, a job summary) reuse {@linkcode exercisePictures},
 * {@linkcode curvePicture} and {@linkcode heatmapPicture}, whose SVG inlines
 * anywhere HTML does.
 *
 * @example Inline one exercise's pictures
 * ```ts
 * import { exercisePictures } from "./html.ts";
 * import { sampleResult } from "../testdata/sample_result.ts";
 * const html = exercisePictures(sampleResult().exercises[0])
 *   .map((p) => `<figure>${p.svg}<figcaption>${p.summary}</figcaption></figure>`)
 *   .join("");
 * console.log(typeof html); // "string"
 * ```
 *
 * @module
 */

import type { CheckResult, ExerciseResult, GradeResult } from "../result.ts";
import { markdownToHtml } from "./_markdown.ts";
import { escapeXml } from "./_tex.ts";
import {
  curvePicture,
  type CurveProbe,
  type ExercisePicture,
  exercisePictures,
  heatmapPicture,
  type Picture,
} from "./pictures.ts";

export {
  curvePicture,
  type CurveProbe,
  type ExercisePicture,
  exercisePictures,
  heatmapPicture,
  type Picture,
};
export type {
  CheckResult,
  Diagnosis,
  DiagnosisKind,
  ExerciseResult,
  GradeResult,
  Limits,
  PlotNumber,
  PlotValue,
  ProbeRecord,
  RunOutcome,
  SampleSeries,
  Tolerance,
  TypeDiagnostic,
  Visibility,
} from "../result.ts";

/**
 * Options of {@linkcode renderHtml}.
 *
 * @example
 * ```ts
 * import type { HtmlOptions } from "./html.ts";
 * const options: HtmlOptions = { learner: "ada", back: { href: "../class.html", text: "Class overview" } };
 * ```
 */
export interface HtmlOptions {
  /** The learner's name, shown in the title (default: the folder's name). */
  learner?: string;
  /** A link back, e.g. to the class overview. */
  back?: { href: string; text: string };
}

/**
 * Totals of a result: required points and bonus points, apart.
 *
 * Schema version 1 counted bonus points in `score`; from version 2 `score`
 * holds required points only.
 *
 * @example
 * ```ts
 * import { totals } from "./html.ts";
 * const t = totals({ version: 2, score: 3, maxScore: 4, bonus: 1, bonusMax: 2 });
 * console.log(t); // { required: 3, requiredMax: 4, bonus: 1, bonusMax: 2 }
 * ```
 */
export function totals(
  r: Pick<GradeResult, "version" | "score" | "maxScore" | "bonus" | "bonusMax">,
): { required: number; requiredMax: number; bonus: number; bonusMax: number } {
  return {
    required: r.version < 2 ? r.score - r.bonus : r.score,
    requiredMax: r.maxScore,
    bonus: r.bonus,
    bonusMax: r.bonusMax,
  };
}

/**
 * Renders a learner's grading result as one self-contained HTML page.
 *
 * @param result The grading result (as `--json` writes it).
 * @param options The learner's name and a link back.
 * @returns The page, starting with `<!doctype html>`.
 *
 * @example
 * ```ts
 * import { renderHtml } from "./html.ts";
 * import { sampleResult } from "../testdata/sample_result.ts";
 * import assert from "node:assert/strict";
 * const page = renderHtml(sampleResult(), { learner: "ada" });
 * assert.match(page, /^<!doctype html>/);
 * assert.match(page, /Content-Security-Policy/);
 * assert.doesNotMatch(page, /<script/);
 * ```
 */
export function renderHtml(
  result: GradeResult,
  options: HtmlOptions = {},
): string {
  const learner = options.learner ??
    result.folder.split(/[\\/]/).filter(Boolean).pop() ?? "learner";
  const t = totals(result);
  const failedRequired =
    result.exercises.flatMap((e) =>
      e.checks.filter((c) => !c.optional && !c.passed)
    ).length;
  const title = `${learner} · ${result.set.title}`;
  const header = `<header>
${
    options.back
      ? `<p class="back"><a href="${escapeXml(options.back.href)}">← ${
        escapeXml(options.back.text)
      }</a></p>`
      : ""
  }
<h1>${escapeXml(learner)} <span class="set">${
    escapeXml(result.set.title)
  }</span></h1>
<dl class="totals">
<div class="total required ${
    failedRequired === 0 ? "pass" : "fail"
  }"><dt>Required</dt><dd><span data-total="required">${
    num(t.required)
  }</span> / <span data-total="required-max">${
    num(t.requiredMax)
  }</span> points</dd></div>
<div class="total bonus"><dt>Bonus</dt><dd><span data-total="bonus">${
    num(t.bonus)
  }</span> / <span data-total="bonus-max">${
    num(t.bonusMax)
  }</span> points</dd></div>
<div class="total status"><dt>Status</dt><dd>${
    failedRequired === 0
      ? "every required check passed"
      : `${failedRequired} required check${
        failedRequired === 1 ? "" : "s"
      } failed`
  }</dd></div>
</dl>
<p class="meta">Seed ${result.seed} · graded ${
    escapeXml(result.startedAt)
  } · folder <code>${escapeXml(result.folder)}</code></p>
</header>`;
  const nav = `<nav aria-label="Exercises"><ol>${
    result.exercises.map((e) =>
      `<li class="${exerciseClass(e)}"><a href="#ex-${escapeXml(e.id)}">${
        escapeXml(e.id)
      } ${escapeXml(e.title)}</a> <span class="pts">${num(requiredOf(e))}/${
        num(e.maxScore)
      }${
        e.bonusMax > 0 ? ` +${num(e.bonus)}/${num(e.bonusMax)}` : ""
      }</span></li>`
    ).join("")
  }</ol></nav>`;
  const body = result.exercises.map(renderExercise).join("\n");
  return page(
    title,
    `${header}\n${nav}\n<main>\n${body}\n</main>`,
  );
}

function requiredOf(e: ExerciseResult): number {
  return e.checks.filter((c) => !c.optional).reduce((a, c) => a + c.score, 0);
}

function exerciseClass(e: ExerciseResult): string {
  return e.checks.every((c) => c.optional || c.passed) && e.run === "ok"
    ? "pass"
    : "fail";
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function renderExercise(e: ExerciseResult): string {
  const pictures = exercisePictures(e);
  const checks = e.checks.map((c) => {
    const state = c.passed ? "pass" : "fail";
    const diagnosis = diagnosisText(c);
    return `<tr class="check ${state}${
      c.optional ? " optional" : ""
    }" data-check="${escapeXml(c.name)}"><th scope="row">${escapeXml(c.name)}${
      c.optional ? ' <span class="tag">bonus</span>' : ""
    }${
      c.visibility === "hidden" ? ' <span class="tag">hidden</span>' : ""
    }</th><td class="points">${num(c.score)} / ${
      num(c.points)
    }</td><td class="result"><span class="badge ${state}">${
      c.passed ? "✓ passed" : "✗ failed"
    }</span></td><td class="message">${escapeXml(c.message)}${
      diagnosis
        ? `<p class="diagnosis"><strong>Probably:</strong> ${
          escapeXml(diagnosis)
        }</p>`
        : ""
    }${
      hintOf(c)
        ? `<p class="hint"><strong>Hint:</strong> ${escapeXml(hintOf(c))}</p>`
        : ""
    }</td></tr>`;
  }).join("");
  const figures = pictures.map((p, i) =>
    `<figure class="${p.kind}${p.failing ? " failing" : ""}" id="fig-${
      escapeXml(e.id)
    }-${i + 1}">${p.svg}<figcaption>${
      escapeXml(p.summary)
    }</figcaption></figure>`
  );
  const curves = figures.filter((_, i) => pictures[i].kind === "curve");
  const heat = figures.filter((_, i) =>
    pictures[i].kind === "heatmap" && pictures[i].failing
  );
  const heatPassing = figures.filter((_, i) =>
    pictures[i].kind === "heatmap" && !pictures[i].failing
  );
  const problems = e.problems.length
    ? `<ul class="problems">${
      e.problems.map((p) => `<li>${escapeXml(p)}</li>`).join("")
    }</ul>`
    : "";
  const typeErrors = e.typeErrors.length
    ? `<details class="type-errors"><summary>${e.typeErrors.length} type error${
      e.typeErrors.length === 1 ? "" : "s"
    } (they cost no points)</summary><ul>${
      e.typeErrors.map((d) =>
        `<li><code>${escapeXml(`${d.line}:${d.column} ${d.code}`)}</code> ${
          escapeXml(d.message)
        }</li>`
      ).join("")
    }</ul></details>`
    : "";
  const output = e.output.stdout || e.output.stderr
    ? `<details class="output"><summary>What your code printed${
      e.output.truncated ? " (cut)" : ""
    }</summary>${
      e.output.stdout ? `<pre>${escapeXml(e.output.stdout)}</pre>` : ""
    }${
      e.output.stderr
        ? `<pre class="stderr">${escapeXml(e.output.stderr)}</pre>`
        : ""
    }</details>`
    : "";
  return `<section class="exercise ${exerciseClass(e)}" id="ex-${
    escapeXml(e.id)
  }" data-exercise="${escapeXml(e.id)}">
<h2>${escapeXml(e.id)} · ${escapeXml(e.title)} <span class="pts">${
    num(requiredOf(e))
  } / ${num(e.maxScore)}${
    e.bonusMax > 0 ? ` · bonus ${num(e.bonus)} / ${num(e.bonusMax)}` : ""
  }</span></h2>
${
    e.run !== "ok"
      ? `<p class="run">Outcome: <strong>${escapeXml(e.run)}</strong></p>`
      : ""
  }${problems}
${
    e.prompt
      ? `<details class="prompt"><summary>The exercise</summary><div class="prompt-body">${
        markdownToHtml(e.prompt)
      }</div></details>`
      : ""
  }
<table class="checks"><thead><tr><th scope="col">Check</th><th scope="col">Points</th><th scope="col">Result</th><th scope="col">What happened</th></tr></thead><tbody>${checks}</tbody></table>
${curves.length ? `<div class="pictures curves">${curves.join("")}</div>` : ""}
${
    heat.length
      ? `<div class="pictures heatmaps"><p class="legend">Heat maps: blue negative, red positive, white zero; a black outline marks an element outside the tolerance.</p>${
        heat.join("")
      }</div>`
      : ""
  }${
    heatPassing.length
      ? `<details class="pictures heatmaps passing"><summary>Heat maps of ${heatPassing.length} passing array value${
        heatPassing.length === 1 ? "" : "s"
      }</summary>${heatPassing.join("")}</details>`
      : ""
  }
${typeErrors}${output}
</section>`;
}

/** The author's hint for a failed check, when the result carries one. */
function hintOf(c: CheckResult): string {
  const h = (c as unknown as { hint?: unknown }).hint;
  return typeof h === "string" ? h : "";
}

/** A diagnosis, when the result carries one (`{ kind, text }`, or a string). */
function diagnosisText(c: CheckResult): string {
  const d = (c as unknown as { diagnosis?: unknown }).diagnosis;
  if (typeof d === "string") return d;
  if (typeof d === "object" && d !== null) {
    const m = (d as { message?: unknown; text?: unknown }).message ??
      (d as { text?: unknown }).text;
    if (typeof m === "string") return m;
  }
  return "";
}

/** The stylesheet every page shares: screen and print. */
export const PAGE_CSS = `
:root{--pass:#1a7f37;--fail:#c62828;--ink:#1b1b1b;--muted:#5b5b5b;--line:#ddd}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:16px 24px}
h1{margin:.2em 0;font-size:1.6em}h1 .set{font-weight:normal;color:var(--muted);font-size:.7em}
h2{border-top:2px solid var(--line);padding-top:.6em;margin-top:1.6em;font-size:1.25em}
h2 .pts{float:right;font-weight:normal;color:var(--muted)}
.totals{display:flex;gap:12px;flex-wrap:wrap;margin:.5em 0}
.totals>div{border:1px solid var(--line);border-radius:6px;padding:6px 14px;min-width:150px}
.totals dt{font-size:.8em;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.totals dd{margin:0;font-size:1.3em;font-weight:600}
.total.required.pass{border-color:var(--pass)}.total.required.fail{border-color:var(--fail)}
.meta{color:var(--muted);font-size:.85em}
nav ol{columns:2;padding-left:1.2em}nav li.fail a{color:var(--fail)}nav li.pass a{color:var(--pass)}
nav .pts{color:var(--muted);font-size:.85em}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #999;font-size:.85em;color:var(--muted)}
td.points,td.result{white-space:nowrap}
.badge.pass{color:var(--pass);font-weight:600}.badge.fail{color:var(--fail);font-weight:600}
tr.fail th{color:var(--fail)}
.tag{font-size:.7em;border:1px solid var(--line);border-radius:3px;padding:0 4px;color:var(--muted);font-weight:normal}
.diagnosis,.hint{margin:.3em 0 0;padding:.2em .5em;border-left:3px solid #e6ab02;background:#fff8e1}
.hint{border-left-color:#1f5fa8;background:#eef4fb}
.problems li,.run{color:var(--fail)}
figure{margin:.8em 0;break-inside:avoid;page-break-inside:avoid}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.85em;color:var(--muted);max-width:640px}
figure.failing figcaption{color:var(--ink)}
.pictures.curves{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:8px 24px}
.legend{display:flex;gap:16px;flex-wrap:wrap;font-size:.85em;color:var(--muted);margin:.4em 0}
.legend i{display:inline-block;width:22px;height:10px;margin-right:4px;vertical-align:middle}
pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:.85em}
code{font-size:.92em}
.prompt-body{border-left:3px solid var(--line);padding-left:12px}
math[display=block]{margin:.5em 0}
a{color:#0b57d0}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  nav,.back{display:none}
  details.prompt>summary{display:none}
  details.prompt>.prompt-body{display:block}
  section.exercise{break-before:auto}
  h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
  .pictures.curves{display:block}
}
`;

const LEGEND =
  `<p class="legend" aria-hidden="true"><span><i style="background:#1f5fa8;height:3px"></i>reference</span><span><i style="border-top:3px dashed #d95f02;height:0"></i>yours</span><span><i style="background:#1f5fa8;opacity:.25"></i>tolerance band</span><span><i style="background:#d7301f;opacity:.25"></i>yours differs</span><span><i style="background:#7f7f7f;opacity:.3"></i>reference NaN/∞</span><span><i style="background:#e6ab02;opacity:.3"></i>yours NaN/∞/no value</span><span>● passed probe</span><span style="color:#d7301f">✕ failed probe (○ expected)</span></p>`;

/**
 * Wraps a page body in the shared shell: a Content-Security-Policy that
 * forbids every request (scripts only with `scriptHash`), the stylesheet,
 * and the legend of the curves.
 *
 * @param title The page's title.
 * @param body The body's HTML.
 * @param scriptHash The base64 SHA-256 of the one inline script allowed, if any.
 * @returns The page.
 *
 * @example
 * ```ts
 * import { page } from "./html.ts";
 * console.log(page("T", "<p>x</p>").includes("default-src 'none'")); // true
 * ```
 */
export function page(title: string, body: string, scriptHash?: string): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ${
    scriptHash ? `script-src 'sha256-${scriptHash}'` : "script-src 'none'"
  }; base-uri 'none'; form-action 'none'`;
  const withLegend = body.includes('class="picture curve"')
    ? body.replace("<main>", `<main>\n${LEGEND}`)
    : body;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeXml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${withLegend}
</body>
</html>
`;
}
