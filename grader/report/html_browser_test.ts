/**
 * The HTML reports in a real headless Chromium: pages open with no request
 * but their own, the DOM holds the right curves, marks and totals, they read
 * with JavaScript off and print, and screenshots are saved under
 * `.test-output/html/` (with UPDATE_SCREENSHOTS=1 also into `docs/images/`,
 * the README's pictures).
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gradeSubmission } from "../grade.ts";
import type { GradeResult } from "../result.ts";
import { CLASS, learnerCopy } from "../testdata/pictures/learners.ts";
import { Browser, findChromium, type Page } from "./_chromium.ts";
import { renderHtml } from "./html.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const output = Deno.env.get("DUALGRADE_TEST_OUTPUT") ??
  join(repo, ".test-output", "html");

async function saveScreenshot(
  page: Page,
  name: string,
  selector?: string,
  maxHeight?: number,
) {
  const png = await page.screenshot(selector, maxHeight);
  // A PNG starts with its 8-byte signature.
  assert.deepEqual([...png.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  await Deno.mkdir(output, { recursive: true });
  await Deno.writeFile(join(output, name), png);
  // The README shows these; the full page stays in the output folder only.
  if (
    Deno.env.get("UPDATE_SCREENSHOTS") === "1" && !name.endsWith("-full.png")
  ) {
    await Deno.mkdir(join(repo, "docs", "images"), { recursive: true });
    await Deno.writeFile(join(repo, "docs", "images", name), png);
  }
}

interface Graded {
  tmp: string;
  results: Map<string, GradeResult>;
}

async function gradeClass(names: string[]): Promise<Graded> {
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-html-" });
  const results = new Map<string, GradeResult>();
  for (const name of names) {
    const dir = await learnerCopy(join(tmp, "class"), name, CLASS[name]);
    results.set(
      name,
      await gradeSubmission(dir, { seed: 11, typecheck: false }),
    );
  }
  return { tmp, results };
}

Deno.test("learner page in Chromium: curves, marks and totals; no request; reads without JavaScript; prints", async () => {
  assert.ok(
    findChromium(),
    "Chromium is needed for the HTML report tests: apt-get install chromium",
  );
  const { tmp, results } = await gradeClass(["ben", "cy"]);
  const browser = await Browser.launch();
  try {
    const ben = results.get("ben")!;
    const file = join(tmp, "ben.html");
    await Deno.writeTextFile(file, renderHtml(ben, { learner: "ben" }));
    const url = `file://${file}`;
    const page = await browser.open(url);

    // No request but the page itself.
    assert.deepEqual(page.requests, [url]);
    assert.deepEqual(page.errors, []);

    // Totals: ben's only mistake is f3 in exercise 03, which its four f3 checks catch.
    const ex03 = ben.exercises.find((e) => e.id === "03")!;
    const f3Points = ex03.checks.filter((c) => c.name.startsWith("f3"))
      .reduce((a, c) => a + c.points, 0);
    const requiredMax = ben.exercises.flatMap((e) => e.checks)
      .filter((c) => !c.optional).reduce((a, c) => a + c.points, 0);
    const bonusMax = ben.exercises.flatMap((e) => e.checks)
      .filter((c) => c.optional).reduce((a, c) => a + c.points, 0);
    const totals = await page.evaluate<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll("[data-total]")].map((e) => [e.dataset.total, e.textContent]))`,
    );
    assert.deepEqual(totals, {
      required: String(requiredMax - f3Points),
      "required-max": String(requiredMax),
      bonus: String(bonusMax),
      "bonus-max": String(bonusMax),
    });
    const failedRows = await page.evaluate<string[]>(
      `[...document.querySelectorAll("tr.check.fail")].map((r) => r.dataset.check)`,
    );
    assert.deepEqual(
      failedRows,
      ex03.checks.filter((c) => c.name.startsWith("f3")).map((c) => c.name),
    );

    // Curves: one point per finite sample, for each sampled export.
    const curves = await page.evaluate<
      { exercise: string; export: string; got: number; expected: number }[]
    >(`[...document.querySelectorAll("svg.curve")].map((svg) => {
      const count = (cls) => [...svg.querySelectorAll("polyline." + cls)]
        .reduce((n, p) => n + p.points.numberOfItems, 0);
      return { exercise: svg.closest("section").dataset.exercise, export: svg.dataset.export,
        got: count("curve-got"), expected: count("curve-expected") };
    })`);
    const finite = (v: unknown) => typeof v === "number";
    assert.deepEqual(
      curves,
      ben.exercises.flatMap((e) =>
        (e.samples ?? []).map((s) => ({
          exercise: e.id,
          export: s.export,
          got: s.got.filter(finite).length,
          expected: s.expected.filter(finite).length,
        }))
      ),
    );
    // ln(2 + x) is NaN left of -2: the reference's f3 curve stops there, and the region is shaded.
    const f3 = ex03.samples!.find((s) => s.export === "f3")!;
    assert.ok(f3.x.filter((x) => x < -2).length > 0);
    assert.equal(
      curves.find((c) => c.export === "f3")!.expected,
      f3.x.filter((x) => x > -2).length,
    );
    const f3Svg = `svg.curve[data-export="f3"]`;
    assert.equal(
      await page.evaluate(
        `document.querySelectorAll('${f3Svg} .region-reference-nonfinite').length`,
      ),
      1,
    );
    assert.ok(
      await page.evaluate<number>(
        `document.querySelectorAll('${f3Svg} .region-differs').length`,
      ) >= 1,
    );

    // Probes: the visible f3 and f3Grad probes at -0.5 failed; f1, f1Grad, f2, f2Grad's passed.
    const marks = await page.evaluate<Record<string, string[]>>(
      `Object.fromEntries([...document.querySelectorAll("#ex-03 svg.curve")].map((svg) =>
        [svg.dataset.export, [...svg.querySelectorAll(".probe")].map((g) => g.classList[1] + "@" + g.dataset.x)]))`,
    );
    assert.deepEqual(marks, {
      f1: ["probe-pass@7"],
      f1Grad: ["probe-pass@7"],
      f2: ["probe-pass@3.5"],
      f2Grad: ["probe-pass@3.5"],
      f3: ["probe-fail@-0.5"],
      f3Grad: ["probe-fail@-0.5"],
    });
    // Every picture has a text alternative with its numbers.
    const alts = await page.evaluate<string[]>(
      `[...document.querySelectorAll("svg.picture")].map((s) => s.getAttribute("aria-label") + " | " + s.closest("figure").querySelector("figcaption").textContent)`,
    );
    assert.ok(alts.length >= 10);
    const f3Alt = alts.find((a) => a.startsWith("f3:"))!;
    assert.match(f3Alt, /differs beyond the tolerance/);
    assert.match(f3Alt, /x = -0\.5: expected 1\.17561626/);

    // The prompt's math is MathML that the browser lays out.
    const fraction = await page.evaluate<number>(
      `(() => { const m = document.querySelector("#ex-01 .prompt-body mfrac");
        m.closest("details").open = true; return m.getBoundingClientRect().height; })()`,
    );
    assert.ok(fraction > 10, `the fraction is ${fraction}px high`);
    await page.evaluate(
      `document.querySelector("#ex-01 details.prompt").open = false`,
    );

    await saveScreenshot(page, "learner-page-full.png");
    await saveScreenshot(page, "learner-page.png", undefined, 1000);
    await saveScreenshot(page, "learner-page-03.png", "#ex-03");

    // Printing: the navigation is left out, and a PDF comes out.
    await page.send("Emulation.setEmulatedMedia", { media: "print" });
    assert.equal(
      await page.evaluate(
        `getComputedStyle(document.querySelector("nav")).display`,
      ),
      "none",
    );
    const pdf = await page.pdf();
    assert.equal(new TextDecoder().decode(pdf.slice(0, 5)), "%PDF-");
    await page.close();

    // JavaScript off: the same page reads the same.
    const still = await browser.open(url, { javascript: false });
    assert.equal(
      await still.evaluate(
        `document.querySelector('[data-total="required"]').textContent`,
      ),
      String(requiredMax - f3Points),
    );
    assert.equal(await still.evaluate(`document.scripts.length`), 0);
    assert.deepEqual(still.requests, [url]);
    await still.close();

    // Heat maps: cy doubled exercise 06's gradient, so every non-zero
    // element of the reference's is outside the tolerance.
    const reference06 = await import("../../solutions/autograd/06.ts");
    const nonZero = reference06.f1Grad([reference06.W, reference06.V])
      .flatMap((t) => [...t.data]).filter((v) => v !== 0).length;
    const cy = results.get("cy")!;
    const cyFile = join(tmp, "cy.html");
    await Deno.writeTextFile(cyFile, renderHtml(cy, { learner: "cy" }));
    const cyPage = await browser.open(`file://${cyFile}`);
    const outlined = await cyPage.evaluate<Record<string, number>>(
      `(() => { const out = {}; for (const r of document.querySelectorAll("#ex-06 .heatmaps:not(.passing) rect.cell-fail"))
        out[r.dataset.kind] = (out[r.dataset.kind] ?? 0) + 1; return out; })()`,
    );
    assert.deepEqual(outlined, { got: nonZero, difference: nonZero });
    // The diagnosis is shown under the failing check.
    assert.match(
      await cyPage.evaluate<string>(
        `document.querySelector('#ex-06 tr.check.fail[data-check="f1Grad at [W, V]"] .diagnosis').textContent`,
      ),
      /^Probably: 2 times the expected value/,
    );
    await saveScreenshot(
      cyPage,
      "learner-heatmap.png",
      "#ex-06 .pictures.heatmaps",
    );
    assert.deepEqual(cyPage.requests, [`file://${cyFile}`]);
    await cyPage.close();
  } finally {
    await browser.close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("class overview in Chromium: distribution, shares, sortable learners' table, links to their pages; no request", async () => {
  assert.ok(findChromium(), "Chromium is needed: apt-get install chromium");
  const { batchMain } = await import("../batch.ts");
  const { gradebookMain } = await import("../gradebook.ts");
  const { loadExerciseSet } = await import("../../exercises/sets.ts");
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-class-" });
  const browser = await Browser.launch();
  try {
    for (const [name, edit] of Object.entries(CLASS)) {
      await learnerCopy(join(tmp, "class"), name, edit);
    }
    const quiet = { stdout: () => {}, stderr: () => {}, isTerminal: false };
    assert.equal(
      await batchMain(
        [
          "--batch",
          join(tmp, "class"),
          "--gradebook",
          join(tmp, "gb"),
          "--seed",
          "11",
        ],
        quiet,
      ),
      0,
    );
    const overview = join(tmp, "out", "class.html");
    await Deno.mkdir(join(tmp, "out"));
    assert.equal(
      await gradebookMain(
        ["report", join(tmp, "gb.jsonl"), "--html", overview],
        () => {},
      ),
      0,
    );

    // The oracle, from the exercise definitions and each learner's mistake:
    // which checks fail, hence each learner's required points.
    const set = loadExerciseSet("autograd");
    const ex = (id: string) => set.exercises.find((e) => e.id === id)!;
    const requiredOf = (checks: { points: number; optional?: boolean }[]) =>
      checks.filter((c) => !c.optional).reduce((a, c) => a + c.points, 0);
    const max = requiredOf(set.exercises.flatMap((e) => e.checks));
    const failing: Record<string, { points: number; optional?: boolean }[]> = {
      ada: [],
      ben: ex("03").checks.filter((c) =>
        "export" in c && c.export.startsWith("f3")
      ),
      cy: ex("06").checks.filter((c) => "export" in c && c.export === "f1Grad"),
      dee: ex("01").checks,
      eve: ex("02").checks,
      fay: ex("02").checks,
    };
    const expected = Object.fromEntries(
      Object.entries(failing).map((
        [l, checks],
      ) => [l, max - requiredOf(checks)]),
    );

    const url = `file://${overview}`;
    const page = await browser.open(url);
    assert.deepEqual(page.requests, [url]);
    assert.deepEqual(page.errors, []);

    // The distribution: one bar per distinct total, counts as in the oracle.
    const bars = await page.evaluate<Record<string, number>>(
      `Object.fromEntries([...document.querySelectorAll("svg.histogram rect.bar")].map((b) => [b.dataset.score, Number(b.dataset.count)]))`,
    );
    const counts: Record<string, number> = {};
    for (const s of Object.values(expected)) counts[s] = (counts[s] ?? 0) + 1;
    assert.deepEqual(bars, counts);

    // Shares: ben alone failed f3 at -0.5; cy alone f1Grad; nobody W.
    const share = (exercise: string, check: string) =>
      page.evaluate<[string, string]>(
        `(() => { const r = document.querySelector('tr[data-exercise="${exercise}"][data-check="${check}"]'); return [r.dataset.passed, r.dataset.of]; })()`,
      );
    const n = Object.keys(CLASS).length;
    assert.deepEqual(await share("03", "f3 at -0.5"), [`${n - 1}`, `${n}`]);
    assert.deepEqual(await share("06", "f1Grad at [W, V]"), [
      `${n - 1}`,
      `${n}`,
    ]);
    assert.deepEqual(await share("06", "W"), [`${n}`, `${n}`]);

    // Sorting by the required column, both ways, with the script the CSP allows.
    const column = () =>
      page.evaluate<number[]>(
        `[...document.querySelectorAll("table.learners tbody tr")].map((r) => Number(r.cells[1].dataset.sort))`,
      );
    const learners = () =>
      page.evaluate<string[]>(
        `[...document.querySelectorAll("table.learners tbody tr")].map((r) => r.dataset.learner)`,
      );
    assert.deepEqual(await learners(), Object.keys(CLASS).sort());

    // The most frequent diagnoses: as the learners' results say, counted per check.
    const { readEntries } = await import("../gradebook.ts");
    const tally = new Map<string, number>();
    for (const e of await readEntries(join(tmp, "gb.jsonl"))) {
      for (const x of e.result!.exercises) {
        for (const c of x.checks) {
          if (c.passed || !c.diagnosis) continue;
          const key = `${c.diagnosis.kind} ${x.id} ${c.name}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      }
    }
    assert.ok(tally.size >= 2, "cy and fay's mistakes are diagnosed");
    const shown = await page.evaluate<[string, number][]>(
      `[...document.querySelectorAll("table.diagnoses tbody tr")].map((r) =>
        [r.dataset.kind + " " + r.cells[1].textContent + " " + r.cells[2].textContent, Number(r.cells[0].textContent)])`,
    );
    assert.deepEqual(new Map(shown), tally);
    const sorted = Object.values(expected).sort((a, b) => a - b);
    await page.evaluate(
      `document.querySelectorAll("table.learners thead th")[1].querySelector("button").click()`,
    );
    assert.deepEqual(await column(), sorted);
    await page.evaluate(
      `document.querySelectorAll("table.learners thead th")[1].querySelector("button").click()`,
    );
    assert.deepEqual(await column(), [...sorted].reverse());
    assert.equal(
      await page.evaluate(
        `document.querySelectorAll("table.learners thead th")[1].getAttribute("aria-sort")`,
      ),
      "descending",
    );
    await page.evaluate(
      `document.querySelectorAll("table.learners thead th")[0].querySelector("button").click()`,
    );
    await saveScreenshot(page, "class-overview.png", undefined, 1100);
    await page.close();

    // JavaScript off: the table reads in learner order, with no buttons, and links to each page.
    const still = await browser.open(url, { javascript: false });
    const rows = await still.evaluate<
      { learner: string; required: string; href: string }[]
    >(
      `[...document.querySelectorAll("table.learners tbody tr")].map((r) => ({ learner: r.dataset.learner, required: r.cells[1].textContent, href: r.querySelector("a").href }))`,
    );
    assert.deepEqual(
      rows.map((r) => [r.learner, r.required]),
      Object.entries(expected).map(([l, s]) => [l, `${s} / ${max}`]),
    );
    assert.equal(
      await still.evaluate(`document.querySelectorAll("th button").length`),
      0,
    );
    // Follow ben's link: his page, with its own totals, and still no other request.
    const ben = rows.find((r) => r.learner === "ben")!.href;
    await still.navigate(ben);
    assert.equal(
      await still.evaluate(
        `document.querySelector('[data-total="required"]').textContent`,
      ),
      String(expected.ben),
    );
    assert.deepEqual(still.requests, [url, ben]);
    await still.close();
  } finally {
    await browser.close();
    await Deno.remove(tmp, { recursive: true });
  }
});
