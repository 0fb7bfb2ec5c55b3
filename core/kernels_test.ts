// The written-out kernels (matmul's dense product and its adjoints, the
// elementwise combinations, broadcasting copies) against reference loops
// written here: the same bits, signed zeros and non-finite values included,
// on every broadcasting layout.
import assert from "node:assert/strict";
import { finiteZeros, matmulPlain, stridedProduct, sumAxes } from "./_plain.ts";
import { bilinearRules, linearRules, sumToPlain } from "./linear_rules.ts";
import { broadcastTo, Combine, combine, negated, Tensor } from "./tensor.ts";
import { mulberry32 } from "./_assert_close.ts";
import { unaryRules } from "./rules.ts";

function values(n: number, seed: number, special = false): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(n);
  const odd = [0, -0, Infinity, -Infinity, NaN, 1e-320, -1e308];
  for (let i = 0; i < n; i++) {
    out[i] = special && rnd() < 0.3
      ? odd[Math.floor(rnd() * odd.length)]
      : (rnd() - 0.5) * 10;
  }
  return out;
}

function sameBits(got: Float64Array, want: ArrayLike<number>, what: string) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    assert.ok(
      Object.is(got[i], want[i]),
      `${what}: element ${i} is ${got[i]}, want ${want[i]}`,
    );
  }
}

// The product as the engine defined it before the dense kernel: each sum
// from +0 in increasing p, terms with a zero left factor skipped.
function skippingProduct(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  k: number,
  m: number,
): number[] {
  const out = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        if (x !== 0) s += x * b[p * m + j];
      }
      out[i * m + j] = s;
    }
  }
  return out;
}

Deno.test("kernels: matmul's dense product gives the skipping loop's bits at every block remainder", () => {
  // rows in blocks of four (one and two columns) and two (four columns),
  // columns in blocks of one, two, four and eight: every remainder of each,
  // and the network's shapes
  const shapes = [[64, 8, 2], [64, 2, 1], [5, 7, 9], [8, 8, 13]];
  for (let n = 1; n <= 9; n++) {
    for (const k of [1, 2, 3, 5, 8]) {
      for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13]) {
        shapes.push([n, k, m]);
      }
    }
  }
  for (const [n, k, m] of shapes) {
    const a = values(n * k, 100 * n + 10 * k + m), b = values(k * m, m + 7);
    const got = matmulPlain(new Tensor([n, k], a), new Tensor([k, m], b));
    sameBits(
      (got as Tensor).data,
      skippingProduct(a, b, n, k, m),
      `${n}x${k}x${m}`,
    );
  }
});

// The general loop's definition: a term is skipped when its left factor is
// zero or its row of b is all zeros (one-hot tangents).
function rowSkippingProduct(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  k: number,
  m: number,
): number[] {
  const zeroRow = Array.from(
    { length: k },
    (_, p) =>
      Array.from({ length: m }, (_, j) => b[p * m + j]).every((v) => v === 0),
  );
  const out = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = a[i * k + p];
        if (x !== 0 && !zeroRow[p]) s += x * b[p * m + j];
      }
      out[i * m + j] = s;
    }
  }
  return out;
}

Deno.test("kernels: matmul's dense-first product falls back to the skipping loop's bits on non-finite values", () => {
  // operands with zeros, −0, ±∞, NaN, subnormals and ±1e308 (sums that
  // overflow): wherever the dense result is not finite, the general loop's
  for (
    const [n, k, m] of [
      [1, 1, 1],
      [2, 3, 2],
      [64, 8, 2],
      [5, 7, 9],
      [9, 4, 1],
      [3, 5, 6],
      [4, 2, 4],
    ]
  ) {
    for (let seed = 0; seed < 20; seed++) {
      const a = values(n * k, seed * 31 + n, true);
      const b = values(k * m, seed * 17 + m, true);
      const got = matmulPlain(new Tensor([n, k], a), new Tensor([k, m], b));
      sameBits(
        (got as Tensor).data,
        rowSkippingProduct(a, b, n, k, m),
        `${n}x${k}x${m} seed ${seed}`,
      );
    }
  }
  // a 1-d operand is promoted and its axis dropped again
  const v = Float64Array.of(0, Infinity), M = Float64Array.of(0, 1, 2, 3);
  const got = matmulPlain(new Tensor([2], v), new Tensor([2, 2], M)) as Tensor;
  assert.deepEqual(got.shape, [2]);
  sameBits(got.data, rowSkippingProduct(v, M, 1, 2, 2), "1-d · 2-d");
  assert.equal(
    matmulPlain(
      new Tensor([2], M.subarray(2)),
      new Tensor([2], M.subarray(0, 2)),
    ),
    3,
  );
});

Deno.test("kernels: matmul with zeros against infinities skips the zero terms", () => {
  const a = Float64Array.of(0, 1, 2, 0);
  const b = Float64Array.of(Infinity, 1, 2, NaN);
  const got = matmulPlain(new Tensor([2, 2], a), new Tensor([2, 2], b));
  // row 0: 0·∞ skipped + 1·2 = 2; 0·1 skipped + 1·NaN = NaN
  sameBits((got as Tensor).data, skippingProduct(a, b, 2, 2, 2), "2x2");
  assert.equal((got as Tensor).data[0], 2);
});

Deno.test("kernels: matmul's adjoints give the transposed products' bits", () => {
  const fast = bilinearRules.matmul.fast!;
  // ȳ = Xᵀ·G's kernels take output rows (k) in blocks of four and two and
  // columns (m) in blocks of one, two and four: every remainder of each
  const shapes = [
    [3, 2, 4],
    [64, 8, 2],
    [6, 5, 1],
    [1, 9, 7],
    [4, 3, 6],
    [5, 2, 3],
  ];
  for (const n of [1, 2, 5, 8]) {
    for (let k = 1; k <= 9; k++) {
      for (const m of [1, 2, 3, 4, 5, 6, 7, 9]) shapes.push([n, k, m]);
    }
  }
  for (const [n, k, m] of shapes) {
    const x = values(n * k, 3 * n + k), y = values(k * m, 5 * m + k);
    const g = values(n * m, n + m);
    const xt = new Array<number>(k * n), yt = new Array<number>(m * k);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) xt[p * n + i] = x[i * k + p];
    }
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < m; j++) yt[j * k + p] = y[p * m + j];
    }
    const X = new Tensor([n, k], x),
      Y = new Tensor([k, m], y),
      G = new Tensor([n, m], g);
    // x̄ = G·Yᵀ summed over j in increasing order
    sameBits(
      (fast(G, X, Y, 0) as Tensor).data,
      skippingProduct(g, yt, n, m, k),
      "x̄",
    );
    // ȳ = Xᵀ·G summed over i in increasing order, zero X entries skipped
    sameBits(
      (fast(G, X, Y, 1) as Tensor).data,
      skippingProduct(xt, g, k, n, m),
      "ȳ",
    );
  }
  // x̄ is always the dense sum from +0 (no term skipped), special values
  // included; one column (m = 1) is an outer product
  for (const [n, k, m] of [[6, 5, 1], [3, 4, 1], [4, 3, 2], [2, 5, 6]]) {
    for (let seed = 0; seed < 10; seed++) {
      const x = values(n * k, seed), y = values(k * m, seed + 50, true);
      const g = values(n * m, seed + 90, true);
      const want = new Array<number>(n * k);
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < k; p++) {
          let acc = 0;
          for (let j = 0; j < m; j++) acc += g[i * m + j] * y[p * m + j];
          want[i * k + p] = acc;
        }
      }
      const got = fast(
        new Tensor([n, m], g),
        new Tensor([n, k], x),
        new Tensor([k, m], y),
        0,
      ) as Tensor;
      sameBits(got.data, want, `x̄ ${n}x${k}x${m} seed ${seed}`);
    }
  }
  sameBits(
    (fast(
      new Tensor([1, 1], Float64Array.of(-0)),
      new Tensor([1, 2], Float64Array.of(1, 1)),
      new Tensor([2, 1], Float64Array.of(1, -1)),
      0,
    ) as Tensor).data,
    [0, 0],
    "x̄ of −0 is +0",
  );
  // a non-finite adjoint keeps the skipping loop
  const X = new Tensor([1, 2], Float64Array.of(0, 1));
  const G = new Tensor([1, 1], Float64Array.of(Infinity));
  const gy = fast(G, X, new Tensor([2, 1], Float64Array.of(1, 1)), 1) as Tensor;
  sameBits(gy.data, [0, Infinity], "ȳ with ∞");
});

Deno.test("kernels: stridedProduct reads any strides; finiteZeros counts zeros or says -1", () => {
  const a = Float64Array.of(1, 2, 3, 4, 5, 6); // 2×3
  const out = new Float64Array(4);
  // a·aᵀ: (2×3)·(3×2), B read through aᵀ's strides
  stridedProduct(a, 0, 3, 1, a, 0, 1, 3, out, 0, 2, 3, 2);
  sameBits(out, [14, 32, 32, 77], "a·aᵀ");
  assert.equal(finiteZeros(Float64Array.of(0, 1, -0, 2), 0, 4), 2);
  assert.equal(finiteZeros(Float64Array.of(0, NaN), 0, 2), -1);
  assert.equal(finiteZeros(Float64Array.of(Infinity, 0), 1, 1), 1);
});

Deno.test("kernels: combine gives each op's bits on every broadcasting layout", () => {
  const ops: [number, (a: number, b: number) => number][] = [
    [Combine.add, (a, b) => a + b],
    [Combine.subtract, (a, b) => a - b],
    [Combine.multiply, (a, b) => a * b],
    [Combine.divide, (a, b) => a / b],
    [Combine.scale, (a, b) => (b === 0 ? 0 : a * b)],
  ];
  const t = (shape: number[], seed: number) =>
    new Tensor(shape, values(shape.reduce((p, s) => p * s, 1), seed, true));
  const layouts: [Tensor | number, Tensor | number][] = [
    [t([3, 4], 1), t([3, 4], 2)],
    [t([3, 4], 3), t([4], 4)],
    [t([1, 4], 5), t([3, 1], 6)],
    [t([3, 1], 7), t([3, 4], 8)],
    [t([4], 13), t([3, 4], 14)],
    [t([1, 4], 15), t([2, 3, 4], 16)],
    [t([2, 1, 4], 17), t([4], 18)],
    [t([0, 3], 19), t([3], 20)],
    // rows one and two wide (a bias of one or two), on either side
    [t([5, 1], 21), t([1], 22)],
    [t([4, 2], 23), t([2], 24)],
    [t([2], 25), t([3, 2], 26)],
    [t([1], 27), t([6], 28)],
    [2.5, t([5], 9)],
    [t([5], 10), -0],
    [t([5], 11), 0],
    [Infinity, t([2, 2], 12)],
  ];
  for (const [op, f] of ops) {
    for (const [x, y] of layouts) {
      const got = combine(x, y, op as 0);
      const xs = typeof x === "number" ? null : broadcastTo(x, got.shape);
      const ys = typeof y === "number" ? null : broadcastTo(y, got.shape);
      const want = Array.from(
        got.data,
        (_, i) =>
          f(xs ? xs.data[i] : x as number, ys ? ys.data[i] : y as number),
      );
      sameBits(got.data, want, `op ${op}`);
    }
  }
  sameBits(negated(new Tensor([3], Float64Array.of(0, -0, 2))).data, [
    -0,
    0,
    -2,
  ], "negated");
});

Deno.test("kernels: broadcastTo copies rows, fills one value (−0 kept) and follows any layout", () => {
  const bias = new Tensor([3], Float64Array.of(1, -0, 3));
  sameBits(broadcastTo(bias, [2, 3]).data, [1, -0, 3, 1, -0, 3], "trailing");
  sameBits(broadcastTo(new Tensor([1, 1], Float64Array.of(-0)), [2, 2]).data, [
    -0,
    -0,
    -0,
    -0,
  ], "one value");
  const col = new Tensor([2, 1], Float64Array.of(1, 2));
  sameBits(broadcastTo(col, [2, 3]).data, [1, 1, 1, 2, 2, 2], "column");
  sameBits(
    broadcastTo(new Tensor([1, 3], Float64Array.of(4, 5, 6)), [2, 2, 3]).data,
    [4, 5, 6, 4, 5, 6, 4, 5, 6, 4, 5, 6],
    "leading ones",
  );
});

Deno.test("kernels: every rule row's whole-array loops give its scalar rule's bits", () => {
  const x = values(400, 77, true);
  // positive inputs too, where sqrt and log are defined
  const xs = [x, x.map(Math.abs)];
  let rows = 0;
  for (const [name, r] of Object.entries(unaryRules)) {
    if (!r.map && !r.vjpMap) continue;
    rows++;
    for (const a of xs) {
      const y = a.map(r.f);
      if (r.map) {
        const out = new Float64Array(a.length);
        r.map(a, out);
        sameBits(out, y, `${name}.map`);
      }
      if (r.vjpMap) {
        const g = values(a.length, 5, true);
        const out = new Float64Array(a.length);
        r.vjpMap(g, a, y, out);
        const d = r.dy;
        const want = Array.from(
          a,
          (v, i) => g[i] === 0 ? 0 : g[i] * (d ? d(y[i], v) : r.df(v)),
        );
        sameBits(out, want, `${name}.vjpMap`);
      }
    }
  }
  assert.ok(rows >= 8, `only ${rows} rows have whole-array loops`);
});

// Each of `width` columns of row-major `d` summed from +0 in row order.
function columnSums(d: Float64Array, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  for (let i = 0; i < d.length; i++) out[i % width] = out[i % width] + d[i];
  return out;
}

Deno.test("kernels: broadcasting's sum and a full reduction's adjoint give the bits of column sums in row order", () => {
  // rows of every width from 1 to 9 (columns four, two and one at a time)
  const layouts: [Tensor, number[], boolean][] = [];
  for (let m = 1; m <= 9; m++) {
    const x = new Tensor([5, m], values(5 * m, 21 + m, true));
    layouts.push([x, [m], false], [x, [1, m], false]);
  }
  const x43 = new Tensor([4, 3], values(12, 21, true));
  layouts.push([x43, [], true], [x43, [1, 1], false]);
  for (const [x, shape, number] of layouts) {
    const got = sumToPlain(x, shape, number);
    // each column (or the whole) summed from +0 in row order, by a plain loop
    const width = shape.length === 0 || shape[shape.length - 1] === 1
      ? 1
      : x.shape[1];
    const want = columnSums(x.data, width);
    const g = typeof got === "number" ? Float64Array.of(got) : got.data;
    sameBits(g, want, `sumTo ${JSON.stringify(shape)}`);
    assert.equal(typeof got === "number", number);
    // np.sum over the leading axis: the same sums
    if (width > 1) {
      sameBits(
        (sumAxes(x, [0], false) as Tensor).data,
        want,
        `sum over axis 0 of ${x.shape}`,
      );
    }
  }
  const o = {
    from: [2, 3],
    axes: [0, 1],
    keepdims: false,
    count: 6,
    fromNumber: false,
  };
  for (const g of [1.5, -0, new Tensor([], Float64Array.of(7))]) {
    const got = linearRules.sum.fT(g, o) as Tensor;
    const v = typeof g === "number" ? g : g.data[0];
    sameBits(got.data, new Array(6).fill(v / 6), "mean's adjoint");
    assert.deepEqual(got.shape, [2, 3]);
  }
});

Deno.test("kernels: a constant adjoint (a mean's) gives matmul's adjoints the general loops' bits", () => {
  const fast = bilinearRules.matmul.fast!;
  for (const [n, k, m] of [[3, 2, 4], [8, 8, 8], [1, 5, 3]]) {
    const x = values(n * k, 7 * n + k, true), y = values(k * m, 3 * m, true);
    const xt = new Array<number>(k * n), yt = new Array<number>(m * k);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) xt[p * n + i] = x[i * k + p];
    }
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < m; j++) yt[j * k + p] = y[p * m + j];
    }
    for (const c of [1 / (n * m), -3]) {
      const g = new Float64Array(n * m).fill(c);
      const X = new Tensor([n, k], x), Y = new Tensor([k, m], y);
      const G = new Tensor([n, m], g);
      sameBits(
        (fast(G, X, Y, 0) as Tensor).data,
        skippingProduct(g, yt, n, m, k),
        "x̄",
      );
      sameBits(
        (fast(G, X, Y, 1) as Tensor).data,
        skippingProduct(xt, g, k, n, m),
        "ȳ",
      );
    }
  }
});
