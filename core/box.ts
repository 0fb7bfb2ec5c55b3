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
import { Arith } from "./arith.ts";
import type { Value } from "./dual.ts";
import { formatShape, type Tensor } from "./tensor.ts";

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
 * import { Tape } from "../mod.ts";
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
 * import { np, Tape } from "../mod.ts";
 * const tape = new Tape(1000);
 * const y = np.square(tape.input(3));
 * console.log(tape.nodes.length, String(y)); // 2 Box(9)
 * ```
 */
export class Tape {
  /** The tag of this pass's boxes. */
  readonly tag: number;
  /** Every node, oldest first. */
  readonly nodes: TapeNode[] = [];

  /**
   * An empty tape for boxes of `tag`.
   *
   * @example
   * ```ts
   * import { Tape } from "../mod.ts";
   * console.log(new Tape(1000).nodes.length); // 0
   * ```
   */
  constructor(tag: number) {
    this.tag = tag;
  }

  /** A box of `v` that starts the tape (an input). */
  input(v: Value): Box {
    const node: TapeNode = { id: this.nodes.length, parents: [], vjp: null };
    this.nodes.push(node);
    return new Box(this.tag, v, node, this);
  }

  /** Records an op's output `v`, read from `parents`, with its vjp. */
  record(v: Value, parents: readonly Box[], vjp: Vjp): Box {
    const ps = new Array<TapeNode>(parents.length);
    for (let i = 0; i < parents.length; i++) ps[i] = parents[i].node;
    return this.#push(v, ps, vjp);
  }

  /**
   * Records an op of one box (`b` null) or two, as {@linkcode record}
   * does, without an array of the boxes: the lifts' common case.
   */
  recordOp(v: Value, a: Box, b: Box | null, vjp: Vjp): Box {
    return this.#push(v, b === null ? [a.node] : [a.node, b.node], vjp);
  }

  #push(v: Value, parents: TapeNode[], vjp: Vjp): Box {
    const node: TapeNode = { id: this.nodes.length, parents, vjp };
    this.nodes.push(node);
    return new Box(this.tag, v, node, this);
  }
}

/**
 * A value being differentiated in reverse mode: its value (a number, a
 * Tensor, or a dual or box of an enclosing derivative), the node that made
 * it, and the tag of its pass. Learners never build boxes: `grad` does.
 *
 * @example
 * ```ts
 * import { Box, grad, np } from "../mod.ts";
 * grad((x: unknown) => {
 *   console.log(x instanceof Box); // true
 *   return np.sum(np.square(x as number[]));
 * }, 0, { mode: "reverse" })([1, 2]);
 * ```
 */
export class Box {
  /** The pass this box belongs to. */
  readonly tag: number;
  /** The value (number, Tensor, or a dual or box of an outer derivative). */
  readonly v: Value;
  /** The op that made it. */
  readonly node: TapeNode;
  /** The tape it is recorded on. */
  readonly tape: Tape;

  /** A box: use `Tape.input` and `Tape.record` rather than this. */
  constructor(tag: number, v: Value, node: TapeNode, tape: Tape) {
    this.tag = tag;
    this.v = v;
    this.node = node;
    this.tape = tape;
  }

  /** Always `"Box"`. */
  get kind(): string {
    return "Box";
  }

  /** The plain value underneath every level of nesting (a number or Tensor). */
  get value(): number | Tensor {
    let x: Value = this.v;
    while (typeof x === "object" && !("data" in x)) {
      x = "a" in x ? x.a : x.v;
    }
    return x as number | Tensor;
  }

  /** The shape of the value (`[]` for a scalar). */
  get shape(): readonly number[] {
    const x = this.value;
    return typeof x === "number" ? [] : x.shape;
  }

  /** A readable form: `Box(9)`. */
  toString(): string {
    const v = this.v;
    return `Box(${typeof v === "number" ? String(v) : v.toString()})`;
  }

  /** Iterates over the first axis of a boxed tensor, giving boxes. */
  *[Symbol.iterator](): Iterator<Value> {
    const shape = this.shape;
    if (shape.length === 0) {
      throw new TypeError(
        `Cannot iterate over a scalar Box: only tensors of shape ${
          formatShape([2])
        } or larger can be unpacked`,
      );
    }
    const at = boxMethods.index!;
    for (let i = 0; i < shape[0]; i++) yield at(this, i);
  }

  /** Shown by Deno's console.log. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** Box takes Arith's methods (`x.add(y)` …) without a super constructor call. */
export interface Box extends Arith {}
Object.setPrototypeOf(Box.prototype, Arith.prototype);

/** Late-bound functions boxes need from np. */
export const boxMethods: { index?: (x: Value, i: number) => Value } = {};

/** Whether `x` is a Box. */
export function isBox(x: unknown): x is Box {
  return x instanceof Box;
}

/**
 * Accumulates adjoints from `out` (seeded with `seed`) back to every node of
 * its tape; `add` sums two adjoints. Returns the adjoint of each node by id
 * (null where nothing flowed).
 */
export function backward(
  out: Box,
  seed: Value,
  add: (a: Value, b: Value) => Value,
): (Value | null)[] {
  const nodes = out.tape.nodes;
  const n = out.node.id + 1, adj = new Array<Value | null>(n);
  for (let i = 0; i < n; i++) adj[i] = null;
  adj[out.node.id] = seed;
  for (let i = out.node.id; i >= 0; i--) {
    const g = adj[i];
    const node = nodes[i];
    if (g === null || node.vjp === null) continue;
    const gs = node.vjp(g);
    const ps = node.parents;
    for (let j = 0; j < ps.length; j++) {
      const gj = gs[j];
      if (gj === null) continue;
      const id = ps[j].id;
      const prev = adj[id];
      adj[id] = prev === null ? gj : add(prev, gj);
    }
    // Inner adjoints are not needed again: let them be collected.
    if (node.parents.length > 0) adj[i] = null;
  }
  return adj;
}
