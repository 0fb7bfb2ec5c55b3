import assert from "node:assert/strict";
import {
  cleanLine,
  cleanText,
  neutraliseWorkflowCommands,
} from "./_sanitize.ts";

Deno.test("sanitize: escapes and controls are removed, text and newlines kept", () => {
  const cases: [string, string][] = [
    ["\x1b[2J\x1b[H\x1b[1;32mTotal 40 of 40\x1b[0m", "Total 40 of 40"],
    ["a\x1b]0;title\x07b", "ab"],
    ["a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"],
    ["a\x9b31mb", "ab"],
    ["a\x1bcb", "ab"],
    ["a\x1b(Bb", "ab"],
    ["over\rwrite\x08\x00\x7f", "overwrite"],
    ["\u202eevil\u2066x\u2069", "evilx"],
    ["keep\ttabs\nand lines", "keep\ttabs\nand lines"],
    ["é ✓ 日本", "é ✓ 日本"],
  ];
  for (const [input, expected] of cases) {
    assert.equal(cleanText(input), expected, JSON.stringify(input));
  }
  assert.equal(cleanLine("a.ts\n::error::x\tb"), "a.ts ::error::x b");
});

Deno.test("sanitize: workflow commands are neutralised, visible text unchanged", () => {
  const text = [
    "::stop-commands::abc",
    "  ::error file=a.ts::forged",
    "fine :: in the middle",
    "old form ##[error]forged and ##[set-output name=x]y",
  ].join("\n");
  const out = neutraliseWorkflowCommands(text);
  assert.doesNotMatch(out, /^\s*::/m);
  assert.doesNotMatch(out, /##\[/);
  assert.match(out, /fine :: in the middle/);
  assert.equal(out.replaceAll("\u200b", ""), text);
});

Deno.test("sanitize: a megabyte of escape openers is cleaned in one pass", () => {
  // A terminal would take "o" as the last escape's final byte too.
  const hostile = "\x1b]".repeat(300_000) + "\x1b[".repeat(300_000) + "\nok";
  assert.equal(cleanText(hostile), "\nok");
});
