import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import { formatJUnit } from "./junit.ts";

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

Deno.test("junit: well-formed, one testcase per check, failures and skips counted", () => {
  const xml = formatJUnit(sampleResult());
  const all = elements(xml);
  const suites = all.filter((e) => e.name === "testsuite");
  const cases = all.filter((e) => e.name === "testcase");
  assert.equal(suites.length, 2);
  assert.equal(cases.length, 6);
  assert.equal(all.filter((e) => e.name === "failure").length, 2);
  assert.equal(all.filter((e) => e.name === "skipped").length, 1);
  const root = all[0];
  assert.equal(root.name, "testsuites");
  assert.deepEqual(
    [root.attrs.tests, root.attrs.failures, root.attrs.skipped],
    ["6", "2", "1"],
  );
  assert.deepEqual(suites.map((s) => [s.attrs.tests, s.attrs.failures]), [[
    "5",
    "1",
  ], ["1", "1"]]);
  assert.equal(cases[2].attrs.name, "squareGrad at 3");
  assert.equal(cases[2].attrs.classname, "mini.01");
  assert.equal(cases[2].attrs.line, "4");
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
