/**
 * Scans of learner text that run in the grader's process, each one pass over
 * the text (no regular expression that can backtrack over a long line), so a
 * megabyte of hostile text costs milliseconds.
 *
 * @module
 */

/** The deepest bracket nesting a learner file may have before it is refused. */
export const MAX_NESTING = 200;

/**
 * The deepest nesting of `(`, `[`, `{` and template `${` in TypeScript or
 * JavaScript source, with strings and comments skipped. Regular-expression
 * literals are not told apart from division, so brackets inside them count;
 * a closing bracket never takes the depth below zero.
 */
export function maxNesting(source: string): number {
  let depth = 0;
  let max = 0;
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
      depth++;
      if (depth > max) max = depth;
    }
  };
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
      depth++;
      if (depth > max) max = depth;
      i++;
    } else if (c === 41 || c === 93 || c === 125) {
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
