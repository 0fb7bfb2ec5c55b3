/**
 * A JSONC parser (JSON with `//` and `/* *\/` comments and trailing commas,
 * as `deno.jsonc` allows) that runs in time linear in its input: one pass,
 * no regular expressions, and a cap on nesting so a hostile file cannot
 * exhaust the stack.
 *
 * @module
 */

/** How deeply arrays and objects may nest. */
export const MAX_JSONC_DEPTH = 64;

/**
 * Parses JSONC text.
 *
 * @throws SyntaxError naming the offset of the first problem.
 */
export function parseJsonc(text: string): unknown {
  const p = new Parser(text);
  p.space();
  const value = p.value(0);
  p.space();
  if (p.i < text.length) p.fail("unexpected text after the value");
  return value;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(why: string): never {
    throw new SyntaxError(`Invalid JSONC at offset ${this.i}: ${why}`);
  }

  /** Skips whitespace and comments. */
  space(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
        this.i++;
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 47) {
        const end = s.indexOf("\n", this.i + 2);
        this.i = end < 0 ? s.length : end + 1;
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const end = s.indexOf("*/", this.i + 2);
        if (end < 0) this.fail("a comment is not closed");
        this.i = end + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_JSONC_DEPTH) this.fail("nested too deeply");
    const c = this.s[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (
      const [word, v] of [["true", true], ["false", false], [
        "null",
        null,
      ]] as const
    ) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail(
      c === undefined ? "unexpected end" : "unexpected character",
    );
  }

  object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    this.i++;
    this.space();
    while (this.s[this.i] !== "}") {
      if (this.s[this.i] !== '"') this.fail("expected a key in quotes");
      const key = this.string();
      this.space();
      if (this.s[this.i] !== ":") this.fail("expected a colon");
      this.i++;
      this.space();
      out[key] = this.value(depth + 1);
      this.space();
      if (this.s[this.i] === ",") {
        this.i++;
        this.space();
      } else if (this.s[this.i] !== "}") this.fail("expected a comma or }");
    }
    this.i++;
    return out;
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.space();
    while (this.s[this.i] !== "]") {
      out.push(this.value(depth + 1));
      this.space();
      if (this.s[this.i] === ",") {
        this.i++;
        this.space();
      } else if (this.s[this.i] !== "]") this.fail("expected a comma or ]");
    }
    this.i++;
    return out;
  }

  string(): string {
    const s = this.s;
    const start = ++this.i;
    let out = "";
    let from = start;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        out += s.slice(from, this.i);
        this.i++;
        return out;
      }
      if (c < 32) this.fail("a control character in a string");
      if (c === 92) {
        out += s.slice(from, this.i);
        const e = s[this.i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (e !== undefined && Object.hasOwn(simple, e)) {
          out += simple[e];
          this.i += 2;
        } else if (
          e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))
        ) {
          out += String.fromCharCode(
            parseInt(s.slice(this.i + 2, this.i + 6), 16),
          );
          this.i += 6;
        } else {
          this.fail("an invalid escape");
        }
        from = this.i;
        continue;
      }
      this.i++;
    }
    return this.fail("a string is not closed");
  }

  number(): number {
    const s = this.s;
    const start = this.i;
    if (s[this.i] === "-") this.i++;
    const digits = () => {
      const from = this.i;
      while (this.i < s.length && s[this.i] >= "0" && s[this.i] <= "9") {
        this.i++;
      }
      if (this.i === from) this.fail("expected a digit");
    };
    digits();
    if (s[this.i] === ".") {
      this.i++;
      digits();
    }
    if (s[this.i] === "e" || s[this.i] === "E") {
      this.i++;
      if (s[this.i] === "+" || s[this.i] === "-") this.i++;
      digits();
    }
    return Number(s.slice(start, this.i));
  }
}
