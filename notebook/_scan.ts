/**
 * A light scanner for the top level of one notebook cell's TypeScript: the
 * import declarations, the names the cell declares, and whether it exports
 * anything. It skips strings, template literals, comments and regular
 * expression literals and tracks bracket depth, so nothing inside a function
 * body, a string or a comment is mistaken for a declaration. It is not a
 * parser: code it cannot follow makes the bundler report the real error.
 *
 * @module
 */

/** One binding of an import declaration: `local` is the name in the cell. */
export interface ImportBinding {
  /** `default`, `*` (namespace) or the imported name. */
  imported: string;
  /** The local name. */
  local: string;
  /** `import type` or `type x` inside braces. */
  typeOnly: boolean;
}

/** A top-level import declaration. */
export interface ImportDecl {
  /** The module specifier. */
  specifier: string;
  /** Its bindings; empty for `import "x"`. */
  bindings: ImportBinding[];
}

/** What the scanner found at the top level of a cell. */
export interface CellScan {
  /** Import declarations, in order. */
  imports: ImportDecl[];
  /** Declared names (const, let, var, function, class), with the 1-based line of each. */
  declared: Map<string, number>;
  /** Whether the cell has a top-level `export`. */
  exports: boolean;
}

interface Token {
  text: string;
  /** Offset in the source. */
  at: number;
  /** Bracket depth before the token. */
  depth: number;
  /** Whether a line break precedes it. */
  newline: boolean;
  kind: "word" | "string" | "punct" | "other";
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

// After these a `/` starts a regular expression, not a division.
const REGEX_AFTER_WORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

/** Splits source into tokens, with the bracket depth of each. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  let newline = true;
  const templateDepths: number[] = [];
  const n = source.length;
  const push = (text: string, at: number, kind: Token["kind"]) => {
    tokens.push({ text, at, depth, newline, kind });
    newline = false;
  };
  const regexAllowed = () => {
    const last = tokens.at(-1);
    if (last === undefined) return true;
    if (last.kind === "word") return REGEX_AFTER_WORDS.has(last.text);
    if (last.kind === "string" || last.kind === "other") return false;
    return !(last.text === ")" || last.text === "]" || last.text === "}");
  };
  // Reads a template literal's text from i (after ` or }) to its end or ${.
  const templateText = (start: number) => {
    let j = start;
    while (j < n) {
      if (source[j] === "\\") j += 2;
      else if (source[j] === "`") return { end: j + 1, open: false };
      else if (source[j] === "$" && source[j + 1] === "{") {
        return { end: j + 2, open: true };
      } else j++;
    }
    return { end: n, open: false };
  };
  while (i < n) {
    const ch = source[i];
    if (ch === "\n") {
      newline = true;
      i++;
    } else if (/\s/.test(ch)) i++;
    else if (ch === "/" && source[i + 1] === "/") {
      while (i < n && source[i] !== "\n") i++;
    } else if (ch === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      if (source.slice(i, stop).includes("\n")) newline = true;
      i = stop;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < n && source[j] !== ch && source[j] !== "\n") {
        j += source[j] === "\\" ? 2 : 1;
      }
      push(source.slice(i, j + 1), i, "string");
      i = j + 1;
    } else if (ch === "`") {
      const t = templateText(i + 1);
      push("`", i, "string");
      if (t.open) {
        templateDepths.push(depth);
        depth++;
      }
      i = t.end;
    } else if (
      ch === "}" && templateDepths.length > 0 &&
      templateDepths.at(-1) === depth - 1
    ) {
      depth--;
      templateDepths.pop();
      const t = templateText(i + 1);
      if (t.open) {
        templateDepths.push(depth);
        depth++;
      }
      i = t.end;
    } else if (ch === "/" && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== "\n") {
        if (source[j] === "\\") j++;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        else if (source[j] === "/" && !inClass) break;
        j++;
      }
      j++;
      while (j < n && /[a-z]/i.test(source[j])) j++;
      push(source.slice(i, j), i, "other");
      i = j;
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(source[j])) j++;
      push(source.slice(i, j), i, "word");
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[\w.]/.test(source[j])) j++;
      push(source.slice(i, j), i, "other");
      i = j;
    } else if ("([{".includes(ch)) {
      push(ch, i, "punct");
      depth++;
      i++;
    } else if (")]}".includes(ch)) {
      depth = Math.max(0, depth - 1);
      push(ch, i, "punct");
      i++;
    } else if (ch === "=" && source[i + 1] === ">") {
      push("=>", i, "punct");
      i += 2;
    } else {
      push(ch, i, "punct");
      i++;
    }
  }
  return tokens;
}

/**
 * Scans a cell's top level.
 *
 * @param source The cell's TypeScript.
 * @returns Its imports, declared names and whether it exports.
 */
export function scanCell(source: string): CellScan {
  const tokens = tokenize(source);
  const lineOf = lineCounter(source);
  const imports: ImportDecl[] = [];
  const declared = new Map<string, number>();
  let exports = false;
  const declare = (name: string, at: number) => {
    if (IDENT.test(name) && !declared.has(name)) declared.set(name, lineOf(at));
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.depth !== 0 || t.kind !== "word") continue;
    const prev = tokens[k - 1];
    const atStatement = prev === undefined || t.newline ||
      prev.text === ";" || prev.text === "}" ||
      (prev.kind === "word" && (prev.text === "export"));
    if (!atStatement) continue;
    const next = tokens[k + 1];
    if (t.text === "export" && prev?.text !== ".") {
      exports = true;
    } else if (
      t.text === "import" && next !== undefined && next.text !== "(" &&
      next.text !== "."
    ) {
      const found = readImport(tokens, k + 1);
      if (found !== undefined) {
        imports.push(found.decl);
        k = found.next - 1;
      }
    } else if (
      (t.text === "const" || t.text === "let" || t.text === "var") &&
      next !== undefined && (next.kind === "word" || next.text === "{" ||
        next.text === "[") &&
      next.text !== "enum"
    ) {
      k = readDeclarators(tokens, k + 1, declare) - 1;
    } else if (t.text === "function" || t.text === "class") {
      let j = k + 1;
      if (tokens[j]?.text === "*") j++;
      if (tokens[j]?.kind === "word") declare(tokens[j].text, tokens[j].at);
    } else if (t.text === "async" && next?.text === "function") {
      let j = k + 2;
      if (tokens[j]?.text === "*") j++;
      if (tokens[j]?.kind === "word") declare(tokens[j].text, tokens[j].at);
    }
  }
  return { imports, declared, exports };
}

/** Reads `import … from "x"` from the token after `import`. */
function readImport(
  tokens: Token[],
  start: number,
): { decl: ImportDecl; next: number } | undefined {
  let k = start;
  if (tokens[k]?.kind === "string") {
    return {
      decl: { specifier: unquote(tokens[k].text), bindings: [] },
      next: k + 1,
    };
  }
  let typeOnly = false;
  if (
    tokens[k]?.text === "type" &&
    (tokens[k + 1]?.text === "{" || tokens[k + 1]?.text === "*" ||
      (tokens[k + 1]?.kind === "word" && tokens[k + 1]?.text !== "from"))
  ) {
    typeOnly = true;
    k++;
  }
  const bindings: ImportBinding[] = [];
  while (k < tokens.length && tokens[k].text !== "from") {
    const t = tokens[k];
    if (t.text === "*" && tokens[k + 1]?.text === "as") {
      bindings.push({
        imported: "*",
        local: tokens[k + 2]?.text ?? "",
        typeOnly,
      });
      k += 3;
    } else if (t.text === "{") {
      k++;
      while (k < tokens.length && tokens[k].text !== "}") {
        let itemType = typeOnly;
        if (
          tokens[k].text === "type" && tokens[k + 1]?.kind !== "punct"
        ) {
          itemType = true;
          k++;
        }
        const imported = tokens[k]?.kind === "string"
          ? unquote(tokens[k].text)
          : tokens[k]?.text ?? "";
        let local = imported;
        k++;
        if (tokens[k]?.text === "as") {
          local = tokens[k + 1]?.text ?? "";
          k += 2;
        }
        if (IDENT.test(local)) {
          bindings.push({ imported, local, typeOnly: itemType });
        }
        if (tokens[k]?.text === ",") k++;
        else if (tokens[k]?.text !== "}") return undefined;
      }
      k++;
    } else if (t.kind === "word") {
      bindings.push({ imported: "default", local: t.text, typeOnly });
      k++;
    } else if (t.text === ",") k++;
    else return undefined;
  }
  const spec = tokens[k + 1];
  if (spec?.kind !== "string") return undefined;
  return {
    decl: { specifier: unquote(spec.text), bindings },
    next: k + 2,
  };
}

/** Reads the declarators after const/let/var, declaring their names. */
function readDeclarators(
  tokens: Token[],
  start: number,
  declare: (name: string, at: number) => void,
): number {
  let k = start;
  for (;;) {
    const t = tokens[k];
    if (t === undefined) return k;
    if (t.text === "{" || t.text === "[") {
      k = readPattern(tokens, k, declare);
    } else if (t.kind === "word") {
      const after = tokens[k + 1];
      // `Map<string, number>` in a type puts a comma at depth 0: a name is
      // one only when what follows it can follow a declared name.
      if (
        after === undefined || after.newline ||
        [":", "=", ",", ";", "!"].includes(after.text)
      ) {
        declare(t.text, t.at);
      }
      k++;
    } else return k;
    // Skip the type and initializer up to a comma at this level or the end.
    const depth = tokens[start].depth;
    while (k < tokens.length) {
      const u = tokens[k];
      if (u.depth === depth && u.text === ";") return k + 1;
      if (u.depth === depth && u.text === ",") break;
      if (u.depth < depth) return k;
      if (u.newline && u.depth === depth && endsStatement(tokens, k)) return k;
      k++;
    }
    if (k >= tokens.length) return k;
    k++;
  }
}

// A line break ends a declaration unless either side continues an expression.
function endsStatement(tokens: Token[], k: number): boolean {
  const prev = tokens[k - 1];
  const cur = tokens[k];
  const continuing = /^[=+\-*/%&|^<>?:,.!~]$|^=>$/;
  if (prev && prev.kind === "punct" && continuing.test(prev.text)) return false;
  if (prev && (prev.text === "(" || prev.text === "[" || prev.text === "{")) {
    return false;
  }
  if (
    cur.kind === "punct" &&
    (continuing.test(cur.text) || cur.text === "(" || cur.text === "[")
  ) {
    return false;
  }
  if (
    cur.kind === "word" &&
    ["as", "satisfies", "in", "instanceof"].includes(cur.text)
  ) {
    return false;
  }
  return true;
}

/** Reads a destructuring pattern starting at `{` or `[`, declaring its names. */
function readPattern(
  tokens: Token[],
  start: number,
  declare: (name: string, at: number) => void,
): number {
  const open = tokens[start];
  const close = open.text === "{" ? "}" : "]";
  const inner = open.depth + 1;
  let k = start + 1;
  let expectName = true;
  while (k < tokens.length) {
    const t = tokens[k];
    if (t.depth === open.depth && t.text === close) return k + 1;
    if (t.depth === inner) {
      if (t.text === ",") expectName = true;
      else if (t.text === "=") expectName = false;
      else if (t.text === ":" && open.text === "{") expectName = true;
      else if (t.text === "{" || t.text === "[") {
        if (expectName) {
          k = readPattern(tokens, k, declare);
          expectName = false;
          continue;
        }
      } else if (t.text === "." || t.text === "...") {
        // The rest element's dots.
      } else if (t.kind === "word" && expectName) {
        const after = tokens[k + 1];
        const renamed = open.text === "{" && after?.text === ":" &&
          after.depth === inner;
        if (!renamed) declare(t.text, t.at);
        expectName = false;
      }
    }
    k++;
  }
  return k;
}

function unquote(text: string): string {
  const body = text.slice(1, -1);
  try {
    return JSON.parse(`"${body.replace(/"/g, '\\"').replace(/\\'/g, "'")}"`);
  } catch {
    return body;
  }
}

function lineCounter(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    if (source[i] === "\n") starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * An import declaration's text for some of its bindings.
 *
 * @param decl The declaration.
 * @param bindings The bindings to keep.
 * @returns One line of TypeScript.
 */
export function importText(
  decl: ImportDecl,
  bindings: ImportBinding[],
): string {
  const from = JSON.stringify(decl.specifier);
  return bindings.map((b) => {
    const type = b.typeOnly ? "type " : "";
    if (b.imported === "*") {
      return `import ${type}* as ${b.local} from ${from};`;
    }
    if (b.imported === "default") {
      return `import ${type}${b.local} from ${from};`;
    }
    const name = IDENT.test(b.imported)
      ? b.imported
      : JSON.stringify(b.imported);
    return `import ${type}{ ${
      name === b.local ? name : `${name} as ${b.local}`
    } } from ${from};`;
  }).join(" ");
}
