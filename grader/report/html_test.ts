import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import { markdownToHtml } from "./_markdown.ts";
import { texToMathml } from "./_tex.ts";
import { renderHtml, totals } from "./html.ts";
import {
  curvePicture,
  heatmapPicture,
  sampleStates,
  ticks,
} from "./pictures.ts";

const tol = { rtol: 1e-5, atol: 1e-8 };

Deno.test("the learner page escapes learner text, has no script and forbids every request", () => {
  const page = renderHtml(sampleResult());
  assert.doesNotMatch(page, /<script/i);
  assert.match(page, /default-src 'none'/);
  assert.match(page, /script-src 'none'/);
  assert.doesNotMatch(page, /<b>|<derivative>/);
  assert.match(page, /A square &amp; its &lt;derivative&gt;/);
  assert.match(page, /debug &lt;b&gt;/);
  assert.doesNotMatch(page, /\bsrc="|href="http/);
});

Deno.test("totals keep required and bonus points apart in both schema versions", () => {
  assert.deepEqual(
    totals({ version: 1, score: 5, maxScore: 5, bonus: 1, bonusMax: 2 }),
    {
      required: 4,
      requiredMax: 5,
      bonus: 1,
      bonusMax: 2,
    },
  );
  assert.deepEqual(
    totals({ version: 2, score: 4, maxScore: 5, bonus: 1, bonusMax: 2 })
      .required,
    4,
  );
});

Deno.test("TeX subset to MathML: fractions, scripts, Greek, functions, unknown commands shown", () => {
  const cases: [string, string][] = [
    ["x^2", "<msup><mi>x</mi><mn>2</mn></msup>"],
    ["x_{ij}", "<msub><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>"],
    ["3^z", "<msup><mn>3</mn><mi>z</mi></msup>"],
    ["x^23", "<mrow><msup><mi>x</mi><mn>2</mn></msup><mn>3</mn></mrow>"],
    [
      "\\frac{a}{b}",
      "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>",
    ],
    ["\\alpha \\cdot \\partial", "<mrow><mi>α</mi><mo>⋅</mo><mi>∂</mi></mrow>"],
    [
      "\\ln(x)",
      '<mrow><mi mathvariant="normal">ln</mi><mo>(</mo><mi>x</mi><mo>)</mo></mrow>',
    ],
    ["a - b", "<mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow>"],
    ["\\foo", "<merror><mtext>\\foo</mtext></merror>"],
    ["a < b", "<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>"],
  ];
  for (const [tex, body] of cases) {
    assert.equal(
      texToMathml(tex),
      `<math alttext="${tex.replace("<", "&lt;")}">${body}</math>`,
      tex,
    );
  }
  assert.match(texToMathml("\\frac{df}{dx}", true), /^<math display="block"/);
});

Deno.test("Markdown subset: headings, code, display math, lists, emphasis; raw HTML is text", () => {
  const html = markdownToHtml(
    "#### 1. Do it\n\nSome **bold `a*b`** and *it* text <b>x</b>.\n\n$$\nf(x) = x^2\n$$\n\n- one\n- two $y$\n\n```ts\nconst a = 1 < 2;\n```",
  );
  assert.match(html, /<h6>1\. Do it<\/h6>/);
  assert.match(
    html,
    /<strong>bold <code>a\*b<\/code><\/strong> and <em>it<\/em> text &lt;b&gt;x&lt;\/b&gt;\./,
  );
  assert.match(html, /<math display="block" alttext="f\(x\) = x\^2">/);
  assert.match(
    html,
    /<ul><li>one<\/li><li>two <math alttext="y"><mi>y<\/mi><\/math><\/li><\/ul>/,
  );
  assert.match(html, /<pre><code>const a = 1 &lt; 2;<\/code><\/pre>/);
});

Deno.test("sample states: close, differs, and either side not finite", () => {
  assert.deepEqual(
    sampleStates({
      expected: [1, 1, "NaN", 1, 1, null],
      got: [1 + 1e-9, 2, "NaN", "Infinity", null, 1],
      tolerance: tol,
    }),
    [
      "close",
      "differs",
      "reference-nonfinite",
      "learner-nonfinite",
      "no-value",
      "reference-nonfinite",
    ],
  );
});

Deno.test("a curve has one point per finite sample, a region per non-finite run, and probe marks", () => {
  const x = [-3, -2, -1, 0, 1, 2, 3];
  const pic = curvePicture({
    export: "g",
    domain: [-2, 2],
    x,
    expected: ["NaN", "NaN", 1, 2, 3, 4, 5],
    got: [0, "NaN", 1, 2, 3, 5, 6],
    tolerance: tol,
    note: "",
  }, [
    { x: 0, expected: 2, got: 2, passed: true, check: "g at 0" },
    { x: 2, expected: 4, got: 5, passed: false, check: "g at 2" },
  ], 1);
  const points = (cls: string) =>
    [...pic.svg.matchAll(
      new RegExp(`class="curve ${cls}" points="([^"]*)"`, "g"),
    )]
      .map((m) => m[1].split(" ").length);
  assert.deepEqual(points("curve-expected"), [5]);
  // The learner's NaN at -2 splits their curve in two.
  assert.deepEqual(points("curve-got"), [1, 5]);
  assert.equal(pic.svg.match(/region-reference-nonfinite/g)?.length, 1);
  assert.equal(pic.svg.match(/region-differs/g)?.length, 1);
  assert.equal(pic.svg.match(/class="probe probe-pass"/g)?.length, 1);
  assert.equal(pic.svg.match(/class="probe probe-fail"/g)?.length, 1);
  assert.match(
    pic.summary,
    /differs beyond the tolerance at 2 of 7 points: x from 2 to 3/,
  );
  assert.match(
    pic.summary,
    /the reference is NaN or infinite at x from −3 to −2/,
  );
  assert.match(pic.summary, /x = 2: expected 4, got 5/);
  assert.match(pic.summary, /1 hidden probes failed/);
});

Deno.test("heat maps: a shape mismatch draws both shapes; nested gradients get one map each", () => {
  const mismatch = heatmapPicture(
    { $tensor: [2, 3], data: [1, 2, 3, 4, 5, 6] },
    { $tensor: [3, 2], data: [1, 2, 3, 4, 5, 6] },
    tol,
    "dW",
  );
  assert.equal(mismatch.svg.match(/class="shape-expected"/g)?.length, 6);
  assert.equal(mismatch.svg.match(/class="shape-got"/g)?.length, 6);
  assert.match(
    mismatch.summary,
    /dW: expected shape \(2, 3\), got shape \(3, 2\)/,
  );
  const nested = heatmapPicture(
    [{ $tensor: [2], data: [1, 2] }, { $tensor: [1, 2], data: [3, 4] }],
    [{ $tensor: [2], data: [1, 2] }, {
      $tensor: [1, 2],
      data: [3, { $number: "NaN" } as never],
    }],
    tol,
    "g",
  );
  assert.match(
    nested.summary,
    /g\[0\]: all 2 elements within the tolerance; g\[1\]: 1 of 2 elements outside/,
  );
  assert.match(nested.summary, /\[0, 1\]: expected 4, got NaN/);
});

Deno.test("ticks are round numbers covering the range", () => {
  assert.deepEqual(ticks(-32, 52), [-20, 0, 20, 40]);
  assert.deepEqual(ticks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

Deno.test("grade --html and --batch --html-dir write self-contained pages with plots", async () => {
  const { main } = await import("../cli.ts");
  const { batchMain } = await import("../batch.ts");
  const { CLASS, learnerCopy } = await import(
    "../testdata/pictures/learners.ts"
  );
  const tmp = await Deno.makeTempDir();
  try {
    const dee = await learnerCopy(`${tmp}/class`, "dee", CLASS.dee);
    await learnerCopy(`${tmp}/class`, "ada", CLASS.ada);
    const quiet = {
      stdout: () => {},
      stderr: () => {},
      isTerminal: false,
      env: () => undefined,
    };
    const code = await main(
      [
        dee,
        "--only",
        "01",
        "--seed",
        "1",
        "--no-typecheck",
        "--html",
        `${tmp}/dee.html`,
      ],
      quiet,
    );
    assert.equal(code, 0);
    const page = await Deno.readTextFile(`${tmp}/dee.html`);
    assert.match(page, /^<!doctype html>/);
    // f and fGrad are sampled: two curves, both showing dee's shift by one.
    assert.equal(page.match(/<svg[^>]*class="picture curve"/g)?.length, 2);
    assert.match(
      page,
      /f: your values and the reference&#39;s at 121 points[^<]*differs beyond the tolerance at 121 of 121/,
    );
    assert.equal(
      await batchMain(
        [
          "--batch",
          `${tmp}/class`,
          "--gradebook",
          `${tmp}/gb`,
          "--only",
          "01",
          "--seed",
          "1",
          "--html-dir",
          `${tmp}/pages`,
        ],
        quiet,
      ),
      0,
    );
    const pages = (await Array.fromAsync(Deno.readDir(`${tmp}/pages`))).map((
      e,
    ) => e.name).sort();
    assert.deepEqual(pages, ["ada.html", "dee.html"]);
    assert.match(
      await Deno.readTextFile(`${tmp}/pages/ada.html`),
      /matches within the tolerance everywhere/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("class report: learner ids become safe file names, never paths; the latest entry of each learner counts", async () => {
  const { writeClassReport } = await import("./class_html.ts");
  const tmp = await Deno.makeTempDir();
  try {
    const result = sampleResult();
    const entry = (learner: string, score: number) => ({
      version: 2,
      learner,
      hash: "h",
      set: "mini",
      seed: 42,
      status: "graded" as const,
      score,
      maxScore: 8,
      bonus: 1,
      points: {},
      result: { ...result, score },
      gradedAt: "",
    });
    const n = await writeClassReport(
      [entry("../evil", 1), entry("a<b>", 2), entry("a<b>", 3)],
      `${tmp}/class.html`,
    );
    assert.equal(n, 2);
    const names = (await Array.fromAsync(Deno.readDir(`${tmp}/class`))).map((
      e,
    ) => e.name).sort();
    assert.deepEqual(names, ["__evil.html", "a_b_.html"]);
    const html = await Deno.readTextFile(`${tmp}/class.html`);
    assert.match(html, /<a href="class\/__evil.html">\.\.\/evil<\/a>/);
    assert.match(html, /a&lt;b&gt;/);
    // The later line of a<b> wins: 3 points, not 2.
    assert.match(
      html,
      /data-learner="a&lt;b&gt;"><th[^>]*>.*?<\/th><td data-sort="3"/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("the GitHub job summary carries a failing curve's text form: where it differs, in one line", async () => {
  const { githubSummary } = await import("./github.ts");
  const result = sampleResult();
  const ex = result.exercises[0];
  const x = Array.from({ length: 11 }, (_, i) => i);
  ex.samples = [{
    export: "square",
    domain: [0, 10],
    x,
    expected: x.map((v) => v * v),
    // Wrong only from x = 6 on, and NaN at 10.
    got: x.map((v) => (v === 10 ? "NaN" : v >= 6 ? v * v + 1 : v * v)),
    tolerance: tol,
    note: "",
  }];
  const summary = githubSummary(result);
  assert.match(
    summary,
    /- 📈 square: your values and the reference's at 11 points/,
  );
  assert.match(
    summary,
    /differs beyond the tolerance at 4 of 11 points: x from 6 to 9/,
  );
  assert.ok(summary.includes("\n  `x = 0 ······✗✗✗✗! 10`\n"));
});
