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

/**
 * The top-level `export const|let|var` statements of `source`, each with the
 * positions a declarator split needs. One pass; statements of other kinds
 * are not kept.
 */
function exportStatements(source: string): Statement[] {
  const n = source.length;
  const out: Statement[] = [];
  let i = 0;
  let depth = 0;
  const templates: number[] = [];
  let last = "none" as Kind;
  let lastWord = "";
  let beforeLastWord = "";
  let lastEnd = 0;
  let newline = false;
  let current: Statement | undefined;

  const close = (end: number) => {
    if (
      current !== undefined && current.head.length >= 3 &&
      current.head[0].text === "export"
    ) {
      current.end = end;
      out.push(current);
    }
    current = undefined;
  };
  const canEnd = () =>
    last === "end" ||
    (last === "word" &&
      (!NON_ENDING.has(lastWord) ||
        (lastWord === "const" && beforeLastWord === "as")));
  /** Called before every significant token at its start `p`. */
  const begin = (p: number, text: string, kind: Kind) => {
    if (depth !== 0) return;
    const continues = kind === "word"
      ? CONTINUING_WORDS.has(text)
      : CONTINUING.has(text[0]) && kind !== "end";
    if (current !== undefined && newline && canEnd() && !continues) {
      close(lastEnd);
    }
    newline = false;
    if (current === undefined) {
      current = { start: p, end: n, head: [], eqs: [], commas: [] };
    }
    if (current.head.length < 3) current.head.push({ kind, text, start: p });
  };
  const ended = (kind: Kind, end: number, word = "") => {
    if (kind === "word") {
      beforeLastWord = lastWord;
      lastWord = word;
    } else {
      beforeLastWord = "";
      lastWord = "";
    }
    last = kind;
    lastEnd = end;
  };
  // Inside a template literal: stops after its closing backtick or a `${`.
  const template = (): void => {
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) {
        i++;
        ended("end", i);
        return;
      } else if (c === 36 && source.charCodeAt(i + 1) === 123) {
        i += 2;
        templates.push(depth);
        depth++;
        ended("op", i);
        return;
      } else i++;
    }
    ended("end", n);
  };
  const regexAllowed = () =>
    last === "none" || last === "op" ||
    (last === "word" && NON_ENDING.has(lastWord));

  while (i < n) {
    const c = source.charCodeAt(i);
    const ch = source[i];
    if (c === 10) {
      if (depth === 0) newline = true;
      i++;
    } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
    } else if (c === 47 && source.charCodeAt(i + 1) === 47) {
      const end = source.indexOf("\n", i + 2);
      i = end < 0 ? n : end;
    } else if (c === 47 && source.charCodeAt(i + 1) === 42) {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      if (depth === 0 && source.slice(i, stop).includes("\n")) newline = true;
      i = stop;
    } else if (c === 34 || c === 39) {
      begin(i, ch, "end");
      i = stringEnd(source, i);
      ended("end", Math.min(i, n));
    } else if (c === 96) {
      begin(i, "`", "op");
      i++;
      template();
    } else if (c === 47 && regexAllowed()) {
      begin(i, "/", "end");
      i = regexEnd(source, i);
      ended("end", i);
    } else if (isWordStart(c)) {
      const start = i;
      i++;
      while (i < n && isWordPart(source.charCodeAt(i))) i++;
      const word = source.slice(start, i);
      begin(start, word, "word");
      ended("word", i, word);
    } else if (c >= 48 && c <= 57) {
      begin(i, ch, "end");
      i++;
      while (i < n && isWordPart(source.charCodeAt(i))) i++;
      ended("end", i);
    } else if (c === 40 || c === 91 || c === 123) {
      begin(i, ch, "op");
      depth++;
      i++;
      ended("op", i);
    } else if (c === 41 || c === 93 || c === 125) {
      begin(i, ch, "end");
      if (depth > 0) depth--;
      i++;
      ended("end", i);
      if (
        c === 125 && templates.length > 0 &&
        depth === templates[templates.length - 1]
      ) {
        templates.pop();
        template();
      }
    } else if (c === 59) {
      begin(i, ch, "op");
      i++;
      if (depth === 0) close(i - 1);
      ended("op", i);
    } else {
      begin(i, ch, "op");
      if (depth === 0 && current !== undefined) {
        if (c === 44) current.commas.push(i);
        else if (c === 61 && isLoneEquals(source, i)) current.eqs.push(i);
      }
      i++;
      // `x++` and `x--` can end an expression; other operators cannot.
      const postfix = (c === 43 || c === 45) && source.charCodeAt(i) === c &&
        (last === "end" || last === "word");
      if (postfix) {
        i++;
        ended("end", i);
      } else ended("op", i);
    }
  }
  close(lastEnd);
  return out;
}

/** Where the quoted string starting at `i` ends (after its quote, or after the line it breaks on). */
function stringEnd(source: string, i: number): number {
  const quote = source.charCodeAt(i);
  const n = source.length;
  i++;
  while (i < n) {
    const d = source.charCodeAt(i);
    if (d === 92) i += 2;
    else if (d === quote || d === 10) return i + 1;
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
    if (d === 92) i += 2;
    else if (d === 10) break;
    else if (d === 91) {
      inClass = true;
      i++;
    } else if (d === 93) {
      inClass = false;
      i++;
    } else if (d === 47 && !inClass) {
      i++;
      break;
    } else i++;
  }
  while (i < n && /[a-z]/i.test(source[i])) i++;
  return i;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ||
    c === 36 || c === 35 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
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
