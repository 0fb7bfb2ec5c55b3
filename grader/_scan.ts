/**
 * Scans of learner text that run in the grader's process, each one pass over
 * the text (no regular expression that can backtrack over a long line), so a
 * megabyte of hostile text costs milliseconds.
 *
 * @module
 */

/**
 * The deepest nesting (brackets and arrow functions, see
 * {@linkcode maxNesting}) a learner file may have before it is refused.
 */
export const MAX_NESTING = 200;

const KEYWORD_RESETS = new Set(["export", "const", "var"]);

/**
 * The deepest nesting of `(`, `[`, `{`, template `${` and arrow functions
 * with an expression body in TypeScript or JavaScript source, with strings
 * and comments skipped.
 *
 * esbuild's parser recurses on both: brackets nested deep enough overflow
 * its stack, and arrow functions nested without brackets (`a=>a=>…`, or
 * `(a)=>(a)=>…`) cost it time that grows with the cube of their depth: 400
 * take 0.2 s, 800 take 1.4 s, 2000 take about 50 s. An arrow whose body is
 * an expression counts until the expression ends: at a `,` or `;`, at a
 * declaration keyword (`export`, `const`, `var`), or at the bracket that
 * closes its level. Regular-expression literals are not told apart from
 * division, so what is inside them counts; a closing bracket never takes
 * the depth below zero. The count is a cheap first filter that never
 * undercounts plain code; the bundler's deadline bounds whatever it misses.
 *
 * @example
 * ```ts
 * import { maxNesting } from "./_scan.ts";
 * console.log(maxNesting("const f = (x) => [x, { y: x }];")); // 3
 * console.log(maxNesting("const c = a => b => c => a + b + c;")); // 3
 * ```
 */
export function maxNesting(source: string): number {
  let depth = 0;
  let max = 0;
  // Arrow functions with an expression body still open, per bracket level,
  // and in all.
  const arrows: number[] = [0];
  let open = 0;
  const endExpression = () => {
    open -= arrows[depth];
    arrows[depth] = 0;
  };
  const deeper = () => {
    depth++;
    arrows[depth] = 0;
    if (depth + open > max) max = depth + open;
  };
  // For each open template literal, the depth at which its `${` was opened.
  const templates: number[] = [];
  let i = 0;
  const n = source.length;
  const skipString = (quote: number) => {
    i++;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === quote || c === 10) {
        i++;
        return;
      } else i++;
    }
  };
  // Inside a template literal: returns at its end or at a `${`.
  const skipTemplate = (): boolean => {
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) {
        i++;
        return false;
      } else if (c === 36 && source.charCodeAt(i + 1) === 123) {
        i += 2;
        return true;
      } else i++;
    }
    return false;
  };
  const openTemplate = () => {
    if (skipTemplate()) {
      templates.push(depth);
      deeper();
    }
  };
  const isPart = (code: number) =>
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) || code === 36 || code === 95;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 47 && source.charCodeAt(i + 1) === 47) {
      const end = source.indexOf("\n", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === 47 && source.charCodeAt(i + 1) === 42) {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === 34 || c === 39) {
      skipString(c);
    } else if (c === 96) {
      i++;
      openTemplate();
    } else if (c === 40 || c === 91 || c === 123) {
      deeper();
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
      endExpression();
      if (depth > 0) depth--;
      i++;
      if (
        c === 125 && templates.length > 0 &&
        depth === templates[templates.length - 1]
      ) {
        // The `}` closing a `${`: the template literal goes on.
        templates.pop();
        openTemplate();
      }
    } else if (c === 61 && source.charCodeAt(i + 1) === 62) {
      i += 2;
      let j = i;
      while (j < n && /\s/.test(source[j])) j++;
      // A block body is a bracket, counted as one.
      if (source.charCodeAt(j) !== 123) {
        arrows[depth]++;
        open++;
        if (depth + open > max) max = depth + open;
      }
    } else if (c === 44 || c === 59) {
      endExpression();
      i++;
    } else if (isPart(c)) {
      const start = i;
      while (i < n && isPart(source.charCodeAt(i))) i++;
      if (
        i - start <= 6 && KEYWORD_RESETS.has(source.slice(start, i))
      ) endExpression();
    } else {
      i++;
    }
  }
  return max;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[\w$]/;

/**
 * The 1-based line where each name is exported: by a declaration at the start
 * of a line (`export const f`, `export function f`, `export class F` …) or in
 * an export list (`export { f, g as h }`: both `g` and `h`). The first
 * occurrence wins; declarations win over lists.
 */
export function exportLineIndex(source: string): Map<string, number> {
  const declared = new Map<string, number>();
  const listed = new Map<string, number>();
  // Line starts, to turn offsets into lines by binary search.
  const starts = [0];
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) {
    starts.push(i + 1);
  }
  const lineOf = (offset: number) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const declaration =
    /^[ \t]*export[ \t]+(?:declare[ \t]+)?(?:async[ \t]+)?(?:const|let|var|function\*?|class)[ \t]*\*?[ \t]*([A-Za-z_$][\w$]*)/;
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1] - 1 : source.length;
    // Only the start of a line can hold a declaration: look at 200 characters.
    const head = source.slice(starts[k], Math.min(end, starts[k] + 200));
    const m = declaration.exec(head);
    if (m && !declared.has(m[1])) declared.set(m[1], k + 1);
  }
  // Export lists: one pass, each list read once up to its `}`.
  let at = source.indexOf("export");
  while (at >= 0) {
    let j = at + 6;
    while (j < source.length && /\s/.test(source[j])) j++;
    if (source[j] === "{") {
      const close = source.indexOf("}", j + 1);
      if (close < 0) break;
      let p = j + 1;
      while (p < close) {
        if (IDENT_START.test(source[p]) && !IDENT_PART.test(source[p - 1])) {
          let q = p + 1;
          while (q < close && IDENT_PART.test(source[q])) q++;
          const name = source.slice(p, q);
          if (name !== "as" && name !== "type" && !listed.has(name)) {
            listed.set(name, lineOf(p));
          }
          p = q;
        } else p++;
      }
      at = source.indexOf("export", close + 1);
    } else {
      at = source.indexOf("export", at + 6);
    }
  }
  for (const [name, line] of listed) {
    if (!declared.has(name)) declared.set(name, line);
  }
  return declared;
}
