/**
 * A template tag for prompts: the text is taken raw, so TeX keeps its single
 * backslashes (`\frac`), and only an escaped backtick (\`) is unescaped.
 */
export function md(
  strings: TemplateStringsArray,
  ...values: unknown[]
): string {
  return String.raw(strings, ...values).replaceAll("\\`", "`");
}
