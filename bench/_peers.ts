/**
 * The peers the benchmarks compare against, set up once: TensorFlow.js on its
 * cpu backend (float32 only) and jax-js on its wasm backend with float64
 * arrays. Also the closeness check every contender passes before it is timed.
 *
 * @module
 */
// Full npm: specifiers on purpose: the project keeps no import map.
// deno-lint-ignore no-import-prefix
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
// deno-lint-ignore no-import-prefix
import * as jax from "npm:@jax-js/jax@0.1.25";

// TensorFlow.js prints a banner suggesting tfjs-node when it thinks it runs in
// Node; the pure-JS cpu backend is the one being measured, on purpose.
tf.env().set("IS_NODE", false);
await tf.setBackend("cpu");
await tf.ready();
if (tf.getBackend() !== "cpu") {
  throw new Error(`Cannot select the tfjs cpu backend: got ${tf.getBackend()}`);
}

await jax.init("wasm");
jax.defaultDevice("wasm");

export { jax, tf };

/** The jax-js numpy namespace. */
export const jnp = jax.numpy;

/** A float64 jax-js array from a number or a Float64Array with `shape`. */
export function j64(
  x: number | Float64Array<ArrayBuffer>,
  shape?: number[],
): jax.Array {
  if (typeof x === "number") return jnp.array(x, { dtype: jnp.float64 });
  const a = jnp.array(x);
  return shape ? a.reshape(shape) : a;
}

/** Relative tolerances: what each number kind can promise. */
export const RTOL = {
  float64: 1e-12,
  float32: 2e-5,
} as const;

/**
 * Throws unless `got` matches `want` elementwise: |got − want| ≤ atol +
 * rtol·|want| (numpy's isclose, the hand-written value as reference).
 */
export function assertClose(
  got: ArrayLike<number> | number,
  want: ArrayLike<number> | number,
  rtol: number,
  where: string,
): void {
  const g = typeof got === "number" ? [got] : Array.from(got);
  const w = typeof want === "number" ? [want] : Array.from(want);
  if (g.length !== w.length) {
    throw new Error(
      `Contender computes the wrong thing: ${where} gave ${g.length} numbers, expected ${w.length}`,
    );
  }
  const atol = rtol * Math.max(1, ...w.map(Math.abs)) * 1e-3;
  for (let i = 0; i < w.length; i++) {
    if (!(Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]))) {
      throw new Error(
        `Contender computes the wrong thing: ${where} element ${i} is ${
          g[i]
        }, the hand-written derivative is ${w[i]} (rtol ${rtol})`,
      );
    }
  }
}

/**
 * A sink for benchmark results so the optimiser cannot drop the work; read
 * it through `sinkValue()`.
 */
let sink = 0;
/** Adds a result to the sink. */
export function consume(x: number): void {
  sink += x;
}
/** The sink's value (only so that it is observable). */
export function sinkValue(): number {
  return sink;
}

/**
 * How long each contender runs before `deno bench` times it. deno bench's
 * own warm-up is a fixed count of calls; on a loaded machine V8's optimising
 * compiler (a background thread) had not finished by then, and the first
 * sizes were timed partly unoptimised (a 3× spread between runs for the
 * network at 2 hidden units). Every contender gets the same warm-up.
 */
export const WARM_UP_MS = 200;

/** Registers a benchmark after calling its function for `WARM_UP_MS`. */
export function benchWarmed(def: {
  name: string;
  group: string;
  baseline: boolean;
  fn: () => void;
}): void {
  const t0 = performance.now();
  while (performance.now() - t0 < WARM_UP_MS) def.fn();
  Deno.bench(def);
}
