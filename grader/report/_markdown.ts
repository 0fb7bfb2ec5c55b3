/**
 * The Markdown subset prompts are written in, to HTML with the math as
 * MathML (see `_tex.ts`): headings, paragraphs, fenced code, `$$` display
 * math, lists, block quotes, and inline code, `$math$`, bold, italics and
 * links. Everything else is text, escaped.
 *
 * @module
 */

import { escapeXml, texToMathml } from "./_tex.ts";

/**
 * Renders a prompt's Markdown to HTML.
 *
 * @param markdown The prompt.
 * @returns HTML with MathML; no script, no external resource.
 *
 * @example
 * ```ts
 * import { markdownToHtml } from "./_markdown.ts";
 * import assert from "node:assert/strict";
 * const html = markdownToHtml("Let $f(x) = x^2$ and `a < b`.");
 * assert.match(html, /<math alttext="f\(x\) = x\^2">/);
 * assert.match(html, /<code>a &lt; b<\/code>/);
 * ```
 */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let i = 0;
  const paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) {
      out.push(`<p>${inline(paragraph.join("\n"))}</p>`);
      paragraph.length = 0;
    }
  };
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed.startsWith("```")) {
      flush();
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith("```")) {
        body.push(lines[i++]);
      }
      i++;
      out.push(`<pre><code>${escapeXml(body.join("\n"))}</code></pre>`);
      continue;
    }
    if (trimmed.startsWith("$$")) {
      flush();
      let tex = trimmed.slice(2);
      if (tex.endsWith("$$")) tex = tex.slice(0, -2);
      else {
        i++;
        while (i < lines.length && !lines[i].includes("$$")) {
          tex += "\n" + lines[i++];
        }
        if (i < lines.length) tex += "\n" + lines[i].split("$$")[0];
      }
      i++;
      out.push(texToMathml(tex.trim(), true));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    if (heading) {
      flush();
      // Prompts sit under the exercise's own heading: start at level 3.
      const level = Math.min(6, heading[1].length + 2);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+/;
    if (item.test(trimmed)) {
      flush();
      const ordered = /^\d/.test(trimmed);
      const items: string[] = [];
      while (i < lines.length && item.test(lines[i].trim())) {
        let text = lines[i].trim().replace(item, "");
        i++;
        while (
          i < lines.length && lines[i].trim() !== "" &&
          !item.test(lines[i].trim()) && /^\s/.test(lines[i])
        ) text += "\n" + lines[i++].trim();
        items.push(`<li>${inline(text)}</li>`);
      }
      const tag = ordered ? "ol" : "ul";
      out.push(`<${tag}>${items.join("")}</${tag}>`);
      continue;
    }
    if (trimmed.startsWith(">")) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && lines[i].trim().startsWith(">")) {
        quoted.push(lines[i++].trim().replace(/^>\s?/, ""));
      }
      out.push(`<blockquote>${markdownToHtml(quoted.join("\n"))}</blockquote>`);
      continue;
    }
    if (trimmed === "") flush();
    else paragraph.push(line);
    i++;
  }
  flush();
  return out.join("\n");
}

/**
 * Inline Markdown: code spans and math become placeholders first, so that
 * emphasis may span them and never reaches inside them.
 */
function inline(text: string): string {
  const held: string[] = [];
  // Private-use characters mark the placeholders; a prompt's own are dropped.
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  const marked = text.replace(/[\uE000\uE001]/g, "").replace(
    /`([^`]+)`|\$([^$]+)\$/g,
    (_, code: string | undefined, tex: string | undefined) =>
      hold(
        code !== undefined
          ? `<code>${escapeXml(code)}</code>`
          : texToMathml(tex!.trim()),
      ),
  );
  return emphasis(marked).replace(/\uE000(\d+)\uE001/g, (_, i) => held[i]);
}

function emphasis(text: string): string {
  return escapeXml(text)
    .replace(/\*\*(.+?)\*\*/gs, "<strong>$1</strong>")
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/gs, "$1<em>$2</em>")
    .replace(/(^|\W)_(?!\s)(.+?)_(?!\w)/gs, "$1<em>$2</em>")
    .replace(
      /\[([^\]]+)\]\(((?:https?:\/\/|\.{0,2}\/|#)[^\s)]*)\)/g,
      '<a href="$2">$1</a>',
    );
}
