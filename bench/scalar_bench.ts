/**
 * The seed's scalar functions (exercises 1, 3A, 3B, 3C and 4), one group
 * each: the hand-written derivative (the baseline, the limit), dualgrade's
 * `grad`, TensorFlow.js's `tf.grad` (cpu backend, float32), and jax-js's
 * `grad` (wasm backend, float64) eager and under `jit`.
 *
 * Every contender takes plain numbers and returns plain numbers, so wrapping
 * the input in the peer's tensor type and reading the result back are part of
 * the measured work. Each one is checked against the hand-written derivative
 * at the seed's points before anything is timed.
 *
 * Run: `deno task bench` (or `deno run -A bench/report.ts` for the tables).
 *
 * @module
 */
import { grad, np } from "../mod.ts";
import type { Value } from "../mod.ts";
import {
  assertClose,
  consume,
  j64,
  jax,
  jnp,
  RTOL,
  sinkValue,
  tf,
} from "./_peers.ts";

type JArray = jax.Array;
type Scalar = (x: number) => number;
type Vector = (p: number[]) => number[];

interface ScalarCase {
  group: string;
  points: number[];
  hand: Scalar;
  dualgrade: Scalar;
  tfjs: Scalar;
  jax: Scalar;
  jaxJit: Scalar;
}

/** jax-js: a float64 scalar in, its gradient back as a number. */
function jaxScalar(g: (x: JArray) => JArray): Scalar {
  return (x) => g(j64(x)).dataSync()[0];
}

/** tfjs: a float32 scalar in (inside tidy, so every tensor is freed). */
function tfScalar(f: (x: tf.Tensor) => tf.Tensor): Scalar {
  const g = tf.grad(f);
  return (x) => tf.tidy(() => g(tf.scalar(x)).dataSync()[0]);
}

const LN2 = Math.LN2, LN3 = Math.log(3);

// jax-js 0.1.25 evaluates `power` (and every transcendental inside `jit`) at
// float32 accuracy even on float64 arrays (3 ** 2 gives 8.999998092651367),
// so its eager contenders write b ** x as exp(x · ln b) and (x − 10)² as a
// square, which keeps them float64-exact; the jit variants use the same code.
const jaxF = {
  ex1: (x: JArray) => jnp.square(x.sub(10)),
  ex3a: (x: JArray) => x.ref.mul(jnp.exp(x)),
  ex3b: (x: JArray) => x.ref.add(jnp.exp(x.ref.mul(LN2))).div(jnp.exp(x)),
  ex3c: (x: JArray) => jnp.log(x.ref.add(2)).add(jnp.square(jnp.cos(x))),
  ex4: ([x, y, z]: JArray[]) => jnp.square(x).mul(y).mul(jnp.exp(z.mul(LN3))),
};

// dualgrade as a learner writes the notebook's code with `np`.
const dgF = {
  ex1: (x: Value) => np.power(np.subtract(x, 10), 2),
  ex3a: (x: Value) => np.multiply(x, np.power(np.e, x)),
  ex3b: (x: Value) => np.divide(np.add(x, np.power(2, x)), np.power(np.e, x)),
  // The stated function ln(2 + x) + cos²(x) (the seed's code has cos(cos x)).
  ex3c: (x: Value) => np.add(np.log(np.add(2, x)), np.square(np.cos(x))),
  ex4: ([x, y, z]: Value[]) =>
    np.multiply(np.multiply(np.power(x, 2), y), np.power(3, z)),
};

// TensorFlow.js, the same expressions with its ops.
const tfF = {
  ex1: (x: tf.Tensor) => tf.pow(tf.sub(x, 10), 2),
  ex3a: (x: tf.Tensor) => tf.mul(x, tf.pow(Math.E, x)),
  ex3b: (x: tf.Tensor) => tf.div(tf.add(x, tf.pow(2, x)), tf.pow(Math.E, x)),
  ex3c: (x: tf.Tensor) => tf.add(tf.log(tf.add(2, x)), tf.square(tf.cos(x))),
  ex4: (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
    tf.mul(tf.mul(tf.pow(x, 2), y), tf.pow(3, z)),
};

const dg = {
  ex1: grad(dgF.ex1),
  ex3a: grad(dgF.ex3a),
  ex3b: grad(dgF.ex3b),
  ex3c: grad(dgF.ex3c),
  ex4: grad(dgF.ex4),
};

const scalarCases: ScalarCase[] = [
  {
    group: "ex1 (x-10)^2",
    points: [3, 10, 12],
    hand: (x) => 2 * (x - 10),
    dualgrade: (x) => dg.ex1(x),
    tfjs: tfScalar(tfF.ex1),
    jax: jaxScalar(jax.grad(jaxF.ex1)),
    jaxJit: jaxScalar(jax.jit(jax.grad(jaxF.ex1))),
  },
  {
    group: "ex3A x*e^x",
    points: [7],
    hand: (x) => (1 + x) * Math.exp(x),
    dualgrade: (x) => dg.ex3a(x),
    tfjs: tfScalar(tfF.ex3a),
    jax: jaxScalar(jax.grad(jaxF.ex3a)),
    jaxJit: jaxScalar(jax.jit(jax.grad(jaxF.ex3a))),
  },
  {
    group: "ex3B (x+2^x)/e^x",
    points: [3.5],
    hand: (x) => {
      const p = Math.pow(2, x);
      return (1 + p * LN2 - x - p) * Math.exp(-x);
    },
    dualgrade: (x) => dg.ex3b(x),
    tfjs: tfScalar(tfF.ex3b),
    jax: jaxScalar(jax.grad(jaxF.ex3b)),
    jaxJit: jaxScalar(jax.jit(jax.grad(jaxF.ex3b))),
  },
  {
    group: "ex3C ln(2+x)+cos^2(x)",
    points: [-0.5],
    hand: (x) => 1 / (2 + x) - Math.sin(2 * x),
    dualgrade: (x) => dg.ex3c(x),
    tfjs: tfScalar(tfF.ex3c),
    jax: jaxScalar(jax.grad(jaxF.ex3c)),
    jaxJit: jaxScalar(jax.jit(jax.grad(jaxF.ex3c))),
  },
];

// Exercise 4: the gradient of x²·y·3^z with respect to [x, y, z].
const tfEx4 = tf.grads(tfF.ex4);
const jaxEx4 = jax.grad(jaxF.ex4);
const jaxJitEx4 = jax.jit(jax.grad(jaxF.ex4));
const jaxVector = (g: (p: JArray[]) => JArray[]): Vector => (p) =>
  g(p.map((v) => j64(v))).map((a) => a.dataSync()[0]);
const ex4 = {
  group: "ex4 x^2*y*3^z",
  point: [3, -1, 2],
  hand: ([x, y, z]: number[]): number[] => {
    const t = Math.pow(3, z);
    return [2 * x * y * t, x * x * t, x * x * y * t * LN3];
  },
  dualgrade: (p: number[]): number[] => dg.ex4(p),
  tfjs: (p: number[]): number[] =>
    tf.tidy(() =>
      tfEx4(p.map((v) => tf.scalar(v))).map((t) => t.dataSync()[0])
    ),
  jax: jaxVector(jaxEx4 as (p: JArray[]) => JArray[]),
  jaxJit: jaxVector(jaxJitEx4 as (p: JArray[]) => JArray[]),
};

/** The contenders' names as the report reads them. */
const CONTENDERS = {
  hand: "hand-written",
  dualgrade: "dualgrade grad",
  tfjs: "tfjs grad (cpu, float32)",
  jax: "jax-js grad (wasm, float64)",
  jaxJit: "jax-js jit(grad) (wasm, float32-accurate math)",
} as const;
type Contender = keyof typeof CONTENDERS;
const RTOL_OF: Record<Contender, number> = {
  hand: RTOL.float64,
  dualgrade: RTOL.float64,
  tfjs: RTOL.float32,
  jax: RTOL.float64,
  jaxJit: RTOL.float32,
};
const ORDER: Contender[] = ["hand", "dualgrade", "tfjs", "jax", "jaxJit"];

// Check every contender once before timing: the bench must not compare
// different work.
for (const c of scalarCases) {
  for (const x of c.points) {
    const want = c.hand(x);
    for (const k of ORDER) {
      assertClose(c[k](x), want, RTOL_OF[k], `${c.group}: ${k} at ${x}`);
    }
  }
}
{
  const want = ex4.hand(ex4.point);
  for (const k of ORDER) {
    assertClose(ex4[k](ex4.point), want, RTOL_OF[k], `${ex4.group}: ${k}`);
  }
}

// Inputs are read from an array so the optimiser cannot fold them; results
// go to a sink so it cannot drop the work.
for (const c of scalarCases) {
  const xs = [c.points[0], c.points[0]];
  for (const k of ORDER) {
    const f = c[k];
    let i = 0;
    Deno.bench({
      name: CONTENDERS[k],
      group: c.group,
      baseline: k === "hand",
      fn: () => {
        i ^= 1;
        consume(f(xs[i]));
      },
    });
  }
}
{
  const ps = [ex4.point.slice(), ex4.point.slice()];
  for (const k of ORDER) {
    const f = ex4[k];
    let i = 0;
    Deno.bench({
      name: CONTENDERS[k],
      group: ex4.group,
      baseline: k === "hand",
      fn: () => {
        i ^= 1;
        consume(f(ps[i])[2]);
      },
    });
  }
}

if (Number.isNaN(sinkValue())) throw new Error("Unreachable: sink is NaN");
