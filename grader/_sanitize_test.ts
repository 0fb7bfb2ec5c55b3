import assert from "node:assert/strict";
import {
  cleanLine,
  cleanText,
  neutraliseWorkflowCommands,
} from "./_sanitize.ts";

Deno.test("sanitize: control characters become a visible, inert replacement; text, newlines and tabs stay", () => {
  const cases: [string, string][] = [
    ["\x1b[2J\x1b[1;32mTotal 40 of 40\x1b[0m", "�[2J�[1;32mTotal 40 of 40�[0m"],
    ["a\x1b]0;title\x07b", "a�]0;title�b"],
    ["a\x9b31mb", "a�31mb"],
    ["over\rwrite\x08\x00\x7f", "over�write���"],
    ["\u202eevil\u2066x\u2069", "�evil�x�"],
    ["keep\ttabs\nand lines", "keep\ttabs\nand lines"],
    ["é ✓ 日本", "é ✓ 日本"],
  ];
  for (const [input, expected] of cases) {
    assert.equal(cleanText(input), expected, JSON.stringify(input));
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(cleanText(input), /[\x1b\r\x9b]/);
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
