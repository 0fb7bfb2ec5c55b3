// Golden values: every number the seed notebook (autograd-exercises.md)
// prints, the true values of exercise 3C's stated function, and Fike &
// Alonso's test function. The notebook's numbers are Python's shortest
// round-trip reprs, so they are compared to within a few ulps.
import assert from "node:assert/strict";
import { deriv, grad, hessian, np, type Tensor, valueAndGrad } from "../mod.ts";
import { assertClose } from "./_assert_close.ts";

/** A printed float64 repr, allowing a few ulps of different rounding. */
const REPR = { rtol: 1e-14 };

Deno.test("golden: the worked example f(x) = (x − 3)² at 7 gives 16 and 8", () => {
  const fun = (x: number) => np.power(np.subtract(x, 3), 2);
  assert.equal(fun(7), 16);
  assert.equal(grad(fun)(7), 8);
  // the chainable form, as a learner may write it inside grad
  const chained = grad((x: number) =>
    (x as unknown as Tensor).sub(3).pow(2) as unknown as number
  );
  assert.equal(chained(7), 8);
});

Deno.test("golden: exercise 1, f(x) = (x − 10)² and its derivative at 3, 10, 12", () => {
  const f = (x: number) => np.power(np.subtract(x, 10), 2);
  const fGrad = grad(f);
  assert.equal(fGrad(3), -14);
  assert.equal(fGrad(10), 0);
  assert.equal(fGrad(12), 4);
  // exercise 2's paper answer, 2(x − 10), and the values
  for (const x of [3, 10, 12]) {
    assert.equal(fGrad(x), 2 * (x - 10));
    assert.equal(f(x), (x - 10) * (x - 10));
  }
});

Deno.test("golden: exercise 3A, x·e^x at 7", () => {
  const f1 = (x: number) => np.multiply(x, np.power(np.e, x));
  assertClose(f1(7), 7676.432108999208, REPR);
  assertClose(grad(f1)(7), 8773.065267427666, REPR);
  // and against the closed forms x·e^x, (1 + x)·e^x
  assertClose(f1(7), 7 * Math.exp(7), REPR);
  assertClose(grad(f1)(7), 8 * Math.exp(7), REPR);
  // with np.exp instead of np.e**x
  assertClose(
    grad((x: number) => np.multiply(x, np.exp(x)))(7),
    8773.065267427666,
    REPR,
  );
});

Deno.test("golden: exercise 3B, (x + 2^x)/e^x at 3.5", () => {
  const f2 = (x: number) =>
    np.divide(np.add(x, np.power(2, x)), np.power(np.e, x));
  assertClose(f2(3.5), 0.44733523545030124, REPR);
  assertClose(grad(f2)(3.5), -0.18032800393862408, REPR);
  // closed form of the derivative: (1 + 2^x ln 2 − x − 2^x) e^−x
  const x = 3.5;
  const closed = (1 + 2 ** x * Math.LN2 - x - 2 ** x) * Math.exp(-x);
  assertClose(grad(f2)(x), closed, REPR);
});

Deno.test("golden: exercise 3C as the notebook's code computes it, ln(2 + x) + cos(cos x) at −0.5", () => {
  const f3 = (x: number) => np.add(np.log(np.add(2, x)), np.cos(np.cos(x)));
  assertClose(f3(-0.5), 1.0444776022734237, REPR);
  assertClose(grad(f3)(-0.5), 0.2978942899546265, REPR);
  const x = -0.5;
  assertClose(
    grad(f3)(x),
    1 / (2 + x) + Math.sin(Math.cos(x)) * Math.sin(x),
    REPR,
  );
});

Deno.test("golden: exercise 3C as its text states it (erratum), ln(2 + x) + cos²(x) at −0.5", () => {
  const f3 = (x: number) =>
    np.add(np.log(np.add(2, x)), np.power(np.cos(x), 2));
  assertClose(f3(-0.5), 1.1756162610422343, REPR);
  assertClose(grad(f3)(-0.5), 1.5081376514745632, REPR);
  const x = -0.5;
  assertClose(f3(x), Math.log(2 + x) + Math.cos(x) ** 2, REPR);
  assertClose(grad(f3)(x), 1 / (2 + x) - Math.sin(2 * x), REPR);
  // squared with np.square gives the same
  const g = (t: number) => np.add(np.log(np.add(2, t)), np.square(np.cos(t)));
  assertClose(grad(g)(x), 1.5081376514745632, REPR);
});

Deno.test("golden: f(x, y) = x² + 3y at [3, 2] gives 15 and [6, 3]", () => {
  const f = ([x, y]: number[]) => np.add(np.power(x, 2), np.multiply(3, y));
  assert.equal(f([3, 2]), 15);
  const g = grad(f)([3, 2]);
  assert.deepEqual(g, [6, 3]);
  // as the notebook prints them: [array(6.), array(3.)]
  assert.deepEqual(g.map((v: number) => np.array(v).toString()), [
    "array(6.)",
    "array(3.)",
  ]);
  assert.deepEqual(valueAndGrad(f)([3, 2]), [15, [6, 3]]);
});

Deno.test("golden: exercise 4, x²·y·3^z at (3, −1, 2)", () => {
  const f = ([x, y, z]: number[]) =>
    np.multiply(np.multiply(np.power(x, 2), y), np.power(3, z));
  assert.equal(f([3, -1, 2]), -81);
  const g = grad(f)([3, -1, 2]);
  assert.equal(g.length, 3);
  assert.equal(g[0], -54);
  assert.equal(g[1], 81);
  // printed to 8 decimals by the notebook; exactly −81·ln 3 in closed form
  assertClose(g[2], -88.98759538, { rtol: 0, atol: 5e-9 });
  assertClose(g[2], -81 * Math.log(3), REPR);
  // the closed forms 2xy3^z, x²3^z, x²y3^z ln 3
  assertClose(g, [2 * 3 * -1 * 9, 9 * 9, 9 * -1 * 9 * Math.log(3)], REPR);
  assert.deepEqual(g.map((v: number) => np.array(v).toString()), [
    "array(-54.)",
    "array(81.)",
    "array(-88.98759538)",
  ]);
});

Deno.test("golden: Fike & Alonso's e^x / √(sin³x + cos³x) at 1.5, to 1e-14", () => {
  const f = (x: number) =>
    np.divide(
      np.exp(x),
      np.sqrt(np.add(np.power(np.sin(x), 3), np.power(np.cos(x), 3))),
    );
  const tol = { rtol: 1e-14 };
  assertClose(f(1.5), 4.497780053946162, tol);
  assertClose(grad(f)(1.5), 4.053427893898621, tol);
  assertClose(deriv(f)(1.5), 4.053427893898621, tol);
  assertClose(hessian(f)(1.5), 9.463073681596601, tol);
  assertClose(grad(grad(f))(1.5), 9.463073681596601, tol);
  assertClose(deriv(deriv(f))(1.5), 9.463073681596601, tol);
});

// ------------------------------------------------------------- exercise 6

const W = () =>
  np.array([
    [0.3, -0.2, 0.1],
    [0.1, 0.2, 0.1],
  ]);
const V = () =>
  np.array([
    [0.1, -0.3],
    [0.1, 0.5],
    [0.2, 0.7],
  ]);

/** Plain nested arrays of a 2-d tensor, read through its data. */
function rows(t: Tensor): number[][] {
  const [n, m] = t.shape;
  return Array.from(
    { length: n },
    (_, i) => Array.from({ length: m }, (_, j) => t.data[i * m + j]),
  );
}

/**
 * ∂ mean(A·B)/∂A and ∂/∂B in closed form, A n×k, B k×m:
 * dA = (1/(n·m))·1ₙ·(B·1ₘ)ᵀ, dB = (1/(n·m))·(Aᵀ·1ₙ)·1ₘᵀ.
 */
function meanProductGrads(
  A: number[][],
  B: number[][],
): [number[][], number[][]] {
  const n = A.length, k = B.length, m = B[0].length;
  const rowSumsB = B.map((r) => r.reduce((s, v) => s + v, 0));
  const colSumsA = Array.from(
    { length: k },
    (_, j) => A.reduce((s, r) => s + r[j], 0),
  );
  const dA = A.map(() => rowSumsB.map((v) => v / (n * m)));
  const dB = colSumsA.map((v) => Array.from({ length: m }, () => v / (n * m)));
  return [dA, dB];
}

Deno.test("golden: exercise 6, f values mean(W·V) = 0.025 and mean(V·W) = 0.048888888888888885", () => {
  const f1 = ([w, v]: Tensor[]) => np.mean(np.matmul(w, v));
  const f2 = ([w, v]: Tensor[]) => np.mean(np.matmul(v, w));
  assertClose(f1([W(), V()]), 0.025, REPR);
  assertClose(f2([W(), V()]), 0.048888888888888885, REPR);
  assert.equal(typeof f1([W(), V()]), "number");
});

Deno.test("golden: exercise 6, the four gradient matrices against the notebook and the closed form", () => {
  const f1 = ([w, v]: Tensor[]) => np.mean(np.matmul(w, v));
  const f2 = ([w, v]: Tensor[]) => np.mean(np.matmul(v, w));
  const [dW1, dV1] = grad(f1)([W(), V()]) as Tensor[];
  const [dW2, dV2] = grad(f2)([W(), V()]) as Tensor[];
  assert.deepEqual(dW1.shape, [2, 3]);
  assert.deepEqual(dV1.shape, [3, 2]);
  assert.deepEqual(dW2.shape, [2, 3]);
  assert.deepEqual(dV2.shape, [3, 2]);

  // the notebook's printed digits (8 decimals)
  const printed = { rtol: 0, atol: 5e-9 };
  assertClose(dW1, [[-0.05, 0.15, 0.225], [-0.05, 0.15, 0.225]], printed);
  assertClose(dV1, [[0.1, 0.1], [0, 0], [0.05, 0.05]], printed);
  assertClose(
    dW2,
    [[0.04444444, 0.04444444, 0.04444444], [0.1, 0.1, 0.1]],
    printed,
  );
  assertClose(
    dV2,
    [[0.02222222, 0.04444444], [0.02222222, 0.04444444], [
      0.02222222,
      0.04444444,
    ]],
    printed,
  );

  // the closed forms
  const w = rows(W()), v = rows(V());
  const [cW1, cV1] = meanProductGrads(w, v);
  assertClose(dW1, cW1, { rtol: 1e-14, atol: 1e-17 });
  assertClose(dV1, cV1, { rtol: 1e-14, atol: 1e-17 });
  // mean(V·W): d/dV = rows of W summed, d/dW = columns of V summed
  const [cV2, cW2] = meanProductGrads(v, w);
  assertClose(dW2, cW2, { rtol: 1e-14, atol: 1e-17 });
  assertClose(dV2, cV2, { rtol: 1e-14, atol: 1e-17 });
});

Deno.test("golden: exercise 6, the gradient matrices print as the notebook shows them", () => {
  const f1 = ([w, v]: Tensor[]) => np.mean(np.matmul(w, v));
  const f2 = ([w, v]: Tensor[]) => np.mean(np.matmul(v, w));
  const [dW1, dV1] = grad(f1)([W(), V()]) as Tensor[];
  const [dW2, dV2] = grad(f2)([W(), V()]) as Tensor[];
  assert.equal(
    dW1.toString(),
    "array([[-0.05 ,  0.15 ,  0.225],\n       [-0.05 ,  0.15 ,  0.225]])",
  );
  assert.equal(
    dV1.toString(),
    "array([[0.1 , 0.1 ],\n       [0.  , 0.  ],\n       [0.05, 0.05]])",
  );
  assert.equal(
    dW2.toString(),
    "array([[0.04444444, 0.04444444, 0.04444444],\n" +
      "       [0.1       , 0.1       , 0.1       ]])",
  );
  assert.equal(
    dV2.toString(),
    "array([[0.02222222, 0.04444444],\n" +
      "       [0.02222222, 0.04444444],\n" +
      "       [0.02222222, 0.04444444]])",
  );
  // the list as Python prints it: [array(...), array(...)]
  assert.equal(
    `[${dW1}, ${dV1}]`,
    "[array([[-0.05 ,  0.15 ,  0.225],\n       [-0.05 ,  0.15 ,  0.225]]), " +
      "array([[0.1 , 0.1 ],\n       [0.  , 0.  ],\n       [0.05, 0.05]])]",
  );
});

Deno.test("golden: exercise 6 with the matrices as separate arguments (argnum [0, 1])", () => {
  const f1 = (w: Tensor, v: Tensor) => np.mean(np.matmul(w, v));
  const [dW, dV] = grad(f1, [0, 1])(W(), V()) as Tensor[];
  const [cW, cV] = meanProductGrads(rows(W()), rows(V()));
  assertClose(dW, cW, { rtol: 1e-14, atol: 1e-17 });
  assertClose(dV, cV, { rtol: 1e-14, atol: 1e-17 });
});
