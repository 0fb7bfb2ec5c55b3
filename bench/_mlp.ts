/**
 * The two-layer network shared by the benchmark and the memory probe: 64
 * samples of 8 inputs, a tanh hidden layer of H units, one linear output,
 * mean squared error. Each contender's gradient of the loss with respect to
 * all four parameters (W1 8×H, b1 H, W2 H×1, b2 1), inputs built once.
 *
 * @module
 */
import { grad, np, Tensor } from "../mod.ts";
import { type Contender, CONTENDERS, matrixValues } from "./_matmul.ts";
import { jax, jnp, tf } from "./_peers.ts";

/** Samples and inputs per sample. */
export const SAMPLES = 64, INPUTS = 8;

/** The hidden-layer widths benchmarked. */
export const HIDDEN = [2, 4, 8, 16, 32, 64];

export { CONTENDERS };

/** The data and the starting parameters for H hidden units, as flat arrays. */
export function mlpData(h: number) {
  return {
    X: matrixValues(SAMPLES * INPUTS, 5),
    y: matrixValues(SAMPLES, 6),
    W1: matrixValues(INPUTS * h, 7 + h).map((v) => v / Math.sqrt(INPUTS)),
    b1: matrixValues(h, 8 + h).map((v) => v / 10),
    W2: matrixValues(h, 9 + h).map((v) => v / Math.sqrt(h)),
    b2: Float64Array.of(0.05),
  };
}

/** The four gradients read back as typed arrays: dW1, db1, dW2, db2. */
export type MlpGradients = () => ArrayLike<number>[];

/** Hand-written backpropagation: the limit. */
export function handMlp(h: number): MlpGradients {
  const { X, y, W1, b1, W2, b2 } = mlpData(h);
  const S = SAMPLES, D = INPUTS;
  const hid = new Float64Array(S * h), r = new Float64Array(S);
  return () => {
    for (let s = 0; s < S; s++) {
      let o = b2[0];
      for (let j = 0; j < h; j++) {
        let a = b1[j];
        for (let d = 0; d < D; d++) a += X[s * D + d] * W1[d * h + j];
        const t = Math.tanh(a);
        hid[s * h + j] = t;
        o += t * W2[j];
      }
      r[s] = 2 * (o - y[s]) / S;
    }
    const gW1 = new Float64Array(D * h), gb1 = new Float64Array(h);
    const gW2 = new Float64Array(h);
    let gb2 = 0;
    for (let s = 0; s < S; s++) {
      gb2 += r[s];
      for (let j = 0; j < h; j++) {
        const t = hid[s * h + j];
        gW2[j] += r[s] * t;
        const da = r[s] * W2[j] * (1 - t * t);
        gb1[j] += da;
        for (let d = 0; d < D; d++) gW1[d * h + j] += da * X[s * D + d];
      }
    }
    return [gW1, gb1, gW2, Float64Array.of(gb2)];
  };
}

interface Params {
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** One contender's gradient function for H hidden units. */
export function mlpGradientFor(kind: Contender, h: number): MlpGradients {
  const d = mlpData(h);
  switch (kind) {
    case "hand":
      return handMlp(h);
    case "dualgrade": {
      const X = new Tensor([SAMPLES, INPUTS], d.X);
      const y = new Tensor([SAMPLES, 1], d.y);
      const loss = (p: Params) => {
        const hid = np.tanh(np.add(np.matmul(X, p.W1), p.b1));
        const out = np.add(np.matmul(hid, p.W2), p.b2);
        return np.mean(np.square(np.subtract(out, y)));
      };
      const g = grad(loss);
      const p: Params = {
        W1: new Tensor([INPUTS, h], d.W1),
        b1: new Tensor([h], d.b1),
        W2: new Tensor([h, 1], d.W2),
        b2: new Tensor([1], d.b2),
      };
      return () => {
        const r = g(p) as Params;
        return [r.W1.data, r.b1.data, r.W2.data, r.b2.data];
      };
    }
    case "tfjs": {
      const X = tf.tensor2d(Float32Array.from(d.X), [SAMPLES, INPUTS]);
      const y = tf.tensor2d(Float32Array.from(d.y), [SAMPLES, 1]);
      const g = tf.grads((W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2) => {
        const hid = tf.tanh(tf.add(tf.matMul(X, W1 as tf.Tensor2D), b1));
        const out = tf.add(
          tf.matMul(hid as tf.Tensor2D, W2 as tf.Tensor2D),
          b2,
        );
        return tf.mean(tf.square(tf.sub(out, y)));
      });
      const ps = [
        tf.tensor2d(Float32Array.from(d.W1), [INPUTS, h]),
        tf.tensor1d(Float32Array.from(d.b1)),
        tf.tensor2d(Float32Array.from(d.W2), [h, 1]),
        tf.tensor1d(Float32Array.from(d.b2)),
      ];
      return () =>
        tf.tidy(() => g(ps).map((t) => t.dataSync() as Float32Array));
    }
    case "jax":
    case "jaxJit": {
      const f32 = kind === "jaxJit";
      const arr = (a: Float64Array<ArrayBuffer>, shape: number[]) =>
        jnp.array(f32 ? Float32Array.from(a) : a.slice()).reshape(shape);
      const X = arr(d.X, [SAMPLES, INPUTS]), y = arr(d.y, [SAMPLES, 1]);
      const loss = ([W1, b1, W2, b2]: jax.Array[]) => {
        const hid = jnp.tanh(jnp.matmul(X.ref, W1).add(b1));
        const out = jnp.matmul(hid, W2).add(b2);
        return jnp.mean(jnp.square(out.sub(y.ref)));
      };
      const g = (f32 ? jax.jit(jax.grad(loss)) : jax.grad(loss)) as (
        p: jax.Array[],
      ) => jax.Array[];
      const ps = [
        arr(d.W1, [INPUTS, h]),
        arr(d.b1, [h]),
        arr(d.W2, [h, 1]),
        arr(d.b2, [1]),
      ];
      return () => g(ps.map((p) => p.ref)).map((a) => a.dataSync());
    }
  }
}
