import assert from "node:assert/strict";
import { exportInitializerAt, leaveOut, offsetOf } from "./_declarations.ts";

/** The initializer found at the first occurrence of `marker`, as text. */
function found(source: string, marker: string): [string, string] | undefined {
  const at = source.indexOf(marker);
  assert.ok(at >= 0, `the source holds ${marker}`);
  const init = exportInitializerAt(source, at);
  return init && [init.name, source.slice(init.start, init.end)];
}

Deno.test("declarations: the initializer holding an offset, across the forms learners write", () => {
  const cases: [string, string, [string, string] | undefined][] = [
    // [source, marker inside the throwing expression, expected]
    [
      "export const a = 1;\nexport const b = grad(3);\n",
      "grad",
      ["b", "grad(3)"],
    ],
    // No semicolons: a line break ends the statement.
    [
      "export const a = 1\nexport const b = grad(3)\nexport const c = 2\n",
      "grad",
      ["b", "grad(3)"],
    ],
    // A type annotation with an arrow type.
    [
      "export const f1Grad: (x: number) => number = grad(f1);\n",
      "grad(f1)",
      ["f1Grad", "grad(f1)"],
    ],
    // An initializer over several lines: a trailing operator, a leading dot,
    // an arrow's body on the next line.
    [
      "export const h = 1 +\n  boom();\nexport const k = 3;\n",
      "boom",
      ["h", "1 +\n  boom()"],
    ],
    [
      "export const h = np\n  .array([1])\n  .boom()\nexport let k = 3\n",
      "boom",
      ["h", "np\n  .array([1])\n  .boom()"],
    ],
    [
      "export const g = (x: number) =>\n  np.exp(x);\nexport const v = g(boom);\n",
      "boom",
      ["v", "g(boom)"],
    ],
    // Several declarators; a comma in type arguments is not one.
    [
      "export let a = 1, b = boom(), c = 3;\n",
      "boom",
      ["b", "boom()"],
    ],
    [
      "export const m = new Map<string, number>([[boom(), 1]]);\n",
      "boom",
      ["m", "new Map<string, number>([[boom(), 1]])"],
    ],
    // Strings, templates, comments and regular expressions hide brackets and semicolons.
    [
      'export const s = "a;(" + `x${"}"}` + /[)(;]/.source + boom(); // ;(\nexport const t = 1;\n',
      "boom",
      ["s", '"a;(" + `x${"}"}` + /[)(;]/.source + boom()'],
    ],
    [
      "/* export const z = 1; */\nexport var w = /* ( */ boom();\n",
      "boom",
      ["w", "/* ( */ boom()"],
    ],
    // `as const` ends an expression.
    [
      "export const xs = [1, 2] as const\nexport const y = boom()\n",
      "boom",
      ["y", "boom()"],
    ],
    // Not an export's initializer: a plain statement, an unexported constant,
    // a function body, a destructuring, a declaration without a value.
    ["export const a = 1;\nboom();\n", "boom", undefined],
    ["const a = boom();\nexport const b = a;\n", "boom", undefined],
    ["export function f() {\n  return boom();\n}\n", "boom", undefined],
    ["export const { a, b } = boom();\n", "boom", undefined],
    ["export let a: number;\nboom();\n", "boom", undefined],
  ];
  for (const [source, marker, expected] of cases) {
    assert.deepEqual(found(source, marker), expected, source);
  }
});

Deno.test("declarations: each kind of token the scanner skips or reads, where a wrong reading would move the statement", () => {
  // Each case is one the scanner gets wrong, finding another statement or
  // none, if it mishandles that kind of token.
  const cases: [string, string, [string, string] | undefined][] = [
    // Comments: a line comment holding a `/` and a bracket; an export in a
    // line comment after a finished statement; a line break that is only
    // inside a block comment still ends the statement before it; an
    // unclosed block comment runs to the end of the file.
    [
      "export const a = 1 // a/(b\nexport const b = boom();\n",
      "boom",
      ["b", "boom()"],
    ],
    ["export const a = 1\n// export const z = boom()\n", "boom", undefined],
    [
      "export const a = 1 /*\n*/ export const b = boom()\n",
      "boom",
      ["b", "boom()"],
    ],
    ["export const t = boom() /* x;\n", "boom", ["t", "boom()"]],
    // Strings: a single-quoted brace, an escaped quote, and a string that a
    // line break ends before its closing quote.
    [
      "export const s = '{' + boom();\nexport const t = 1;\n",
      "boom",
      ["s", "'{' + boom()"],
    ],
    [
      'export const s = "\\";(" + boom();\nexport const t = 1;\n',
      "boom",
      ["s", '"\\";(" + boom()'],
    ],
    [
      'export const s = "a\n  + boom();\nexport const t = 1;\n',
      "boom",
      ["s", '"a\n  + boom()'],
    ],
    // Template literals: brackets and semicolons in their text, an escaped
    // backtick, a line break, a template nested in `${}` holding "}", an
    // object literal's braces inside `${}`, and an unclosed template.
    [
      "export const t = `{;` + boom();\nexport const u = 1;\n",
      "boom",
      ["t", "`{;` + boom()"],
    ],
    [
      "export const t = `\\`;{` + boom();\nexport const u = 1;\n",
      "boom",
      ["t", "`\\`;{` + boom()"],
    ],
    [
      "export const t = `\nexport const u = 1;\n` + boom();\n",
      "boom",
      ["t", "`\nexport const u = 1;\n` + boom()"],
    ],
    [
      'export const t = `a${`b${"}"}`}c;(` + boom();\nexport const u = 1;\n',
      "boom",
      ["t", '`a${`b${"}"}`}c;(` + boom()'],
    ],
    [
      'export const t = `${ { a: 1 }["`"] }` + boom();\nexport const u = 1;\n',
      "boom",
      ["t", '`${ { a: 1 }["`"] }` + boom()'],
    ],
    ["export const t = boom() + `a;", "boom", ["t", "boom() + `a;"]],
    // Regular expressions: after a word that cannot end an expression, an
    // escaped slash, a slash in a class, one a line break ends; and a
    // division, which is not one.
    [
      "export const r = typeof /;/ + boom();\n",
      "boom",
      ["r", "typeof /;/ + boom()"],
    ],
    [
      "export const r = /\\/;/.source + boom();\n",
      "boom",
      ["r", "/\\/;/.source + boom()"],
    ],
    [
      "export const r = /[/;]/.source + boom();\n",
      "boom",
      ["r", "/[/;]/.source + boom()"],
    ],
    [
      "export const r = /(\nexport const s = boom();\n",
      "boom",
      ["s", "boom()"],
    ],
    [
      "export const h = 6 / 2; export const k = boom() / 3;\n",
      "boom",
      ["k", "boom() / 3"],
    ],
    // Brackets: a semicolon inside a block body does not end the statement;
    // a comma and an `=` inside an object literal are not a declarator's; a
    // stray closing bracket does not make the depth negative.
    [
      "export const f = (() => { const a = 1; return boom(); })();\n",
      "boom",
      ["f", "(() => { const a = 1; return boom(); })()"],
    ],
    [
      "export const o = { a: 1, b: boom() };\n",
      "boom",
      ["o", "{ a: 1, b: boom() }"],
    ],
    [
      "export const a = 1);\nexport const b = boom();\n",
      "boom",
      ["b", "boom()"],
    ],
    // Line breaks: `i++` can end an expression; `new` at a line's end cannot;
    // `as`, `?`, `:` and a backtick first on a line continue it.
    [
      "let i = 0;\nexport const a = i++\nexport const b = boom()\n",
      "boom",
      ["b", "boom()"],
    ],
    [
      "export const a = new\n  Boom()\nexport const k = 1\n",
      "Boom",
      ["a", "new\n  Boom()"],
    ],
    [
      "export const a = boom()\n  as number\nexport const b = 1\n",
      "boom",
      ["a", "boom()\n  as number"],
    ],
    [
      "export const t = c\n  ? boom()\n  : 2\nexport const u = 1\n",
      "boom",
      ["t", "c\n  ? boom()\n  : 2"],
    ],
    [
      "export const a = boom\n`x`\nexport const b = 1\n",
      "boom",
      ["a", "boom\n`x`"],
    ],
    // Spaces and names: a byte order mark, CRLF line ends, `$` as a name.
    ["\ufeffexport const a = boom();\n", "boom", ["a", "boom()"]],
    [
      "export const a = 1\r\nexport const b = boom()\r\n",
      "boom",
      ["b", "boom()"],
    ],
    ["export const $ = boom();\n", "boom", ["$", "boom()"]],
  ];
  for (const [source, marker, expected] of cases) {
    assert.deepEqual(found(source, marker), expected, source);
  }
});

Deno.test("declarations: offsets of 1-based lines and columns; none past a line's end", () => {
  const text = "ab\ncd\n";
  assert.equal(offsetOf(text, 1, 1), 0);
  assert.equal(offsetOf(text, 2, 2), 4);
  assert.equal(offsetOf(text, 2, 9), undefined);
  assert.equal(offsetOf(text, 7, 1), undefined);
  assert.equal(offsetOf(text, 1, 0), undefined);
});

Deno.test("declarations: the stand-in keeps every line's number and throws on any use", () => {
  const source =
    "export const b = grad(\n  3,\n);\nexport const c = () => b(1);\n";
  const changed = leaveOut(source, exportInitializerAt(source, 17)!);
  assert.equal(changed.split("\n").length, source.split("\n").length);
  assert.match(changed, /loading"\)\n\n;\nexport const c = \(\) => b\(1\);\n$/);
  // Evaluated as a module would: every use of b throws, naming it.
  const stub = new Function(
    changed.replace(/export /g, "").replace(/;\n[^]*$/, "") +
      "; return b;",
  )();
  assert.equal(typeof stub, "function");
  for (
    const use of [
      () => stub(1),
      () => stub.x,
      () => stub * 2,
      () => new stub(),
      () => Object.keys(stub),
    ]
  ) {
    assert.throws(use, {
      name: "ReferenceError",
      message: "b has no value: its definition threw while loading",
    });
  }
});

Deno.test("declarations: hostile text costs linear time", () => {
  // Many declarators, many commas, many comments, many continued lines in
  // one statement (a quadratic pass would take minutes on these).
  const n = 200_000;
  const many = "export const a0 = 1" +
    Array.from({ length: n / 10 }, (_, i) => `, a${i + 1} = ${i}`).join("") +
    ", z = boom();\n";
  assert.equal(found(many, "boom")?.[0], "z");
  const commas = "export const q = f(" + ",".repeat(n) + ") + boom();\n";
  assert.equal(found(commas, "boom")?.[0], "q");
  const comments = "export const r = 1 " + "/* */ ".repeat(n) + "+ boom();";
  assert.equal(found(comments, "boom")?.[0], "r");
  const lines = "export const p = 1 +\n".repeat(n / 10) + "boom();\n";
  assert.equal(found(lines, "boom")?.[0], "p");
});
