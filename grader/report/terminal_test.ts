import assert from "node:assert/strict";
import { sampleResult } from "../testdata/sample_result.ts";
import { formatTerminal, shouldColor } from "./terminal.ts";

Deno.test("terminal: a table per exercise, each check with points and message, and a total", () => {
  const text = formatTerminal(sampleResult(), { color: false });
  assert.match(
    text,
    /^dualgrade · Mini \(mini\) · \/work\/learner · seed 42\n/,
  );
  assert.match(
    text,
    /\n01 {2}A square & its <derivative> +3\/5 \+1\/2 bonus\n/,
  );
  assert.match(text, /\n {2}✓ square at 3 +1\/1\n/);
  assert.match(text, /\n {2}✓ square at hidden points +2\/2 \(hidden\)\n/);
  assert.match(
    text,
    /\n {2}✗ squareGrad at 3 +0\/2\n {6}squareGrad\(3\) threw Error: bad <input> & "quotes", ⏎ second line: 100%\n/,
  );
  assert.match(
    text,
    /\n {2}– bonus two +0\/1 \(bonus\)\n {6}extra2: expected 2, got 3\n/,
  );
  assert.match(
    text,
    /type error TS2322 at line 4:7: Type 'string' is not assignable to type 'number'\./,
  );
  assert.match(text, /\nTotal 3\/8 required · 37% · bonus 1\/2 · seed 42\n$/);
  assert.match(text, /Not graded \(no exercise of that name\): notes\.md/);
});

Deno.test("terminal: a module-level problem is shown once, not repeated per check", () => {
  const text = formatTerminal(sampleResult(), { color: false });
  assert.equal(text.split("Stopped after 5000 ms").length - 1, 1);
});

Deno.test("terminal: no escape codes without colour, learner escapes neutralised with it", () => {
  const plain = formatTerminal(sampleResult(), { color: false });
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(plain, /[\x00-\x08\x0b-\x1f\x7f]/);
  assert.match(plain, /printed: debug <b>�\[31mred�\[0m�/);
  const colored = formatTerminal(sampleResult(), { color: true });
  // deno-lint-ignore no-control-regex
  assert.match(colored, /\x1b\[32m✓\x1b\[39m/);
  // Only the report's own SGR codes remain: no learner-made escape survives.
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(colored.replace(/\x1b\[\d+m/g, ""), /\x1b/);
});

Deno.test("terminal: colour only on a terminal, and never with NO_COLOR set", () => {
  assert.equal(shouldColor(true, undefined), true);
  assert.equal(shouldColor(true, ""), true);
  assert.equal(shouldColor(true, "1"), false);
  assert.equal(shouldColor(false, undefined), false);
});

Deno.test("terminal: a failed check's diagnosis and hint follow its message, escaped", () => {
  const text = formatTerminal(sampleResult(), { color: false });
  assert.match(
    text,
    /\n {6}squareGrad\(3\) threw [^\n]*\n {6}hint: grad\(square\) <is> the derivative & needs no "argument"\n/,
  );
  assert.match(
    text,
    /\n {6}extra2: expected 2, got 3\n {6}probably: 1\.5 times the expected value everywhere: one constant factor is off\n/,
  );
  // Passed checks never show one.
  assert.equal(text.split("probably:").length - 1, 1);
});
