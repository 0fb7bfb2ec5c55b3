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
 * import { unaryRules } from "./rules.d.ts";
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
    vjpMap?: (g: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array) => void;
}
/**
 * One row of the binary table: value, the two first partials, the three
 * second partials, and the first partials in terms of the library's ops.
 *
 * @example
 * ```ts
 * import { binaryRules } from "./rules.d.ts";
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
/** The numpy name of an elementwise function of one argument: a key of the unary table. */
export type UnaryName = "negative" | "abs" | "sign" | "square" | "sqrt" | "exp" | "expm1" | "log" | "log1p" | "log2" | "log10" | "sin" | "cos" | "tan" | "arcsin" | "arccos" | "arctan" | "sinh" | "cosh" | "tanh" | "arcsinh" | "arccosh" | "arctanh" | "reciprocal";
/** The numpy name of an elementwise function of two arguments: a key of the binary table. */
export type BinaryName = "add" | "subtract" | "multiply" | "divide" | "power" | "arctan2" | "maximum" | "minimum";
/**
 * The unary rules by numpy name.
 *
 * @example
 * ```ts
 * import { unaryRules } from "./rules.d.ts";
 * console.log(unaryRules.log.df(2)); // 0.5
 * ```
 */
export declare const unaryRules: Readonly<Record<UnaryName, UnaryRule>>;
/**
 * The binary rules by numpy name.
 *
 * @example
 * ```ts
 * import { binaryRules } from "./rules.d.ts";
 * console.log(binaryRules.power.fx(3, 2)); // 6
 * ```
 */
export declare const binaryRules: Readonly<Record<BinaryName, BinaryRule>>;
