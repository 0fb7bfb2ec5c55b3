/**
 * The class overview: one self-contained HTML page from a gradebook, with
 * the distribution of required totals, the share of the class that passed
 * each exercise and each check, the most frequent diagnoses, and a row per
 * learner linking to their own page (written beside it). The learners'
 * table sorts by any column with a small inline script (allowed by its hash
 * in the page's Content-Security-Policy, nothing else runs); with JavaScript
 * off it reads the same, in learner order.
 *
 * `deno task gradebook report <gradebook.jsonl> --html <file>` writes it.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { basename, dirname, extname, join } from "node:path";
import type { GradebookEntry } from "../gradebook.ts";
import type { CheckResult, ExerciseResult, GradeResult } from "../result.ts";
import { escapeXml } from "./_tex.ts";
import { page, renderHtml, totals } from "./html.ts";

/**
 * Options of {@linkcode renderClassOverview}.
 *
 * @example
 * ```ts
 * import type { ClassOptions } from "./class_html.ts";
 * const o: ClassOptions = { pageHref: (learner) => `pages/${learner}.html` };
 * ```
 */
export interface ClassOptions {
  /** The link to a learner's page, or undefined for none. */
  pageHref?: (learner: string) => string | undefined;
  /** The page title (default: the set's title). */
  title?: string;
}

/** The inline script that makes tables of class `sortable` sortable by any column. */
const SORT_SCRIPT =
  `for(const t of document.querySelectorAll("table.sortable")){const hs=[...t.tHead.rows[0].cells];hs.forEach((th,col)=>{const b=document.createElement("button");b.type="button";b.textContent=th.textContent;th.textContent="";th.append(b);b.addEventListener("click",()=>{const asc=th.getAttribute("aria-sort")!=="ascending";hs.forEach((h)=>h.removeAttribute("aria-sort"));th.setAttribute("aria-sort",asc?"ascending":"descending");const key=(r)=>{const c=r.cells[col];const v=c.dataset.sort??c.textContent.trim();const n=Number(v);return v!==""&&!Number.isNaN(n)?n:v.toLowerCase()};const rows=[...t.tBodies[0].rows];rows.sort((a,b)=>{const x=key(a),y=key(b);const d=typeof x==="number"&&typeof y==="number"?x-y:String(x).localeCompare(String(y));return asc?d:-d});t.tBodies[0].append(...rows)})})}`;

/**
 * The latest entry of each learner, in learner order (a resumed gradebook
 * may hold several).
 *
 * @example
 * ```ts
 * import { latestEntries } from "./class_html.ts";
 * const e = { version: 2, hash: "", set: "s", seed: 1, status: "error" as const, score: 0, maxScore: 1, bonus: 0, points: {}, gradedAt: "" };
 * console.log(latestEntries([{ ...e, learner: "b" }, { ...e, learner: "a" }, { ...e, learner: "b", error: "x" }]).map((x) => x.learner)); // ["a", "b"]
 * ```
 */
export function latestEntries(entries: GradebookEntry[]): GradebookEntry[] {
  const byLearner = new Map<string, GradebookEntry>();
  for (const e of entries) byLearner.set(e.learner, e);
  return [...byLearner.values()].sort((a, b) =>
    a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0
  );
}

/** Share of a class: how many of how many. */
interface Share {
  passed: number;
  of: number;
}

/**
 * What the overview shows, computed from the entries: data first.
 *
 * @example
 * ```ts
 * import { classSummary } from "./class_html.ts";
 * console.log(classSummary([]).graded); // 0
 * ```
 */
export function classSummary(entries: GradebookEntry[]): {
  graded: number;
  notGraded: number;
  maxScore: number;
  distribution: { score: number; count: number }[];
  exercises: {
    id: string;
    title: string;
    share: Share;
    checks: { name: string; optional: boolean; share: Share }[];
  }[];
  diagnoses: {
    exercise: string;
    check: string;
    kind: string;
    text: string;
    learners: number;
  }[];
} {
  const results = entries.flatMap((e) =>
    e.status !== "error" && e.result ? [e.result] : []
  );
  const maxScore = Math.max(0, ...results.map((r) => r.maxScore));
  const counts = new Map<number, number>();
  for (const r of results) {
    const s = totals(r).required;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const distribution = [...counts.entries()].sort((a, b) => a[0] - b[0])
    .map(([score, count]) => ({ score, count }));

  const exercises = new Map<
    string,
    {
      id: string;
      title: string;
      share: Share;
      checks: Map<string, { name: string; optional: boolean; share: Share }>;
    }
  >();
  const diagnoses = new Map<
    string,
    {
      exercise: string;
      check: string;
      kind: string;
      text: string;
      learners: number;
    }
  >();
  for (const r of results) {
    for (const ex of r.exercises) {
      const entry = exercises.get(ex.id) ?? {
        id: ex.id,
        title: ex.title,
        share: { passed: 0, of: 0 },
        checks: new Map(),
      };
      exercises.set(ex.id, entry);
      entry.share.of++;
      if (exercisePassed(ex)) entry.share.passed++;
      for (const c of ex.checks) {
        const check = entry.checks.get(c.name) ??
          { name: c.name, optional: c.optional, share: { passed: 0, of: 0 } };
        entry.checks.set(c.name, check);
        check.share.of++;
        if (c.passed) check.share.passed++;
        const d = diagnosisOf(c);
        if (!c.passed && d !== undefined) {
          const key = JSON.stringify([ex.id, c.name, d.kind]);
          const seen = diagnoses.get(key) ??
            {
              exercise: ex.id,
              check: c.name,
              kind: d.kind,
              text: d.text,
              learners: 0,
            };
          seen.learners++;
          diagnoses.set(key, seen);
        }
      }
    }
  }
  return {
    graded: results.length,
    notGraded: entries.length - results.length,
    maxScore,
    distribution,
    exercises: [...exercises.values()].map((e) => ({
      ...e,
      checks: [...e.checks.values()],
    })),
    diagnoses: [...diagnoses.values()].sort((a, b) =>
      b.learners - a.learners || a.exercise.localeCompare(b.exercise)
    ),
  };
}

/** An exercise passes when its module ran and every required check passed (a bonus-only exercise: every check). */
function exercisePassed(ex: ExerciseResult): boolean {
  const required = ex.checks.filter((c) => !c.optional);
  const counted = required.length > 0 ? required : ex.checks;
  return ex.run === "ok" && counted.every((c) => c.passed);
}

function diagnosisOf(
  c: CheckResult,
): { kind: string; text: string } | undefined {
  const d = (c as unknown as { diagnosis?: unknown }).diagnosis;
  if (typeof d === "object" && d !== null) {
    const { kind, text } = d as { kind?: unknown; text?: unknown };
    if (typeof kind === "string" && typeof text === "string") {
      return { kind, text };
    }
  }
  return undefined;
}

function percent(s: Share): number {
  return s.of === 0 ? 0 : Math.round(1000 * s.passed / s.of) / 10;
}

function bar(s: Share): string {
  const p = percent(s);
  return `<span class="share"><span class="bar" style="width:${p}%"></span></span> ${p}% <span class="of">(${s.passed} of ${s.of})</span>`;
}

/** The histogram of required totals, as SVG with its numbers in the text alternative. */
function histogram(
  distribution: { score: number; count: number }[],
  maxScore: number,
): { svg: string; summary: string } {
  const W = 640, H = 220, M = { left: 40, right: 10, top: 10, bottom: 36 };
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  const top = Math.max(1, ...distribution.map((d) => d.count));
  const slots = maxScore + 1;
  const bw = pw / slots;
  // Scores are whole points in these sets; a fractional one is drawn at its place.
  const bars = distribution.map(({ score, count }) => {
    const h = count / top * ph;
    const x = M.left + (Math.min(score, maxScore) / slots) * pw;
    return `<rect class="bar" data-score="${score}" data-count="${count}" x="${
      (x + 1).toFixed(1)
    }" y="${(M.top + ph - h).toFixed(1)}" width="${
      Math.max(1, bw - 2).toFixed(1)
    }" height="${h.toFixed(1)}" fill="#1f5fa8"><title>${count} learner${
      count === 1 ? "" : "s"
    } with ${score} of ${maxScore} points</title></rect>`;
  }).join("");
  const step = Math.max(1, Math.ceil(slots / 20));
  const labels = Array.from({ length: slots }, (_, s) => s).filter((s) =>
    s % step === 0 || s === maxScore
  ).map((s) =>
    `<text x="${(M.left + (s + 0.5) * bw).toFixed(1)}" y="${
      H - 20
    }" text-anchor="middle" class="tick">${s}</text>`
  ).join("");
  const yTicks = Array.from(
    new Set([0, Math.ceil(top / 2), top]),
  ).map((c) =>
    `<text x="${M.left - 6}" y="${
      (M.top + ph - c / top * ph + 4).toFixed(1)
    }" text-anchor="end" class="tick">${c}</text>`
  ).join("");
  const summary = `Required points of ${
    distribution.reduce((a, d) => a + d.count, 0)
  } learners, out of ${maxScore}: ${
    distribution.map((d) => `${d.count} with ${d.score}`).join(", ") ||
    "no learner graded"
  }`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${
      escapeXml(summary)
    }" class="picture histogram"><title>${escapeXml(summary)}</title>` +
    `<style>.tick{font:11px sans-serif;fill:#444}</style>` +
    `<line x1="${M.left}" x2="${M.left + pw}" y1="${M.top + ph}" y2="${
      M.top + ph
    }" stroke="#888"/>` + bars + labels + yTicks +
    `<text x="${M.left + pw / 2}" y="${
      H - 4
    }" text-anchor="middle" class="tick">required points</text></svg>`;
  return { svg, summary };
}

/**
 * Renders the class overview page from gradebook entries.
 *
 * @param entries The gradebook's entries (the latest per learner is used).
 * @param options Links to learners' pages; the title.
 * @returns The page.
 *
 * @example
 * ```ts
 * import { renderClassOverview } from "./class_html.ts";
 * import assert from "node:assert/strict";
 * const html = renderClassOverview([]);
 * assert.match(html, /script-src 'sha256-/);
 * ```
 */
export function renderClassOverview(
  entries: GradebookEntry[],
  options: ClassOptions = {},
): string {
  const latest = latestEntries(entries);
  const s = classSummary(latest);
  const first = latest.find((e) => e.result)?.result;
  const title = options.title ?? first?.set.title ?? latest[0]?.set ??
    "Class";
  const hist = histogram(s.distribution, s.maxScore);
  const ids = s.exercises.map((e) => e.id);

  const exerciseRows = s.exercises.map((e) =>
    `<tr data-exercise="${escapeXml(e.id)}"><th scope="row">${
      escapeXml(e.id)
    } ${escapeXml(e.title)}</th><td data-sort="${percent(e.share)}">${
      bar(e.share)
    }</td></tr>`
  ).join("");
  const checkSections = s.exercises.map((e) =>
    `<details class="checks-of"${
      e.checks.some((c) => c.share.passed < c.share.of) ? " open" : ""
    }><summary>${escapeXml(e.id)} ${
      escapeXml(e.title)
    }</summary><table class="shares"><thead><tr><th scope="col">Check</th><th scope="col">Passed</th></tr></thead><tbody>${
      e.checks.map((c) =>
        `<tr data-exercise="${escapeXml(e.id)}" data-check="${
          escapeXml(c.name)
        }" data-passed="${c.share.passed}" data-of="${c.share.of}"><th scope="row">${
          escapeXml(c.name)
        }${c.optional ? ' <span class="tag">bonus</span>' : ""}</th><td>${
          bar(c.share)
        }</td></tr>`
      ).join("")
    }</tbody></table></details>`
  ).join("");
  const diagnoses = s.diagnoses.length > 0
    ? `<table class="diagnoses"><thead><tr><th scope="col">Learners</th><th scope="col">Exercise</th><th scope="col">Check</th><th scope="col">Diagnosis</th></tr></thead><tbody>${
      s.diagnoses.slice(0, 15).map((d) =>
        `<tr data-kind="${escapeXml(d.kind)}"><td>${d.learners}</td><td>${
          escapeXml(d.exercise)
        }</td><td>${escapeXml(d.check)}</td><td>${escapeXml(d.text)}</td></tr>`
      ).join("")
    }</tbody></table>`
    : `<p>No diagnosis was recorded for any failed check.</p>`;

  const learnerRows = latest.map((e) => {
    const href = options.pageHref?.(e.learner);
    const name = href
      ? `<a href="${escapeXml(href)}">${escapeXml(e.learner)}</a>`
      : escapeXml(e.learner);
    if (!e.result) {
      return `<tr class="not-graded" data-learner="${
        escapeXml(e.learner)
      }"><th scope="row" data-sort="${
        escapeXml(e.learner)
      }">${name}</th><td data-sort="-1">—</td><td data-sort="-1">—</td>${
        ids.map(() => `<td data-sort="-1">—</td>`).join("")
      }<td>not graded: ${escapeXml(e.error ?? "")}</td></tr>`;
    }
    const t = totals(e.result);
    const byId = new Map(e.result.exercises.map((x) => [x.id, x]));
    const failed = e.result.exercises.flatMap((x) =>
      x.checks.filter((c) =>
        !c.optional && !c.passed
      )
    ).length;
    return `<tr data-learner="${
      escapeXml(e.learner)
    }"><th scope="row" data-sort="${
      escapeXml(e.learner)
    }">${name}</th><td data-sort="${t.required}" class="num">${t.required} / ${t.requiredMax}</td><td data-sort="${t.bonus}" class="num">${t.bonus} / ${t.bonusMax}</td>${
      ids.map((id) => {
        const x = byId.get(id);
        if (!x) return `<td data-sort="-1">—</td>`;
        const got = x.checks.filter((c) => !c.optional).reduce(
          (a, c) => a + c.score,
          0,
        );
        return `<td data-sort="${got}" class="num ${
          exercisePassed(x) ? "pass" : "fail"
        }">${got}/${x.maxScore}</td>`;
      }).join("")
    }<td>${failed === 0 ? "all required passed" : `${failed} required failed`}${
      e.status === "deadline" ? ", cut short by the time limit" : ""
    }</td></tr>`;
  }).join("");

  const body = `<header>
<h1>${escapeXml(title)} <span class="set">class overview</span></h1>
<p class="meta">${s.graded} learner${s.graded === 1 ? "" : "s"} graded${
    s.notGraded ? `, ${s.notGraded} not graded` : ""
  }${first ? ` · seed ${first.seed}` : ""}</p>
</header>
<main>
<section id="distribution"><h2>Required points</h2>
<figure>${hist.svg}<figcaption>${escapeXml(hist.summary)}</figcaption></figure>
</section>
<section id="learners"><h2>Learners</h2>
<table class="sortable learners"><thead><tr><th scope="col">Learner</th><th scope="col">Required</th><th scope="col">Bonus</th>${
    ids.map((id) => `<th scope="col">${escapeXml(id)}</th>`).join("")
  }<th scope="col">Status</th></tr></thead><tbody>${learnerRows}</tbody></table>
</section>
<section id="exercises"><h2>Exercises passed</h2>
<table class="shares exercises"><thead><tr><th scope="col">Exercise</th><th scope="col">Share of the class with every required check passed</th></tr></thead><tbody>${exerciseRows}</tbody></table>
<h3>Each check</h3>${checkSections}
</section>
<section id="diagnoses"><h2>Most frequent diagnoses</h2>${diagnoses}</section>
</main>
<script>${SORT_SCRIPT}</script>`;
  const hash = createHash("sha256").update(SORT_SCRIPT).digest("base64");
  return page(`${title} · class overview`, body, hash).replace(
    "</style>",
    `${CLASS_CSS}</style>`,
  );
}

const CLASS_CSS = `
.share{display:inline-block;width:160px;height:10px;background:#eee;vertical-align:middle;border-radius:2px}
.share .bar{display:block;height:100%;background:#1a7f37;border-radius:2px}
.of{color:var(--muted);font-size:.85em}
table.learners td.num{white-space:nowrap}
table.learners td.fail{color:var(--fail)}
th button{font:inherit;font-weight:600;border:0;background:none;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
details.checks-of{margin:.4em 0}
@media print{details.checks-of>summary{font-weight:bold}}
`;

/**
 * Writes the class overview of a gradebook to `htmlFile`, and each graded
 * learner's page to a folder beside it named after it (`class.html` →
 * `class/<learner>.html`), linked from the learners' table.
 *
 * @param entries The gradebook's entries.
 * @param htmlFile Where to write the overview.
 * @returns How many learner pages were written.
 *
 * @example
 * ```ts ignore
 * import { writeClassReport } from "./class_html.ts";
 * import { readEntries } from "../gradebook.ts";
 * await writeClassReport(await readEntries("gradebook.jsonl"), "class.html");
 * ```
 */
export async function writeClassReport(
  entries: GradebookEntry[],
  htmlFile: string,
): Promise<number> {
  const latest = latestEntries(entries);
  const folderName = basename(htmlFile, extname(htmlFile)) || "learners";
  const folder = join(dirname(htmlFile), folderName);
  const files = new Map<string, string>();
  const used = new Set<string>();
  for (const e of latest) {
    if (!e.result) continue;
    // A learner id becomes a file name: only safe characters, never a path.
    let name =
      e.learner.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") ||
      "_";
    while (used.has(name.toLowerCase())) name += "_";
    used.add(name.toLowerCase());
    files.set(e.learner, `${name}.html`);
  }
  if (files.size > 0) await Deno.mkdir(folder, { recursive: true });
  const back = { href: `../${basename(htmlFile)}`, text: "Class overview" };
  for (const e of latest) {
    const file = files.get(e.learner);
    if (!file || !e.result) continue;
    await Deno.writeTextFile(
      join(folder, file),
      renderHtml(e.result as GradeResult, { learner: e.learner, back }),
    );
  }
  await Deno.writeTextFile(
    htmlFile,
    renderClassOverview(latest, {
      pageHref: (learner) => {
        const file = files.get(learner);
        return file
          ? `${encodeURIComponent(folderName)}/${encodeURIComponent(file)}`
          : undefined;
      },
    }),
  );
  return files.size;
}
