/**
 * Markdown made readable in a terminal: headings underlined, code and math
 * blocks indented, inline code and bold coloured when colour is on. Math is
 * left as TeX.
 */

const ESC = "\x1b[";
const style = (code: string, text: string) => `${ESC}${code}m${text}${ESC}0m`;

/** Renders Markdown for a terminal; `color` adds ANSI styles. */
export function renderMarkdown(text: string, color: boolean): string {
  const out: string[] = [];
  let fence: "code" | "math" | undefined;
  for (const line of text.split("\n")) {
    if (fence === "code") {
      if (/^\s*```/.test(line)) {
        fence = undefined;
        continue;
      }
      out.push(line === "" ? "" : `    ${color ? style("36", line) : line}`);
      continue;
    }
    if (fence === "math") {
      if (line.trim() === "$$") {
        fence = undefined;
        continue;
      }
      out.push(`    ${line}`);
      continue;
    }
    if (/^\s*```/.test(line)) {
      fence = "code";
      continue;
    }
    if (line.trim() === "$$") {
      fence = "math";
      continue;
    }
    const display = /^\s*\$\$(.+)\$\$\s*$/.exec(line);
    if (display) {
      out.push(`    ${display[1].trim()}`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      const title = inline(heading[2], color);
      if (level <= 2) {
        const width = [...heading[2]].length;
        out.push(
          color ? style("1", title) : title,
          (level === 1 ? "=" : "-").repeat(width),
        );
      } else {
        out.push(color ? style("1", title) : line);
      }
      continue;
    }
    out.push(inline(line, color));
  }
  return out.join("\n");
}

function inline(line: string, color: boolean): string {
  if (!color) return line;
  return line
    .replace(/`([^`]+)`/g, (_, code: string) => style("36", code))
    .replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => style("1", bold));
}
