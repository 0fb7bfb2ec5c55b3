import assert from "node:assert/strict";
import { MAX_JSONC_DEPTH, parseJsonc } from "./_jsonc.ts";

Deno.test("jsonc: comments, trailing commas and escapes, compared with JSON.parse of the same data", () => {
  const text = `{
    // a line comment with "quotes" and /* inside
    "imports": { "dualgrade": "https://example.com/dualgrade/mod.ts", }, /* block */
    "list": [1, -2.5e3, true, false, null, "a//b", "c/*d*/", "\\u00e9\\n\\"",],
  }`;
  // Objects come with no prototype (a "__proto__" key is just a key).
  assert.equal(
    JSON.stringify(parseJsonc(text)),
    JSON.stringify(JSON.parse(`{
      "imports": { "dualgrade": "https://example.com/dualgrade/mod.ts" },
      "list": [1, -2.5e3, true, false, null, "a//b", "c/*d*/", "\\u00e9\\n\\""]
    }`)),
  );
});

Deno.test("jsonc: errors name the offset; nesting is capped", () => {
  assert.throws(
    () => parseJsonc(`{"a": 1 "b": 2}`),
    /offset 8: expected a comma or }/,
  );
  assert.throws(
    () => parseJsonc("/* ".repeat(1000)),
    /a comment is not closed/,
  );
  assert.throws(
    () => parseJsonc(`{"a": 1} x`),
    /unexpected text after the value/,
  );
  const deep = "[".repeat(MAX_JSONC_DEPTH + 2) +
    "]".repeat(MAX_JSONC_DEPTH + 2);
  assert.throws(() => parseJsonc(deep), /nested too deeply/);
  const ok = "[".repeat(MAX_JSONC_DEPTH) + "]".repeat(MAX_JSONC_DEPTH);
  assert.equal(JSON.stringify(parseJsonc(ok)), ok);
});

Deno.test("jsonc: a megabyte of comment openers is read in one pass", () => {
  // Each "/* " is looked for once: the unclosed comment is found at the first.
  assert.throws(
    () => parseJsonc("/* ".repeat(350_000)),
    /^SyntaxError: Invalid JSONC at offset 0: a comment is not closed$/,
  );
  const spaced = "// x\n".repeat(200_000) + "{}";
  assert.equal(JSON.stringify(parseJsonc(spaced)), "{}");
});
