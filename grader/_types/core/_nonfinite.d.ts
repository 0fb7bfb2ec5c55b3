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
export declare const watch: {
    on: boolean;
    first: NonFiniteOrigin | undefined;
};
/**
 * Records `op(args…) = out` as the origin when it is the first call whose
 * inputs were all finite and whose result is not. Called only when
 * `watch.on`.
 */
export declare function noteCall(op: string, inputs: unknown[], out: unknown): void;
