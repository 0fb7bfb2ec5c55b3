// Every op of the rule table against oracles that do not share its code:
// Math closed forms for values, derivatives written out independently here,
// and central finite differences; first derivatives through grad and deriv,
// second derivatives through hessian (hyper-duals) and grad(grad(f)).
import assert from "node:assert/strict";
import { deriv, grad, hessian, jacobian, np, type Tensor } from "../mod.ts";
import {
  assertClose,
  centralDiff,
  mulberry32,
  uniform,
} from "./_assert_close.ts";

const POINTS = 20;
const FD = { rtol: 1e-6 };
const EXACT = { rtol: 1e-12 };

/** FD tolerance: relative 1e-6, plus an absolute part for round-off in f. */
function fdTol(scale: number) {
  return { ...FD, atol: 1e-8 * Math.max(1, Math.abs(scale)) };
}

type Scalar = (x: number) => number;

interface UnaryCase {
  name: string;
  op: (x: number) => unknown;
  /** Draws a point inside the domain. */
  draw: (rng: () => number) => number;
  f: Scalar;
  df: Scalar;
  d2f: Scalar;
}

const between = (lo: number, hi: number) => (rng: () => number) =>
  uniform(rng, lo, hi);
/** |x| in [lo, hi], either sign. */
const awayFromZero = (lo: number, hi: number) => (rng: () => number) =>
  (rng() < 0.5 ? -1 : 1) * uniform(rng, lo, hi);

const LN2 = Math.log(2), LN10 = Math.log(10);

const unaryCases: UnaryCase[] = [
  {
    name: "negative",
    op: np.negative,
    draw: between(-10, 10),
    f: (x) => -x,
    df: () => -1,
    d2f: () => 0,
  },
  {
    name: "abs",
    op: np.abs,
    draw: awayFromZero(0.1, 10),
    f: (x) => (x < 0 ? -x : x),
    df: (x) => (x < 0 ? -1 : 1),
    d2f: () => 0,
  },
  {
    name: "sign",
    op: np.sign,
    draw: awayFromZero(0.1, 10),
    f: (x) => (x < 0 ? -1 : 1),
    df: () => 0,
    d2f: () => 0,
  },
  {
    name: "square",
    op: np.square,
    draw: between(-10, 10),
    f: (x) => x * x,
    df: (x) => x + x,
    d2f: () => 2,
  },
  {
    name: "sqrt",
    op: np.sqrt,
    draw: between(0.1, 20),
    f: (x) => x ** 0.5,
    df: (x) => 0.5 * x ** -0.5,
    d2f: (x) => -0.25 * x ** -1.5,
  },
  {
    name: "exp",
    op: np.exp,
    draw: between(-5, 5),
    f: (x) => Math.E ** x,
    df: (x) => Math.E ** x,
    d2f: (x) => Math.E ** x,
  },
  {
    name: "expm1",
    op: np.expm1,
    draw: between(-5, 5),
    f: (x) => Math.expm1(x),
    df: (x) => Math.expm1(x) + 1,
    d2f: (x) => Math.expm1(x) + 1,
  },
  {
    name: "log",
    op: np.log,
    draw: between(0.1, 20),
    f: (x) => Math.log(x),
    df: (x) => x ** -1,
    d2f: (x) => -(x ** -2),
  },
  {
    name: "log1p",
    op: np.log1p,
    draw: between(-0.8, 20),
    f: (x) => Math.log1p(x),
    df: (x) => (1 + x) ** -1,
    d2f: (x) => -((1 + x) ** -2),
  },
  {
    name: "log2",
    op: np.log2,
    draw: between(0.1, 20),
    f: (x) => Math.log(x) / LN2,
    df: (x) => 1 / LN2 / x,
    d2f: (x) => -1 / LN2 / x / x,
  },
  {
    name: "log10",
    op: np.log10,
    draw: between(0.1, 20),
    f: (x) => Math.log(x) / LN10,
    df: (x) => 1 / LN10 / x,
    d2f: (x) => -1 / LN10 / x / x,
  },
  {
    name: "sin",
    op: np.sin,
    draw: between(-10, 10),
    f: Math.sin,
    df: (x) => Math.sin(x + Math.PI / 2),
    d2f: (x) => -Math.sin(x),
  },
  {
    name: "cos",
    op: np.cos,
    draw: between(-10, 10),
    f: Math.cos,
    df: (x) => Math.cos(x + Math.PI / 2),
    d2f: (x) => -Math.cos(x),
  },
  {
    name: "tan",
    op: np.tan,
    draw: between(-1.3, 1.3),
    f: Math.tan,
    df: (x) => 1 + Math.tan(x) ** 2,
    d2f: (x) => 2 * Math.tan(x) * (1 + Math.tan(x) ** 2),
  },
  {
    name: "arcsin",
    op: np.arcsin,
    draw: between(-0.9, 0.9),
    f: Math.asin,
    df: (x) => (1 - x * x) ** -0.5,
    d2f: (x) => x * (1 - x * x) ** -1.5,
  },
  {
    name: "arccos",
    op: np.arccos,
    draw: between(-0.9, 0.9),
    f: Math.acos,
    df: (x) => -((1 - x * x) ** -0.5),
    d2f: (x) => -x * (1 - x * x) ** -1.5,
  },
  {
    name: "arctan",
    op: np.arctan,
    draw: between(-10, 10),
    f: Math.atan,
    df: (x) => (1 + x * x) ** -1,
    d2f: (x) => -2 * x * (1 + x * x) ** -2,
  },
  {
    name: "sinh",
    op: np.sinh,
    draw: between(-4, 4),
    f: (x) => (Math.exp(x) - Math.exp(-x)) / 2,
    df: (x) => (Math.exp(x) + Math.exp(-x)) / 2,
    d2f: (x) => (Math.exp(x) - Math.exp(-x)) / 2,
  },
  {
    name: "cosh",
    op: np.cosh,
    draw: between(-4, 4),
    f: (x) => (Math.exp(x) + Math.exp(-x)) / 2,
    df: (x) => (Math.exp(x) - Math.exp(-x)) / 2,
    d2f: (x) => (Math.exp(x) + Math.exp(-x)) / 2,
  },
  {
    name: "tanh",
    op: np.tanh,
    draw: between(-3, 3),
    f: Math.tanh,
    df: (x) => Math.cosh(x) ** -2,
    d2f: (x) => -2 * Math.sinh(x) * Math.cosh(x) ** -3,
  },
  {
    name: "arcsinh",
    op: np.arcsinh,
    draw: between(-10, 10),
    f: Math.asinh,
    df: (x) => (x * x + 1) ** -0.5,
    d2f: (x) => -x * (x * x + 1) ** -1.5,
  },
  {
    name: "arccosh",
    op: np.arccosh,
    draw: between(1.1, 10),
    f: Math.acosh,
    df: (x) => ((x - 1) * (x + 1)) ** -0.5,
    d2f: (x) => -x * ((x - 1) * (x + 1)) ** -1.5,
  },
  {
    name: "arctanh",
    op: np.arctanh,
    draw: between(-0.9, 0.9),
    f: Math.atanh,
    df: (x) => 1 / ((1 - x) * (1 + x)),
    d2f: (x) => 2 * x / ((1 - x) * (1 + x)) ** 2,
  },
  {
    name: "reciprocal",
    op: np.reciprocal,
    draw: awayFromZero(0.2, 10),
    f: (x) => 1 / x,
    df: (x) => -(x ** -2),
    d2f: (x) => 2 * x ** -3,
  },
];

Deno.test("rules: the tests cover every op of np's elementwise table", () => {
  const tested = new Set(unaryCases.map((c) => c.name));
  for (const name of Object.keys(np)) {
    if (
      [
        "negative",
        "abs",
        "sign",
        "square",
        "sqrt",
        "exp",
        "expm1",
        "log",
        "log1p",
        "log2",
        "log10",
        "sin",
        "cos",
        "tan",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "tanh",
        "arcsinh",
        "arccosh",
        "arctanh",
        "reciprocal",
      ].includes(name)
    ) {
      assert.ok(tested.has(name), name);
    }
  }
  assert.equal(tested.size, 24);
});

for (const [k, c] of unaryCases.entries()) {
  Deno.test(`rules: ${c.name}: value, first and second derivative at ${POINTS} random points`, () => {
    const rng = mulberry32(1000 + k);
    const f = c.op as Scalar;
    for (let i = 0; i < POINTS; i++) {
      const x = c.draw(rng);
      const at = `${c.name} at x = ${x}`;
      // value against the closed form
      assertClose(f(x), c.f(x), { rtol: 1e-14, atol: 1e-300 }, `${at}: value`);
      assert.equal(typeof f(x), "number", `${at}: a number in, a number out`);

      // first derivative: grad and deriv, against FD and the closed form
      const g = grad(f)(x), d = deriv(f)(x);
      assert.equal(typeof g, "number");
      assertClose(g, c.df(x), EXACT, `${at}: grad vs closed form`);
      assertClose(d, c.df(x), EXACT, `${at}: deriv vs closed form`);
      assertClose(g, centralDiff(c.f, x), fdTol(c.f(x)), `${at}: grad vs FD`);

      // second derivative: hessian (hyper-duals) and grad(grad(f))
      const h = hessian(f)(x), gg = grad(grad(f))(x);
      const dd = deriv(deriv(f))(x);
      assertClose(h, c.d2f(x), EXACT, `${at}: hessian vs closed form`);
      assertClose(gg, c.d2f(x), EXACT, `${at}: grad(grad) vs closed form`);
      assertClose(dd, c.d2f(x), EXACT, `${at}: deriv(deriv) vs closed form`);
      const fd2 = centralDiff(c.df, x);
      assertClose(h, fd2, fdTol(c.df(x)), `${at}: hessian vs FD of f′`);
      assertClose(gg, fd2, fdTol(c.df(x)), `${at}: grad(grad) vs FD of f′`);
    }
  });
}

// ------------------------------------------------------------------ binary

type Scalar2 = (x: number, y: number) => number;

interface BinaryCase {
  name: string;
  op: (x: number, y: number) => unknown;
  draw: (rng: () => number) => [number, number];
  f: Scalar2;
  fx: Scalar2;
  fy: Scalar2;
  fxx: Scalar2;
  fxy: Scalar2;
  fyy: Scalar2;
}

const box = (xl: number, xh: number, yl: number, yh: number) =>
(
  rng: () => number,
): [number, number] => [uniform(rng, xl, xh), uniform(rng, yl, yh)];

const zero2 = () => 0;

const binaryCases: BinaryCase[] = [
  {
    name: "add",
    op: np.add,
    draw: box(-10, 10, -10, 10),
    f: (x, y) => x + y,
    fx: () => 1,
    fy: () => 1,
    fxx: zero2,
    fxy: zero2,
    fyy: zero2,
  },
  {
    name: "subtract",
    op: np.subtract,
    draw: box(-10, 10, -10, 10),
    f: (x, y) => x - y,
    fx: () => 1,
    fy: () => -1,
    fxx: zero2,
    fxy: zero2,
    fyy: zero2,
  },
  {
    name: "multiply",
    op: np.multiply,
    draw: box(-10, 10, -10, 10),
    f: (x, y) => x * y,
    fx: (_x, y) => y,
    fy: (x) => x,
    fxx: zero2,
    fxy: () => 1,
    fyy: zero2,
  },
  {
    name: "divide",
    op: np.divide,
    draw: (rng) => [
      uniform(rng, -10, 10),
      (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.3, 5),
    ],
    f: (x, y) => x / y,
    fx: (_x, y) => y ** -1,
    fy: (x, y) => -x * y ** -2,
    fxx: zero2,
    fxy: (_x, y) => -(y ** -2),
    fyy: (x, y) => 2 * x * y ** -3,
  },
  {
    name: "power",
    op: np.power,
    draw: box(0.2, 4, -2.5, 2.5),
    f: (x, y) => Math.exp(y * Math.log(x)),
    fx: (x, y) => y * Math.exp((y - 1) * Math.log(x)),
    fy: (x, y) => Math.exp(y * Math.log(x)) * Math.log(x),
    fxx: (x, y) => y * (y - 1) * Math.exp((y - 2) * Math.log(x)),
    fxy: (x, y) => Math.exp((y - 1) * Math.log(x)) * (1 + y * Math.log(x)),
    fyy: (x, y) => Math.exp(y * Math.log(x)) * Math.log(x) ** 2,
  },
  {
    // arctan2(y, x): the first argument is the ordinate.
    name: "arctan2",
    op: np.arctan2,
    draw: (rng) => {
      const r = uniform(rng, 0.3, 5), t = uniform(rng, -Math.PI, Math.PI);
      return [r * Math.sin(t), r * Math.cos(t)];
    },
    f: Math.atan2,
    fx: (y, x) => x / (x * x + y * y),
    fy: (y, x) => -y / (x * x + y * y),
    fxx: (y, x) => -2 * x * y / (x * x + y * y) ** 2,
    fxy: (y, x) => (y * y - x * x) / (x * x + y * y) ** 2,
    fyy: (y, x) => 2 * x * y / (x * x + y * y) ** 2,
  },
  {
    name: "maximum",
    op: np.maximum,
    draw: (rng) => {
      const x = uniform(rng, -10, 10);
      return [x, x + (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.05, 5)];
    },
    f: (x, y) => (x > y ? x : y),
    fx: (x, y) => (x > y ? 1 : 0),
    fy: (x, y) => (x > y ? 0 : 1),
    fxx: zero2,
    fxy: zero2,
    fyy: zero2,
  },
  {
    name: "minimum",
    op: np.minimum,
    draw: (rng) => {
      const x = uniform(rng, -10, 10);
      return [x, x + (rng() < 0.5 ? -1 : 1) * uniform(rng, 0.05, 5)];
    },
    f: (x, y) => (x < y ? x : y),
    fx: (x, y) => (x < y ? 1 : 0),
    fy: (x, y) => (x < y ? 0 : 1),
    fxx: zero2,
    fxy: zero2,
    fyy: zero2,
  },
];

function fdPartials(f: Scalar2, x: number, y: number): [number, number] {
  return [centralDiff((t) => f(t, y), x), centralDiff((t) => f(x, t), y)];
}

for (const [k, c] of binaryCases.entries()) {
  Deno.test(`rules: ${c.name}: value, both partials and all second partials at ${POINTS} random points`, () => {
    const rng = mulberry32(2000 + k);
    const f = c.op as Scalar2;
    const onPair = ([x, y]: number[]) => f(x, y);
    // the same function of a 1-d tensor (unpacking a dual tensor gives duals)
    const onVec = (v: Tensor) => {
      const [x, y] = v as unknown as number[];
      return f(x, y);
    };
    for (let i = 0; i < POINTS; i++) {
      const [x, y] = c.draw(rng);
      const at = `${c.name} at (${x}, ${y})`;
      assertClose(f(x, y), c.f(x, y), { rtol: 1e-14 }, `${at}: value`);
      assert.equal(typeof f(x, y), "number");

      // first partials, four ways
      const want = [c.fx(x, y), c.fy(x, y)];
      assertClose(grad(onPair)([x, y]), want, EXACT, `${at}: grad of a pair`);
      assertClose(grad(f, [0, 1])(x, y), want, EXACT, `${at}: argnum [0, 1]`);
      assertClose(grad(f, 0)(x, y), want[0], EXACT, `${at}: argnum 0`);
      assertClose(grad(f, 1)(x, y), want[1], EXACT, `${at}: argnum 1`);
      assertClose(deriv((t) => f(t, y))(x), want[0], EXACT, `${at}: deriv x`);
      assertClose(deriv((t) => f(x, t))(y), want[1], EXACT, `${at}: deriv y`);
      const fd = fdPartials(c.f, x, y);
      const tol = fdTol(c.f(x, y));
      assertClose(grad(onPair)([x, y]), fd, tol, `${at}: grad vs FD`);

      // second partials: hessian, jacobian(grad), nested grads, FD of f′
      const H = [
        [c.fxx(x, y), c.fxy(x, y)],
        [c.fxy(x, y), c.fyy(x, y)],
      ];
      assertClose(hessian(onPair)([x, y]), H, EXACT, `${at}: hessian`);
      assertClose(
        jacobian(grad(onVec))(np.array([x, y])),
        H,
        EXACT,
        `${at}: jacobian(grad)`,
      );
      const gx = (a: number, b: number) => grad(f, 0)(a, b) as number;
      const gy = (a: number, b: number) => grad(f, 1)(a, b) as number;
      assertClose(grad(gx, 0)(x, y), H[0][0], EXACT, `${at}: fxx nested`);
      assertClose(grad(gx, 1)(x, y), H[0][1], EXACT, `${at}: fxy nested`);
      assertClose(grad(gy, 0)(x, y), H[1][0], EXACT, `${at}: fyx nested`);
      assertClose(grad(gy, 1)(x, y), H[1][1], EXACT, `${at}: fyy nested`);
      const fdx = fdPartials(c.fx, x, y), fdy = fdPartials(c.fy, x, y);
      assertClose(
        hessian(onPair)([x, y]),
        [fdx, fdy],
        fdTol(Math.max(Math.abs(c.fx(x, y)), Math.abs(c.fy(x, y)))),
        `${at}: hessian vs FD of the closed-form partials`,
      );
    }
  });
}

Deno.test("rules: power in its four forms: number^number, x^number, number^x, x^y", () => {
  const rng = mulberry32(3000);
  for (let i = 0; i < POINTS; i++) {
    const a = uniform(rng, 0.2, 4), b = uniform(rng, -2.5, 2.5);
    const at = `at (${a}, ${b})`;
    const pow = (x: number, y: number) => Math.exp(y * Math.log(x));
    // number ^ number: a plain number
    const v = np.power(a, b);
    assert.equal(typeof v, "number");
    assertClose(v, pow(a, b), { rtol: 1e-14 }, `${at}: value`);

    // x ^ number
    const xc = (x: number) => np.power(x, b);
    assertClose(grad(xc)(a), b * pow(a, b - 1), EXACT, `${at}: d/dx x^b`);
    assertClose(
      grad(xc)(a),
      centralDiff((x) => pow(x, b), a),
      fdTol(pow(a, b)),
      `${at}: d/dx x^b vs FD`,
    );
    const xx = b * (b - 1) * pow(a, b - 2);
    assertClose(hessian(xc)(a), xx, EXACT, `${at}: d²/dx² x^b hessian`);
    assertClose(grad(grad(xc))(a), xx, EXACT, `${at}: d²/dx² x^b nested`);
    assertClose(
      hessian(xc)(a),
      centralDiff((x) => b * pow(x, b - 1), a),
      fdTol(b * pow(a, b - 1)),
      `${at}: d²/dx² x^b vs FD`,
    );

    // number ^ y
    const cy = (y: number) => np.power(a, y);
    const dy = pow(a, b) * Math.log(a);
    assertClose(grad(cy)(b), dy, EXACT, `${at}: d/dy a^y`);
    assertClose(
      grad(cy)(b),
      centralDiff((y) => pow(a, y), b),
      fdTol(pow(a, b)),
      `${at}: d/dy a^y vs FD`,
    );
    const yy = dy * Math.log(a);
    assertClose(hessian(cy)(b), yy, EXACT, `${at}: d²/dy² a^y hessian`);
    assertClose(grad(grad(cy))(b), yy, EXACT, `${at}: d²/dy² a^y nested`);
    assertClose(
      hessian(cy)(b),
      centralDiff((y) => pow(a, y) * Math.log(a), b),
      fdTol(dy),
      `${at}: d²/dy² a^y vs FD`,
    );

    // x ^ y (the binary case above covers it at other points)
    const xy = ([x, y]: number[]) => np.power(x, y);
    assertClose(grad(xy)([a, b]), [b * pow(a, b - 1), dy], EXACT, at);
  }
});

Deno.test("rules: integer powers of a negative base are real, with real derivatives", () => {
  const rng = mulberry32(3100);
  for (let i = 0; i < POINTS; i++) {
    const x = -uniform(rng, 0.2, 4);
    for (const n of [-3, -2, -1, 1, 2, 3, 4]) {
      const at = `x = ${x}, n = ${n}`;
      const f = (t: number) => np.power(t, n);
      const pown = (t: number, m: number) => {
        let p = 1;
        for (let j = 0; j < Math.abs(m); j++) p *= t;
        return m < 0 ? 1 / p : p;
      };
      assertClose(f(x), pown(x, n), { rtol: 1e-14 }, `${at}: value`);
      assertClose(grad(f)(x), n * pown(x, n - 1), EXACT, `${at}: d/dx`);
      assertClose(
        grad(f)(x),
        centralDiff((t) => pown(t, n), x),
        fdTol(pown(x, n)),
        `${at}: d/dx vs FD`,
      );
      const d2 = n * (n - 1) * pown(x, n - 2);
      assertClose(hessian(f)(x), d2, EXACT, `${at}: hessian`);
      assertClose(grad(grad(f))(x), d2, EXACT, `${at}: grad(grad)`);
    }
  }
});

// -------------------------------------------------- the conventions of rules.ts

Deno.test("convention: abs′(0) = 0, and its second derivative is 0", () => {
  assert.equal(np.abs(0), 0);
  assert.equal(grad(np.abs)(0), 0);
  assert.equal(deriv(np.abs)(0), 0);
  assert.equal(hessian(np.abs)(0), 0);
  assert.equal(grad(grad(np.abs))(0), 0);
  assert.equal(grad(np.abs)(-2), -1);
  assert.equal(grad(np.abs)(2), 1);
});

Deno.test("convention: sqrt′(0) = +Infinity", () => {
  assert.equal(np.sqrt(0), 0);
  assert.equal(grad(np.sqrt)(0), Infinity);
  assert.equal(deriv(np.sqrt)(0), Infinity);
  assert.equal(hessian(np.sqrt)(0), -Infinity);
});

Deno.test("convention: x⁰ is 1 everywhere (0⁰ = 1) and d/dx x⁰ = 0, at 0 too", () => {
  const f = (x: number) => np.power(x, 0);
  for (const x of [0, -0, 2, -3]) {
    assert.equal(f(x), 1, `value at ${x}`);
    assert.equal(grad(f)(x), 0, `d/dx at ${x}`);
    assert.equal(hessian(f)(x), 0, `d²/dx² at ${x}`);
    assert.equal(grad(grad(f))(x), 0, `nested d²/dx² at ${x}`);
  }
  // with the exponent a variable too: ∂/∂x at (0, 0) is still 0
  const g = grad(([x, y]: number[]) => np.power(x, y))([0, 0]);
  assert.equal(g[0], 0);
});

Deno.test("convention: d/dy 0^y = 0 for y > 0", () => {
  const f = (y: number) => np.power(0, y);
  for (const y of [0.5, 1, 2, 3.7]) {
    assert.equal(f(y), 0, `value at ${y}`);
    assert.equal(grad(f)(y), 0, `d/dy at ${y}`);
    assert.equal(hessian(f)(y), 0, `d²/dy² at ${y}`);
    assert.equal(grad(grad(f))(y), 0, `nested d²/dy² at ${y}`);
  }
  const g = grad(([x, y]: number[]) => np.power(x, y))([0, 2]);
  assert.deepEqual(g, [0, 0]);
});

Deno.test("convention: log(0) = −Infinity and log′(0) = +Infinity", () => {
  assert.equal(np.log(0), -Infinity);
  assert.equal(grad(np.log)(0), Infinity);
  assert.equal(deriv(np.log)(0), Infinity);
  assert.equal(hessian(np.log)(0), -Infinity);
});

Deno.test("convention: a negative base with an integer exponent is real and differentiable", () => {
  const f = (x: number) => np.power(x, 3);
  assert.equal(f(-2), -8);
  assert.equal(grad(f)(-2), 12);
  assert.equal(hessian(f)(-2), -12);
  assert.equal(grad(grad(f))(-2), -12);
  const g = (x: number) => np.power(x, -2);
  assert.equal(g(-2), 0.25);
  assert.equal(grad(g)(-2), 0.25);
});

Deno.test("convention: a negative base with a non-integer exponent gives NaN", () => {
  const f = (x: number) => np.power(x, 0.5);
  assert.ok(Number.isNaN(f(-2)));
  assert.ok(Number.isNaN(grad(f)(-2)));
  assert.ok(Number.isNaN(hessian(f)(-2)));
  assert.ok(Number.isNaN(grad(grad(f))(-2)));
});

Deno.test("convention: d/dy x^y is NaN for x < 0", () => {
  const f = (y: number) => np.power(-2, y);
  assert.equal(f(3), -8);
  assert.ok(Number.isNaN(grad(f)(3)));
  assert.ok(Number.isNaN(hessian(f)(3)));
  const g = grad(([x, y]: number[]) => np.power(x, y))([-2, 3]);
  assert.equal(g[0], 12);
  assert.ok(Number.isNaN(g[1]));
});

Deno.test("convention: maximum and minimum at a tie give each argument half", () => {
  for (const op of [np.maximum, np.minimum]) {
    const f = ([x, y]: number[]) => op(x, y);
    assert.equal(f([1.5, 1.5]), 1.5);
    assert.deepEqual(grad(f)([1.5, 1.5]), [0.5, 0.5]);
    assert.deepEqual(grad(op, [0, 1])(-3, -3), [0.5, 0.5]);
    assert.deepEqual(hessian(f)([1.5, 1.5]), [[0, 0], [0, 0]]);
  }
  // a tie inside a tensor: ReLU at 0
  const relu = (x: Tensor) => np.sum(np.maximum(x, 0));
  assertClose(grad(relu)(np.array([-1, 0, 2])), [0, 0.5, 1]);
});

Deno.test("convention: arctan2 at the origin has NaN partials", () => {
  const f = ([y, x]: number[]) => np.arctan2(y, x);
  assert.equal(f([0, 0]), 0);
  const g = grad(f)([0, 0]);
  assert.ok(Number.isNaN(g[0]) && Number.isNaN(g[1]), `got ${g}`);
  const H = hessian(f)([0, 0]);
  assert.ok((H as number[][]).flat().every(Number.isNaN), `got ${H}`);
});

Deno.test("convention: a zero tangent annihilates an infinite or NaN partial", () => {
  // ∂/∂y must be 1, not NaN from ∞·0
  assert.deepEqual(
    grad(([x, y]: number[]) => np.add(np.sqrt(x), y))([0, 1]),
    [Infinity, 1],
  );
  assert.deepEqual(
    grad(([x, y]: number[]) => np.add(np.log(x), np.multiply(2, y)))([0, 1]),
    [Infinity, 2],
  );
  // d/dy of x^y at x < 0 is NaN, but along x only, the derivative is real
  assert.equal(grad((x: number) => np.power(x, 2))(-3), -6);
  // the hessian's other entries stay finite
  const H = hessian(([x, y]: number[]) => np.add(np.sqrt(x), np.square(y)))([
    0,
    1,
  ]) as number[][];
  assert.equal(H[0][0], -Infinity);
  assert.deepEqual([H[0][1], H[1][0], H[1][1]], [0, 0, 2]);
  // a linear op's zero second partials do not turn an infinite tangent into NaN
  const shifted = (x: number) => np.add(np.sqrt(x), 1);
  assert.equal(hessian(shifted)(0), -Infinity);
  assert.equal(grad(grad(shifted))(0), -Infinity);
  assert.equal(hessian((x: number) => np.negative(np.sqrt(x)))(0), Infinity);
  // inside a tensor
  const t = grad((v: Tensor) => np.sum(np.sqrt(v)))(np.array([0, 4]));
  assertClose(t, [Infinity, 0.25]);
});

Deno.test("convention: an output that does not depend on the input gives zeros of the input's structure", () => {
  assert.equal(grad((_x: number) => 5)(3), 0);
  assert.deepEqual(grad((_x: number[]) => 5)([1, 2]), [0, 0]);
  assert.deepEqual(
    grad((_x: { a: number; b: number[] }) => np.sin(2))({ a: 1, b: [2, 3] }),
    { a: 0, b: [0, 0] },
  );
  const W = np.array([[1, 2, 3], [4, 5, 6]]);
  const gW = grad((_w: unknown) => 7)(W);
  assertClose(gW, np.zeros([2, 3]));
  assert.equal(hessian((_x: number) => 5)(3), 0);
  assert.deepEqual(hessian((_x: number[]) => 5)([1, 2]), [[0, 0], [0, 0]]);
  assert.equal(grad(grad((_x: number) => 5))(3), 0);
  // depends on one input only
  assert.deepEqual(
    grad(([x, _y]: number[]) => np.multiply(x, 3))([1, 2]),
    [3, 0],
  );
});
