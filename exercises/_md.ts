/**
 * A template tag for prompts: the text is taken raw, so TeX keeps its single
 * backslashes (`\frac`), and only an escaped backtick (\`) is unescaped.
 *
 * @example
 * ```ts
 * import { md } from "./_md.ts";
 * import assert from "node:assert/strict";
 * assert.equal(md`$\frac{1}{2}$ of \`x\``, "$\\frac{1}{2}$ of `x`");
 * ```
 */
export function md(
  strings: TemplateStringsArray,
  ...values: unknown[]
): string {
  return String.raw(strings, ...values).replaceAll("\\`", "`");
}
