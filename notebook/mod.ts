/**
 * dualgrade in a Jupyter notebook on Deno's kernel: `await check("03")` in
 * a check cell grades exercise 03 from the notebook's cells, exactly as the
 * command line grades a submitted notebook (`deno task grade file.ipynb`):
 * the same bundler, sandbox, checks and messages, because it runs that
 * command line, in its own process, on the notebook file.
 *
 * Where the cell code comes from: the notebook file as saved. The kernel
 * never sees other cells' source, and code that was run is not code that
 * can be re-run in a sandbox, while the saved file is what will be handed
 * in and is exactly what `jupyter nbconvert --execute` runs. So save before
 * running a check cell. The file is found by, in order: the `notebook`
 * option; `JPY_SESSION_NAME` (set by Jupyter Server for the notebook's
 * kernel); the `.ipynb` files in the kernel's working folder (the
 * notebook's folder) with a code cell tagged `exercise-<id>`, the most
 * recently saved first.
 *
 * The result displays as an HTML table in Jupyter (`check` displays it
 * through `Deno.jupyter.display`, which renders it by its
 * `Symbol.for("Jupyter.display")` method; outside the kernel nothing is
 * displayed and nothing throws) and as plain text elsewhere. A check never throws for unfinished or broken work: it shows 0
 * points and why.
 *
 * Checking needs dualgrade on the machine, imported from a file URL: map the
 * framework's URL to a local copy in the notebook folder's `deno.json`
 * (`"imports": { "https://…/dualgrade/v0.1.0/": "/path/to/dualgrade/" }`).
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  CheckResult,
  ExerciseResult,
  GradeResult,
} from "../grader/result.ts";
import { exercisePictures } from "../grader/report/pictures.ts";
import { formatTerminal } from "../grader/report/terminal.ts";

export type * from "../grader/result.ts";

/**
 * Options of {@linkcode check}.
 *
 * @example
 * ```ts
 * import type { CheckOptions } from "./mod.ts";
 * const options: CheckOptions = { notebook: "autograd.ipynb", seed: 42 };
 * ```
 */
export interface CheckOptions {
  /** The notebook file to grade; default found as the module documentation says. */
  notebook?: string;
  /** The seed for hidden points; default random, as on the command line. */
  seed?: number;
  /** The exercise set; default the notebook's `metadata.dualgrade.set`, else autograd. */
  set?: string;
  /** Type-check the cell (type errors inform, never cost points); default true. */
  typecheck?: boolean;
  /** Display the report in Jupyter (nothing happens outside the kernel); default true. */
  display?: boolean;
}

/**
 * What one check cell shows: the exercise's result, or why there is none.
 *
 * @example
 * ```ts
 * import { CheckReport } from "./mod.ts";
 * const report = new CheckReport("03", { problem: "No notebook found" });
 * console.log(report.score, report.toString()); // 0 "03: 0 points: No notebook found"
 * ```
 */
export class CheckReport {
  /** The exercise id. */
  readonly id: string;
  /** The exercise's result as the command line reports it, when grading ran. */
  readonly exercise?: ExerciseResult;
  /** The whole result (set, seed …), when grading ran. */
  readonly result?: GradeResult;
  /** Why there is no result, when grading could not run. */
  readonly problem?: string;
  /** The notebook graded. */
  readonly notebook?: string;
  /** When the graded notebook was last saved. */
  readonly savedAt?: Date;

  /**
   * A report: from a grading result, or a problem.
   *
   * @param id The exercise id.
   * @param from The result, or the problem, and the notebook graded.
   *
   * @example
   * ```ts
   * import { CheckReport } from "./mod.ts";
   * console.log(new CheckReport("01", { problem: "Not found" }).maxScore); // 0
   * ```
   */
  constructor(
    id: string,
    from: {
      result?: GradeResult;
      problem?: string;
      notebook?: string;
      savedAt?: Date;
    },
  ) {
    this.id = id;
    this.savedAt = from.savedAt;
    this.result = from.result;
    this.exercise = from.result?.exercises.find((e) => e.id === id);
    this.notebook = from.notebook;
    this.problem = from.problem ??
      (from.result && !this.exercise
        ? `Exercise ${id} was not graded`
        : undefined);
  }

  /** Which file was graded, and when it was saved. */
  #savedText(): string {
    const name = basename(this.notebook ?? "");
    return this.savedAt === undefined
      ? `${name} as saved`
      : `${name} as saved at ${this.savedAt.toTimeString().slice(0, 8)}`;
  }

  /** Points earned on required checks (0 when grading could not run); bonus points are in `bonus`. */
  get score(): number {
    return this.exercise?.score ?? 0;
  }

  /** Bonus points earned. */
  get bonus(): number {
    return this.exercise?.bonus ?? 0;
  }

  /** Points of the required checks. */
  get maxScore(): number {
    return this.exercise?.maxScore ?? 0;
  }

  /** Bonus points available. */
  get bonusMax(): number {
    return this.exercise?.bonusMax ?? 0;
  }

  /**
   * The report as plain text: the command line's table for this exercise.
   *
   * @returns The text.
   *
   * @example
   * ```ts
   * import { CheckReport } from "./mod.ts";
   * console.log(String(new CheckReport("02", { problem: "Save the notebook" })));
   * // "02: 0 points: Save the notebook"
   * ```
   */
  toString(): string {
    if (this.result === undefined || this.exercise === undefined) {
      return `${this.id}: 0 points: ${this.problem ?? "not graded"}`;
    }
    return formatTerminal(
      { ...this.result, exercises: [this.exercise], ...totals(this.exercise) },
      { color: false },
    ).trimEnd() + `\n${this.#savedText()}`;
  }

  /**
   * The report as the MIME bundle Jupyter displays: HTML, plain text, and
   * the numbers as `application/vnd.dualgrade.check+json`.
   *
   * @returns The bundle.
   *
   * @example
   * ```ts
   * import { CheckReport } from "./mod.ts";
   * const bundle = new CheckReport("02", { problem: "Not saved" }).toMimeBundle();
   * console.log(Object.keys(bundle)); // ["text/plain", "text/html", "application/vnd.dualgrade.check+json"]
   * ```
   */
  toMimeBundle(): Record<string, unknown> {
    return {
      "text/plain": this.toString(),
      "text/html": this.toHtml(),
      "application/vnd.dualgrade.check+json": {
        id: this.id,
        score: this.score,
        maxScore: this.maxScore,
        bonus: this.bonus,
        bonusMax: this.bonusMax,
        run: this.exercise?.run ?? null,
        problem: this.problem ?? null,
        seed: this.result?.seed ?? null,
      },
    };
  }

  /** Set when {@linkcode check} displayed the report itself: the kernel's display of the cell's value then shows nothing, once. */
  #shown = false;

  /**
   * What Deno's Jupyter kernel displays: {@linkcode CheckReport.toMimeBundle}
   * (nothing, once, right after {@linkcode check} displayed it).
   */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    if (this.#shown) {
      this.#shown = false;
      return {};
    }
    return this.toMimeBundle();
  }

  /**
   * Displays the report in Jupyter and waits until the kernel has sent it;
   * does nothing outside Deno's kernel.
   *
   * @returns Whether it was displayed.
   *
   * @example
   * ```ts
   * import { CheckReport } from "./mod.ts";
   * console.log(await new CheckReport("01", { problem: "x" }).display()); // false
   * ```
   */
  async display(): Promise<boolean> {
    try {
      // Outside the kernel, reading Deno.jupyter throws.
      const jupyter = (Deno as unknown as {
        jupyter?: { display?: (value: unknown) => Promise<void> };
      }).jupyter;
      if (typeof jupyter?.display !== "function") return false;
      await jupyter.display(this);
    } catch {
      return false;
    }
    this.#shown = true;
    return true;
  }

  /** Plain text in Deno's console (`console.log(report)`). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * The report as an HTML table: one row per check, with its points and message.
   *
   * @returns HTML.
   *
   * @example
   * ```ts
   * import { CheckReport } from "./mod.ts";
   * console.log(new CheckReport("02", { problem: "a < b" }).toHtml().includes("a &lt; b")); // true
   * ```
   */
  toHtml(): string {
    const ex = this.exercise;
    if (ex === undefined) {
      return `<div class="dualgrade-check"><strong>${
        esc(this.id)
      }: 0 points</strong><p style="color:#b00020">${
        esc(this.problem ?? "not graded")
      }</p></div>`;
    }
    const required = ex.score;
    const full = required >= ex.maxScore;
    const bonus = ex.bonusMax > 0 ? ` +${ex.bonus}/${ex.bonusMax} bonus` : "";
    const rows = ex.checks.map((c) => checkRow(c)).join("");
    const problems = ex.problems.map((p) =>
      `<p style="color:#b00020">${esc(p)}</p>`
    ).join("");
    const typeErrors = ex.typeErrors.map((t) =>
      `<li>type error ${esc(t.code)} at ${
        ex.cell === undefined ? "" : `cell ${ex.cell}, `
      }line ${t.line}:${t.column}: ${esc(t.message)}</li>`
    ).join("");
    const printed = (ex.output.stdout + ex.output.stderr).trim();
    return [
      `<div class="dualgrade-check">`,
      `<p><strong>${esc(ex.id)} · ${esc(ex.title)}</strong> — `,
      `<strong style="color:${
        full ? "#1b7f3b" : "#b00020"
      }">${required}/${ex.maxScore}${bonus}</strong>`,
      ex.cell === undefined ? "" : ` <small>(cell ${ex.cell})</small>`,
      `</p>`,
      problems,
      `<table><thead><tr><th></th><th style="text-align:left">check</th><th>points</th><th style="text-align:left">what to change</th></tr></thead>`,
      `<tbody>${rows}</tbody></table>`,
      typeErrors === "" ? "" : `<ul style="color:#8a6d00">${typeErrors}</ul>`,
      pictures(ex),
      printed === "" || ex.run !== "ok"
        ? ""
        : `<details><summary>printed</summary><pre>${
          esc(printed)
        }</pre></details>`,
      `<p><small>seed ${this.result?.seed} · ${
        esc(this.#savedText())
      }</small></p>`,
      `</div>`,
    ].join("");
  }
}

/**
 * The HTML report's pictures of an exercise (curves, heat maps), each an
 * image of its own SVG so that its styles stay inside it; failing ones
 * first, passing heat maps folded away.
 */
function pictures(ex: ExerciseResult): string {
  let list;
  try {
    list = exercisePictures(ex);
  } catch {
    return ""; // A picture never costs the report.
  }
  const figure = (p: { svg: string; summary: string }) =>
    `<figure style="display:inline-block;margin:4px"><img alt="${
      esc(p.summary)
    }" title="${esc(p.summary)}" src="data:image/svg+xml;base64,${
      base64(p.svg)
    }"></figure>`;
  const shown = list.filter((p) => p.kind === "curve" || p.failing);
  const folded = list.filter((p) => p.kind === "heatmap" && !p.failing);
  return [
    shown.length > 0 ? `<div>${shown.map(figure).join("")}</div>` : "",
    folded.length > 0
      ? `<details><summary>${folded.length} passing array value${
        folded.length === 1 ? "" : "s"
      }</summary>${folded.map(figure).join("")}</details>`
      : "",
  ].join("");
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function checkRow(c: CheckResult): string {
  const mark = c.passed
    ? `<span style="color:#1b7f3b">✓</span>`
    : c.optional
    ? `<span style="color:#8a6d00">–</span>`
    : `<span style="color:#b00020">✗</span>`;
  const tags = [
    c.optional ? "bonus" : "",
    c.visibility === "hidden" ? "hidden" : "",
  ]
    .filter(Boolean);
  return `<tr><td>${mark}</td><td>${esc(c.name)}${
    tags.length > 0 ? ` <small>(${tags.join(", ")})</small>` : ""
  }</td><td style="text-align:right">${c.score}/${c.points}</td><td>${
    c.passed ? "" : [
      esc(c.message),
      c.diagnosis
        ? `<br><strong>probably: ${esc(c.diagnosis.text)}</strong>`
        : "",
      c.hint ? `<br><small>hint: ${esc(c.hint)}</small>` : "",
    ].join("")
  }</td></tr>`;
}

function totals(ex: ExerciseResult) {
  return {
    score: ex.score,
    maxScore: ex.maxScore,
    bonus: ex.bonus,
    bonusMax: ex.bonusMax,
    passed: ex.checks.every((c) => c.optional || c.passed),
  };
}

/**
 * Grades exercise `id` from the notebook's cells, as saved, and returns a
 * report that Jupyter shows as a table. Never throws: when grading cannot
 * run, the report has 0 points and says why.
 *
 * @param id The exercise id, e.g. `"03"`.
 * @param options The notebook, the seed, the set.
 * @returns The report; its `score` and `maxScore` are the exercise's points.
 *
 * @example
 * ```ts
 * import { check } from "./mod.ts";
 * const report = await check("03", { notebook: "/nowhere/missing.ipynb" });
 * console.log(report.score, report.problem); // 0 "Cannot grade /nowhere/missing.ipynb: the notebook does not exist"
 * ```
 */
export async function check(
  id: string,
  options: CheckOptions = {},
): Promise<CheckReport> {
  let report: CheckReport;
  try {
    report = await checkOrThrow(String(id), options);
  } catch (error) {
    report = new CheckReport(String(id), {
      problem: `Cannot check: ${(error as Error)?.message ?? String(error)}`,
    });
  }
  // Deno's kernel (2.9) publishes a cell's value without waiting for it
  // (its `execute_result` can follow the cell's idle status, and front
  // ends then drop it: seen in about one cell in three), while a display
  // the cell awaited is sent before the cell ends.
  if (options.display !== false) await report.display();
  return report;
}

async function checkOrThrow(
  id: string,
  options: CheckOptions,
): Promise<CheckReport> {
  const here = new URL(import.meta.url);
  if (here.protocol !== "file:") {
    return new CheckReport(id, {
      problem:
        `Checking needs dualgrade on this machine, and it was imported from ${here.origin}: map the framework's URL to a local copy in deno.json beside the notebook ("imports": { "${
          new URL("../", here).href
        }": "/path/to/dualgrade/" }), then restart the kernel`,
    });
  }
  const found = await findNotebook(id, options.notebook);
  if ("problem" in found) return new CheckReport(id, found);
  const notebook = found.path;
  const root = fileURLToPath(new URL("../", here));
  const args = [
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-run",
    "--allow-sys",
    "--allow-net=127.0.0.1",
    "--no-prompt",
    join(root, "grader", "cli.ts"),
    notebook,
    "--only",
    id,
    "--json",
    "-",
  ];
  const set = options.set ?? await notebookSet(notebook);
  if (set !== undefined) args.push("--set", set);
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  if (options.typecheck === false) args.push("--no-typecheck");
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", GITHUB_ACTIONS: "" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr).trim();
  if (out.code === 2 || stdout.trim() === "") {
    const lines = stderr.split("\n").filter((l) =>
      l.trim() !== "" && !/^\S*(Task|Warning)|^[│╭╰]/.test(l)
    );
    return new CheckReport(id, {
      notebook,
      problem: lines.at(-1) ?? `the grader stopped with exit code ${out.code}`,
    });
  }
  const result = JSON.parse(stdout) as GradeResult;
  const savedAt = (await Deno.stat(notebook).catch(() => undefined))?.mtime ??
    undefined;
  return new CheckReport(id, { result, notebook, savedAt });
}

/** The notebook to grade, as the module documentation says, or why none. */
async function findNotebook(
  id: string,
  given: string | undefined,
): Promise<{ path: string } | { problem: string }> {
  if (given !== undefined) return { path: resolve(given) };
  const session = Deno.env.get("JPY_SESSION_NAME");
  if (session?.endsWith(".ipynb")) {
    const path = resolve(session);
    if (await isFile(path)) return { path };
  }
  const cwd = Deno.cwd();
  const candidates: { path: string; mtime: number }[] = [];
  for await (const e of Deno.readDir(cwd)) {
    if (!e.isFile || !e.name.endsWith(".ipynb")) continue;
    const path = join(cwd, e.name);
    const info = await Deno.stat(path);
    if (info.size > 32 * 1024 * 1024) continue;
    const text = await Deno.readTextFile(path).catch(() => "");
    if (!text.includes(`"exercise-${id}"`)) continue;
    candidates.push({ path, mtime: info.mtime?.getTime() ?? 0 });
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  if (candidates.length === 0) {
    return {
      problem:
        `No notebook in ${cwd} has a cell tagged exercise-${id}: save the notebook, or pass check("${id}", { notebook: "file.ipynb" })`,
    };
  }
  return { path: candidates[0].path };
}

async function notebookSet(path: string): Promise<string | undefined> {
  try {
    if ((await Deno.stat(path)).size > 32 * 1024 * 1024) return undefined;
    const json = JSON.parse(await Deno.readTextFile(path));
    const set = json?.metadata?.dualgrade?.set;
    return typeof set === "string" && /^[\w-]+$/.test(set) ? set : undefined;
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(
    />/g,
    "&gt;",
  ).replace(/"/g, "&quot;");
}
