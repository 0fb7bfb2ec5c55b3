// The differential operators: tree arguments, argnums, nesting, errors,
// chunking, and each operator against finite differences or closed forms.
import assert from "node:assert/strict";
import {
  chunkSize,
  deriv,
  Dual,
  elementwiseGrad,
  grad,
  hessian,
  hessianVectorProduct,
  jacobian,
  jvp,
  np,
  Tensor,
  valueAndGrad,
} from "../mod.ts";
import {
  assertClose,
  centralDiff,
  fdGradient,
  fdJacobian,
  mulberry32,
  uniforms,
} from "./_assert_close.ts";

const EXACT = { rtol: 1e-12 };
const FD = { rtol: 1e-6, atol: 1e-8 };

// deno-lint-ignore no-explicit-any
type Any = any;

// ------------------------------------------------------------------ trees

Deno.test("grad: an array argument gives an array gradient", () => {
  const f = (v: number[]) => np.add(np.multiply(v[0], v[1]), np.power(v[2], 3));
  const g = grad(f)([2, 3, 4]);
  assert.ok(Array.isArray(g));
  assert.deepEqual(g, [3, 2, 48]);
});

Deno.test("grad: a tuple of a number and an array gives the same tuple", () => {
  const f = ([a, b]: [number, number[]]) =>
    np.add(np.multiply(a, b[0]), np.square(b[1]));
  const g = grad(f)([2, [3, 4]]);
  assert.deepEqual(g, [3, [2, 8]]);
});

Deno.test("grad: nested arrays of numbers give nested arrays, not tensors", () => {
  const f = (m: number[][]) =>
    np.add(np.multiply(m[0][0], m[1][1]), np.multiply(m[0][1], m[1][0]));
  const g = grad(f)([[1, 2], [3, 4]]);
  assert.deepEqual(g, [[4, 3], [2, 1]]);
  assert.ok(Array.isArray(g[0]));
});

Deno.test("grad: a plain object gives an object with the same keys", () => {
  const f = (p: { x: number; y: number; z: number[] }) =>
    np.add(np.multiply(p.x, p.y), np.multiply(p.z[0], p.z[1]));
  const g = grad(f)({ x: 2, y: 5, z: [3, 7] });
  assert.deepEqual(g, { x: 5, y: 2, z: [7, 3] });
  // keys that are not identifiers
  const h = grad((p: Record<string, number>) => np.multiply(p["a b"], p["c"]))({
    "a b": 2,
    c: 3,
  });
  assert.deepEqual(h, { "a b": 3, c: 2 });
});

Deno.test("grad: typed arrays give Float64Arrays of the same length", () => {
  const f = (v: Float64Array) => np.sum(np.square(v));
  const g = grad(f)(Float64Array.of(1, -2, 3));
  assert.ok(g instanceof Float64Array, `got ${g?.constructor?.name}`);
  assert.deepEqual(Array.from(g), [2, -4, 6]);
  const g32 = grad((v: Float32Array) => np.sum(np.square(v)))(
    Float32Array.of(0.5, 2),
  );
  assert.ok(ArrayBuffer.isView(g32));
  assert.deepEqual(Array.from(g32 as Float64Array), [1, 4]);
});

Deno.test("grad: a Tensor gives a Tensor of its shape", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);
  const g = grad((t: Tensor) => np.sum(np.multiply(t, t)))(x);
  assert.ok(g instanceof Tensor);
  assert.deepEqual(g.shape, [2, 3]);
  assertClose(g, [[2, 4, 6], [8, 10, 12]]);
  // a 0-d tensor
  const g0 = grad((t: Tensor) => np.sum(np.exp(t)))(np.array(0));
  assert.ok(g0 instanceof Tensor);
  assert.deepEqual(g0.shape, []);
  assertClose(g0, 1);
});

Deno.test("grad: a mixture of objects, arrays, tensors, typed arrays and numbers", () => {
  const rng = mulberry32(11);
  const params = {
    layers: [
      {
        W: np.array([uniforms(rng, 3, -1, 1), uniforms(rng, 3, -1, 1)]),
        b: Float64Array.from(uniforms(rng, 2, -1, 1)),
      },
    ],
    scale: 1.5,
    extra: [0.3, [0.7]] as [number, number[]],
  };
  const x = np.array([0.2, -0.4, 0.9]);
  type P = typeof params;
  const loss = (p: P) => {
    const h = np.tanh(np.add(np.matmul(p.layers[0].W, x), p.layers[0].b));
    const s = np.multiply(p.scale, np.sum(np.square(h)));
    return np.add(s, np.multiply(p.extra[0], np.sin(p.extra[1][0])));
  };
  const g = grad(loss)(params);
  assert.deepEqual(Object.keys(g).sort(), ["extra", "layers", "scale"]);
  assert.ok(g.layers[0].W instanceof Tensor);
  assert.deepEqual(g.layers[0].W.shape, [2, 3]);
  assert.ok(g.layers[0].b instanceof Float64Array);
  assert.equal(typeof g.scale, "number");
  assert.ok(Array.isArray(g.extra) && Array.isArray(g.extra[1]));

  // against finite differences over the flattened parameters
  const flat = [
    ...params.layers[0].W.data,
    ...params.layers[0].b,
    params.scale,
    params.extra[0],
    params.extra[1][0],
  ];
  const unflat = (v: Float64Array): P => ({
    layers: [{
      W: new Tensor([2, 3], v.slice(0, 6)),
      b: v.slice(6, 8),
    }],
    scale: v[8],
    extra: [v[9], [v[10]]],
  });
  const fd = fdGradient((v) => loss(unflat(v)) as number, flat);
  const got = [
    ...g.layers[0].W.data,
    ...g.layers[0].b,
    g.scale,
    g.extra[0],
    g.extra[1][0],
  ];
  assertClose(got, fd, FD);
});

Deno.test("grad: argnum picks an argument; a list of argnums gives a tuple", () => {
  const f = (a: number, b: number[], c: Tensor) =>
    np.add(
      np.multiply(a, np.sum(b)),
      np.multiply(np.square(a), np.sum(np.square(c))),
    );
  const c = np.array([1, 2]);
  assert.equal(grad(f)(3, [1, 2], c), 3 + 2 * 3 * 5);
  assert.deepEqual(grad(f, 1)(3, [1, 2], c), [3, 3]);
  const gc = grad(f, 2)(3, [1, 2], c);
  assertClose(gc, [2 * 9 * 1, 2 * 9 * 2]);
  const both = grad(f, [0, 2])(3, [1, 2], c);
  assert.ok(Array.isArray(both));
  assert.equal(both.length, 2);
  assert.equal(both[0], 33);
  assertClose(both[1], [18, 36]);
  const all = grad(f, [2, 0, 1])(3, [1, 2], c);
  assertClose(all[0], [18, 36]);
  assert.equal(all[1], 33);
  assert.deepEqual(all[2], [3, 3]);
});

Deno.test("grad: arguments not differentiated may be anything", () => {
  const f = (x: number, label: string, opts: { k: number }) =>
    np.multiply(x, label.length + opts.k);
  assert.equal(grad(f)(2, "abc", { k: 1 }), 4);
});

// --------------------------------------------------------------- nesting

const scalarFns: [string, (x: number) => unknown][] = [
  ["x³·sin x", (x) => np.multiply(np.power(x, 3), np.sin(x))],
  ["eˣ/x", (x) => np.divide(np.exp(x), x)],
  ["log(1 + x²)·cos x", (x) => np.multiply(np.log1p(np.square(x)), np.cos(x))],
  ["tanh(x)^x", (x) => np.power(np.tanh(x), x)],
  [
    "√(x² + 1) − arctan x",
    (x) => np.subtract(np.sqrt(np.add(np.square(x), 1)), np.arctan(x)),
  ],
];

Deno.test("grad: grad(grad(f)) equals hessian(f) for several f", () => {
  const rng = mulberry32(21);
  for (const [name, f] of scalarFns) {
    for (const x of uniforms(rng, 5, 0.3, 2.5)) {
      const h = hessian(f)(x);
      assertClose(grad(grad(f))(x), h, EXACT, `${name} at ${x}`);
      assertClose(deriv(deriv(f))(x), h, EXACT, `${name} at ${x}`);
      const g = (t: number) => grad(f)(t) as number;
      assertClose(h, centralDiff(g, x), FD, `${name} at ${x}: vs FD`);
    }
  }
});

Deno.test("grad: jacobian(grad(f)) equals hessian(f) on vectors", () => {
  const rng = mulberry32(22);
  const f = (v: Tensor) =>
    np.add(
      np.sum(np.multiply(np.sin(v), np.square(v))),
      np.multiply(np.prod(v), np.sum(np.exp(v))),
    );
  for (let i = 0; i < 5; i++) {
    const x = np.array(uniforms(rng, 4, -1, 1));
    const H = hessian(f)(x);
    assert.deepEqual(H.shape, [4, 4]);
    assertClose(jacobian(grad(f))(x), H, EXACT);
    const fdH = fdJacobian(
      (v) => (grad(f)(new Tensor([4], v)) as Tensor).data,
      x.data,
    );
    assertClose(H, fdH, FD);
  }
});

Deno.test("grad: no perturbation confusion: d/dx [x · d/dy (x + y)] at 1 is 1", () => {
  const inner = (x: number) => grad((y: number) => np.add(x, y))(1) as number;
  const f = (x: number) => np.multiply(x, inner(x));
  assert.equal(grad(f)(1), 1);
  assert.equal(deriv(f)(1), 1);
  // Siskind & Pearlmutter's: d/dx [x · (d/dy x·y)(2)] = d/dx x² = 2x
  const g = (x: number) =>
    np.multiply(x, grad((y: number) => np.multiply(x, y))(2) as number);
  assert.equal(grad(g)(3), 6);
  // the same with a hessian inside a gradient
  const h = (x: number) =>
    np.multiply(x, hessian((y: number) => np.multiply(x, np.square(y)))(5));
  assert.equal(grad(h)(3), 12);
  assert.equal(grad(grad(h))(3), 4);
  // a gradient inside a hessian
  const k = (x: number) =>
    np.multiply(x, grad((y: number) => np.multiply(x, y))(2) as number);
  assert.equal(hessian(k)(3), 2);
  // a hessian of a vector inside a gradient: d/dx Σ ∂²(x·|y|²) = d/dx 2nx
  const m = (x: number) =>
    np.sum(
      hessian((y: Tensor) => np.multiply(x, np.sum(np.square(y))))(
        np.array([1, 2]),
      ),
    );
  assert.equal(grad(m)(3), 4);
});

Deno.test("grad: third and fourth derivatives by nesting", () => {
  const rng = mulberry32(23);
  for (const x of uniforms(rng, 10, -4, 4)) {
    assertClose(grad(grad(grad(np.sin)))(x), -Math.cos(x), EXACT);
    assertClose(deriv(deriv(deriv(np.sin)))(x), -Math.cos(x), EXACT);
    assertClose(grad(grad(grad(grad(np.sin))))(x), Math.sin(x), EXACT);
    assertClose(
      grad(hessian(np.exp))(x),
      Math.exp(x),
      EXACT,
      "grad of a hessian",
    );
    const cube = (t: number) => np.power(t, 5);
    assertClose(grad(grad(grad(cube)))(x), 60 * x * x, EXACT);
  }
});

// ----------------------------------------------------------------- errors

function throwsWith(fn: () => unknown, ...patterns: RegExp[]): Error {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, "expected an error");
  for (const p of patterns) {
    assert.match(err.message, p);
  }
  // the project's style: a capital first letter or a function name, no trailing period
  assert.doesNotMatch(err.message, /\.$/);
  return err;
}

Deno.test("errors: a non-scalar output names its shape and suggests jacobian or elementwiseGrad", () => {
  const e = throwsWith(
    () => grad((x: Tensor) => np.multiply(2, x))(np.array([1, 2])),
    /\(2,\)/,
    /jacobian/,
    /elementwiseGrad/,
  );
  assert.ok(e instanceof TypeError);
  throwsWith(
    () => grad((x: number) => np.multiply(x, np.ones([2, 3])))(1),
    /\(2, 3\)/,
    /jacobian/,
  );
  throwsWith(
    () => valueAndGrad((x: number) => np.multiply(x, [1, 2]))(1),
    /\(2,\)/,
  );
  throwsWith(() => hessian((x: number) => np.multiply(x, [1, 2]))(1), /\(2,\)/);
});

Deno.test("errors: a non-numeric leaf is named by its path", () => {
  const f = (_x: unknown) => 0;
  throwsWith(() => grad(f)([1, 2, "a"]), /args\[0\]\[2\] is a string/);
  throwsWith(() => grad(f)([1, undefined]), /args\[0\]\[1\] is undefined/);
  throwsWith(() => grad(f)([null]), /args\[0\]\[0\] is null/);
  throwsWith(() => grad(f)([[1], [2, 3n]]), /args\[0\]\[1\]\[1\] is a bigint/);
  throwsWith(
    () => grad(f)({ a: [1, () => 1] }),
    /args\[0\]\.a\[1\] is a function/,
  );
  throwsWith(() => grad(f)("3"), /args\[0\] is a string/);
  throwsWith(() => grad(f)(true), /args\[0\] is a boolean/);
  throwsWith(() => grad(f)(new Map()), /args\[0\] is an object/);
  const g = (_a: number, _b: unknown) => 0;
  throwsWith(() => grad(g, 1)(1, [0, "x"]), /args\[1\]\[1\] is a string/);
  throwsWith(() => grad(g, [0, 1])(1, undefined), /args\[1\] is undefined/);
  for (
    const op of [hessian, jacobian, valueAndGrad, elementwiseGrad] as Any[]
  ) {
    throwsWith(() => op(f)([1, "a"]), /args\[0\]\[1\] is a string/);
  }
});

Deno.test("errors: an argnum out of range", () => {
  const f = (x: number) => x;
  throwsWith(() => grad(f, 1)(2), /argnum 1 is out of range/, /1 argument/);
  throwsWith(() => grad(f, -1)(2), /argnum -1 is out of range/);
  throwsWith(() => grad(f, [0, 3])(2), /argnum 3 is out of range/);
  throwsWith(() => grad(f, 0.5)(2), /argnum 0.5 is out of range/);
  throwsWith(() => hessian(f, 2)(2), /argnum 2/);
  throwsWith(() => jacobian(f, 2)(2), /argnum 2/);
  throwsWith(() => grad(f, [])(2), /argnum/);
});

Deno.test("errors: np's elementwise functions name themselves and the argument they refuse", () => {
  // tensors, numbers and boxes pass without conversion; anything else is
  // converted, or refused with the function's name and the position
  throwsWith(
    () => np.add([1, 2], "x" as unknown as number),
    /np\.add: argument 2 is a string/,
  );
  throwsWith(
    () => np.subtract({} as unknown as number, 1),
    /np\.subtract: argument 1 is an object/,
  );
  throwsWith(() => np.tanh(null as unknown as number), /np\.tanh: argument 1/);
  const g = grad((x: Tensor) => np.sum(np.multiply(x, [[1, 2]])), 0, {
    mode: "reverse",
  })(np.array([[3, 4]]));
  assert.deepEqual((g as Tensor).toArray(), [[1, 2]]);
  assert.deepEqual(
    (np.add(Float64Array.of(1, 2), [3, 4]) as Tensor).toArray(),
    [4, 6],
  );
});

Deno.test("errors: a function returning a Promise", () => {
  const f = async (x: number) => await Promise.resolve(x);
  throwsWith(() => grad(f)(1), /Promise/, /synchronous/);
  throwsWith(() => valueAndGrad(f)(1), /Promise/);
  throwsWith(() => jacobian(f)(1), /Promise/);
  throwsWith(() => deriv(f)(1), /Promise/);
  throwsWith(() => hessian(f)(1), /Promise/);
});

Deno.test("errors: a Dual saved from one grad call and returned later", () => {
  let saved: unknown = null;
  grad((x: number) => {
    saved = np.multiply(x, 2);
    return np.square(x);
  })(3);
  assert.ok(saved instanceof Dual);
  throwsWith(() => grad((_x: number) => saved)(1), /escaped/);
  throwsWith(
    () => grad((x: number) => np.add(x, saved as number))(1),
    /escaped/,
  );
  throwsWith(() => valueAndGrad((_x: number) => saved)(1), /escaped/);
  throwsWith(() => deriv((_x: number) => saved)(1), /escaped/);
  throwsWith(() => jacobian((_x: number) => saved)(1), /escaped/);
});

Deno.test("errors: a non-number output is refused with what it was", () => {
  throwsWith(() => grad((_x: number) => "a")(1), /returned a string/);
  throwsWith(() => grad((_x: number) => undefined)(1), /returned undefined/);
  throwsWith(() => grad((_x: number) => [1, 2])(1), /returned an array/);
  throwsWith(() => grad(3 as Any), /expected a function/);
});

Deno.test("errors: JavaScript operators on a Dual throw a TypeError naming np.subtract", () => {
  const e = throwsWith(
    () => grad((x: number) => x - 1)(3),
    /np\.subtract/,
    /Dual/,
  );
  assert.ok(e instanceof TypeError);
  throwsWith(() => grad((x: number) => x * 2)(3), /np\.multiply/);
  throwsWith(() => grad((x: number) => x ** 2)(3), /np\.power/);
  throwsWith(() => grad((x: number) => (x as Any) + 1)(3), /np\.add/);
  throwsWith(() => grad((x: number) => (x > 1 ? x : 0))(3), /x\.value/);
  throwsWith(() => hessian((x: number) => x - 1)(3), /HyperDual/);
  throwsWith(() => np.array([1, 2]) as Any - 1, /Tensor/);
});

// -------------------------------------------------------------- chunking

Deno.test("chunking: chunkSize follows ForwardDiff.jl's rule", () => {
  assert.equal(chunkSize(1), 1);
  assert.equal(chunkSize(6), 6);
  assert.equal(chunkSize(12), 12);
  assert.equal(chunkSize(13), 7);
  assert.equal(chunkSize(24), 12);
  assert.equal(chunkSize(25), 9);
  assert.equal(chunkSize(100), 12);
  assert.equal(chunkSize(0), 1);
});

Deno.test("chunking: results are identical for chunk sizes 1, 3 and the default on 30+ elements", () => {
  const rng = mulberry32(31);
  const x = np.array(uniforms(rng, 31, -1, 1));
  const W = np.array(
    Array.from({ length: 5 }, () => uniforms(rng, 7, -1, 1)),
  );
  let calls = 0;
  const f = (p: { x: Tensor; W: Tensor; s: number }) => {
    calls++;
    const a = np.sum(np.multiply(np.sin(p.x), np.square(p.x)));
    const b = np.multiply(np.sum(p.x), np.sum(np.tanh(p.W)));
    return np.add(np.add(a, b), np.multiply(p.s, np.prod(np.cos(p.W))));
  };
  const args = { x, W, s: 0.7 };
  const n = 31 + 35 + 1;
  const results = [];
  for (const k of [1, 3, undefined]) {
    calls = 0;
    // chunks are forward mode's: 67 inputs would pick reverse mode by default
    const options = k === undefined ? { mode: "forward" as const } : {
      chunkSize: k,
    };
    results.push(grad(f, 0, options)(args));
    const width = k ?? chunkSize(n);
    assert.equal(calls, Math.ceil(n / width), `chunk size ${k}`);
  }
  for (const r of results.slice(1)) {
    assert.deepEqual(Array.from(r.x.data), Array.from(results[0].x.data));
    assert.deepEqual(Array.from(r.W.data), Array.from(results[0].W.data));
    assert.equal(r.s, results[0].s);
  }
  // and they are right
  const flat = [...x.data, ...W.data, 0.7];
  const fd = fdGradient(
    (v) =>
      f({
        x: new Tensor([31], v.slice(0, 31)),
        W: new Tensor([5, 7], v.slice(31, 66)),
        s: v[66],
      }) as number,
    flat,
  );
  const r = results[0];
  assertClose([...r.x.data, ...r.W.data, r.s], fd, FD);
});

Deno.test("chunking: jacobian and valueAndGrad agree across chunk sizes", () => {
  const rng = mulberry32(32);
  const x = np.array(uniforms(rng, 33, -1, 1));
  const f = (v: Tensor) => np.multiply(np.sin(v), np.sum(v));
  const J1 = jacobian(f, 0, { chunkSize: 1 })(x);
  const J5 = jacobian(f, 0, { chunkSize: 5 })(x);
  const Jd = jacobian(f)(x);
  assert.deepEqual(Array.from(J1.data), Array.from(Jd.data));
  assert.deepEqual(Array.from(J5.data), Array.from(Jd.data));
  const s = (v: Tensor) => np.sum(np.exp(v));
  const [v1, g1] = valueAndGrad(s, 0, { chunkSize: 2 })(x);
  const [v2, g2] = valueAndGrad(s)(x);
  assert.equal(v1, v2);
  assert.deepEqual(Array.from(g1.data), Array.from(g2.data));
  throwsWith(() => grad(s, 0, { chunkSize: 0 })(x), /chunkSize/);
  throwsWith(() => grad(s, 0, { chunkSize: 1.5 })(x), /chunkSize/);
});

// ------------------------------------------------------------- operators

Deno.test("valueAndGrad: the value and the gradient of one call", () => {
  const rng = mulberry32(41);
  const f = (v: number[]) => np.sum(np.multiply(np.exp(v), v));
  for (let i = 0; i < 5; i++) {
    const x = uniforms(rng, 4, -2, 2);
    const [value, g] = valueAndGrad(f)(x);
    assertClose(value, x.reduce((s, t) => s + Math.exp(t) * t, 0), EXACT);
    assertClose(g, x.map((t) => Math.exp(t) * (1 + t)), EXACT);
    assertClose(g, grad(f)(x), { rtol: 0 });
  }
  const [v2, g2] = valueAndGrad(
    (a: number, b: number) => np.multiply(a, np.square(b)),
    [0, 1],
  )(2, 3);
  assert.equal(v2, 18);
  assert.deepEqual(g2, [9, 12]);
});

Deno.test("deriv: scalar to scalar, tensor and tree outputs", () => {
  const rng = mulberry32(42);
  for (const x of uniforms(rng, 5, -2, 2)) {
    assertClose(deriv(np.exp)(x), Math.exp(x), EXACT);
    const t = deriv((s: number) => np.multiply(s, np.array([1, 2, 3])))(x);
    assertClose(t, [1, 2, 3]);
    const tree = deriv((s: number) => [np.sin(s), { c: np.cos(s) }])(x);
    assertClose(tree, [Math.cos(x), { c: -Math.sin(x) }], EXACT);
  }
  throwsWith(() => deriv(np.sin)([1, 2] as Any), /expected a number/);
});

Deno.test("jvp: the value and J·v in one pass", () => {
  const rng = mulberry32(43);
  const f = (v: Tensor) =>
    np.stack([np.sum(np.square(v)), np.prod(v), np.sin(np.index(v, 0))]);
  for (let i = 0; i < 5; i++) {
    const x = np.array(uniforms(rng, 3, -1, 1));
    const v = np.array(uniforms(rng, 3, -1, 1));
    const [y, t] = jvp(f)(x, v);
    assertClose(y, f(x));
    const J = jacobian(f)(x) as Tensor;
    const Jv = np.matmul(J, v);
    assertClose(t, Jv, EXACT);
    const fdJ = fdJacobian(
      (u) => (f(new Tensor([3], u)) as Tensor).data,
      x.data,
    );
    assertClose(
      t,
      fdJ.map((row) => row.reduce((s, r, j) => s + r * v.data[j], 0)),
      FD,
    );
  }
  // on a number, and on a tree argument
  assert.deepEqual(jvp(np.sin)(0, 2), [0, 2]);
  const [y2, t2] = jvp(([a, b]: number[]) => np.multiply(a, b))([2, 3], [1, 0]);
  assert.equal(y2, 6);
  assert.equal(t2, 3);
  const sum = (v: Tensor) => np.sum(v);
  throwsWith(
    () => jvp(sum)(np.array([1, 2]), np.array([1, 2, 3])),
    /vector has shape \(3,\)/,
    /args\[0\] has \(2,\)/,
  );
  throwsWith(() => jvp(sum)(np.array([1, 2]), [1, 2]), /structure/);
});

Deno.test("hessianVectorProduct: equals hessian·v", () => {
  const rng = mulberry32(44);
  const f = (v: Tensor) =>
    np.add(
      np.sum(np.multiply(np.sin(v), np.square(v))),
      np.multiply(np.prod(v), np.sum(v)),
    );
  for (let i = 0; i < 5; i++) {
    const x = np.array(uniforms(rng, 4, -1, 1));
    const v = np.array(uniforms(rng, 4, -1, 1));
    const hv = hessianVectorProduct(f)(x, v);
    const H = hessian(f)(x) as Tensor;
    assertClose(hv, np.matmul(H, v), EXACT);
  }
  // on a tree argument
  const g = ([x, y]: number[]) => np.multiply(np.square(x), y);
  assert.deepEqual(hessianVectorProduct(g)([3, 2], [1, 0]), [4, 6]);
  assert.deepEqual(hessianVectorProduct(g)([3, 2], [0, 1]), [6, 0]);
});

Deno.test("elementwiseGrad: the derivative of each element, shaped like the input", () => {
  const rng = mulberry32(45);
  const x = np.array([uniforms(rng, 3, -2, 2), uniforms(rng, 3, -2, 2)]);
  const g = elementwiseGrad(np.tanh)(x);
  assert.deepEqual(g.shape, [2, 3]);
  assertClose(
    g,
    Array.from(x.data, (t) => 1 / Math.cosh(t) ** 2).reduce(
      (rows: number[][], v, i) => {
        (rows[Math.floor(i / 3)] ??= []).push(v);
        return rows;
      },
      [],
    ),
    EXACT,
  );
  const sq = elementwiseGrad((v: Tensor) => np.multiply(v, np.exp(v)))(x);
  assertClose(
    (sq as Tensor).data,
    Array.from(x.data, (t) => Math.exp(t) * (1 + t)),
    EXACT,
  );
  assert.equal(elementwiseGrad(np.sin)(0), 1);
});

Deno.test("elementwiseGrad: an output of another shape is an error naming both shapes", () => {
  throwsWith(
    () => elementwiseGrad((v: Tensor) => np.sum(v))(np.array([1, 2, 3])),
    /\(3,\)/,
    /\(\)/,
    /jacobian/,
  );
  throwsWith(
    () => elementwiseGrad((v: Tensor) => np.outer(v, v))(np.array([1, 2])),
    /\(2, 2\)/,
    /\(2,\)/,
  );
});

Deno.test("jacobian: shapes are out.shape + in.shape, values match FD", () => {
  const rng = mulberry32(46);
  // (3,) -> (2,)
  const f = (v: Tensor) =>
    np.stack([np.sum(np.exp(v)), np.multiply(np.index(v, 0), np.index(v, 2))]);
  const x = np.array(uniforms(rng, 3, -1, 1));
  const J = jacobian(f)(x);
  assert.deepEqual(J.shape, [2, 3]);
  assertClose(
    J,
    fdJacobian((u) => (f(new Tensor([3], u)) as Tensor).data, x.data),
    FD,
  );
  // (2, 2) -> (3,)
  const g = (m: Tensor) => np.sum(np.multiply(m, m), 0) as Tensor;
  const g3 = (m: Tensor) => np.concatenate([g(m), [np.sum(m) as number]]);
  const M = np.array([uniforms(rng, 2, -1, 1), uniforms(rng, 2, -1, 1)]);
  const JM = jacobian(g3)(M);
  assert.deepEqual(JM.shape, [3, 2, 2]);
  const fdM = fdJacobian(
    (u) => (g3(new Tensor([2, 2], u)) as Tensor).data,
    M.data,
  );
  assertClose(JM.data, fdM.flat(), FD);
  // scalar -> (4,), (3,) -> scalar, scalar -> scalar
  const s = jacobian((t: number) => np.multiply(t, np.arange(4)))(2);
  assert.deepEqual(s.shape, [4]);
  assertClose(s, [0, 1, 2, 3]);
  const r = jacobian((v: Tensor) => np.sum(np.square(v)))(np.array([1, 2, 3]));
  assert.deepEqual(r.shape, [3]);
  assertClose(r, [2, 4, 6]);
  assert.equal(jacobian(np.exp)(0), 1);
  // a tree input gives a tree of blocks
  const tj = jacobian(([a, b]: number[]) => np.multiply([a, b], a))([2, 3]);
  assert.ok(Array.isArray(tj));
  assertClose(tj[0], [4, 3]);
  assertClose(tj[1], [0, 2]);
});
