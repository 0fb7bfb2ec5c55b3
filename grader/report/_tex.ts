/**
 * A small TeX-subset to MathML converter, so prompts' math renders in a page
 * with no script: browsers draw MathML Core natively.
 *
 * Supported: numbers, letters (italic identifiers, as TeX sets them),
 * operators, `{…}` groups, `^` and `_` (with `{…}` or one token),
 * `\frac`, `\sqrt`, `\left`/`\right`, `\text`/`\mathrm`/`\operatorname`/
 * `\mathbf`, function names (`\ln`, `\cos` …), Greek letters and the usual
 * symbols (`\partial`, `\cdot`, `\times`, `\infty`, `\leq` …). Anything else
 * becomes an `<merror>` showing the command, never a silent gap.
 *
 * @module
 */

/** Escapes text for HTML and XML (both element content and attributes). */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!,
  );
}

const GREEK: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ϵ",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "ϕ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
};

const IDENTIFIERS: Record<string, string> = {
  partial: "∂",
  infty: "∞",
  nabla: "∇",
  ell: "ℓ",
};

const OPERATORS: Record<string, string> = {
  cdot: "⋅",
  times: "×",
  div: "÷",
  pm: "±",
  mp: "∓",
  leq: "≤",
  le: "≤",
  geq: "≥",
  ge: "≥",
  neq: "≠",
  ne: "≠",
  approx: "≈",
  equiv: "≡",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  Rightarrow: "⇒",
  mapsto: "↦",
  in: "∈",
  sum: "∑",
  prod: "∏",
  int: "∫",
  ldots: "…",
  cdots: "⋯",
  circ: "∘",
  top: "⊤",
  lbrace: "{",
  rbrace: "}",
  "{": "{",
  "}": "}",
  vert: "|",
  langle: "⟨",
  rangle: "⟩",
};

const FUNCTIONS = new Set([
  "ln",
  "log",
  "exp",
  "sin",
  "cos",
  "tan",
  "sinh",
  "cosh",
  "tanh",
  "max",
  "min",
  "arg",
  "det",
  "lim",
]);

const SPACES: Record<string, string> = {
  ",": "0.1667em",
  ";": "0.2778em",
  ":": "0.2222em",
  " ": "0.25em",
  quad: "1em",
  qquad: "2em",
};

type Token =
  | { t: "cmd"; v: string }
  | { t: "num"; v: string }
  | { t: "letter"; v: string }
  | { t: "op"; v: string }
  | { t: "open" }
  | { t: "close" }
  | { t: "sup" }
  | { t: "sub" };

function tokenize(tex: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tex.length) {
    const c = tex[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "\\") {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const name = m ? m[1] : "\\";
      out.push({ t: "cmd", v: name });
      i += m ? m[0].length : 1;
    } else if (/[0-9.]/.test(c)) {
      const m = /^[0-9]*\.?[0-9]+|^[0-9]+\.?/.exec(tex.slice(i))!;
      out.push({ t: "num", v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z]/.test(c)) {
      out.push({ t: "letter", v: c });
      i++;
    } else if (c === "{") {
      out.push({ t: "open" });
      i++;
    } else if (c === "}") {
      out.push({ t: "close" });
      i++;
    } else if (c === "^") {
      out.push({ t: "sup" });
      i++;
    } else if (c === "_") {
      out.push({ t: "sub" });
      i++;
    } else {
      const codePoint = String.fromCodePoint(tex.codePointAt(i)!);
      out.push({ t: "op", v: codePoint === "-" ? "−" : codePoint });
      i += codePoint.length;
    }
  }
  return out;
}

class Parser {
  #tokens: Token[];
  #at = 0;
  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  /** Everything: rows, skipping stray `}` so nothing after one is lost. */
  all(): string {
    const rows: string[] = [this.row()];
    while (this.#at < this.#tokens.length) {
      this.#at++;
      rows.push(this.row());
    }
    return rows.length === 1 ? rows[0] : `<mrow>${rows.join("")}</mrow>`;
  }

  /** A row of atoms until `}` or the end. */
  row(): string {
    const parts: string[] = [];
    while (this.#at < this.#tokens.length) {
      const tok = this.#tokens[this.#at];
      if (tok.t === "close") break;
      parts.push(this.#scripted());
    }
    return parts.length === 1 ? parts[0] : `<mrow>${parts.join("")}</mrow>`;
  }

  #scripted(): string {
    let base = this.#atom();
    let sub: string | undefined, sup: string | undefined;
    while (this.#at < this.#tokens.length) {
      const tok = this.#tokens[this.#at];
      if (tok.t === "sup" && sup === undefined) {
        this.#at++;
        sup = this.#argument();
      } else if (tok.t === "sub" && sub === undefined) {
        this.#at++;
        sub = this.#argument();
      } else break;
    }
    if (sub !== undefined && sup !== undefined) {
      base = `<msubsup>${base}${sub}${sup}</msubsup>`;
    } else if (sup !== undefined) base = `<msup>${base}${sup}</msup>`;
    else if (sub !== undefined) base = `<msub>${base}${sub}</msub>`;
    return base;
  }

  /** One group or one token, as a script or a command's argument. */
  #argument(): string {
    const tok = this.#tokens[this.#at];
    if (tok === undefined) return "<mrow></mrow>";
    if (tok.t === "num" && tok.v.length > 1 && !tok.v.includes(".")) {
      // `x^23` is x²3 in TeX: one digit only.
      this.#tokens[this.#at] = { t: "num", v: tok.v.slice(1) };
      return `<mn>${tok.v[0]}</mn>`;
    }
    return this.#atom();
  }

  #group(): string {
    // Called after `{`.
    const inner = this.row();
    if (this.#tokens[this.#at]?.t === "close") this.#at++;
    return inner.startsWith("<mrow>") ? inner : `<mrow>${inner}</mrow>`;
  }

  #rawGroup(): string {
    // The text of a `{…}` argument, for \text and friends.
    if (this.#tokens[this.#at]?.t !== "open") return "";
    this.#at++;
    let depth = 1, text = "";
    while (this.#at < this.#tokens.length) {
      const tok = this.#tokens[this.#at++];
      if (tok.t === "open") depth++;
      else if (tok.t === "close" && --depth === 0) break;
      text += tok.t === "cmd"
        ? tok.v
        : "v" in tok
        ? (tok.v === "−" ? "-" : tok.v)
        : tok.t === "sup"
        ? "^"
        : tok.t === "sub"
        ? "_"
        : tok.t === "open"
        ? "{"
        : "}";
    }
    return text;
  }

  #atom(): string {
    const tok = this.#tokens[this.#at++];
    switch (tok.t) {
      case "num":
        return `<mn>${escapeXml(tok.v)}</mn>`;
      case "letter":
        return `<mi>${tok.v}</mi>`;
      case "op":
        return `<mo>${escapeXml(tok.v)}</mo>`;
      case "open":
        return this.#group();
      case "close":
        return "";
      case "sup":
      case "sub":
        return "<mrow></mrow>";
      case "cmd":
        return this.#command(tok.v);
    }
  }

  #command(name: string): string {
    if (name in GREEK) return `<mi>${GREEK[name]}</mi>`;
    if (name in IDENTIFIERS) return `<mi>${IDENTIFIERS[name]}</mi>`;
    if (name in OPERATORS) return `<mo>${escapeXml(OPERATORS[name])}</mo>`;
    if (FUNCTIONS.has(name)) {
      return `<mi mathvariant="normal">${name}</mi>`;
    }
    if (name in SPACES) return `<mspace width="${SPACES[name]}"/>`;
    switch (name) {
      case "frac": {
        const num = this.#argument();
        const den = this.#argument();
        return `<mfrac>${num}${den}</mfrac>`;
      }
      case "sqrt":
        return `<msqrt>${this.#argument()}</msqrt>`;
      case "left":
      case "right":
      case "big":
      case "Big": {
        const tok = this.#tokens[this.#at];
        if (tok === undefined) return "";
        this.#at++;
        const v = tok.t === "cmd"
          ? OPERATORS[tok.v] ?? (tok.v === "|" ? "‖" : "")
          : "v" in tok
          ? tok.v
          : "";
        return v === "." || v === ""
          ? ""
          : `<mo stretchy="true">${escapeXml(v)}</mo>`;
      }
      case "text":
      case "mathrm":
      case "textrm":
      case "operatorname":
        return `<mtext>${escapeXml(this.#rawGroup())}</mtext>`;
      case "mathbf":
        return `<mi mathvariant="bold">${escapeXml(this.#rawGroup())}</mi>`;
      case "\\":
        return `<mspace linebreak="newline"/>`;
      default:
        return `<merror><mtext>\\${escapeXml(name)}</mtext></merror>`;
    }
  }
}

/**
 * Converts TeX (the subset in the module doc) to a MathML `<math>` element.
 *
 * @param tex The TeX source, without `$` delimiters.
 * @param display A display (block) formula rather than inline.
 * @returns The `<math>` element as text; the TeX source is its `alttext`.
 *
 * @example
 * ```ts
 * import { texToMathml } from "./_tex.ts";
 * import assert from "node:assert/strict";
 * assert.match(texToMathml("\\frac{df}{dx}"), /<mfrac>/);
 * ```
 */
export function texToMathml(tex: string, display = false): string {
  const body = new Parser(tokenize(tex)).all();
  return `<math${display ? ' display="block"' : ""} alttext="${
    escapeXml(tex)
  }">${body}</math>`;
}
