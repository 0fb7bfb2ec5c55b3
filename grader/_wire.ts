/**
 * The wire format between the grader and the sandbox: JSON arrays tagged by
 * their first element, able to carry NaN and infinities, Tensors and typed
 * arrays, and markers for values that cannot cross (Duals, Promises,
 * functions, class instances).
 *
 * | node | meaning |
 * | --- | --- |
 * | `["n", 1.5]`, `["n", "NaN"]` | a number (`"NaN"`, `"Infinity"`, `"-Infinity"` as strings) |
 * | `["b", true]`, `["s", text, length]`, `["u"]`, `["null"]` | boolean, string, undefined, null |
 * | `["arr", [nodes…]]` | an array |
 * | `["typed", "Float64Array", [numbers…]]` | a typed array |
 * | `["tensor", shape, [numbers…]]` | a Tensor |
 * | `["obj", className or null, [[key, node]…]]` | an object (entries only for plain objects) |
 * | `["dual", "Dual", node]`, `["promise"]`, `["fn", name]`, `["big", digits]`, `["sym", text]` | markers |
 * | `["err", reason]` | a value the sandbox could not read |
 *
 * The sandbox side of this format is in `_sandbox_setup.ts`.
 *
 * The same module defines the frames the sandbox sends back, one JSON object
 * per line after a per-run nonce, as one {@linkcode Frame} type that both
 * sides are written against. A run holds one or more parts (one learner
 * module each); the frames between a part's `part` and `end` are about it,
 * and probe indices count within it:
 *
 * | frame | when |
 * | --- | --- |
 * | `{"t":"start"}` | the harness ran, before any learner code |
 * | `{"t":"part","k":n}` | part `n` of the run begins (written to stderr too) |
 * | `{"t":"loaded","exports":{name: kind}}` | the part's module is evaluated |
 * | `{"t":"probe","i":n,"ok":true,"value":node,"origin"?:{op,result,x?,y?}}` | probe `n` returned a value; `origin`: the first `np` call that turned finite inputs into NaN/∞ |
 * | `{"t":"probe","i":n,"ok":false,"error":{…}}` | probe `n` threw |
 * | `{"t":"probe","i":n,"ok":false,"missing":true,"kind":k}` | probe `n` names an export that is not a function |
 * | `{"t":"import-error","error":{…}}` | the module threw while loading |
 * | `{"t":"exit","code":c,"phase":p,"export":e}` | learner code called `Deno.exit` |
 * | `{"t":"uncaught","phase":p,"error":{…}}` | an uncaught error is ending the process |
 * | `{"t":"end","k":n}` | part `n` has reported everything |
 * | `{"t":"done"}` | every part has ended |
 *
 * @module
 */

import { Tensor } from "../mod.ts";
import { formatNumber, Opaque } from "./compare.ts";

/** A wire node: a JSON array whose first element says what it is. */
export type WireNode = unknown[];

/** An error thrown by learner code, as the sandbox reports it. */
export interface WireError {
  /** The error's name, e.g. `TypeError`. */
  name: string;
  /** Its message. */
  message: string;
  /** Its stack, as text. */
  stack: string;
}

/** What the sandbox was doing: evaluating the learner's module, or calling its exports. */
export type Phase = "import" | "probe";

/**
 * One frame from the sandbox. `V` is how a value travels: a parsed
 * {@linkcode WireNode} on the grader's side, already-encoded JSON text on the
 * sandbox's side (which never serializes learner values with `JSON`).
 */
export type Frame<V = WireNode> =
  | { t: "start" }
  | { t: "part"; k: number }
  | { t: "end"; k: number }
  | { t: "loaded"; exports: Record<string, string> }
  | { t: "probe"; i: number; ok: true; value: V; origin?: WireOrigin }
  | { t: "probe"; i: number; ok: false; error: WireError }
  | { t: "probe"; i: number; ok: false; missing: true; kind: string }
  | { t: "import-error"; error: WireError }
  | { t: "exit"; code: number; phase: Phase; export: string }
  | { t: "uncaught"; phase: Phase; error: WireError }
  | { t: "done" };

/** Longest text kept from a learner-supplied error field. */
const MAX_ERROR_TEXT = 2000;

/**
 * Reads one frame's JSON text, checking every field the grader relies on.
 * Value nodes are left for {@linkcode decodeResult}; learner-supplied texts
 * are cut to 2000 characters.
 *
 * @throws Error saying what is malformed.
 */
export function readFrame(json: string): Frame {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("a result frame was not valid JSON");
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error("a result frame was not an object");
  }
  const f = raw as Record<string, unknown>;
  switch (f.t) {
    case "start":
    case "done":
      return { t: f.t };
    case "part":
    case "end":
      if (typeof f.k !== "number" || !Number.isInteger(f.k) || f.k < 0) {
        throw new Error("a result frame named a part that does not exist");
      }
      return { t: f.t, k: f.k };
    case "loaded":
      return { t: "loaded", exports: stringRecord(f.exports) };
    case "probe": {
      const i = f.i;
      if (typeof i !== "number" || !Number.isInteger(i) || i < 0) {
        throw new Error("a result frame named a probe that does not exist");
      }
      if (f.ok === true) {
        const origin = originIn(f.origin);
        return origin === undefined
          ? { t: "probe", i, ok: true, value: node(f.value) }
          : { t: "probe", i, ok: true, value: node(f.value), origin };
      }
      if (f.missing === true) {
        return { t: "probe", i, ok: false, missing: true, kind: text(f.kind) };
      }
      return { t: "probe", i, ok: false, error: wireError(f.error) };
    }
    case "import-error":
      return { t: "import-error", error: wireError(f.error) };
    case "exit":
      return {
        t: "exit",
        code: typeof f.code === "number" ? f.code : 0,
        phase: phase(f.phase),
        export: text(f.export),
      };
    case "uncaught":
      return {
        t: "uncaught",
        phase: phase(f.phase),
        error: wireError(f.error),
      };
  }
  throw new Error(
    `a result frame had an unknown tag ${JSON.stringify(String(f.t))}`,
  );
}

function text(v: unknown): string {
  return typeof v === "string" ? v.slice(0, MAX_ERROR_TEXT) : "";
}

function phase(v: unknown): Phase {
  return v === "import" ? "import" : "probe";
}

function node(v: unknown): WireNode {
  // decodeResult checks the node itself; anything else decodes as malformed.
  return Array.isArray(v) ? v : [];
}

function wireError(x: unknown): WireError {
  const e = (typeof x === "object" && x !== null ? x : {}) as Record<
    string,
    unknown
  >;
  return { name: text(e.name), message: text(e.message), stack: text(e.stack) };
}

/** Export names and kinds, capped (the harness lists the probed ones first). */
function stringRecord(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof x !== "object" || x === null) return out;
  let n = 0;
  for (const [k, v] of Object.entries(x)) {
    if (typeof v !== "string" || k.length > 200) continue;
    if (++n > 400) break;
    out[k] = v.slice(0, 40);
  }
  return out;
}

/** Encodes a probe argument (plain data from the exercise plan). */
export function encodeArg(value: unknown): WireNode {
  if (typeof value === "number") {
    return ["n", Number.isFinite(value) ? value : String(value)];
  }
  if (typeof value === "boolean") return ["b", value];
  if (typeof value === "string") return ["s", value, value.length];
  if (value === undefined) return ["u"];
  if (value === null) return ["null"];
  if (value instanceof Tensor) {
    return ["tensor", [...value.shape], numbersOut(value.data)];
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return [
      "typed",
      value.constructor.name,
      numbersOut(value as unknown as ArrayLike<number>),
    ];
  }
  if (Array.isArray(value)) return ["arr", value.map(encodeArg)];
  if (typeof value === "object") {
    return [
      "obj",
      null,
      Object.entries(value).map(([k, v]) => [k, encodeArg(v)]),
    ];
  }
  throw new TypeError(
    `Cannot send ${typeof value} to the sandbox: arguments must be plain data`,
  );
}

function numbersOut(data: ArrayLike<number>): (number | string)[] {
  const out: (number | string)[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    out[i] = Number.isFinite(data[i]) ? data[i] : String(data[i]);
  }
  return out;
}

/**
 * Decodes a value sent back by the sandbox, checking every node's type and
 * size. Values without a faithful copy become {@linkcode Opaque} markers.
 *
 * @throws Error when the node is malformed.
 */
export function decodeResult(node: unknown, depth = 0): unknown {
  if (!Array.isArray(node) || typeof node[0] !== "string") {
    throw new Error("Malformed value: not a tagged node");
  }
  if (depth > 64) throw new Error("Malformed value: nested too deeply");
  switch (node[0]) {
    case "n":
      return numberIn(node[1]);
    case "b":
      if (typeof node[1] !== "boolean") {
        throw new Error("Malformed value: boolean");
      }
      return node[1];
    case "s":
      if (typeof node[1] !== "string") {
        throw new Error("Malformed value: string");
      }
      return node[1];
    case "u":
      return undefined;
    case "null":
      return null;
    case "arr":
      if (!Array.isArray(node[1])) throw new Error("Malformed value: array");
      return node[1].map((n) => decodeResult(n, depth + 1));
    case "typed": {
      const kind = String(node[1]);
      const data = numbersIn(node[2]);
      return kind === "Float64Array" ? data : typedOf(kind, data);
    }
    case "tensor": {
      const shape = node[1];
      if (
        !Array.isArray(shape) ||
        !shape.every((n) => Number.isInteger(n) && n >= 0)
      ) {
        throw new Error("Malformed value: tensor shape");
      }
      const data = numbersIn(node[2]);
      if (shape.reduce((a, b) => a * b, 1) !== data.length) {
        throw new Error("Malformed value: tensor size");
      }
      return new Tensor(shape, data);
    }
    case "obj": {
      const className = node[1];
      if (className !== null) {
        return new Opaque("object", `an object of class ${String(className)}`);
      }
      if (!Array.isArray(node[2])) throw new Error("Malformed value: object");
      const out: Record<string, unknown> = Object.create(null);
      for (const entry of node[2]) {
        if (!Array.isArray(entry) || typeof entry[0] !== "string") {
          throw new Error("Malformed value: object entry");
        }
        out[entry[0]] = decodeResult(entry[1], depth + 1);
      }
      return Object.setPrototypeOf(out, Object.prototype);
    }
    case "dual": {
      const kind = node[1] === "HyperDual" ? "HyperDual" : "Dual";
      const primal = decodeResult(node[2], depth + 1);
      const shown = typeof primal === "number"
        ? ` (value ${formatNumber(primal)})`
        : "";
      return new Opaque(
        kind,
        `a ${kind}${shown}: return a plain number, not the dual number grad works with inside`,
      );
    }
    case "promise":
      return new Opaque(
        "Promise",
        "a Promise: make the function synchronous (no async, no await)",
      );
    case "fn": {
      const name = typeof node[1] === "string" && node[1] !== ""
        ? ` (${node[1]})`
        : "";
      return new Opaque(
        "function",
        `a function${name}: return its value, e.g. grad(f)(x) rather than grad(f)`,
      );
    }
    case "big":
      return new Opaque(
        "bigint",
        `the bigint ${String(node[1])}n: use a number`,
      );
    case "sym":
      return new Opaque("symbol", "a symbol");
    case "err":
      return new Opaque(
        "unreadable",
        `a value the grader could not read: ${String(node[1])}`,
      );
  }
  throw new Error(
    `Malformed value: unknown tag ${JSON.stringify(String(node[0]))}`,
  );
}

function typedOf(kind: string, data: Float64Array): unknown {
  switch (kind) {
    case "Float32Array":
      return new Float32Array(data);
    case "Int8Array":
      return new Int8Array(data);
    case "Int16Array":
      return new Int16Array(data);
    case "Int32Array":
      return new Int32Array(data);
    case "Uint8Array":
      return new Uint8Array(data);
    case "Uint8ClampedArray":
      return new Uint8ClampedArray(data);
    case "Uint16Array":
      return new Uint16Array(data);
    case "Uint32Array":
      return new Uint32Array(data);
  }
  return data;
}

/**
 * Where a probe's first NaN or ∞ began (see `core/_nonfinite.ts`): an `np`
 * function's name, its result element and the operands' elements. Numbers
 * only, so the grader writes the sentence and no learner text is shown.
 */
export interface WireOrigin {
  /** numpy's name of the function, e.g. `log`. */
  op: string;
  /** NaN, Infinity or -Infinity. */
  result: number;
  /** The first operand's element, when it had one. */
  x?: number;
  /** The second operand's element, when there is one. */
  y?: number;
}

/** A well-formed origin, or undefined (a malformed one is ignored, never fatal). */
function originIn(raw: unknown): WireOrigin | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o.op !== "string" || !/^[a-z0-9]{1,20}$/.test(o.op)) {
    return undefined;
  }
  try {
    const result = numberIn(o.result);
    if (Number.isFinite(result)) return undefined;
    const out: WireOrigin = { op: o.op, result };
    if (o.x !== undefined) out.x = numberIn(o.x);
    if (o.y !== undefined) out.y = numberIn(o.y);
    return out;
  } catch {
    return undefined;
  }
}

function numberIn(x: unknown): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  throw new Error("Malformed value: number");
}

function numbersIn(list: unknown): Float64Array {
  if (!Array.isArray(list)) throw new Error("Malformed value: numbers");
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = numberIn(list[i]);
  return out;
}
