/**
 * The derivative rule table: one row per elementwise function, giving its
 * value, first and second derivative on plain numbers, and its first
 * derivative as an expression in the library's own ops (so nested
 * derivatives of any order work). Numbers, tensors, duals and hyper-duals all
 * take every op from this table; adding a function is adding one row.
 *
 * Conventions at awkward points (each pinned by a test in `rules_test.ts`):
 *
 * - `abs′(0) = 0` and `sign′ = 0` everywhere (the subgradient autograd and JAX use).
 * - `sqrt′(0) = +∞`, `log(0) = −∞`, `log′(0) = +∞` (IEEE limits from the right).
 * - `d/dx x^y = 0` when `y = 0`, at every x, 0 included (x⁰ ≡ 1, and 0⁰ = 1).
 * - `d/dy x^y = 0` when `x = 0` and `y > 0` (0^y ≡ 0 there).
 * - A negative base: `x^y` for integer y is real and differentiable in x;
 *   for non-integer y the value and derivatives are NaN; `d/dy x^y` is NaN
 *   for x < 0 (no real logarithm).
 * - `maximum`/`minimum` at a tie give each argument half the derivative.
 * - `arctan2` at the origin has NaN partials (no limit exists).
 * - A zero tangent annihilates: a term whose tangent is exactly 0 adds 0
 *   even when the partial derivative is ±∞ or NaN, so a singular point of
 *   one input never poisons the derivative along another; likewise a
 *   second partial that is exactly 0 (add's, negative's …) adds 0 to a
 *   hyper-dual's ε1ε2 part even when the tangents are infinite.
 *
 * @module
 */

/**
 * The elementwise ops a rule may use to express its derivative generically.
 * Kept as a parameter so the table does not import the ops that read it.
 */
export interface RuleOps {
  add(x: unknown, y: unknown): unknown;
  subtract(x: unknown, y: unknown): unknown;
  multiply(x: unknown, y: unknown): unknown;
  divide(x: unknown, y: unknown): unknown;
  power(x: unknown, y: unknown): unknown;
  negative(x: unknown): unknown;
  square(x: unknown): unknown;
  sqrt(x: unknown): unknown;
  exp(x: unknown): unknown;
  log(x: unknown): unknown;
  sin(x: unknown): unknown;
  cos(x: unknown): unknown;
  tanh(x: unknown): unknown;
  reciprocal(x: unknown): unknown;
  cosh(x: unknown): unknown;
  sinh(x: unknown): unknown;
}

/**
 * One row of the unary table.
 *
 * @example
 * ```ts
 * import { unaryRules } from "./rules.ts";
 * const sin = unaryRules.sin;
 * console.log(sin.f(0), sin.df(0), sin.d2f(0)); // 0 1 -0
 * ```
 */
export interface UnaryRule {
  /** The numpy name. */
  name: string;
  /** What np's function computes, the first line of its documentation. */
  doc: string;
  /** A line of code printing a value, with the value in a comment: np's example. */
  example: string;
  /** Value on a number. */
  f: (x: number) => number;
  /** First derivative on a number. */
  df: (x: number) => number;
  /** Second derivative on a number. */
  d2f: (x: number) => number;
  /**
   * First derivative in terms of the library's ops, for nested derivatives.
   * Absent for piecewise-constant derivatives (abs, sign), which are then
   * evaluated on the primal number and have derivative 0.
   */
  dg?: (x: unknown, o: RuleOps) => unknown;
  /**
   * First derivative from the value `y = f(x)` (and `x`), equal to `df(x)`
   * bit for bit, where that saves computing `f` twice (exp, tanh, sqrt).
   */
  dy?: (y: number, x: number) => number;
  /**
   * `f` over a whole array, written out so that V8 inlines it: through one
   * loop shared by every row, each element pays a call (several
   * nanoseconds, more than square or add themselves). Gives `f`'s bits.
   */
  map?: (x: Float64Array, out: Float64Array) => void;
  /**
   * The vector–Jacobian product over whole arrays, from `x` and `y = f(x)`:
   * `out[i] = g[i] === 0 ? 0 : g[i] · f′(x[i])`, with `dy`'s (else `df`'s)
   * bits, written out for the same reason as `map`.
   */
  vjpMap?: (
    g: Float64Array,
    x: Float64Array,
    y: Float64Array,
    out: Float64Array,
  ) => void;
}

/**
 * One row of the binary table: value, the two first partials, the three
 * second partials, and the first partials in terms of the library's ops.
 *
 * @example
 * ```ts
 * import { binaryRules } from "./rules.ts";
 * const mul = binaryRules.multiply;
 * console.log(mul.f(2, 3), mul.fx(2, 3), mul.fy(2, 3)); // 6 3 2
 * ```
 */
export interface BinaryRule {
  /** The numpy name. */
  name: string;
  /** What np's function computes, the first line of its documentation. */
  doc: string;
  /** A line of code printing a value, with the value in a comment: np's example. */
  example: string;
  /** Value. */
  f: (x: number, y: number) => number;
  /** ∂f/∂x. */
  fx: (x: number, y: number) => number;
  /** ∂f/∂y. */
  fy: (x: number, y: number) => number;
  /** ∂²f/∂x². */
  fxx: (x: number, y: number) => number;
  /** ∂²f/∂x∂y. */
  fxy: (x: number, y: number) => number;
  /** ∂²f/∂y². */
  fyy: (x: number, y: number) => number;
  /** ∂f/∂x in the library's ops; absent when piecewise constant. */
  gx?: (x: unknown, y: unknown, o: RuleOps) => unknown;
  /** ∂f/∂y in the library's ops; absent when piecewise constant. */
  gy?: (x: unknown, y: unknown, o: RuleOps) => unknown;
  /**
   * A property the engine uses instead of the partials: `"linear"` when
   * f(x, y) = a·x + b·y with the constants `fx()` and `fy()` (a tangent or
   * adjoint is scaled, nothing evaluated), `"bilinear"` when f(x, y) = x·y
   * elementwise (∂f/∂x is y itself and ∂f/∂y is x).
   */
  kind?: "linear" | "bilinear";
  /**
   * ∂f/∂y from the value `v = f(x, y)`, equal to `fy(x, y)` bit for bit,
   * where that saves computing f twice (power: v·ln x).
   */
  vy?: (v: number, x: number, y: number) => number;
}

// ---- generated by `deno task gen:np` from the tables' keys: do not edit ----
/** The numpy name of an elementwise function of one argument: a key of the unary table. */
export type UnaryName =
  | "negative"
  | "abs"
  | "sign"
  | "square"
  | "sqrt"
  | "exp"
  | "expm1"
  | "log"
  | "log1p"
  | "log2"
  | "log10"
  | "sin"
  | "cos"
  | "tan"
  | "arcsin"
  | "arccos"
  | "arctan"
  | "sinh"
  | "cosh"
  | "tanh"
  | "arcsinh"
  | "arccosh"
  | "arctanh"
  | "reciprocal";
/** The numpy name of an elementwise function of two arguments: a key of the binary table. */
export type BinaryName =
  | "add"
  | "subtract"
  | "multiply"
  | "divide"
  | "power"
  | "arctan2"
  | "maximum"
  | "minimum";
// ---- end of the generated names ----

const zero = () => 0;
const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN);

/**
 * Names each row after its key: the key is the numpy name, written once.
 */
function named<K extends string, R>(
  rows: Record<K, R>,
): Readonly<Record<K, R & { name: K }>> {
  const out = {} as Record<K, R & { name: K }>;
  for (const k of Object.keys(rows) as K[]) out[k] = { ...rows[k], name: k };
  return out;
}

/** A unary row as the table writes it: the rule without its name, its key. */
type UnaryRow = Omit<UnaryRule, "name">;

const unaryRows = {
  negative: {
    doc: "−x.",
    example: "console.log(np.negative(2)); // -2",
    f: (x) => -x,
    df: () => -1,
    d2f: zero,
    dg: () => -1,
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = -x[i];
    },
    vjpMap: (g, _x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * -1;
      }
    },
  },
  abs: {
    doc: "|x|; its derivative at 0 is 0.",
    example: "console.log(np.abs(-2)); // 2",
    f: Math.abs,
    df: sign,
    d2f: zero,
  },
  sign: {
    doc: "−1, 0 or 1; derivative 0.",
    example: "console.log(np.sign(-2)); // -1",
    f: sign,
    df: zero,
    d2f: zero,
  },
  square: {
    doc: "x².",
    example: "console.log(np.square(3)); // 9",
    f: (x) => x * x,
    df: (x) => 2 * x,
    d2f: () => 2,
    dg: (x, o) => o.multiply(2, x),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = x[i] * x[i];
    },
    vjpMap: (g, x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (2 * x[i]);
      }
    },
  },
  sqrt: {
    doc: "√x; its derivative at 0 is +∞.",
    example: "console.log(np.sqrt(9)); // 3",
    f: Math.sqrt,
    df: (x) => 0.5 / Math.sqrt(x),
    dy: (y) => 0.5 / y,
    d2f: (x) => -0.25 / (x * Math.sqrt(x)),
    dg: (x, o) => o.divide(0.5, o.sqrt(x)),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
    },
    vjpMap: (g, _x, y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (0.5 / y[i]);
      }
    },
  },
  exp: {
    doc: "eˣ.",
    example: "console.log(np.exp(0)); // 1",
    f: Math.exp,
    df: Math.exp,
    dy: (y) => y,
    d2f: Math.exp,
    dg: (x, o) => o.exp(x),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
    },
    vjpMap: (g, _x, y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (y[i]);
      }
    },
  },
  expm1: {
    doc: "eˣ − 1, accurate near 0.",
    example: "console.log(np.expm1(0)); // 0",
    f: Math.expm1,
    df: Math.exp,
    d2f: Math.exp,
    dg: (x, o) => o.exp(x),
  },
  log: {
    doc: "The natural logarithm; log(0) = −∞, its derivative there +∞.",
    example: "console.log(np.log(1)); // 0",
    f: Math.log,
    df: (x) => 1 / x,
    d2f: (x) => -1 / (x * x),
    dg: (x, o) => o.reciprocal(x),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
    },
    vjpMap: (g, x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (1 / x[i]);
      }
    },
  },
  log1p: {
    doc: "log(1 + x), accurate near 0.",
    example: "console.log(np.log1p(0)); // 0",
    f: Math.log1p,
    df: (x) => 1 / (1 + x),
    d2f: (x) => -1 / ((1 + x) * (1 + x)),
    dg: (x, o) => o.reciprocal(o.add(1, x)),
  },
  log2: {
    doc: "The base-2 logarithm.",
    example: "console.log(np.log2(8)); // 3",
    f: Math.log2,
    df: (x) => 1 / (x * Math.LN2),
    d2f: (x) => -1 / (x * x * Math.LN2),
    dg: (x, o) => o.divide(1 / Math.LN2, x),
  },
  log10: {
    doc: "The base-10 logarithm.",
    example: "console.log(np.log10(100)); // 2",
    f: Math.log10,
    df: (x) => 1 / (x * Math.LN10),
    d2f: (x) => -1 / (x * x * Math.LN10),
    dg: (x, o) => o.divide(1 / Math.LN10, x),
  },
  sin: {
    doc: "sine.",
    example: "console.log(np.sin(0)); // 0",
    f: Math.sin,
    df: Math.cos,
    d2f: (x) => -Math.sin(x),
    dg: (x, o) => o.cos(x),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]);
    },
    vjpMap: (g, x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (Math.cos(x[i]));
      }
    },
  },
  cos: {
    doc: "cosine.",
    example: "console.log(np.cos(0)); // 1",
    f: Math.cos,
    df: (x) => -Math.sin(x),
    d2f: (x) => -Math.cos(x),
    dg: (x, o) => o.negative(o.sin(x)),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.cos(x[i]);
    },
    vjpMap: (g, x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (-Math.sin(x[i]));
      }
    },
  },
  tan: {
    doc: "tangent.",
    example: "console.log(np.tan(0)); // 0",
    f: Math.tan,
    df: (x) => 1 / (Math.cos(x) * Math.cos(x)),
    d2f: (x) => 2 * Math.tan(x) / (Math.cos(x) * Math.cos(x)),
    dg: (x, o) => o.reciprocal(o.square(o.cos(x))),
  },
  arcsin: {
    doc: "inverse sine.",
    example: "console.log(np.arcsin(0)); // 0",
    f: Math.asin,
    df: (x) => 1 / Math.sqrt(1 - x * x),
    d2f: (x) => x / Math.pow(1 - x * x, 1.5),
    dg: (x, o) => o.reciprocal(o.sqrt(o.subtract(1, o.square(x)))),
  },
  arccos: {
    doc: "inverse cosine.",
    example: "console.log(np.arccos(1)); // 0",
    f: Math.acos,
    df: (x) => -1 / Math.sqrt(1 - x * x),
    d2f: (x) => -x / Math.pow(1 - x * x, 1.5),
    dg: (x, o) => o.divide(-1, o.sqrt(o.subtract(1, o.square(x)))),
  },
  arctan: {
    doc: "inverse tangent.",
    example: "console.log(np.arctan(0)); // 0",
    f: Math.atan,
    df: (x) => 1 / (1 + x * x),
    d2f: (x) => -2 * x / ((1 + x * x) * (1 + x * x)),
    dg: (x, o) => o.reciprocal(o.add(1, o.square(x))),
  },
  sinh: {
    doc: "hyperbolic sine.",
    example: "console.log(np.sinh(0)); // 0",
    f: Math.sinh,
    df: Math.cosh,
    d2f: Math.sinh,
    dg: (x, o) => o.cosh(x),
  },
  cosh: {
    doc: "hyperbolic cosine.",
    example: "console.log(np.cosh(0)); // 1",
    f: Math.cosh,
    df: Math.sinh,
    d2f: Math.cosh,
    dg: (x, o) => o.sinh(x),
  },
  tanh: {
    doc: "hyperbolic tangent.",
    example: "console.log(np.tanh(0)); // 0",
    f: Math.tanh,
    df: (x) => {
      const t = Math.tanh(x);
      return 1 - t * t;
    },
    dy: (y) => 1 - y * y,
    d2f: (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
    dg: (x, o) => o.subtract(1, o.square(o.tanh(x))),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
    },
    vjpMap: (g, _x, y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (1 - y[i] * y[i]);
      }
    },
  },
  arcsinh: {
    doc: "inverse hyperbolic sine.",
    example: "console.log(np.arcsinh(0)); // 0",
    f: Math.asinh,
    df: (x) => 1 / Math.sqrt(x * x + 1),
    d2f: (x) => -x / Math.pow(x * x + 1, 1.5),
    dg: (x, o) => o.reciprocal(o.sqrt(o.add(o.square(x), 1))),
  },
  arccosh: {
    doc: "inverse hyperbolic cosine (x ≥ 1).",
    example: "console.log(np.arccosh(1)); // 0",
    f: Math.acosh,
    df: (x) => 1 / Math.sqrt(x * x - 1),
    d2f: (x) => -x / Math.pow(x * x - 1, 1.5),
    dg: (x, o) => o.reciprocal(o.sqrt(o.subtract(o.square(x), 1))),
  },
  arctanh: {
    doc: "inverse hyperbolic tangent (|x| < 1).",
    example: "console.log(np.arctanh(0)); // 0",
    f: Math.atanh,
    df: (x) => 1 / (1 - x * x),
    d2f: (x) => 2 * x / ((1 - x * x) * (1 - x * x)),
    dg: (x, o) => o.reciprocal(o.subtract(1, o.square(x))),
  },
  reciprocal: {
    doc: "1 / x.",
    example: "console.log(np.reciprocal(4)); // 0.25",
    f: (x) => 1 / x,
    df: (x) => -1 / (x * x),
    d2f: (x) => 2 / (x * x * x),
    dg: (x, o) => o.negative(o.reciprocal(o.square(x))),
    map: (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = 1 / x[i];
    },
    vjpMap: (g, x, _y, out) => {
      for (let i = 0; i < g.length; i++) {
        const t = g[i];
        out[i] = t === 0 ? 0 : t * (-1 / (x[i] * x[i]));
      }
    },
  },
} satisfies Record<UnaryName, UnaryRow>;

/**
 * The unary rules by numpy name.
 *
 * @example
 * ```ts
 * import { unaryRules } from "./rules.ts";
 * console.log(unaryRules.log.df(2)); // 0.5
 * ```
 */
export const unaryRules: Readonly<Record<UnaryName, UnaryRule>> = named(
  unaryRows,
);

// x^y and its partials with the conventions above.
function powX(x: number, y: number): number {
  if (y === 2) return 2 * x;
  return y === 0 ? 0 : y * Math.pow(x, y - 1);
}
// power(e, x) stays pow(e, x), not exp(x): the two differ in the last bit
// (x·eˣ at 7: 7676.432108999208 against 7676.43210899921), and the seed
// notebook's autograd values, the golden oracle, come from pow. The value
// is computed once all the same: ∂/∂y comes from it (`vy`).
function pow(x: number, y: number): number {
  return y === 2 ? x * x : Math.pow(x, y);
}
function powY(x: number, y: number): number {
  if (x === 0 && y > 0) return 0;
  return pow(x, y) * Math.log(x);
}
// ln of the last base seen: a learner's bases are mostly constants (np.e,
// 2, 3), and Math.log costs as much as the rest of the op. Same bits.
let lastBase = NaN, lastLog = NaN;
function powYFromValue(v: number, x: number, y: number): number {
  if (x === 0 && y > 0) return 0;
  if (x !== lastBase) {
    lastLog = Math.log(x);
    lastBase = x;
  }
  return v * lastLog;
}
function powXX(x: number, y: number): number {
  return y === 0 || y === 1 ? 0 : y * (y - 1) * Math.pow(x, y - 2);
}
function powXY(x: number, y: number): number {
  if (y === 0) return x === 0 ? 0 : 1 / x;
  if (x === 0) return y > 1 ? 0 : y === 1 ? NaN : Infinity;
  return Math.pow(x, y - 1) * (1 + y * Math.log(x));
}
function powYY(x: number, y: number): number {
  if (x === 0 && y > 0) return 0;
  const l = Math.log(x);
  return Math.pow(x, y) * l * l;
}

function tieSplit(win: boolean, lose: boolean): number {
  return win ? 1 : lose ? 0 : 0.5;
}

/** A binary row as the table writes it: the rule without its name, its key. */
type BinaryRow = Omit<BinaryRule, "name">;

const binaryRows = {
  add: {
    doc: "x + y.",
    example: "console.log(np.add(2, 3)); // 5",
    kind: "linear",
    f: (x, y) => x + y,
    fx: () => 1,
    fy: () => 1,
    fxx: zero,
    fxy: zero,
    fyy: zero,
    gx: () => 1,
    gy: () => 1,
  },
  subtract: {
    doc: "x − y.",
    example: "console.log(np.subtract(2, 3)); // -1",
    kind: "linear",
    f: (x, y) => x - y,
    fx: () => 1,
    fy: () => -1,
    fxx: zero,
    fxy: zero,
    fyy: zero,
    gx: () => 1,
    gy: () => -1,
  },
  multiply: {
    doc: "x · y, elementwise.",
    example: "console.log(np.multiply(2, 3)); // 6",
    kind: "bilinear",
    f: (x, y) => x * y,
    fx: (_x, y) => y,
    fy: (x) => x,
    fxx: zero,
    fxy: () => 1,
    fyy: zero,
    gx: (_x, y) => y,
    gy: (x) => x,
  },
  divide: {
    doc: "x / y.",
    example: "console.log(np.divide(3, 2)); // 1.5",
    f: (x, y) => x / y,
    fx: (_x, y) => 1 / y,
    fy: (x, y) => -x / (y * y),
    fxx: zero,
    fxy: (_x, y) => -1 / (y * y),
    fyy: (x, y) => 2 * x / (y * y * y),
    gx: (_x, y, o) => o.reciprocal(y),
    gy: (x, y, o) => o.negative(o.divide(x, o.square(y))),
  },
  power: {
    doc: "xʸ (see the conventions in rules.ts for 0⁰, 0ʸ and negative bases).",
    example: "console.log(np.power(2, 10)); // 1024",
    f: pow,
    fx: powX,
    fy: powY,
    vy: powYFromValue,
    fxx: powXX,
    fxy: powXY,
    fyy: powYY,
    gx: (x, y, o) => y === 0 ? 0 : o.multiply(y, o.power(x, o.subtract(y, 1))),
    gy: (x, y, o) => x === 0 ? 0 : o.multiply(o.power(x, y), o.log(x)),
  },
  arctan2: {
    doc: "The angle of the point (x, y): `arctan2(y, x)`.",
    example: "console.log(np.arctan2(1, 1)); // 0.7853981633974483",
    f: Math.atan2,
    fx: (y, x) => x / (x * x + y * y),
    fy: (y, x) => -y / (x * x + y * y),
    fxx: (y, x) => -2 * x * y / (x * x + y * y) ** 2,
    fxy: (y, x) => (y * y - x * x) / (x * x + y * y) ** 2,
    fyy: (y, x) => 2 * x * y / (x * x + y * y) ** 2,
    gx: (y, x, o) => o.divide(x, o.add(o.square(x), o.square(y))),
    gy: (y, x, o) => o.negative(o.divide(y, o.add(o.square(x), o.square(y)))),
  },
  maximum: {
    doc:
      "The larger of x and y, elementwise (NaN if either is); ties split the derivative.",
    example: "console.log(np.maximum(0, -2)); // 0",
    f: (x, y) => (x !== x || y !== y ? NaN : x >= y ? x : y),
    fx: (x, y) => tieSplit(x > y, x < y),
    fy: (x, y) => tieSplit(y > x, y < x),
    fxx: zero,
    fxy: zero,
    fyy: zero,
  },
  minimum: {
    doc: "The smaller of x and y, elementwise.",
    example: "console.log(np.minimum(0, -2)); // -2",
    f: (x, y) => (x !== x || y !== y ? NaN : x <= y ? x : y),
    fx: (x, y) => tieSplit(x < y, x > y),
    fy: (x, y) => tieSplit(y < x, y > x),
    fxx: zero,
    fxy: zero,
    fyy: zero,
  },
} satisfies Record<BinaryName, BinaryRow>;

/**
 * The binary rules by numpy name.
 *
 * @example
 * ```ts
 * import { binaryRules } from "./rules.ts";
 * console.log(binaryRules.power.fx(3, 2)); // 6
 * ```
 */
export const binaryRules: Readonly<Record<BinaryName, BinaryRule>> = named(
  binaryRows,
);
