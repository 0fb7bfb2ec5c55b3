import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
// An independent JUnit consumer (testbeats' parser, built on fast-xml-parser).
import { parse } from "npm:test-results-parser@0.4.6";
import { formatJUnit, junitOutcome } from "./junit.ts";

/** A small well-formedness check: balanced tags, quoted attributes, escaped text. */
function elements(
  xml: string,
): { name: string; attrs: Record<string, string>; text: string }[] {
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, "");
  const found: { name: string; attrs: Record<string, string>; text: string }[] =
    [];
  const stack: { name: string; start: number }[] = [];
  const tag = /<(\/?)([A-Za-z-]+)((?:\s+[A-Za-z-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tag)) {
    const between = body.slice(last, m.index);
    assert.doesNotMatch(between, /[<>]/, `stray markup: ${between}`);
    assert.doesNotMatch(
      between,
      /&(?!(amp|lt|gt|quot|#\d+);)/,
      `unescaped &: ${between}`,
    );
    last = m.index + m[0].length;
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z-]+)="([^"]*)"/g)) {
      attrs[a[1]] = a[2];
    }
    found.push({ name, attrs, text: "" });
    if (!selfClosing) stack.push({ name, start: last });
  }
  assert.equal(stack.length, 0, "unclosed elements");
  assert.equal(body.slice(last).trim(), "");
  return found;
}

Deno.test("junit: well-formed, one testcase per check, failures, errors and bonus counted", () => {
  const xml = formatJUnit(sampleResult(), { root: "/work" });
  const all = elements(xml);
  const suites = all.filter((e) => e.name === "testsuite");
  const cases = all.filter((e) => e.name === "testcase");
  assert.equal(suites.length, 2);
  assert.equal(cases.length, 6);
  // 01: squareGrad at 3 and the bonus check failed; 02 timed out: an error.
  assert.equal(all.filter((e) => e.name === "failure").length, 2);
  assert.equal(all.filter((e) => e.name === "error").length, 1);
  assert.equal(all.filter((e) => e.name === "skipped").length, 0);
  const root = all[0];
  assert.equal(root.name, "testsuites");
  assert.deepEqual(
    [
      root.attrs.tests,
      root.attrs.failures,
      root.attrs.errors,
      root.attrs.skipped,
    ],
    ["6", "2", "1", "0"],
  );
  assert.deepEqual(
    suites.map((s) => [s.attrs.tests, s.attrs.failures, s.attrs.errors]),
    [["5", "2", "0"], ["1", "0", "1"]],
  );
  assert.equal(cases[2].attrs.name, "squareGrad at 3");
  assert.equal(cases[2].attrs.classname, "mini.01");
  assert.equal(cases[2].attrs.line, "4");
  // Paths relative to the root given: the repository's.
  assert.deepEqual(
    [...new Set(cases.map((c) => c.attrs.file))],
    ["learner/01.ts", "learner/02.ts"],
  );
  assert.equal(suites[0].attrs.file, "learner/01.ts");
  assert.equal(formatJUnit(sampleResult()).match(/file="01\.ts"/g)?.length, 6);
});

/** The parser types metadata as `object`: its values are the properties'. */
function meta(o: object): Record<string, unknown> {
  return o as Record<string, unknown>;
}

Deno.test("junit: an independent parser (test-results-parser) counts every check, errors apart, bonus marked", async () => {
  const file = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    await Deno.writeTextFile(
      file,
      formatJUnit(sampleResult(), { root: "/work" }),
    );
    const parsed = parse({ type: "junit", files: [file] });
    // Nothing skipped, so the parser counts all six checks.
    assert.deepEqual(
      [
        parsed.total,
        parsed.passed,
        parsed.failed,
        parsed.errors,
        parsed.skipped,
      ],
      [6, 3, 2, 1, 0],
    );
    const cases = parsed.suites.flatMap((s) => s.cases);
    assert.deepEqual(
      cases.map((c) => [c.name, c.status, meta(c.metadata).bonus ?? false]),
      [
        ["square at 3", "PASS", false],
        ["square at hidden points", "PASS", false],
        ["squareGrad at 3", "FAIL", false],
        ["bonus one", "PASS", true],
        ["bonus two", "FAIL", true],
        ["answer | table", "FAIL", false],
      ],
    );
    assert.match(cases[4].failure, /^extra2: expected 2, got 3$/);
    assert.match(cases[5].failure, /^Stopped after 5000 ms/);
    assert.deepEqual(parsed.suites.map((s) => s.errors), [0, 1]);
    assert.deepEqual(
      parsed.suites.map((
        s,
      ) => [
        meta(s.metadata).score,
        meta(s.metadata).maxScore,
        meta(s.metadata).bonusScore,
      ]),
      [[3, 5, 1], [0, 3, 0]],
    );
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("junit: messages are escaped, control characters removed", () => {
  const xml = formatJUnit(sampleResult());
  assert.match(
    xml,
    /message="squareGrad\(3\) threw Error: bad &lt;input&gt; &amp; &quot;quotes&quot;,&#10;second line: 100%"/,
  );
  assert.match(
    xml,
    /<system-out>debug &lt;b&gt;�\[31mred�\[0m�\n<\/system-out>/,
  );
  assert.match(xml, /type="timeout"/);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(xml, /[\x00-\x08\x0b\x0c\x0e-\x1f]/);
});

Deno.test("junit: a module that did not run to its end makes errors, one that ran makes failures", () => {
  const table: [Parameters<typeof junitOutcome>[1], string][] = [
    ["ok", "failure"],
    ["missing", "failure"],
    ["bundle-error", "error"],
    ["import-error", "error"],
    ["exit", "error"],
    ["timeout", "error"],
    ["out-of-memory", "error"],
    ["output-limit", "error"],
    ["crashed", "error"],
  ];
  for (const [run, outcome] of table) {
    assert.equal(junitOutcome(false, run), outcome, run);
    assert.equal(junitOutcome(true, run), "passed", run);
  }
});
