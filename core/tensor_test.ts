// Tensors and the np functions on them, against naive reference loops
// written here (broadcasting, reductions, matmul, shape ops) and finite
// differences for every gradient.
import assert from "node:assert/strict";
import {
  Dual,
  grad,
  hessian,
  HyperDual,
  isTensor,
  jacobian,
  np,
  Tensor,
} from "../mod.ts";
import {
  assertClose,
  fdGradient,
  fdJacobian,
  mulberry32,
  uniform,
} from "./_assert_close.ts";
import { broadcastShapes } from "./tensor.ts";

const EXACT = { rtol: 1e-12, atol: 1e-14 };
const FD = { rtol: 1e-6, atol: 1e-8 };

// --------------------------------------------------------- naive helpers

function size(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return idx;
}

function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let a = 0; a < shape.length; a++) i = i * shape[a] + idx[a];
  return i;
}

function rand(
  rng: () => number,
  shape: readonly number[],
  lo = -1,
  hi = 1,
): Tensor {
  const d = new Float64Array(size(shape));
  for (let i = 0; i < d.length; i++) d[i] = uniform(rng, lo, hi);
  return new Tensor([...shape], d);
}

/** numpy's broadcast shape, by the rule written out. */
function naiveBroadcastShape(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const pa = [...new Array(n - a.length).fill(1), ...a];
  const pb = [...new Array(n - b.length).fill(1), ...b];
  return pa.map((x, i) => {
    const y = pb[i];
    if (x !== y && x !== 1 && y !== 1) throw new Error("no broadcast");
    return Math.max(x, y);
  });
}

/** Reads element `outIdx` of a broadcast operand of shape `shape`. */
function readBroadcast(
  t: Tensor,
  outIdx: readonly number[],
): number {
  const off = outIdx.length - t.shape.length;
  const idx = t.shape.map((s, a) => (s === 1 ? 0 : outIdx[a + off]));
  return t.data[ravel(idx, t.shape)];
}

function naiveZip(
  A: Tensor,
  B: Tensor,
  f: (a: number, b: number) => number,
): Tensor {
  const shape = naiveBroadcastShape([...A.shape], [...B.shape]);
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] = f(readBroadcast(A, idx), readBroadcast(B, idx));
  }
  return new Tensor(shape, out);
}

/** Reduces `axes` of `t` with `combine` over the list of values. */
function naiveReduce(
  t: Tensor,
  axes: number | number[] | null,
  keepdims: boolean,
  combine: (xs: number[]) => number,
): Tensor | number {
  const nd = t.ndim;
  const ax = axes === null
    ? Array.from({ length: nd }, (_, i) => i)
    : (typeof axes === "number" ? [axes] : axes).map((a) => a < 0 ? a + nd : a);
  const keptShape = t.shape.map((s, a) => (ax.includes(a) ? 1 : s));
  const groups: number[][] = Array.from({ length: size(keptShape) }, () => []);
  for (let i = 0; i < t.size; i++) {
    const idx = unravel(i, t.shape).map((v, a) => (ax.includes(a) ? 0 : v));
    groups[ravel(idx, keptShape)].push(t.data[i]);
  }
  const out = Float64Array.from(groups.map(combine));
  if (keepdims) return new Tensor(keptShape, out);
  const shape = t.shape.filter((_, a) => !ax.includes(a));
  return shape.length === 0 ? out[0] : new Tensor(shape, out);
}

const sumOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
const meanOf = (xs: number[]) => sumOf(xs) / xs.length;
const varOf = (xs: number[]) => {
  const m = meanOf(xs);
  return sumOf(xs.map((v) => (v - m) * (v - m))) / xs.length;
};

/** numpy's matmul written out: 1-d promotion, broadcast batches, loops. */
function naiveMatmul(A: Tensor, B: Tensor): Tensor | number {
  const a = A.ndim === 1 ? new Tensor([1, A.shape[0]], A.data) : A;
  const b = B.ndim === 1 ? new Tensor([B.shape[0], 1], B.data) : B;
  const n = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1];
  const m = b.shape[b.ndim - 1];
  const batch = naiveBroadcastShape(
    [...a.shape.slice(0, -2)],
    [...b.shape.slice(0, -2)],
  );
  const shape = [...batch, n, m];
  const out = new Float64Array(size(shape));
  for (let q = 0; q < out.length; q++) {
    const idx = unravel(q, shape);
    const bi = idx.slice(0, -2),
      i = idx[idx.length - 2],
      j = idx[idx.length - 1];
    let s = 0;
    for (let p = 0; p < k; p++) {
      s += readBroadcast(a, [...bi, i, p]) * readBroadcast(b, [...bi, p, j]);
    }
    out[q] = s;
  }
  let final = shape;
  if (B.ndim === 1) final = final.slice(0, -1);
  if (A.ndim === 1) {
    final = [...final];
    final.splice(final.length - (B.ndim === 1 ? 1 : 2), 1);
  }
  return final.length === 0 ? out[0] : new Tensor(final, out);
}

/** FD gradient of a scalar function of one tensor, shaped like it. */
function fdGrad(f: (t: Tensor) => unknown, x: Tensor): Tensor {
  const g = fdGradient(
    (v) => f(new Tensor(x.shape, v)) as number,
    x.data,
  );
  return new Tensor(x.shape, Float64Array.from(g));
}

/** A weighted sum, turning any output into a scalar that depends on every element. */
function weigh(y: unknown, w: Tensor | number): unknown {
  return np.sum(np.multiply(y as Tensor, w));
}

function weightsLike(rng: () => number, y: unknown): Tensor | number {
  if (typeof y === "number") return uniform(rng, 0.5, 1.5);
  return rand(rng, (y as Tensor).shape, 0.5, 1.5);
}

/** Checks grad of the weighted sum of f's output (weights fixed) against FD. */
function checkWeighted(
  f: (t: Tensor) => unknown,
  w: Tensor | number,
  x: Tensor,
  what: string,
): void {
  checkGrad((t) => weigh(f(t), w), x, what);
}

/** Checks grad(f) at x against FD. */
function checkGrad(f: (t: Tensor) => unknown, x: Tensor, what: string): void {
  const g = grad(f)(x);
  assert.ok(isTensor(g), `${what}: a tensor gradient`);
  assert.deepEqual(g.shape, x.shape, `${what}: gradient shape`);
  assertClose(g, fdGrad(f, x), FD, `${what}: gradient vs FD`);
}

function throwsWith(fn: () => unknown, ...patterns: RegExp[]): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, "expected an error");
  for (const p of patterns) assert.match(err.message, p);
}

// ---------------------------------------------------------- construction

Deno.test("tensor: construction from nested arrays, numbers, typed arrays and tensors", () => {
  const t = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.size, 6);
  assert.equal(t.ndim, 2);
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const z = np.array(7);
  assert.deepEqual(z.shape, []);
  assert.equal(z.toArray(), 7);
  const f = np.array(Float64Array.of(1, 2));
  assert.deepEqual(f.shape, [2]);
  const i32 = np.array(Int32Array.of(3, -4));
  assert.deepEqual(i32.toArray(), [3, -4]);
  // a copy, not a view
  const c = np.array(t);
  c.data[0] = 99;
  assert.equal(t.data[0], 1);
  // 3-d and an empty axis
  const d3 = np.array([[[1], [2]], [[3], [4]]]);
  assert.deepEqual(d3.shape, [2, 2, 1]);
  assert.deepEqual(d3.toArray(), [[[1], [2]], [[3], [4]]]);
  assert.deepEqual(np.array([]).shape, [0]);
  // from tensors nested in arrays
  assert.deepEqual(np.array([np.array([1, 2]), np.array([3, 4])]).toArray(), [
    [1, 2],
    [3, 4],
  ]);
  assert.ok(isTensor(t) && !isTensor([1]) && !isTensor(1));
  throwsWith(
    () => new Tensor([2, 2], new Float64Array(3)),
    /shape \(2, 2\)/,
    /4 elements, got 3/,
  );
});

Deno.test("tensor: get reads one element, negative indices from the end", () => {
  const t = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.equal(t.get(0, 0), 1);
  assert.equal(t.get(1, 2), 6);
  assert.equal(t.get(-1, -1), 6);
  assert.equal(t.get(-2, 1), 2);
  assert.equal(np.array(5).get(), 5);
  throwsWith(
    () => t.get(2, 0),
    /Index 2 is out of bounds for axis 0 with size 2/,
  );
  throwsWith(() => t.get(0, -4), /out of bounds for axis 1/);
  throwsWith(() => t.get(0), /2 indices|1 indices/);
  throwsWith(() => t.get(0.5, 0), /not an integer/);
});

Deno.test("tensor: creation functions", () => {
  assert.deepEqual(np.zeros([2, 3]).toArray(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(np.ones(3).toArray(), [1, 1, 1]);
  assert.deepEqual(np.full([2], 7).toArray(), [7, 7]);
  assert.deepEqual(np.eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(np.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(np.arange(4).toArray(), [0, 1, 2, 3]);
  assert.deepEqual(np.arange(2, 5).toArray(), [2, 3, 4]);
  assert.deepEqual(np.arange(5, 0, -2).toArray(), [5, 3, 1]);
  assertClose(np.arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(np.linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(np.linspace(2, 3, 1).toArray(), [2]);
  assert.equal(np.linspace(0, 1).size, 50);
  throwsWith(() => np.zeros([-1]), /np\.zeros/, /invalid shape/);
  throwsWith(() => np.arange(0, 1, 0), /step/);
});

Deno.test("tensor: a ragged array is an error saying where", () => {
  throwsWith(() => np.array([[1, 2], [3]]), /ragged/, /\[1\]/, /length 1/);
  throwsWith(() => np.array([[1, 2], 3]), /ragged/);
  throwsWith(() => np.array([[1, [2]], [3, 4]]), /ragged/);
  throwsWith(() => np.array([1, "a"] as never), /\[1\] is a string/);
});

Deno.test("tensor: np.index with numbers, slice strings and null", () => {
  const v = np.arange(10);
  const sl = (s: string) => (np.index(v, s) as Tensor).toArray();
  assert.deepEqual(sl("2:8:2"), [2, 4, 6]);
  assert.deepEqual(sl("::-1"), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  assert.deepEqual(sl("-3:"), [7, 8, 9]);
  assert.deepEqual(sl(":2"), [0, 1]);
  assert.deepEqual(sl("8:2:-2"), [8, 6, 4]);
  assert.deepEqual(sl(":-7:-1"), [9, 8, 7, 6, 5, 4]);
  assert.deepEqual(sl("-1:-4:-1"), [9, 8, 7]);
  assert.deepEqual(sl("5:100"), [5, 6, 7, 8, 9]);
  assert.deepEqual(sl("-100:2"), [0, 1]);
  assert.deepEqual(sl("7:3"), []);
  assert.deepEqual(sl(":"), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(np.index(v, -1), 9);
  const m = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual((np.index(m, 1) as Tensor).toArray(), [4, 5, 6]);
  assert.deepEqual((np.index(m, null, 1) as Tensor).toArray(), [2, 5]);
  assert.deepEqual((np.index(m, null, "::2") as Tensor).toArray(), [
    [1, 3],
    [4, 6],
  ]);
  assert.deepEqual((np.index(m, "::-1", "1:") as Tensor).toArray(), [
    [5, 6],
    [2, 3],
  ]);
  assert.equal(np.index(m, 1, 2), 6);
  throwsWith(() => np.index(m, 2), /index 2 is out of bounds for axis 0/);
  throwsWith(() => np.index(m, 0, 0, 0), /too many indices/);
  throwsWith(() => np.index(m, "a"), /not a slice/);
  // its gradient puts ones where the slice read
  const g = grad((t: Tensor) => np.sum(np.index(t, null, "1:")))(m);
  assertClose(g, [[0, 1, 1], [0, 1, 1]]);
  const rng = mulberry32(50);
  const x = rand(rng, [3, 4]);
  checkGrad(
    (t) => np.sum(np.square(np.index(t, "::-1", "1:3") as Tensor)),
    x,
    "index",
  );
});

Deno.test("tensor: iterating unpacks the first axis", () => {
  const [a, b] = np.array([[1, 2], [3, 4]]);
  assert.deepEqual((a as Tensor).toArray(), [1, 2]);
  assert.deepEqual((b as Tensor).toArray(), [3, 4]);
  const [x, y] = np.array([5, 6]);
  assert.equal(x, 5);
  assert.equal(y, 6);
});

// ----------------------------------------------------------- broadcasting

const binaryOps: {
  name: string;
  op: (a: Tensor, b: Tensor) => unknown;
  f: (a: number, b: number) => number;
  a: [number, number];
  b: [number, number];
  signB?: boolean;
}[] = [
  { name: "add", op: np.add, f: (a, b) => a + b, a: [-2, 2], b: [-2, 2] },
  {
    name: "subtract",
    op: np.subtract,
    f: (a, b) => a - b,
    a: [-2, 2],
    b: [-2, 2],
  },
  {
    name: "multiply",
    op: np.multiply,
    f: (a, b) => a * b,
    a: [-2, 2],
    b: [-2, 2],
  },
  {
    name: "divide",
    op: np.divide,
    f: (a, b) => a / b,
    a: [-2, 2],
    b: [0.5, 2],
    signB: true,
  },
  {
    name: "power",
    op: np.power,
    f: (a, b) => Math.exp(b * Math.log(a)),
    a: [0.5, 2],
    b: [-2, 2],
  },
  {
    name: "arctan2",
    op: np.arctan2,
    f: Math.atan2,
    a: [-2, 2],
    b: [0.5, 2],
    signB: true,
  },
  {
    name: "maximum",
    op: np.maximum,
    f: (a, b) => (a > b ? a : b),
    a: [-2, 2],
    b: [-2, 2],
  },
  {
    name: "minimum",
    op: np.minimum,
    f: (a, b) => (a < b ? a : b),
    a: [-2, 2],
    b: [-2, 2],
  },
];

const shapePairs: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1], [1, 3]],
  [[4, 1, 3], [2, 1]],
  [[], [2, 2]],
  [[3], []],
  [[1], [5]],
  [[2, 3, 1], [3, 4]],
];

function operand(
  rng: () => number,
  shape: number[],
  [lo, hi]: [number, number],
  signed = false,
): Tensor {
  const t = rand(rng, shape, lo, hi);
  if (signed) {
    for (let i = 0; i < t.size; i++) if (rng() < 0.5) t.data[i] *= -1;
  }
  return t;
}

for (const [k, c] of binaryOps.entries()) {
  Deno.test(`broadcasting: ${c.name} against a naive loop, gradients summed back and checked by FD`, () => {
    const rng = mulberry32(100 + k);
    for (const [sa, sb] of shapePairs) {
      const what = `${c.name} of ${JSON.stringify(sa)} and ${
        JSON.stringify(sb)
      }`;
      const A = operand(rng, sa, c.a);
      const B = operand(rng, sb, c.b, c.signB);
      const want = naiveZip(A, B, c.f);
      const got = c.op(A, B);
      assertClose(got, want, { rtol: 1e-14, atol: 1e-15 }, what);
      // nested arrays and numbers work as operands too
      const Aarg = sa.length === 0 ? A.data[0] : A.toArray();
      assertClose(
        c.op(Aarg as unknown as Tensor, B),
        want,
        { rtol: 1e-14 },
        `${what} from arrays`,
      );
      // gradients with respect to each operand, shaped like it
      const w = weightsLike(rng, want);
      checkGrad((a) => weigh(c.op(a, B), w), A, `${what}: d/dA`);
      checkGrad((b) => weigh(c.op(A, b), w), B, `${what}: d/dB`);
    }
  });
}

Deno.test("broadcasting: every unary op on a tensor against Math, elementwise", () => {
  const rng = mulberry32(120);
  const cases: [keyof typeof np, (x: number) => number, number, number][] = [
    ["negative", (x) => -x, -3, 3],
    ["abs", Math.abs, -3, 3],
    ["square", (x) => x * x, -3, 3],
    ["sqrt", Math.sqrt, 0.1, 3],
    ["exp", Math.exp, -3, 3],
    ["expm1", Math.expm1, -3, 3],
    ["log", Math.log, 0.1, 3],
    ["log1p", Math.log1p, -0.5, 3],
    ["log2", Math.log2, 0.1, 3],
    ["log10", Math.log10, 0.1, 3],
    ["sin", Math.sin, -3, 3],
    ["cos", Math.cos, -3, 3],
    ["tan", Math.tan, -1.3, 1.3],
    ["arcsin", Math.asin, -0.9, 0.9],
    ["arccos", Math.acos, -0.9, 0.9],
    ["arctan", Math.atan, -3, 3],
    ["sinh", Math.sinh, -3, 3],
    ["cosh", Math.cosh, -3, 3],
    ["tanh", Math.tanh, -3, 3],
    ["arcsinh", Math.asinh, -3, 3],
    ["arccosh", Math.acosh, 1.1, 3],
    ["arctanh", Math.atanh, -0.9, 0.9],
    ["reciprocal", (x) => 1 / x, 0.2, 3],
  ];
  for (const [name, f, lo, hi] of cases) {
    const op = np[name] as (x: Tensor) => Tensor;
    const x = rand(rng, [2, 3], lo, hi);
    const y = op(x);
    assert.deepEqual(y.shape, [2, 3], name);
    assertClose(y.data, Array.from(x.data, f), { rtol: 1e-14 }, name);
    checkGrad((t) => np.sum(op(t)), x, name);
  }
});

Deno.test("broadcasting: shapes that do not broadcast are an error naming both", () => {
  throwsWith(
    () => np.add(np.ones([2, 3]), np.ones([4])),
    /\(2, 3\)/,
    /\(4,\)/,
    /broadcast/,
  );
  throwsWith(
    () => np.multiply(np.ones([2, 3]), np.ones([3, 2])),
    /\(2, 3\) \(3, 2\)/,
  );
  // inside a derivative too
  throwsWith(
    () => grad((a: Tensor) => np.sum(np.add(a, np.ones([4]))))(np.ones([3])),
    /\(3,\)/,
    /\(4,\)/,
  );
});

Deno.test("broadcasting: gradients are summed back to the input's shape", () => {
  const rng = mulberry32(130);
  const W = rand(rng, [2, 3]);
  const b = rand(rng, [3]);
  const gb = grad((t: Tensor) => np.sum(np.add(W, t)))(b);
  assert.deepEqual(gb.shape, [3]);
  assertClose(gb, [2, 2, 2]);
  const gRow = grad((t: Tensor) => np.sum(np.add(W, t)))(rand(rng, [1, 3]));
  assertClose(gRow, [[2, 2, 2]]);
  const gCol = grad((t: Tensor) => np.sum(np.add(W, t)))(rand(rng, [2, 1]));
  assertClose(gCol, [[3], [3]]);
  assert.equal(grad((s: number) => np.sum(np.multiply(W, s)))(2), np.sum(W));
  const g0 = grad((t: Tensor) => np.sum(np.add(W, t)))(np.array(1));
  assertClose(g0, 6);
  // a weighted case against FD
  const V = rand(rng, [4, 1, 3]);
  checkGrad(
    (t) => np.sum(np.square(np.multiply(V, t))),
    rand(rng, [2, 1]),
    "(2,1) into (4,2,3)",
  );
});

// ------------------------------------------------------------ reductions

const axisCases: (number | number[] | null)[] = [
  null,
  0,
  1,
  2,
  -1,
  [0, 2],
  [-1, -3],
  [1, 2],
  [0, 1, 2],
];

const reductions: {
  name: string;
  op: (x: Tensor, o: np.ReduceOptions) => unknown;
  ref: (xs: number[]) => number;
}[] = [
  { name: "sum", op: np.sum, ref: sumOf },
  { name: "mean", op: np.mean, ref: meanOf },
  { name: "prod", op: np.prod, ref: (xs) => xs.reduce((p, v) => p * v, 1) },
  { name: "max", op: np.max, ref: (xs) => Math.max(...xs) },
  { name: "min", op: np.min, ref: (xs) => Math.min(...xs) },
  { name: "var", op: np.var, ref: varOf },
  { name: "std", op: np.std, ref: (xs) => Math.sqrt(varOf(xs)) },
  {
    name: "logsumexp",
    op: np.logsumexp,
    ref: (xs) => Math.log(sumOf(xs.map(Math.exp))),
  },
];

for (const [k, r] of reductions.entries()) {
  Deno.test(`reductions: ${r.name} with axis and keepdims against a naive loop, gradients by FD`, () => {
    const rng = mulberry32(200 + k);
    const x = rand(rng, [2, 3, 4], 0.5, 1.5);
    for (const axis of axisCases) {
      for (const keepdims of [false, true]) {
        const what = `${r.name} axis ${
          JSON.stringify(axis)
        } keepdims ${keepdims}`;
        const want = naiveReduce(x, axis, keepdims, r.ref);
        const opts = { axis, keepdims };
        const got = r.op(x, opts);
        if (typeof want === "number") {
          assert.equal(typeof got, "number", `${what}: a number`);
        }
        assertClose(got, want, EXACT, what);
        const w = weightsLike(rng, want);
        checkGrad((t) => weigh(r.op(t, opts), w), x, what);
      }
    }
    // the positional axis forms
    assertClose(
      (r.op as (x: Tensor, a?: unknown) => unknown)(x, 1),
      naiveReduce(x, [1], false, r.ref),
      EXACT,
    );
    assertClose(
      (r.op as (x: Tensor, a?: unknown) => unknown)(x, [0, -1]),
      naiveReduce(x, [0, 2], false, r.ref),
      EXACT,
    );
    assertClose(
      (r.op as (x: Tensor) => unknown)(x),
      naiveReduce(x, null, false, r.ref),
      EXACT,
    );
  });
}

Deno.test("reductions: errors for a bad axis, and var/std with ddof", () => {
  const x = np.ones([2, 3]);
  throwsWith(() => np.sum(x, 2), /axis 2 is out of bounds/, /dimension 2/);
  throwsWith(() => np.mean(x, -3), /axis -3/);
  throwsWith(() => np.sum(x, [0, 0]), /repeated axis/);
  const v = np.array([1, 2, 3, 4]);
  assertClose(np.var(v, { ddof: 1 }), 5 / 3);
  assertClose(np.std(v, { ddof: 1 }), Math.sqrt(5 / 3));
});

Deno.test("reductions: max and min share the derivative between ties", () => {
  const g = grad((t: Tensor) => np.max(t))(np.array([1, 3, 3, 2]));
  assertClose(g, [0, 0.5, 0.5, 0]);
  const gm = grad((t: Tensor) => np.sum(np.min(t, 1)))(
    np.array([[1, 1, 2], [0, 5, 6]]),
  );
  assertClose(gm, [[0.5, 0.5, 0], [1, 0, 0]]);
});

// ---------------------------------------------------------------- matmul

Deno.test("matmul: numpy's 1-d and 2-d cases, batches, against a naive loop and FD", () => {
  const rng = mulberry32(300);
  const cases: [number[], number[], number[]][] = [
    [[3], [3], []],
    [[2, 3], [3], [2]],
    [[3], [3, 2], [2]],
    [[2, 3], [3, 4], [2, 4]],
    [[2, 2, 3], [3, 4], [2, 2, 4]],
    [[3], [2, 3, 4], [2, 4]],
    [[2, 1, 2, 3], [3, 3, 2], [2, 3, 2, 2]],
    [[2, 3, 4], [4], [2, 3]],
  ];
  for (const [sa, sb, so] of cases) {
    const what = `matmul ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`;
    const A = rand(rng, sa), B = rand(rng, sb);
    const got = np.matmul(A, B);
    const want = naiveMatmul(A, B);
    if (so.length === 0) assert.equal(typeof got, "number", what);
    else assert.deepEqual((got as Tensor).shape, so, what);
    assertClose(got, want, EXACT, what);
    const w = weightsLike(rng, want);
    checkGrad((a) => weigh(np.matmul(a, B), w), A, `${what}: d/dA`);
    checkGrad((b) => weigh(np.matmul(A, b), w), B, `${what}: d/dB`);
    // both at once, a product rule
    checkGrad(
      (a) => weigh(np.matmul(a, np.multiply(a, 1) as Tensor), 1),
      rand(rng, [3, 3]),
      "A @ A",
    );
  }
});

Deno.test("matmul: misaligned shapes are an error naming both", () => {
  throwsWith(
    () => np.matmul(np.ones([2, 3]), np.ones([2, 3])),
    /\(2, 3\) and \(2, 3\)/,
    /not aligned/,
  );
  throwsWith(() => np.matmul(np.ones([3]), np.ones([4])), /\(3,\) and \(4,\)/);
  throwsWith(() => np.matmul(2, np.ones([2])), /at least 1-D/);
});

Deno.test("dot and outer against naive loops, gradients by FD", () => {
  const rng = mulberry32(310);
  const a = rand(rng, [3]), b = rand(rng, [3]);
  assertClose(np.dot(a, b), sumOf(Array.from(a.data, (v, i) => v * b.data[i])));
  const M = rand(rng, [2, 3]);
  assertClose(np.dot(M, a), naiveMatmul(M, a), EXACT);
  assertClose(np.dot(2, M), np.multiply(2, M));
  const o = np.outer(a, rand(rng, [2]));
  assert.deepEqual((o as Tensor).shape, [3, 2]);
  const c = rand(rng, [4]);
  const want = Array.from(
    a.data,
    (x) => Array.from(c.data, (y) => x * y),
  );
  assertClose(np.outer(a, c), want, EXACT);
  const w = rand(rng, [3, 4]);
  checkGrad((t) => weigh(np.outer(t, c), w), a, "outer d/da");
  checkWeighted((t) => np.dot(M, t), rand(rng, [2]), a, "dot d/da");
  throwsWith(() => np.dot(np.ones([2, 2, 2]), np.ones([2])), /np\.matmul/);
});

// ------------------------------------------------------------- shape ops

Deno.test("shape ops: transpose, reshape, ravel, flatten, expand_dims, squeeze", () => {
  const rng = mulberry32(400);
  const x = rand(rng, [2, 3, 4]);
  // transpose against index arithmetic
  const perm = [1, 2, 0];
  const tp = np.transpose(x, perm) as Tensor;
  assert.deepEqual(tp.shape, [3, 4, 2]);
  for (let i = 0; i < tp.size; i++) {
    const idx = unravel(i, tp.shape);
    const src = [0, 0, 0];
    perm.forEach((p, a) => (src[p] = idx[a]));
    assert.equal(tp.data[i], x.data[ravel(src, x.shape)]);
  }
  const rev = np.transpose(x) as Tensor;
  assert.deepEqual(rev.shape, [4, 3, 2]);
  assert.equal(rev.get(3, 2, 1), x.get(1, 2, 3));
  throwsWith(() => np.transpose(x, [0, 1]), /np\.transpose/);
  // reshape with -1 keeps C order
  const r = np.reshape(x, [4, -1]) as Tensor;
  assert.deepEqual(r.shape, [4, 6]);
  assert.deepEqual(Array.from(r.data), Array.from(x.data));
  assert.deepEqual((np.reshape(x, -1) as Tensor).shape, [24]);
  throwsWith(() => np.reshape(x, [5, -1]), /cannot reshape/, /\(2, 3, 4\)/);
  throwsWith(() => np.reshape(x, [5, 5]), /cannot reshape/);
  assert.deepEqual((np.ravel(x) as Tensor).shape, [24]);
  assert.deepEqual((np.flatten(x) as Tensor).shape, [24]);
  assert.deepEqual(
    Array.from((np.ravel(x) as Tensor).data),
    Array.from(x.data),
  );
  assert.deepEqual((np.expand_dims(x, 0) as Tensor).shape, [1, 2, 3, 4]);
  assert.deepEqual((np.expand_dims(x, -1) as Tensor).shape, [2, 3, 4, 1]);
  assert.deepEqual((np.expand_dims(x, 2) as Tensor).shape, [2, 3, 1, 4]);
  const s = np.zeros([1, 3, 1]);
  assert.deepEqual((np.squeeze(s) as Tensor).shape, [3]);
  assert.deepEqual((np.squeeze(s, 0) as Tensor).shape, [3, 1]);
  assert.deepEqual((np.squeeze(s, -1) as Tensor).shape, [1, 3]);
  assert.equal(np.squeeze(np.array([[5]])), 5);
  throwsWith(() => np.squeeze(s, 1), /axis 1/, /length is 3/);
  // gradients through each
  const w = rand(rng, [4, 6]);
  checkWeighted(
    (t) => np.transpose(t, perm),
    rand(rng, [3, 4, 2]),
    x,
    "transpose",
  );
  checkGrad((t) => weigh(np.reshape(t, [4, -1]), w), x, "reshape");
  checkWeighted((t) => np.square(np.ravel(t)), rand(rng, [24]), x, "ravel");
  checkWeighted(
    (t) => np.expand_dims(t, 1),
    rand(rng, [2, 1, 3, 4]),
    x,
    "expand_dims",
  );
  checkWeighted(
    (t) => np.squeeze(t),
    rand(rng, [3]),
    rand(rng, [1, 3, 1]),
    "squeeze",
  );
});

Deno.test("shape ops: concatenate and stack against naive loops, gradients by FD", () => {
  const rng = mulberry32(410);
  const a = rand(rng, [2, 3]), b = rand(rng, [1, 3]), c = rand(rng, [2, 2]);
  const ab = np.concatenate([a, b]) as Tensor;
  assert.deepEqual(ab.shape, [3, 3]);
  assert.deepEqual(Array.from(ab.data), [...a.data, ...b.data]);
  const ac = np.concatenate([a, c], 1) as Tensor;
  assert.deepEqual(ac.shape, [2, 5]);
  assert.deepEqual(ac.toArray(), [
    [...(a.toArray() as number[][])[0], ...(c.toArray() as number[][])[0]],
    [...(a.toArray() as number[][])[1], ...(c.toArray() as number[][])[1]],
  ]);
  assert.deepEqual((np.concatenate([a, c], -1) as Tensor).shape, [2, 5]);
  throwsWith(() => np.concatenate([a, c]), /array 1 has shape \(2, 2\)/);
  throwsWith(() => np.concatenate([]), /non-empty/);
  const d = rand(rng, [2, 3]);
  const s0 = np.stack([a, d]) as Tensor;
  assert.deepEqual(s0.shape, [2, 2, 3]);
  assert.deepEqual(s0.toArray(), [a.toArray(), d.toArray()]);
  const s1 = np.stack([a, d], 1) as Tensor;
  assert.deepEqual(s1.shape, [2, 2, 3]);
  assert.equal(s1.get(1, 0, 2), a.get(1, 2));
  assert.equal(s1.get(1, 1, 2), d.get(1, 2));
  const s2 = np.stack([a, d], -1) as Tensor;
  assert.deepEqual(s2.shape, [2, 3, 2]);
  assert.equal(s2.get(0, 2, 1), d.get(0, 2));
  assert.deepEqual((np.stack([1, 2, 3]) as Tensor).toArray(), [1, 2, 3]);
  throwsWith(() => np.stack([a, c]), /same shape/, /\(2, 3\)/, /\(2, 2\)/);
  checkWeighted(
    (t) => np.concatenate([t, b]),
    rand(rng, [3, 3]),
    a,
    "concatenate 0",
  );
  checkWeighted(
    (t) => np.concatenate([c, t], 1),
    rand(rng, [2, 5]),
    a,
    "concatenate 1",
  );
  checkWeighted(
    (t) => np.stack([t, np.square(t)], 1),
    rand(rng, [2, 2, 3]),
    a,
    "stack",
  );
  // a list of duals from unpacking
  checkWeighted(
    (t) => {
      const [p, q] = t as unknown as Tensor[];
      return np.stack([q, p, np.multiply(p, q) as Tensor]);
    },
    rand(rng, [3, 3]),
    a,
    "stack of rows",
  );
});

Deno.test("shape ops: where and clip, values and gradients", () => {
  const rng = mulberry32(420);
  const x = np.array([-2, -0.5, 0.3, 0.9, 2]);
  const y = rand(rng, [5]);
  const cond = [true, false, true, false, true];
  const w = np.where(cond, x, y) as Tensor;
  assert.deepEqual(
    Array.from(w.data),
    cond.map((c, i) => (c ? x.data[i] : y.data[i])),
  );
  // broadcasting the condition and a scalar
  assert.deepEqual(
    (np.where([[1], [0]], np.array([1, 2]), 0) as Tensor).toArray(),
    [[1, 2], [0, 0]],
  );
  const c = np.clip(x, -1, 1) as Tensor;
  assert.deepEqual(Array.from(c.data), [-1, -0.5, 0.3, 0.9, 1]);
  const gx = grad((t: Tensor) => np.sum(np.where(cond, np.square(t), 0)))(x);
  assertClose(gx, [-4, 0, 0.6, 0, 4]);
  const gc = grad((t: Tensor) => np.sum(np.clip(t, -1, 1)))(x);
  assertClose(gc, [0, 1, 1, 1, 0]);
  checkWeighted(
    (t) => np.clip(np.multiply(t, t), 0.1, 2),
    rand(rng, [5]),
    x,
    "clip",
  );
  // relu through maximum against FD
  checkGrad((t) => np.sum(np.maximum(t, 0)), x, "relu");
});

Deno.test("logsumexp and softmax against naive implementations, gradients by FD", () => {
  const rng = mulberry32(430);
  const x = rand(rng, [3, 4], -3, 3);
  const rows = x.toArray() as number[][];
  const naiveSoftmax = (r: number[]) => {
    const e = r.map(Math.exp);
    const s = sumOf(e);
    return e.map((v) => v / s);
  };
  assertClose(np.softmax(x), rows.map(naiveSoftmax), EXACT);
  assertClose(
    np.softmax(x, 0),
    (() => {
      const cols = rows[0].map((_, j) => naiveSoftmax(rows.map((r) => r[j])));
      return rows.map((_, i) => cols.map((c) => c[i]));
    })(),
    EXACT,
  );
  assertClose(
    np.logsumexp(x, 1),
    rows.map((r) => Math.log(sumOf(r.map(Math.exp)))),
    EXACT,
  );
  // stable at large values
  assertClose(np.logsumexp([1000, 1000]), 1000 + Math.LN2, { rtol: 1e-15 });
  assertClose(np.softmax([1000, 1000]), [0.5, 0.5]);
  const w = rand(rng, [3, 4]);
  checkGrad((t) => weigh(np.softmax(t), w), x, "softmax");
  checkGrad((t) => weigh(np.softmax(t, 0), w), x, "softmax axis 0");
  checkGrad((t) => np.logsumexp(t), x, "logsumexp");
  checkWeighted(
    (t) => np.logsumexp(t, { axis: 1, keepdims: true }),
    rand(rng, [3, 1]),
    x,
    "logsumexp keepdims",
  );
  // the Jacobian of softmax is diag(s) − s·sᵀ, shape out + in
  const v = rand(rng, [4]);
  const J = jacobian((t: Tensor) => np.softmax(t))(v);
  assert.deepEqual(J.shape, [4, 4]);
  const s = naiveSoftmax(Array.from(v.data));
  assertClose(
    J,
    s.map((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj)),
    EXACT,
  );
});

// ------------------------------------------------------ jacobian, hessian

Deno.test("jacobian of tensor to tensor has shape out + in and matches FD", () => {
  const rng = mulberry32(500);
  const W = rand(rng, [3, 2]);
  const f = (X: Tensor) => np.tanh(np.matmul(X, W)) as Tensor;
  const X = rand(rng, [2, 3]);
  const J = jacobian(f)(X);
  assert.deepEqual(J.shape, [2, 2, 2, 3]);
  const fd = fdJacobian((v) => f(new Tensor([2, 3], v)).data, X.data);
  assertClose(J.data, fd.flat(), FD);
  // a matrix output from a vector input
  const g = (v: Tensor) => np.outer(v, np.sin(v)) as Tensor;
  const v = rand(rng, [3]);
  const Jg = jacobian(g)(v);
  assert.deepEqual(Jg.shape, [3, 3, 3]);
  const fdg = fdJacobian((u) => g(new Tensor([3], u)).data, v.data);
  assertClose(Jg.data, fdg.flat(), FD);
});

Deno.test("hessian with respect to a matrix has shape in + in and matches FD of the gradient", () => {
  const rng = mulberry32(510);
  const V = rand(rng, [3, 2]);
  const f = (W: Tensor) =>
    np.add(
      np.sum(np.tanh(np.matmul(W, V))),
      np.multiply(np.sum(np.square(W)), np.prod(np.cos(W))),
    );
  const W = rand(rng, [2, 3]);
  const H = hessian(f)(W);
  assert.deepEqual(H.shape, [2, 3, 2, 3]);
  const fd = fdJacobian(
    (v) => (grad(f)(new Tensor([2, 3], v)) as Tensor).data,
    W.data,
  );
  assertClose(H.data, fd.flat(), FD);
  // symmetric, and equal to jacobian(grad(f))
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      assertClose(H.data[i * 6 + j], H.data[j * 6 + i], EXACT);
    }
  }
  assertClose(jacobian(grad(f))(W), H, EXACT);
  // the matrix partials of mean(W·V) are all zero (it is linear in W)
  const lin = hessian((w: Tensor) => np.mean(np.matmul(w, V)))(W);
  assertClose(lin, np.zeros([2, 3, 2, 3]));
  // a tree of two matrices gives a tree of blocks shaped in_i + in_j
  const Hs = hessian(([a, b]: Tensor[]) => np.sum(np.matmul(a, b)))([W, V]);
  assert.deepEqual(Hs[0][1].shape, [2, 3, 3, 2]);
  assert.deepEqual(Hs[1][0].shape, [3, 2, 2, 3]);
  assertClose(Hs[0][0], np.zeros([2, 3, 2, 3]));
  // ∂²Σ(WV)/∂W_ij∂V_kl = [j = k]
  const want = new Float64Array(36);
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) {
      for (let l = 0; l < 2; l++) want[((i * 3 + j) * 3 + j) * 2 + l] = 1;
    }
  }
  assertClose(Hs[0][1], new Tensor([2, 3, 3, 2], want));
});

// ---------------------------------------------- dual and hyper-dual tensors

Deno.test("dual matmul: Dual tensors carry their partials as tensors", () => {
  const rng = mulberry32(600);
  const A = rand(rng, [2, 3]), B = rand(rng, [3, 2]);
  const dA = [rand(rng, [2, 3]), rand(rng, [2, 3])];
  const dB = [rand(rng, [3, 2]), rand(rng, [3, 2])];
  const tag = 1_000_000;
  const X = new Dual(tag, A, dA), Y = new Dual(tag, B, dB);
  const Z = np.matmul(X, Y) as Dual;
  assert.ok(Z instanceof Dual);
  assertClose(Z.v, naiveMatmul(A, B), EXACT);
  for (let i = 0; i < 2; i++) {
    const want = np.add(
      naiveMatmul(dA[i], B) as Tensor,
      naiveMatmul(A, dB[i]) as Tensor,
    );
    assert.ok(Z.d[i] instanceof Tensor, "partials are plain tensors");
    assertClose(Z.d[i], want, EXACT);
  }
  // with a plain right operand
  const Zp = np.matmul(X, B) as Dual;
  assertClose(Zp.d[1], naiveMatmul(dA[1], B), EXACT);
});

Deno.test("dual matmul: HyperDual tensors give exact second-order parts", () => {
  const rng = mulberry32(610);
  const [a, b, c] = [rand(rng, [2, 3]), rand(rng, [2, 3]), rand(rng, [2, 3])];
  const d = rand(rng, [2, 3]);
  const [p, q, r, s] = [
    rand(rng, [3, 2]),
    rand(rng, [3, 2]),
    rand(rng, [3, 2]),
    rand(rng, [3, 2]),
  ];
  const X = new HyperDual(a, b, c, d), Y = new HyperDual(p, q, r, s);
  const Z = np.matmul(X, Y) as HyperDual;
  assert.ok(Z instanceof HyperDual);
  const mm = (u: Tensor, v: Tensor) => naiveMatmul(u, v) as Tensor;
  assertClose(Z.a, mm(a, p), EXACT);
  assertClose(Z.b, np.add(mm(b, p), mm(a, q)), EXACT);
  assertClose(Z.c, np.add(mm(c, p), mm(a, r)), EXACT);
  const wantD = np.add(
    np.add(mm(d, p), mm(a, s)),
    np.add(mm(b, r), mm(c, q)),
  );
  assertClose(Z.d, wantD, EXACT);
  // with a plain operand
  const Zp = np.matmul(X, p) as HyperDual;
  assertClose(Zp.b, mm(b, p), EXACT);
  assertClose(Zp.d, mm(d, p), EXACT);
});

// --------------------------------------------------------------- printing

Deno.test("printing: numpy's repr for 0-d, 1-d, matrices and negative numbers", () => {
  assert.equal(np.array(6).toString(), "array(6.)");
  assert.equal(np.array(-0.5).toString(), "array(-0.5)");
  assert.equal(np.array([6, 3]).toString(), "array([6., 3.])");
  assert.equal(np.array([-1.5, 2]).toString(), "array([-1.5,  2. ])");
  assert.equal(np.array([0.1, 0.25]).toString(), "array([0.1 , 0.25])");
  assert.equal(
    np.array([[1, -2], [3, 4]]).toString(),
    "array([[ 1., -2.],\n       [ 3.,  4.]])",
  );
  assert.equal(np.array([[0.5]]).toString(), "array([[0.5]])");
  assert.equal(
    np.array([1 / 3, 2 / 3, 100]).toString(),
    "array([  0.33333333,   0.66666667, 100.        ])",
  );
  assert.equal(np.array([0.0001, 0.1]).toString(), "array([0.0001, 0.1   ])");
  assert.equal(np.array([0, -0]).toString(), "array([ 0., -0.])");
  assert.equal(
    np.zeros([2, 2, 2]).toString(),
    "array([[[0., 0.],\n        [0., 0.]],\n\n       [[0., 0.],\n        [0., 0.]]])",
  );
  assert.equal(
    np.array([
      [0.3, -0.2, 0.1],
      [0.1, 0.2, 0.1],
    ]).toString(),
    "array([[ 0.3, -0.2,  0.1],\n       [ 0.1,  0.2,  0.1]])",
  );
  assert.equal(String(np.array([1, 2])), "array([1., 2.])");
});

Deno.test("printing: nan and inf as numpy prints them", () => {
  assert.equal(np.array(NaN).toString(), "array(nan)");
  assert.equal(np.array([NaN]).toString(), "array([nan])");
  assert.equal(np.array([-0.5, NaN]).toString(), "array([-0.5,  nan])");
  assert.equal(
    np.array([1, NaN, Infinity, -Infinity]).toString(),
    "array([  1.,  nan,  inf, -inf])",
  );
  assert.equal(np.array([2, NaN]).toString(), "array([ 2., nan])");
  assert.equal(
    np.array([1e-5, Infinity]).toString(),
    "array([1.e-05,    inf])",
  );
});

Deno.test("printing: scientific notation where numpy uses it", () => {
  assert.equal(np.array([1e16]).toString(), "array([1.e+16])");
  assert.equal(np.array([1e9]).toString(), "array([1.e+09])");
  assert.equal(np.array(1e9).toString(), "array(1.e+09)");
  assert.equal(np.array([1, 2000]).toString(), "array([1.e+00, 2.e+03])");
  assert.equal(np.array([1.5e-5, 1]).toString(), "array([1.5e-05, 1.0e+00])");
  assert.equal(
    np.array([123456.789, 1]).toString(),
    "array([1.23456789e+05, 1.00000000e+00])",
  );
});

Deno.test("hessian through broadcasting, reductions and shape ops: hyper-duals, nested duals and FD agree", () => {
  const rng = mulberry32(520);
  const W = rand(rng, [2, 3]), c = rand(rng, [2, 1]);
  const fns: [string, (b: Tensor) => unknown][] = [
    ["tanh(W·b + c)", (b) => np.sum(np.tanh(np.add(np.multiply(W, b), c)))],
    ["logsumexp", (b) => np.sum(np.logsumexp(np.multiply(W, b), { axis: 1 }))],
    ["softmax cross-entropy", (b) =>
      np.negative(
        np.sum(np.log(np.index(np.softmax(np.multiply(W, b)), null, 0))),
      )],
    [
      "var and std",
      (b) => np.add(np.var(np.multiply(b, b)), np.sum(np.std(np.add(W, b), 1))),
    ],
    [
      "max and prod",
      (b) => np.add(np.sum(np.max(np.multiply(W, b), 0)), np.prod(np.exp(b))),
    ],
    [
      "matmul and transpose",
      (b) => np.sum(np.square(np.matmul(W, np.transpose(np.stack([b, b]))))),
    ],
    [
      "concatenate, reshape, mean",
      (b) =>
        np.mean(np.square(np.reshape(np.concatenate([b, np.sin(b)]), [2, 3]))),
    ],
    [
      "power and divide",
      (b) =>
        np.sum(np.divide(np.power(np.add(b, 2), b), np.add(np.square(b), 1))),
    ],
  ];
  for (const [name, f] of fns) {
    const b = rand(rng, [3]);
    const H = hessian(f)(b);
    assert.deepEqual(H.shape, [3, 3], name);
    assertClose(jacobian(grad(f))(b), H, EXACT, `${name}: jacobian(grad)`);
    const fd = fdJacobian(
      (v) => (grad(f)(new Tensor([3], v)) as Tensor).data,
      b.data,
    );
    assertClose(H, fd, FD, `${name}: vs FD of the gradient`);
  }
});

Deno.test("printing: more than 1000 elements are summarized as numpy 2 does", () => {
  assert.equal(
    np.arange(2000).toString(),
    "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n" +
      "       1.999e+03], shape=(2000,))",
  );
  const m = (np.reshape(np.arange(1200), [2, 3, 200]) as Tensor).toString();
  assert.ok(
    m.startsWith(
      "array([[[0.000e+00, 1.000e+00, 2.000e+00, ..., 1.970e+02, 1.980e+02,\n",
    ),
  );
  assert.ok(m.endsWith("1.199e+03]]], shape=(2, 3, 200))"));
  assert.equal(np.arange(1000).toString().includes("..."), false);
});

Deno.test("broadcastShapes: shapes of different lengths line up from the right; a mismatch names both", () => {
  assert.deepEqual(broadcastShapes([3], [2, 1, 3]), [2, 1, 3]);
  assert.deepEqual(broadcastShapes([2, 1, 3], [4, 1]), [2, 4, 3]);
  assert.deepEqual(broadcastShapes([], [5, 2]), [5, 2]);
  assert.deepEqual(broadcastShapes([1, 1], []), [1, 1]);
  assert.deepEqual(broadcastShapes([0, 1], [3]), [0, 3]);
  assert.throws(
    () => broadcastShapes([2], [3, 1, 3]),
    (e: Error) =>
      e instanceof RangeError &&
      e.message ===
        "Operands could not be broadcast together with shapes (2,) (3, 1, 3)",
  );
});
