/**
 * Where a top-level `export const|let|var` declaration's initializer is in a
 * learner's file, found by one linear pass over the text (no parser, no
 * regular expression over a long line), and how to leave it out.
 *
 * A module that throws while loading loses every export with it. When the
 * throw happened while one export's initializer was evaluated, the grader
 * bundles the module again with that initializer replaced by a stand-in
 * that throws when it is used ({@linkcode leaveOut}), so the other exports
 * can still be graded (see `retryLoadErrors` in `grade.ts`).
 *
 * The pass tokenizes enough of TypeScript to find top-level statements:
 * strings, template literals with their `${…}`, comments, regular-expression
 * literals (told from division by the token before them), brackets, and the
 * automatic semicolon insertion at a line break (the statement ends when the
 * token before the break can end an expression and the token after it cannot
 * continue one). Angle brackets of type arguments are not brackets here, so
 * a comma inside `Map<string, number>` is at the top level: a comma starts a
 * new declarator only when a name and `=` or `:` follow it. Where the pass
 * could be wrong, the caller's checks catch it: the changed text must bundle
 * and must still declare every export.
 *
 * @module
 */

/** One declarator of a top-level `export const|let|var` and its initializer. */
export interface ExportInitializer {
  /** The declared name. */
  name: string;
  /** Offset of the initializer's first character. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

/** Words after which an expression cannot end: a line break after one continues the statement. */
const NON_ENDING = new Set([
  "abstract",
  "as",
  "async",
  "await",
  "case",
  "class",
  "const",
  "declare",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "from",
  "function",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "keyof",
  "let",
  "new",
  "of",
  "readonly",
  "return",
  "satisfies",
  "throw",
  "type",
  "typeof",
  "var",
  "void",
  "yield",
]);

/** Words that continue an expression from the line before. */
const CONTINUING_WORDS = new Set(["in", "instanceof", "as", "satisfies"]);

/** Characters that, first on a line, continue the expression before it. */
const CONTINUING = new Set("([`.?,=+-*/%<>&|^:");

/** What the last significant token lets come next: nothing yet, an expression's end, an operator, a word. */
type Kind = "none" | "end" | "op" | "word";

interface Token {
  kind: Kind;
  text: string;
  start: number;
}

/** A top-level statement: its span, its first three tokens, and its top-level `=` and `,`. */
interface Statement {
  start: number;
  end: number;
  head: Token[];
  eqs: number[];
  commas: number[];
}

/** The pass's state: where it is, what it last read, and the statement it is in. */
interface Scanner {
  readonly source: string;
  /** The next character to read. */
  i: number;
  /** Open brackets, each `${` included. */
  depth: number;
  /** For each open `${`, innermost last, the depth outside it. */
  templates: number[];
  /** The last significant token's kind, and the offset just past it. */
  last: Kind;
  lastEnd: number;
  /** The last two tokens' words, "" for a token that is not a word (for `as const`). */
  lastWord: string;
  beforeLastWord: string;
  /** A line break at the top level since the last significant token. */
  newline: boolean;
  /** The top-level statement being read, if one has started. */
  current: Statement | undefined;
  /** The `export` statements read so far. */
  readonly exports: Statement[];
}

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const SLASH = 47;
const SEMICOLON = 59;
const EQUALS = 61;
const OPEN_SQUARE = 91;
const BACKSLASH = 92;
const CLOSE_SQUARE = 93;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * The top-level `export const|let|var` statements of `source`, each with the
 * positions a declarator split needs. One pass; statements of other kinds
 * are not kept.
 */
function exportStatements(source: string): Statement[] {
  const s: Scanner = {
    source,
    i: 0,
    depth: 0,
    templates: [],
    last: "none",
    lastEnd: 0,
    lastWord: "",
    beforeLastWord: "",
    newline: false,
    current: undefined,
    exports: [],
  };
  while (s.i < source.length) step(s);
  endStatement(s, s.lastEnd);
  return s.exports;
}

/** One step of the pass: skips the space or comment at `s.i`, or reads the token there. */
function step(s: Scanner): void {
  const c = s.source.charCodeAt(s.i);
  const next = s.source.charCodeAt(s.i + 1);
  if (c === LINE_FEED) return lineBreak(s);
  if (isSpace(c)) return space(s);
  if (c === SLASH && next === SLASH) return lineComment(s);
  if (c === SLASH && next === STAR) return blockComment(s);
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return quotedString(s);
  if (c === BACKTICK) return templateLiteral(s);
  if (c === SLASH && regexAllowed(s)) return regexLiteral(s);
  if (isWordStart(c)) return word(s);
  if (isDigit(c)) return numberLiteral(s);
  if (c === OPEN_PAREN || c === OPEN_SQUARE || c === OPEN_BRACE) {
    return openBracket(s);
  }
  if (c === CLOSE_PAREN || c === CLOSE_SQUARE || c === CLOSE_BRACE) {
    return closeBracket(s);
  }
  if (c === SEMICOLON) return semicolon(s);
  operator(s);
}

// ---- Space and comments: no token, but a line break may end a statement ----

function space(s: Scanner): void {
  s.i++;
}

function lineBreak(s: Scanner): void {
  if (s.depth === 0) s.newline = true;
  s.i++;
}

/** Skips to the line break that ends the comment (left for {@linkcode lineBreak}). */
function lineComment(s: Scanner): void {
  const end = s.source.indexOf("\n", s.i + 2);
  s.i = end < 0 ? s.source.length : end;
}

/** Skips past the end of the comment; a line break inside it counts as one between tokens. */
function blockComment(s: Scanner): void {
  const end = s.source.indexOf("*/", s.i + 2);
  const stop = end < 0 ? s.source.length : end + 2;
  if (s.depth === 0 && s.source.slice(s.i, stop).includes("\n")) {
    s.newline = true;
  }
  s.i = stop;
}

// ---- Tokens ----

function quotedString(s: Scanner): void {
  tokenStarts(s, s.i, s.source[s.i], "end");
  s.i = stringEnd(s.source, s.i);
  tokenEnded(s, "end", Math.min(s.i, s.source.length));
}

/** The opening backtick (an operator: a tag before it continues), then the text. */
function templateLiteral(s: Scanner): void {
  tokenStarts(s, s.i, "`", "op");
  s.i++;
  templateText(s);
}

/**
 * Template text up to and including its closing backtick, or up to and
 * including the next `${`, which opens a bracket that {@linkcode closeBracket}
 * closes before coming back here.
 */
function templateText(s: Scanner): void {
  const n = s.source.length;
  while (s.i < n) {
    const c = s.source.charCodeAt(s.i);
    if (c === BACKSLASH) s.i += 2;
    else if (c === BACKTICK) {
      s.i++;
      tokenEnded(s, "end", s.i);
      return;
    } else if (c === DOLLAR && s.source.charCodeAt(s.i + 1) === OPEN_BRACE) {
      s.i += 2;
      s.templates.push(s.depth);
      s.depth++;
      tokenEnded(s, "op", s.i);
      return;
    } else s.i++;
  }
  tokenEnded(s, "end", n);
}

function regexLiteral(s: Scanner): void {
  tokenStarts(s, s.i, "/", "end");
  s.i = regexEnd(s.source, s.i);
  tokenEnded(s, "end", s.i);
}

function word(s: Scanner): void {
  const start = s.i;
  s.i++;
  while (s.i < s.source.length && isWordPart(s.source.charCodeAt(s.i))) s.i++;
  const text = s.source.slice(start, s.i);
  tokenStarts(s, start, text, "word");
  tokenEnded(s, "word", s.i, text);
}

/** Digits with the letters and digits after them (`1e5`, `0xff`, `10n`). */
function numberLiteral(s: Scanner): void {
  tokenStarts(s, s.i, s.source[s.i], "end");
  s.i++;
  while (s.i < s.source.length && isWordPart(s.source.charCodeAt(s.i))) s.i++;
  tokenEnded(s, "end", s.i);
}

function openBracket(s: Scanner): void {
  tokenStarts(s, s.i, s.source[s.i], "op");
  s.depth++;
  s.i++;
  tokenEnded(s, "op", s.i);
}

/** A closing bracket; the `}` of a `${` goes back into its template's text. */
function closeBracket(s: Scanner): void {
  const c = s.source.charCodeAt(s.i);
  tokenStarts(s, s.i, s.source[s.i], "end");
  if (s.depth > 0) s.depth--;
  s.i++;
  tokenEnded(s, "end", s.i);
  if (c === CLOSE_BRACE && s.depth === s.templates.at(-1)) {
    s.templates.pop();
    templateText(s);
  }
}

/** A `;` at the top level ends the statement. */
function semicolon(s: Scanner): void {
  tokenStarts(s, s.i, ";", "op");
  s.i++;
  if (s.depth === 0) endStatement(s, s.i - 1);
  tokenEnded(s, "op", s.i);
}

/** Any other character; a top-level `,` or assigning `=` is kept for the declarator split. */
function operator(s: Scanner): void {
  const c = s.source.charCodeAt(s.i);
  tokenStarts(s, s.i, s.source[s.i], "op");
  if (s.depth === 0 && s.current !== undefined) {
    if (c === COMMA) s.current.commas.push(s.i);
    else if (c === EQUALS && isLoneEquals(s.source, s.i)) {
      s.current.eqs.push(s.i);
    }
  }
  s.i++;
  // `x++` and `x--` can end an expression; other operators cannot.
  const postfix = (c === PLUS || c === MINUS) &&
    s.source.charCodeAt(s.i) === c && (s.last === "end" || s.last === "word");
  if (postfix) {
    s.i++;
    tokenEnded(s, "end", s.i);
  } else tokenEnded(s, "op", s.i);
}

// ---- Statements: each token is told where it starts and where it ended ----

/**
 * Before every significant token, at its start `p`: at the top level, a line
 * break since the last token ends the statement when the last token can end
 * an expression and this one cannot continue it (automatic semicolon
 * insertion); a token outside any statement starts one; the first three
 * tokens are kept.
 */
function tokenStarts(s: Scanner, p: number, text: string, kind: Kind): void {
  if (s.depth !== 0) return;
  if (
    s.current !== undefined && s.newline && canEndExpression(s) &&
    !continuesExpression(text, kind)
  ) {
    endStatement(s, s.lastEnd);
  }
  s.newline = false;
  s.current ??= {
    start: p,
    end: s.source.length,
    head: [],
    eqs: [],
    commas: [],
  };
  if (s.current.head.length < 3) s.current.head.push({ kind, text, start: p });
}

/** After every significant token, what the next line break and `/` are read against. */
function tokenEnded(s: Scanner, kind: Kind, end: number, word = ""): void {
  if (kind === "word") {
    s.beforeLastWord = s.lastWord;
    s.lastWord = word;
  } else {
    s.beforeLastWord = "";
    s.lastWord = "";
  }
  s.last = kind;
  s.lastEnd = end;
}

/** Ends the statement being read at `end`; keeps it when it is an `export` of three tokens or more. */
function endStatement(s: Scanner, end: number): void {
  const current = s.current;
  if (
    current !== undefined && current.head.length >= 3 &&
    current.head[0].text === "export"
  ) {
    current.end = end;
    s.exports.push(current);
  }
  s.current = undefined;
}

/** Whether the last token can end an expression (`as const` can; `const` alone cannot). */
function canEndExpression(s: Scanner): boolean {
  return s.last === "end" ||
    (s.last === "word" &&
      (!NON_ENDING.has(s.lastWord) ||
        (s.lastWord === "const" && s.beforeLastWord === "as")));
}

/** Whether a token, first on its line, continues the expression before it. */
function continuesExpression(text: string, kind: Kind): boolean {
  return kind === "word"
    ? CONTINUING_WORDS.has(text)
    : CONTINUING.has(text[0]) && kind !== "end";
}

/** Whether a `/` here starts a regular expression rather than a division. */
function regexAllowed(s: Scanner): boolean {
  return s.last === "none" || s.last === "op" ||
    (s.last === "word" && NON_ENDING.has(s.lastWord));
}

/** Where the quoted string starting at `i` ends (after its quote, or after the line it breaks on). */
function stringEnd(source: string, i: number): number {
  const quote = source.charCodeAt(i);
  const n = source.length;
  i++;
  while (i < n) {
    const d = source.charCodeAt(i);
    if (d === BACKSLASH) i += 2;
    else if (d === quote || d === LINE_FEED) return i + 1;
    else i++;
  }
  return i;
}

/** Where the regular expression literal starting at `i` ends, its flags included. */
function regexEnd(source: string, i: number): number {
  const n = source.length;
  i++;
  let inClass = false;
  while (i < n) {
    const d = source.charCodeAt(i);
    if (d === BACKSLASH) i += 2;
    else if (d === LINE_FEED) break;
    else if (d === OPEN_SQUARE) {
      inClass = true;
      i++;
    } else if (d === CLOSE_SQUARE) {
      inClass = false;
      i++;
    } else if (d === SLASH && !inClass) {
      i++;
      break;
    } else i++;
  }
  while (i < n && /[a-z]/i.test(source[i])) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CARRIAGE_RETURN ||
    c === BYTE_ORDER_MARK;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ||
    c === DOLLAR || c === 35 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

/** An `=` that assigns: not part of `==`, `=>`, `<=`, `>=`, `!=`, `+=` … */
function isLoneEquals(source: string, i: number): boolean {
  const before = source[i - 1] ?? "";
  const after = source[i + 1] ?? "";
  return !"=!<>+-*/%&|^?".includes(before) && after !== "=" && after !== ">";
}

/** The name at `p` after spaces when it is followed by `=` or `:`; else undefined. */
function declaratorNameAt(
  source: string,
  p: number,
  limit: number,
): { name: string; at: number } | undefined {
  while (p < limit && /\s/.test(source[p])) p++;
  if (p >= limit || !isWordStart(source.charCodeAt(p))) return undefined;
  const at = p;
  while (p < limit && isWordPart(source.charCodeAt(p))) p++;
  const name = source.slice(at, p);
  while (p < limit && /\s/.test(source[p])) p++;
  const next = source[p];
  if (next === ":" || (next === "=" && isLoneEquals(source, p))) {
    return { name, at };
  }
  return undefined;
}

/**
 * The declarators with initializers of one `export const|let|var` statement.
 */
function declarators(
  source: string,
  s: Statement,
): ExportInitializer[] {
  const [, keyword, first] = s.head;
  if (
    !["const", "let", "var"].includes(keyword.text) || first.kind !== "word"
  ) return [];
  // Pointers that only move forwards: one sweep, however many declarators.
  const starts: { name: string; at: number; comma: number }[] = [{
    name: first.text,
    at: first.start,
    comma: -1,
  }];
  s.commas.forEach((comma, k) => {
    const next = declaratorNameAt(source, comma + 1, s.end);
    if (next !== undefined) starts.push({ ...next, comma: k });
  });
  const out: ExportInitializer[] = [];
  let e = 0;
  starts.forEach((d, k) => {
    const stop = k + 1 < starts.length ? s.commas[starts[k + 1].comma] : s.end;
    while (e < s.eqs.length && s.eqs[e] <= d.at) e++;
    if (e >= s.eqs.length || s.eqs[e] >= stop) return;
    let start = s.eqs[e] + 1;
    while (start < stop && /\s/.test(source[start])) start++;
    let end = stop;
    while (end > start && /\s/.test(source[end - 1])) end--;
    if (end > start) out.push({ name: d.name, start, end });
  });
  return out;
}

/**
 * The initializer of a top-level `export const|let|var` declarator that
 * holds `offset`, if any.
 *
 * @param source The learner's file text.
 * @param offset A character offset, e.g. of the frame a load-time error was thrown at.
 * @returns The declared name and the initializer's span, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportInitializerAt } from "./_declarations.ts";
 * const source = "export const a = 1;\nexport const b = grad(3);\n";
 * const found = exportInitializerAt(source, source.indexOf("grad"));
 * assert.equal(found?.name, "b");
 * assert.equal(source.slice(found!.start, found!.end), "grad(3)");
 * ```
 */
export function exportInitializerAt(
  source: string,
  offset: number,
): ExportInitializer | undefined {
  for (const s of exportStatements(source)) {
    if (offset < s.start || offset >= s.end) continue;
    return declarators(source, s).find((d) =>
      d.start <= offset && offset < d.end
    );
  }
  return undefined;
}

/**
 * The offset of a 1-based line and column in `source`, or undefined when
 * the text has no such place.
 *
 * @example
 * ```ts
 * import { offsetOf } from "./_declarations.ts";
 * console.log(offsetOf("ab\ncd", 2, 2)); // 4
 * ```
 */
export function offsetOf(
  source: string,
  line: number,
  column: number,
): number | undefined {
  let at = 0;
  for (let k = 1; k < line; k++) {
    const next = source.indexOf("\n", at);
    if (next < 0) return undefined;
    at = next + 1;
  }
  const lineEnd = source.indexOf("\n", at);
  const offset = at + column - 1;
  return column >= 1 && offset <= (lineEnd < 0 ? source.length : lineEnd)
    ? offset
    : undefined;
}

/**
 * `source` with one export's initializer replaced by a stand-in: a function
 * whose every use (a call, a property, a conversion) throws a
 * `ReferenceError` saying the export has no value. The replacement keeps the
 * initializer's line breaks, so every later line keeps its number and the
 * source map still points at the learner's lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportInitializerAt, leaveOut } from "./_declarations.ts";
 * const source = "export const b = grad(\n  3,\n);\nexport const c = 2;\n";
 * const changed = leaveOut(source, exportInitializerAt(source, 17)!);
 * assert.equal(changed.split("\n").length, source.split("\n").length);
 * assert.match(changed, /export const c = 2;\n$/);
 * ```
 */
export function leaveOut(source: string, init: ExportInitializer): string {
  const breaks = "\n".repeat(
    source.slice(init.start, init.end).split("\n").length - 1,
  );
  const message = JSON.stringify(
    `${init.name} has no value: its definition threw while loading`,
  );
  const stub = `((m) => { const t = () => { throw new ReferenceError(m); }; ` +
    `return new Proxy(function () {}, { apply: t, construct: t, get: t, ` +
    `set: t, has: t, ownKeys: t, getOwnPropertyDescriptor: t, ` +
    `defineProperty: t, deleteProperty: t, getPrototypeOf: t, ` +
    `setPrototypeOf: t, isExtensible: t, preventExtensions: t }); })(${message})`;
  return source.slice(0, init.start) + stub + breaks + source.slice(init.end);
}
