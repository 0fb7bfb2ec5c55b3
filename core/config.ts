/**
 * How the differential operators run: the options they take, forward mode's
 * chunk size, and the sizes at which reverse mode takes over.
 *
 * @module
 */
/**
 * Options of the differential operators.
 *
 * @example
 * ```ts
 * import { grad, np } from "../mod.ts";
 * const g = grad((x: number[]) => np.sum(np.square(x)), 0, { chunkSize: 2 });
 * console.log(g([1, 2, 3])); // [ 2, 4, 6 ]
 * ```
 */
export interface GradOptions {
  /**
   * The most partials carried in one evaluation. By default, ForwardDiff.jl's
   * rule: all of them up to 12, else the input split into equal chunks of at
   * most 12.
   */
  chunkSize?: number;
  /**
   * Forces forward mode (duals) or reverse mode (a tape). By default
   * `grad`, `valueAndGrad` and `jacobian` use forward mode up to
   * {@linkcode REVERSE_THRESHOLD} input elements (or when `chunkSize` is
   * given) and reverse mode above, where a jacobian's output must also be
   * smaller than its input. For `hessian`, `"forward"` means hyper-duals and
   * `"reverse"` forward-over-reverse.
   */
  mode?: "forward" | "reverse";
}

/** Forward mode's widest single pass (ForwardDiff.jl's default chunk threshold). */
export const CHUNK_THRESHOLD = 12;

/**
 * The number of input elements above which `grad` and `jacobian` switch to
 * reverse mode by default: up to 12, forward mode needs one pass. Measured
 * with `deno task bench:report` (bench/mode_bench.ts, "Forward or reverse"
 * in bench/RESULTS.md): forced to each mode, reverse was first faster at 2
 * elements for Σ sin(x)·x of a Tensor (4.4× at 12, 7.9× at 16) and at 16 for
 * Σ xᵢ² of a list of numbers (forward mode's fast path: 0.97× at 12).
 * It stays at 12 although reverse mode wins earlier for tensors: the seed's
 * exercise 6 differentiates mean(V·W) with respect to 12 elements, and in
 * reverse mode its gradient changes in the last bit (0.09999999999999999
 * becomes 0.09999999999999998), where golden values stay bit-identical.
 *
 * @example
 * ```ts
 * import { REVERSE_THRESHOLD } from "../mod.ts";
 * console.log(REVERSE_THRESHOLD > 0); // true
 * ```
 */
export const REVERSE_THRESHOLD = 12;

/**
 * The number of input elements from which `hessian` uses forward-over-reverse
 * instead of one hyper-dual pass per pair of inputs.
 */
export const HESSIAN_REVERSE_THRESHOLD = 4;

/**
 * The number of input elements above which `hessianVectorProduct` takes the
 * jvp of a reverse-mode gradient (forward over reverse) instead of a
 * forward-mode one. Measured with `deno task bench:report`
 * (bench/mode_bench.ts, "H·v" rows in bench/RESULTS.md): forward over
 * reverse was faster from 2 elements, for a tensor function and for a list of
 * numbers alike (2.0× and 1.2× at 2 elements, 5.6× and 1.4× at 12), so only
 * a single number stays forward over forward.
 */
export const HVP_REVERSE_THRESHOLD = 1;

/**
 * The most duals a forward-over-reverse Hessian carries through one reverse
 * pass. Wider than forward mode's 12: each pass carries the tape's overhead
 * once, and a Hessian of a 16×N tanh model measured fastest with chunks of
 * 16 (N = 16: 86 µs against 103 µs with 12; N = 64: 0.65 ms against 0.80 ms).
 */
export const HESSIAN_CHUNK = 16;

/** The mode for `n` input elements under `options`. */
export function chooseMode(
  n: number,
  options: GradOptions,
  fn: string,
): "forward" | "reverse" {
  const m = options.mode;
  if (m !== undefined) {
    if (m !== "forward" && m !== "reverse") {
      throw new RangeError(
        `${fn}: mode must be "forward" or "reverse", got ${JSON.stringify(m)}`,
      );
    }
    return m;
  }
  if (options.chunkSize !== undefined) return "forward";
  return n > REVERSE_THRESHOLD ? "reverse" : "forward";
}

/**
 * The chunk size used for `n` input elements: `n` up to 12, else
 * `ceil(n / ceil(n / 12))`.
 *
 * @example
 * ```ts
 * import { chunkSize } from "../mod.ts";
 * console.log(chunkSize(6), chunkSize(13), chunkSize(100)); // 6 7 12
 * ```
 */
export function chunkSize(n: number, threshold = CHUNK_THRESHOLD): number {
  if (n <= threshold) return Math.max(n, 1);
  return Math.ceil(n / Math.ceil(n / threshold));
}
