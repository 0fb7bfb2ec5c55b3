/**
 * Tags and nesting: every derivative in progress has a tag from one counter
 * (duals and boxes alike), a newer tag is an inner derivative, and an op
 * works at the highest tag among its operands (`levelOf` in `ops.ts`),
 * treating the rest as constants. This module keeps the counter, the stack
 * of running derivatives, and the rules for reading an output at a tag.
 *
 * @module
 */
import { Box } from "./box.ts";
import { Dual, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import { zerosLike } from "./ops.ts";

let lastTag = 1;
/** A fresh tag, greater than every tag made before: inner derivatives outrank outer ones. */
export function newTag(): number {
  return ++lastTag;
}

// The running derivatives' tags, innermost last, in an array that only
// grows; `depth` marks its top. Derivatives nest strictly: every start is
// paired with its finish in a try/finally of one synchronous call, so the
// derivative finishing is always the innermost one, and finishing it is
// `depth--`, nothing more. (Checking the tag there as well, a load and a
// compare, made grad of (x − 10)² take 19 ns a call instead of 9: V8 then
// allocated the compact duals it otherwise removes. Scratch probe, Deno
// 2.9.)
const running: number[] = new Array<number>(16).fill(0);
let depth = 0;

/** Marks `tag` as running (the innermost derivative). */
export function enterTag(tag: number): void {
  running[depth++] = tag;
}

/**
 * Marks the innermost running derivative, `_tag`, as finished (see above:
 * derivatives finish innermost first).
 */
export function leaveTag(_tag: number): void {
  depth--;
}

/** Whether `tag` is running. */
export function isRunning(tag: number): boolean {
  for (let i = 0; i < depth; i++) if (running[i] === tag) return true;
  return false;
}

/** Runs `body` with `tag` active: its duals count as live until it returns. */
export function withTag<T>(tag: number, body: () => T): T {
  enterTag(tag);
  try {
    return body();
  } finally {
    leaveTag(tag);
  }
}

/** Refuses duals that belong to no running derivative (a value escaped). */
export function checkEscaped(x: unknown, fn: string): void {
  if (x instanceof Box) {
    if (!isRunning(x.tag)) {
      throw new Error(
        `${fn}: the function returned a Box of a gradient that is not running: a value escaped from another grad call (kept in a variable, or returned from a callback)`,
      );
    }
    checkEscaped(x.v, fn);
  } else if (x instanceof Dual) {
    if (!isRunning(x.tag)) {
      throw new Error(
        `${fn}: the function returned a Dual of a derivative that is not running: a value escaped from another grad call (kept in a variable, or returned from a callback)`,
      );
    }
    if (typeof x.v !== "number") checkEscaped(x.v, fn);
    const d = x.d;
    for (let i = 0; i < d.length; i++) {
      if (typeof d[i] !== "number") checkEscaped(d[i], fn);
    }
  } else if (x instanceof HyperDual && !isRunning(x.tag)) {
    throw new Error(
      `${fn}: the function returned a HyperDual of a hessian that is not running: a value escaped from another hessian call`,
    );
  }
}

/** Splits an output at `tag` into its primal and its k partials. */
export function split(out: Value, tag: number, k: number): [Value, Value[]] {
  if (out instanceof Dual && out.tag === tag) return [out.v, out.d];
  if ((out instanceof Dual || out instanceof Box) && out.tag > tag) {
    throw new Error(
      "A Dual from an inner derivative escaped into an outer one: do not keep values from inside grad calls",
    );
  }
  const z = zerosLike(out);
  return [out, new Array<Value>(k).fill(z)];
}
