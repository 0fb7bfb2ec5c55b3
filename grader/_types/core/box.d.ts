/**
 * Reverse mode: a `Box` is a value recorded on a tape as the function runs
 * (autograd's name for it). Every op on a box records a node holding its
 * vector–Jacobian product; `backward` walks the nodes newest first and
 * accumulates the adjoints. There is no tracing compiler: the function runs
 * as written, every call, and the tape lives as long as one gradient.
 *
 * A box's value may itself be a dual or a box of an enclosing derivative;
 * the vector–Jacobian products are written in the library's own ops, so the
 * adjoints carry those along (forward-over-reverse Hessians, reverse inside
 * forward and forward inside reverse).
 *
 * @module
 */
import { Arith } from "./arith.d.ts";
import type { Value } from "./dual.d.ts";
import { type Tensor } from "./tensor.d.ts";
/**
 * A vector–Jacobian product: the adjoint of the node's output in, one
 * adjoint per parent out (null where that parent gets nothing).
 */
export type Vjp = (g: Value) => (Value | null)[];
/**
 * One recorded op: its parents on the same tape and its vector–Jacobian
 * product.
 *
 * @example
 * ```ts
 * import { Tape } from "../mod.d.ts";
 * const x = new Tape(1000).input(2);
 * console.log(x.node.id, x.node.parents.length); // 0 0
 * ```
 */
export interface TapeNode {
    /** The position on the tape (nodes are recorded in evaluation order). */
    readonly id: number;
    /** The nodes whose outputs this op read, in the order `vjp` answers. */
    readonly parents: readonly TapeNode[];
    /** Absent for inputs. */
    readonly vjp: Vjp | null;
}
/**
 * The nodes of one reverse pass, in evaluation order. `grad` makes one per
 * reverse-mode call.
 *
 * @example
 * ```ts
 * import { np, Tape } from "../mod.d.ts";
 * const tape = new Tape(1000);
 * const y = np.square(tape.input(3));
 * console.log(tape.nodes.length, String(y)); // 2 Box(9)
 * ```
 */
export declare class Tape {
    #private;
    /** The tag of this pass's boxes. */
    readonly tag: number;
    /** Every node, oldest first. */
    readonly nodes: TapeNode[];
    /**
     * An empty tape for boxes of `tag`.
     *
     * @example
     * ```ts
     * import { Tape } from "../mod.d.ts";
     * console.log(new Tape(1000).nodes.length); // 0
     * ```
     */
    constructor(tag: number);
    /** A box of `v` that starts the tape (an input). */
    input(v: Value): Box;
    /** Records an op's output `v`, read from `parents`, with its vjp. */
    record(v: Value, parents: readonly Box[], vjp: Vjp): Box;
    /**
     * Records an op of one box (`b` null) or two, as {@linkcode record}
     * does, without an array of the boxes: the lifts' common case.
     */
    recordOp(v: Value, a: Box, b: Box | null, vjp: Vjp): Box;
}
/**
 * A value being differentiated in reverse mode: its value (a number, a
 * Tensor, or a dual or box of an enclosing derivative), the node that made
 * it, and the tag of its pass. Learners never build boxes: `grad` does.
 *
 * @example
 * ```ts
 * import { Box, grad, np } from "../mod.d.ts";
 * grad((x: unknown) => {
 *   console.log(x instanceof Box); // true
 *   return np.sum(np.square(x as number[]));
 * }, 0, { mode: "reverse" })([1, 2]);
 * ```
 */
export declare class Box {
    /** The pass this box belongs to. */
    readonly tag: number;
    /** The value (number, Tensor, or a dual or box of an outer derivative). */
    readonly v: Value;
    /** The op that made it. */
    readonly node: TapeNode;
    /** The tape it is recorded on. */
    readonly tape: Tape;
    /** A box: use `Tape.input` and `Tape.record` rather than this. */
    constructor(tag: number, v: Value, node: TapeNode, tape: Tape);
    /** Always `"Box"`. */
    get kind(): string;
    /** The plain value underneath every level of nesting (a number or Tensor). */
    get value(): number | Tensor;
    /** The shape of the value (`[]` for a scalar). */
    get shape(): readonly number[];
    /** A readable form: `Box(9)`. */
    toString(): string;
    /** Iterates over the first axis of a boxed tensor, giving boxes. */
    [Symbol.iterator](): Iterator<Value>;
}
/** Box takes Arith's methods (`x.add(y)` …) without a super constructor call. */
export interface Box extends Arith {
}
/** Late-bound functions boxes need from np. */
export declare const boxMethods: {
    index?: (x: Value, i: number) => Value;
};
/** Whether `x` is a Box. */
export declare function isBox(x: unknown): x is Box;
/**
 * Accumulates adjoints from `out` (seeded with `seed`) back to every node of
 * its tape; `add` sums two adjoints. Returns the adjoint of each node by id
 * (null where nothing flowed).
 */
export declare function backward(out: Box, seed: Value, add: (a: Value, b: Value) => Value): (Value | null)[];
