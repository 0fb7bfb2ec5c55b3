/**
 * Where NaN and ∞ begin: a watch on `np`'s elementwise entry points that
 * records the first operation turning finite inputs into a non-finite
 * value, with its arguments. Off unless turned on; only the grader's
 * sandbox harness turns it on, around each probe, so the learner's
 * `np.log(-0.5)` can be named in the feedback. The grader itself (reference
 * values) never turns it on.
 *
 * Cost when off: one property read and a branch per `np` call (see the
 * bench `nonfinite watch` in `grader/diagnose_test.ts`'s note); when on, one
 * scan of the result's primal values until the first origin is found.
 *
 * Dependency-free (duck-typed values) so that `np.ts` can import it without
 * a cycle.
 *
 * @module
 */

/** The first non-finite value's origin: plain numbers only, so it crosses the wire as data. */
export interface NonFiniteOrigin {
  /** The `np` function, e.g. `log` (numpy's name, without `np.`). */
  op: string;
  /** The arguments' elements that produced it (one per operand), or null where an operand had no single element. */
  args: (number | null)[];
  /** The result element: NaN, Infinity or -Infinity. */
  result: number;
}

/** The watch: `on` is read by every `np` elementwise call. */
export const watch: { on: boolean; first: NonFiniteOrigin | undefined } = {
  on: false,
  first: undefined,
};

/**
 * Records `op(args…) = out` as the origin when it is the first call whose
 * inputs were all finite and whose result is not. Called only when
 * `watch.on`.
 */
export function noteCall(op: string, inputs: unknown[], out: unknown): void {
  if (watch.first !== undefined) return;
  const outData = primalData(out);
  if (outData === undefined) return;
  let bad = -1;
  for (let i = 0; i < outData.length; i++) {
    const v = outData[i];
    if (v !== v || v === Infinity || v === -Infinity) {
      bad = i;
      break;
    }
  }
  if (bad < 0) return;
  const args: (number | null)[] = [];
  for (const x of inputs) {
    const data = primalData(x);
    if (data === undefined) return;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) return;
    }
    // The operand's element at the bad position: a single number, or the same
    // position when it has as many elements as the result.
    args.push(
      data.length === 1
        ? data[0]
        : data.length === outData.length
        ? data[bad]
        : null,
    );
  }
  watch.first = { op, args, result: outData[bad] };
}

/** The primal numbers of a number, a Tensor, a nested array, or a dual of any level. */
function primalData(x: unknown): ArrayLike<number> | undefined {
  for (let depth = 0; depth < 16; depth++) {
    if (typeof x === "number") return [x];
    if (typeof x !== "object" || x === null) return undefined;
    const o = x as { data?: unknown; v?: unknown; a?: unknown };
    if (o.data instanceof Float64Array) return o.data;
    if (Array.isArray(x)) return flatten(x);
    if ("v" in o) x = o.v;
    else if ("a" in o) x = o.a;
    else return undefined;
  }
  return undefined;
}

function flatten(x: unknown[]): number[] | undefined {
  const out: number[] = [];
  for (const item of x) {
    if (typeof item === "number") out.push(item);
    else if (Array.isArray(item)) {
      const inner = flatten(item);
      if (inner === undefined) return undefined;
      out.push(...inner);
    } else return undefined;
  }
  return out;
}
