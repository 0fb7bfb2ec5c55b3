// Reverse mode against two oracles that share none of its code: forward
// mode (duals) and central finite differences, for every np op the forward
// core supports, with broadcasting, axes and keepdims; then mode choice and
// nesting across modes.
import assert from "node:assert/strict";
import {
  Box,
  deriv,
  grad,
  hessian,
  hessianVectorProduct,
  jacobian,
  jvp,
  np,
  REVERSE_THRESHOLD,
  type Tensor,
  valueAndGrad,
} from "../mod.ts";
import {
  assertClose,
  fdGradient,
  mulberry32,
  uniforms,
} from "./_assert_close.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/** Forward and reverse apply the same rules in another order: round-off only. */
const SAME = { rtol: 1e-12, atol: 1e-14 };
const FD = { rtol: 1e-6, atol: 1e-7 };

interface OpCase {
  name: string;
  /** The np functions this case exercises (for the coverage test). */
  covers: string[];
  /** Input shapes and the interval each input is drawn from. */
  inputs: { shape: number[]; lo: number; hi: number }[];
  /** The op applied to the inputs (tensors, or boxes and duals). */
  op: (...xs: Any[]) => Any;
}

const any = (shape: number[]) => ({ shape, lo: -2, hi: 2 });
const pos = (shape: number[]) => ({ shape, lo: 0.3, hi: 2 });
const unit = (shape: number[]) => ({ shape, lo: -0.9, hi: 0.9 });

const UNARY_DOMAIN: Record<string, (s: number[]) => OpCase["inputs"][0]> = {
  sqrt: pos,
  log: pos,
  log1p: pos,
  log2: pos,
  log10: pos,
  reciprocal: pos,
  arcsin: unit,
  arccos: unit,
  arctanh: unit,
  arccosh: (shape) => ({ shape, lo: 1.2, hi: 3 }),
  tan: unit,
  abs: (shape) => ({ shape, lo: 0.2, hi: 2 }),
};

const UNARY = [
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
];

const cases: OpCase[] = [
  ...UNARY.map((name): OpCase => ({
    name,
    covers: [name],
    inputs: [(UNARY_DOMAIN[name] ?? any)([3, 4])],
    op: (x) => (np as Any)[name](x),
  })),
  ...["add", "subtract", "multiply", "divide", "arctan2", "maximum", "minimum"]
    .flatMap((name): OpCase[] => [
      {
        name: `${name} (3, 4) with (4,)`,
        covers: [name],
        inputs: [any([3, 4]), name === "divide" ? pos([4]) : any([4])],
        op: (x, y) => (np as Any)[name](x, y),
      },
      {
        name: `${name} (3, 1) with (1, 4)`,
        covers: [name],
        inputs: [any([3, 1]), name === "divide" ? pos([1, 4]) : any([1, 4])],
        op: (x, y) => (np as Any)[name](x, y),
      },
      {
        name: `${name} number with (2, 3)`,
        covers: [name],
        inputs: [pos([]), pos([2, 3])],
        op: (x, y) => (np as Any)[name](np.sum(x), y),
      },
    ]),
  {
    name: "power, positive base",
    covers: ["power"],
    inputs: [pos([3, 4]), any([4])],
    op: (x, y) => np.power(x, y),
  },
  {
    name: "power by a constant",
    covers: ["power"],
    inputs: [any([5])],
    op: (x) => np.power(x, 3),
  },
  ...[
    ["sum", undefined],
    ["sum", 0],
    ["sum", { axis: [0, 2], keepdims: true }],
    ["mean", 1],
    ["mean", { axis: -1, keepdims: true }],
    ["var", 0],
    ["std", { axis: 1, ddof: 1 }],
    ["max", 1],
    ["min", { axis: [0, 1], keepdims: true }],
    ["prod", 2],
    ["logsumexp", 1],
    ["logsumexp", undefined],
  ].map(([name, axis]): OpCase => ({
    name: `${name} axis ${JSON.stringify(axis)}`,
    covers: [name as string],
    inputs: [any([2, 3, 4])],
    op: (x) => (np as Any)[name as string](x, axis),
  })),
  {
    name: "softmax",
    covers: ["softmax"],
    inputs: [any([3, 4])],
    op: (x) => np.softmax(x, 0),
  },
  {
    name: "transpose",
    covers: ["transpose"],
    inputs: [any([2, 3, 4])],
    op: (x) => np.multiply(np.transpose(x, [2, 0, 1]), np.arange(3)),
  },
  {
    name: "reshape, ravel, flatten",
    covers: ["reshape", "ravel", "flatten"],
    inputs: [any([2, 6])],
    op: (x) =>
      np.add(
        np.multiply(np.reshape(x, [3, -1]), np.arange(4)),
        np.reshape(np.multiply(np.ravel(x), np.flatten(x)), [3, 4]),
      ),
  },
  {
    name: "expand_dims and squeeze",
    covers: ["expand_dims", "squeeze"],
    inputs: [any([3, 1])],
    op: (x) => np.multiply(np.expand_dims(np.squeeze(x), 0), np.arange(3)),
  },
  {
    name: "concatenate",
    covers: ["concatenate"],
    inputs: [any([2, 3]), any([2, 2])],
    op: (x, y) => np.multiply(np.concatenate([x, y], 1), np.arange(5)),
  },
  {
    name: "stack",
    covers: ["stack"],
    inputs: [any([3]), any([3])],
    op: (x, y) => np.multiply(np.stack([x, y], 1), np.array([1, -2])),
  },
  {
    name: "where",
    covers: ["where"],
    inputs: [any([3, 4]), any([4])],
    op: (x, y) => np.where(np.array([[1, 0, 1, 0]]), x, y),
  },
  {
    name: "clip",
    covers: ["clip"],
    inputs: [any([3, 4])],
    op: (x) => np.clip(x, -1, 1),
  },
  {
    name: "index",
    covers: ["index"],
    inputs: [any([3, 5])],
    op: (x) =>
      np.add(
        np.sum(np.multiply(np.index(x, null, "1::2"), np.index(x, 0, ":2"))),
        np.index(x, -1, "::-2"),
      ),
  },
  {
    name: "matmul of matrices",
    covers: ["matmul"],
    inputs: [any([3, 4]), any([4, 2])],
    op: (x, y) => np.matmul(x, y),
  },
  {
    name: "matmul of a vector and a matrix, and of a matrix and a vector",
    covers: ["matmul"],
    inputs: [any([3]), any([3, 4]), any([4])],
    op: (v, m, w) =>
      np.add(np.sum(np.multiply(np.matmul(v, m), w)), np.matmul(m, w)),
  },
  {
    name: "matmul with broadcast batches",
    covers: ["matmul"],
    inputs: [any([2, 1, 3, 4]), any([3, 4, 2])],
    op: (x, y) => np.matmul(x, y),
  },
  {
    name: "dot of vectors, and of a matrix and a vector",
    covers: ["dot"],
    inputs: [any([3]), any([3]), any([2, 3])],
    op: (x, y, m) => np.add(np.dot(x, y), np.dot(m, x)),
  },
  {
    name: "outer",
    covers: ["outer"],
    inputs: [any([3]), any([2, 2])],
    op: (x, y) => np.outer(x, y),
  },
  {
    name: "array of boxes, and unpacking",
    covers: ["array"],
    inputs: [any([3]), any([])],
    op: (x, s) => {
      const [a, b, c] = x as Iterable<unknown> as Any[];
      return np.array([[a, np.sum(s)], [np.multiply(b, c), a]]);
    },
  },
];

/** A scalar loss of the op's output: a weighted sum, so every element counts. */
function loss(c: OpCase, weights: number[]) {
  return (xs: Any[]) => {
    const y = c.op(...xs);
    const s: readonly number[] = typeof y === "number" ? [] : y.shape;
    const w = s.length === 0
      ? weights[0]
      : np.reshape(np.array(weights.slice(0, sizeOfShape(s))), s);
    return np.sum(np.multiply(y, w));
  };
}

function sizeOfShape(s: readonly number[]): number {
  return s.reduce((a, b) => a * b, 1);
}

for (const c of cases) {
  Deno.test(`reverse: ${c.name}: equals forward mode and finite differences`, () => {
    const rng = mulberry32(c.name.length * 7919 + 17);
    const xs = c.inputs.map((i) =>
      i.shape.length === 0 ? uniforms(rng, 1, i.lo, i.hi)[0] : np.reshape(
        np.array(uniforms(rng, sizeOfShape(i.shape), i.lo, i.hi)),
        i.shape,
      )
    );
    const weights = uniforms(rng, 64, -1, 1);
    const f = loss(c, weights);
    const [vr, rev] = valueAndGrad(f, 0, { mode: "reverse" })(xs);
    const [vf, fwd] = valueAndGrad(f, 0, { mode: "forward" })(xs);
    assertClose(vr, vf, SAME, "value");
    assertClose(rev, fwd, SAME, "reverse against forward");
    // finite differences on the flattened inputs
    const sizes = xs.map((x) => typeof x === "number" ? 1 : x.size);
    const flat = xs.flatMap((x) => typeof x === "number" ? [x] : [...x.data]);
    const unflat = (v: Float64Array) => {
      let k = 0;
      return c.inputs.map((i, j) => {
        const part = v.slice(k, k + sizes[j]);
        k += sizes[j];
        return i.shape.length === 0
          ? part[0]
          : np.reshape(np.array(part), i.shape);
      });
    };
    const fd = fdGradient((v) => f(unflat(v)) as number, flat);
    assertClose(rev, unflat(Float64Array.from(fd)), FD, "reverse against FD");
    // each input's gradient has its shape, numbers stay numbers
    rev.forEach((g: Any, j: number) => {
      if (c.inputs[j].shape.length === 0) assert.equal(typeof g, "number");
      else assert.deepEqual(g.shape, c.inputs[j].shape);
    });
  });
}

Deno.test("reverse: the cases cover every differentiable np function", () => {
  const notDifferentiable = new Set([
    "zeros",
    "ones",
    "full",
    "eye",
    "arange",
    "linspace",
  ]);
  const covered = new Set(cases.flatMap((c) => c.covers));
  const missing = Object.entries(np).filter(([name, v]) =>
    typeof v === "function" && !notDifferentiable.has(name) &&
    !covered.has(name) && !(name === "var_" && covered.has("var"))
  ).map(([name]) => name);
  assert.deepEqual(missing, []);
});

// ---------------------------------------------------------------- mode

Deno.test("mode: grad counts calls: forward chunks up to the threshold, one reverse call above", () => {
  let calls = 0;
  const f = (x: Tensor) => {
    calls++;
    return np.sum(np.sin(x));
  };
  const small = np.linspace(0, 1, REVERSE_THRESHOLD);
  const large = np.linspace(0, 1, 4 * REVERSE_THRESHOLD);
  let seen: Any = null;
  grad((x: Tensor) => {
    seen = x;
    return f(x);
  })(large);
  assert.ok((seen as Any) instanceof Box, "a large input is boxed");
  calls = 0;
  grad(f)(large);
  assert.equal(calls, 1);
  grad((x: Tensor) => {
    seen = x;
    return f(x);
  })(small);
  assert.ok(!((seen as Any) instanceof Box), "a small input is not boxed");
  grad(
    (x: Tensor) => {
      seen = x;
      return f(x);
    },
    0,
    { mode: "reverse" },
  )(small);
  assert.ok((seen as Any) instanceof Box, "mode: reverse forces a tape");
  grad(
    (x: Tensor) => {
      seen = x;
      return f(x);
    },
    0,
    { mode: "forward" },
  )(large);
  assert.ok(!((seen as Any) instanceof Box), "mode: forward forces duals");
  assert.throws(
    () => grad(f, 0, { mode: "sideways" as Any })(small),
    /grad: mode must be "forward" or "reverse", got "sideways"/,
  );
});

Deno.test("mode: jacobian in reverse mode for a short output, forward for a long one", () => {
  const rng = mulberry32(5);
  const x = np.array(uniforms(rng, 40, -1, 1));
  let seen: unknown = null;
  const short = (v: Tensor) => {
    seen = v;
    return np.stack([np.sum(np.sin(v)), np.sum(np.square(v))]);
  };
  const J = jacobian(short)(x);
  assert.ok((seen as Any) instanceof Box);
  assert.deepEqual(J.shape, [2, 40]);
  const Jf = jacobian(short, 0, { mode: "forward" })(x);
  assertClose(J, Jf, SAME);
  assertClose(
    np.index(J, 0),
    np.cos(x),
    SAME,
  );
  const long = (v: Tensor) => {
    seen = v;
    return np.tanh(v);
  };
  const Jl = jacobian(long)(x);
  assert.ok(
    !((seen as Any) instanceof Box),
    "an output as long as the input runs forward",
  );
  const Jr = jacobian(long, 0, { mode: "reverse" })(x);
  assertClose(Jl, Jr, SAME);
});

Deno.test("mode: trees, typed arrays and 0-d tensors keep their structure in reverse mode", () => {
  const params = {
    W: np.ones([3, 5]),
    b: Float64Array.of(1, 2, 3),
    s: 2,
    z: np.array(0.5),
  };
  const f = (p: typeof params) =>
    np.add(
      np.sum(np.tanh(np.add(np.matmul(p.W, np.arange(5)), p.b))),
      np.multiply(p.s, np.sum(np.exp(p.z))),
    );
  const r: Any = grad(f, 0, { mode: "reverse" })(params);
  const fw: Any = grad(f, 0, { mode: "forward" })(params);
  assert.ok(r.b instanceof Float64Array);
  assert.equal(typeof r.s, "number");
  assert.deepEqual(r.z.shape, []);
  assertClose(r, fw, SAME);
});

Deno.test("mode: an output that does not depend on the input gives zeros in reverse mode", () => {
  const g = grad((_x: Tensor) => 3, 0, { mode: "reverse" })(np.ones([2, 2]));
  assert.deepEqual(g.toArray(), [[0, 0], [0, 0]]);
});

// --------------------------------------------------------------- nesting

const MODES = ["forward", "reverse"] as const;

/** x shifted by one, built from index and concatenate (np has no roll). */
function roll1(x: unknown) {
  return np.concatenate([
    np.index(x as Tensor, "1:"),
    np.index(x as Tensor, ":1"),
  ]);
}

for (const outer of MODES) {
  for (const inner of MODES) {
    Deno.test(`nesting: d/dx[x · d/dy(x + y)] = 1 with ${outer} outside ${inner}`, () => {
      const d =
        (f: (v: number[]) => unknown, mode: typeof outer) => (v: number[]) =>
          (grad(f, 0, { mode }) as Any)(v)[0];
      const inside = (x: unknown) =>
        d((y) => np.add(x as number, y[0]), inner)([1]);
      const g = d((x) => np.multiply(x[0], inside(x[0])), outer)([1]);
      assert.equal(g, 1);
    });

    Deno.test(`nesting: second derivatives with ${outer} over ${inner} equal the hyper-dual Hessian`, () => {
      const rng = mulberry32(23);
      const x = np.array(uniforms(rng, 5, -1, 1));
      const f = (v: Tensor) =>
        np.add(
          np.sum(np.multiply(np.sin(v), roll1(v))),
          np.square(np.sum(np.exp(v))),
        );
      const H = jacobian(
        grad(f, 0, { mode: inner }),
        0,
        { mode: outer },
      )(x);
      const Hh = hessian(f, 0, { mode: "forward" })(x);
      assertClose(H, Hh, { rtol: 1e-11, atol: 1e-13 });
    });
  }
}

Deno.test("nesting: a reverse gradient closing over an outer dual, and a forward one over an outer box", () => {
  // d/da Σ ∂/∂x (a·x²)·x = d/da Σ 2a·x² = 2 Σ x²
  const x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  for (const [o, i] of [["forward", "reverse"], ["reverse", "forward"]]) {
    const inner = (a: number) =>
      np.sum(np.multiply(
        grad(
          (v: Tensor) => np.sum(np.multiply(a, np.square(v))),
          0,
          { mode: i as "forward" },
        )(x),
        x,
      ));
    const g = grad((a: number[]) => inner(a[0]), 0, { mode: o as "forward" })(
      [1.5],
    );
    assert.deepEqual(g, [2 * 1015], `${o} over ${i}`);
  }
});

Deno.test("nesting: a box kept from one reverse gradient and returned from another is refused", () => {
  let kept: unknown = null;
  grad(
    (x: Tensor) => {
      kept = x;
      return np.sum(x);
    },
    0,
    { mode: "reverse" },
  )(np.ones(3));
  assert.throws(
    () => grad((_x: Tensor) => kept, 0, { mode: "reverse" })(np.ones(3)),
    /escaped/,
  );
});

// ---------------------------------------------------- second derivatives

Deno.test("hessian: forward-over-reverse equals hyper-duals on a 16×N tanh model", () => {
  const rng = mulberry32(41);
  const X = np.reshape(np.array(uniforms(rng, 16 * 6, -1, 1)), [16, 6]);
  const y = np.array(uniforms(rng, 16, -1, 1));
  const f = (w: Tensor) =>
    np.mean(np.square(np.subtract(np.tanh(np.matmul(X, w)), y)));
  const w = np.array(uniforms(rng, 6, -1, 1));
  const Hr = hessian(f, 0, { mode: "reverse" })(w);
  const Hh = hessian(f, 0, { mode: "forward" })(w);
  assert.deepEqual(Hr.shape, [6, 6]);
  assertClose(Hr, Hh, { rtol: 1e-11, atol: 1e-14 });
  // and against finite differences of the reverse gradient
  const g = (v: Float64Array) => grad(f)(np.array(v)).data as Float64Array;
  for (let i = 0; i < 6; i++) {
    const col = fdGradient((v) => g(v)[i], w.data);
    assertClose(np.index(Hr, i), col, { rtol: 1e-6, atol: 1e-8 });
  }
  // a Hessian-vector product matches H·v
  const v = np.array(uniforms(rng, 6, -1, 1));
  assertClose(
    hessianVectorProduct(f)(w, v),
    np.matmul(Hh, v),
    { rtol: 1e-11, atol: 1e-14 },
  );
});

Deno.test("hessian: a matrix argument gives matrix partials in both methods", () => {
  const W = np.reshape(np.array([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]), [2, 3]);
  const f = (w: Tensor) => np.sum(np.power(np.tanh(w), 3));
  const Hr = hessian(f, 0, { mode: "reverse" })(W);
  const Hh = hessian(f, 0, { mode: "forward" })(W);
  assert.deepEqual(Hr.shape, [2, 3, 2, 3]);
  assertClose(Hr, Hh, { rtol: 1e-12, atol: 1e-15 });
});

// ------------------------------------------------------------ the Box

Deno.test("box: methods, iteration, value and shape work on boxes as on duals", () => {
  const f = (v: Tensor) => {
    const b = v as unknown as Box;
    assert.ok(b instanceof Box);
    assert.deepEqual(b.shape, [3]);
    assert.ok((b.value as Tensor).data instanceof Float64Array);
    const [a, c] = b as unknown as Iterable<Any> as Any[];
    return np.add(np.sum(b.sub(1).pow(2)), np.multiply(a, c));
  };
  const x = np.array([1, 2, 3]);
  const g = grad(f, 0, { mode: "reverse" })(x);
  // d/dx Σ(x−1)² + x0·x1 = 2(x−1) + (x1, x0, 0)
  assert.deepEqual(Array.from(g.data), [0 + 2, 2 + 1, 4]);
});

Deno.test("box: JavaScript operators on a Box throw a TypeError naming np", () => {
  assert.throws(
    () =>
      grad((v: Tensor) => (v as Any) * 2, 0, { mode: "reverse" })(np.ones(3)),
    (e: Error) =>
      e instanceof TypeError && /Cannot convert a Box/.test(e.message) &&
      /np\.multiply/.test(e.message),
  );
});

Deno.test("box: reverse gradients inside hessian and inside deriv", () => {
  const x = np.linspace(0.1, 0.9, 14);
  // 14 inputs: hessian runs forward over reverse; the Hessian of Σ sin(x)·x
  // is diagonal, 2cos(x) − x·sin(x)
  const H = hessian((v: Tensor) => np.sum(np.multiply(np.sin(v), v)))(x);
  const want = x.data.map((v) => 2 * Math.cos(v) - v * Math.sin(v));
  for (let i = 0; i < 14; i++) {
    for (let j = 0; j < 14; j++) {
      assertClose(H.get(i, j), i === j ? want[i] : 0, {
        rtol: 1e-12,
        atol: 1e-15,
      });
    }
  }
  // d/da Σ ∂/∂x (a·x³) = d/da 3a Σ x² = 3 Σ x², the inner gradient in reverse
  const d = deriv((a: number) =>
    np.sum(grad((v: Tensor) => np.sum(np.multiply(a, np.power(v, 3))))(x))
  )(2);
  const sx2 = x.data.reduce((s, v) => s + v * v, 0);
  assertClose(d, 3 * sx2, { rtol: 1e-12 });
});

Deno.test("mode: reverse-mode gradients of different arguments never share storage", () => {
  const x = np.ones([4, 4]), y = np.ones([4, 4]);
  const [gx, gy] = grad(
    ([a, b]: Tensor[]) => np.sum(np.add(a, np.reshape(b, [4, 4]))),
    0,
    { mode: "reverse" },
  )([x, y]);
  assert.notEqual(gx.data, gy.data);
  gx.data[0] = 5;
  assert.equal(gy.data[0], 1);
  // three leaves sharing one adjoint, and more leaves than the direct scan
  // compares (a Set then): every gradient its own, every value 1
  for (const n of [3, 40]) {
    const xs = Array.from({ length: n }, () => np.ones([2]));
    const gs = grad(
      (ts: Tensor[]) => np.sum(ts.reduce((acc, t) => np.add(acc, t))),
      0,
      { mode: "reverse" },
    )(xs) as Tensor[];
    assert.equal(new Set(gs.map((g) => g.data)).size, n);
    gs[0].data[1] = 7;
    for (const g of gs.slice(1)) assert.deepEqual([...g.data], [1, 1]);
  }
});

Deno.test("mode: a reverse-mode gradient keeps its values after later gradients (adjoints reuse scratch memory)", () => {
  const X = np.array([[1, 2], [3, 4], [5, 6]]);
  const loss = (p: { W: Tensor; b: Tensor }) =>
    np.mean(np.square(np.tanh(np.add(np.matmul(X, p.W), p.b))));
  const g = grad(loss, 0, { mode: "reverse" });
  const at = (s: number) => ({
    W: np.array([[0.1 * s, -0.2], [0.3, 0.05 * s]]),
    b: np.array([0.01 * s, -0.02]),
  });
  const first = g(at(1));
  const kept = { W: [...first.W.data], b: [...first.b.data] };
  const second = g(at(3));
  for (let i = 0; i < 4; i++) assert.equal(first.W.data[i], kept.W[i]);
  for (let i = 0; i < 2; i++) assert.equal(first.b.data[i], kept.b[i]);
  // and both against forward mode, which never uses it
  const fwd = grad(loss, 0, { mode: "forward" });
  for (const [got, s] of [[first, 1], [second, 3]] as const) {
    const want = fwd(at(s));
    assertClose(got.W, want.W, SAME);
    assertClose(got.b, want.b, SAME);
  }
  // a jacobian's rows, one backward pass each, keep theirs too
  const J = jacobian((w: Tensor) => np.tanh(np.matmul(X, w)), 0, {
    mode: "reverse",
  })(np.array([0.3, -0.4])) as Tensor;
  const Jf = jacobian((w: Tensor) => np.tanh(np.matmul(X, w)), 0, {
    mode: "forward",
  })(np.array([0.3, -0.4])) as Tensor;
  assertClose(J, Jf, SAME);
});

Deno.test("hessianVectorProduct: forward over reverse from 2 elements, forward over forward for a number; both equal H·v", () => {
  const rng = mulberry32(91);
  const f = (x: Tensor) =>
    np.add(np.sum(np.multiply(np.tanh(x), np.square(x))), np.prod(x));
  for (const n of [2, 3, 5, 12, 13]) {
    const x = np.array(uniforms(rng, n, -1, 1));
    const v = np.array(uniforms(rng, n, -1, 1));
    const hv = hessianVectorProduct(f)(x, v) as Tensor;
    // the path taken: the jvp of a reverse gradient, to the bit
    const viaReverse = jvp(grad(f, 0, { mode: "reverse" }))(x, v)[1] as Tensor;
    assert.deepEqual(Array.from(hv.data), Array.from(viaReverse.data));
    // and the value: the hyper-dual Hessian times v
    const H = hessian(f, 0, { mode: "forward" })(x) as Tensor;
    assertClose(hv, np.matmul(H, v), SAME);
  }
  // a single number: forward over forward, as grad's scalar path
  const s = (t: number) => np.multiply(np.sin(t), np.square(t));
  const at = 0.7;
  assert.equal(
    hessianVectorProduct(s)(at, 2),
    jvp(grad(s))(at, 2)[1],
  );
  assertClose(
    hessianVectorProduct(s)(at, 2) as number,
    2 * (2 * Math.sin(at) + 4 * at * Math.cos(at) - at * at * Math.sin(at)),
    SAME,
  );
});

Deno.test("reverse: np's binary functions on boxes of plain values give the general lift's bits", async () => {
  // np's generated binary functions take boxes of plain values past their
  // general entry (ops.ts boxLane); the general lift (ops.ts binary) is the
  // oracle, value and gradient bit for bit
  const { binary } = await import("./ops.ts");
  const { binaryRules } = await import("./rules.ts");
  const rnd = mulberry32(41);
  const tensor = (shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Float64Array.from(
      { length: n },
      (_, i) => i % 7 === 3 ? (i % 2 ? -0 : 0) : rnd() * 4 - 2,
    );
    return np.reshape(np.array(Array.from(data)), shape) as Tensor;
  };
  const layouts: [number[] | null, number[] | null][] = [
    [[3, 4], [3, 4]],
    [[3, 4], [4]],
    [[4], [3, 4]],
    [[3, 1], [1, 4]],
    [[2, 3], null],
    [null, [2, 3]],
    [[], [3]],
    [null, null],
  ];
  const sameBits = (a: unknown, b: unknown, what: string) => {
    const xs = typeof a === "number" ? [a] : Array.from((a as Tensor).data);
    const ys = typeof b === "number" ? [b] : Array.from((b as Tensor).data);
    assert.equal(xs.length, ys.length, what);
    xs.forEach((v, i) => assert.ok(Object.is(v, ys[i]), `${what} [${i}]`));
  };
  for (
    const name of ["add", "subtract", "multiply", "divide", "power"] as const
  ) {
    const rule = binaryRules[name];
    for (const [sa, sb] of layouts) {
      const a = sa === null ? rnd() * 4 - 2 : tensor(sa);
      const b = sb === null ? rnd() * 4 - 2 : tensor(sb);
      const out = binary(rule, a, b);
      const w = typeof out === "number" ? 1.5 : tensor([...out.shape]);
      const weigh = (v: unknown) =>
        binary(binaryRules.multiply, v as Tensor, w as Tensor);
      for (const boxed of [[0, 1], [0], [1]]) {
        const viaNp = (p: unknown[]) => {
          const x = boxed.includes(0) ? p[0] : a,
            y = boxed.includes(1) ? p[1] : b;
          return np.sum(weigh(np[name](x as Tensor, y as Tensor)));
        };
        const viaLift = (p: unknown[]) => {
          const x = boxed.includes(0) ? p[0] : a,
            y = boxed.includes(1) ? p[1] : b;
          return np.sum(weigh(binary(rule, x as Tensor, y as Tensor)));
        };
        const what = `${name} ${JSON.stringify([sa, sb])} boxes ${boxed}`;
        const [v1, g1] = valueAndGrad(viaNp, 0, { mode: "reverse" })([a, b]);
        const [v2, g2] = valueAndGrad(viaLift, 0, { mode: "reverse" })([a, b]);
        sameBits(v1, v2, `${what}: value`);
        sameBits(g1[0], g2[0], `${what}: first gradient`);
        sameBits(g1[1], g2[1], `${what}: second gradient`);
      }
    }
  }
});
