/**
 * The part of the sandbox bundle that runs before the learner's modules.
 *
 * A bundle holds one learner's exercise modules as lazily evaluated parts
 * (see `_bundle.ts`); its entry imports this module first, then calls
 * {@linkcode runParts} with one loader per part. Everything the harness needs
 * later is captured here, before any learner code runs, so a learner module
 * that patches Math, JSON, Array.prototype, Object.prototype, TextEncoder or
 * Deno.stdout cannot change how results are encoded or written.
 *
 * The channel: the grader writes one JSON line to the child's stdin — a
 * random nonce, and which parts to run with their probes — and closes it.
 * This module reads stdin to its end before any learner module is evaluated,
 * so the learner reads nothing from stdin, and keeps the nonce only inside
 * the closure of `emit`. Results go to stdout as lines `\n<nonce> <json>\n`
 * written by a captured `Deno.stdout.writeSync`; learner output around them is
 * kept apart by the grader, and a learner cannot print a line the grader would
 * take for a frame because the nonce is unknown to it (the child runs without
 * eval, so module scope cannot be read by string-built code either). The
 * frames are the {@linkcode Frame} type of `_wire.ts`, serialized here by hand
 * from captured intrinsics: `JSON.stringify` would consult a learner's
 * `toJSON`. The frame that begins a part is written to stderr too, so the
 * grader can tell which part printed what on either stream.
 *
 * Parts run in turn: each is loaded (its module evaluated, a throw costing
 * only that part), then its probes are called synchronously, then it ends.
 *
 * @module
 */

import * as framework from "../mod.ts";
import { Dual, HyperDual, Tensor } from "../mod.ts";
import type { Frame, Phase, WireError, WireOrigin } from "./_wire.ts";
import type { watch as Watch } from "../core/_nonfinite.ts";

// ---- Captured intrinsics (nothing below may look anything up at call time) ----
const ReflectApply = Reflect.apply;
const ArrayIsArray = Array.isArray;
const ArrayBufferIsView = ArrayBuffer.isView;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectKeys = Object.keys;
const ObjectCreate = Object.create;
const ObjectIsExtensible = Object.isExtensible;
const ReflectOwnKeys = Reflect.ownKeys;
const ArrayIteratorNext = Array.prototype[Symbol.iterator];
const ObjectHasOwn = Object.hasOwn;
const ObjectPrototype = Object.prototype;
const ObjectIs = Object.is;
const JSONStringify = JSON.stringify;
const FunctionHasInstance = Function.prototype[Symbol.hasInstance];
const PromiseClass = Promise;
const ErrorClass = Error;
const SymbolPrototypeToString = Symbol.prototype.toString;
const StringPrototypeSlice = String.prototype.slice;
const BigIntPrototypeToString = BigInt.prototype.toString;
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayTag = ObjectGetOwnPropertyDescriptor(
  TypedArrayPrototype,
  Symbol.toStringTag,
)!.get!;
const TypedArrayLength = ObjectGetOwnPropertyDescriptor(
  TypedArrayPrototype,
  "length",
)!.get!;
const TypedArrayBuffer = ObjectGetOwnPropertyDescriptor(
  TypedArrayPrototype,
  "buffer",
)!.get!;
const TypedArrayByteOffset = ObjectGetOwnPropertyDescriptor(
  TypedArrayPrototype,
  "byteOffset",
)!.get!;
// Views are made with `new Uint8ArrayClass(buffer, offset, length)`, never
// with `subarray`, which asks `constructor[Symbol.species]` (learner-settable)
// to build the view and would hand it the bytes, nonce included.
const Uint8ArrayClass = Uint8Array;
const Float64ArrayClass = Float64Array;
const TensorClass = Tensor;
const DualClass = Dual;
const HyperDualClass = HyperDual;
const stdout = Deno.stdout;
const writeSync: (bytes: Uint8Array) => number = stdout.writeSync.bind(stdout);
const stderr = Deno.stderr;
const writeErrSync: (bytes: Uint8Array) => number = stderr.writeSync.bind(
  stderr,
);
const encodeUtf8: (text: string) => Uint8Array = TextEncoder.prototype.encode
  .bind(new TextEncoder());
const realExit: (code?: number) => never = Deno.exit.bind(Deno);
/**
 * The watch on where NaN/∞ begin, which the bundled framework exports as
 * `_nonFiniteWatch` (NONFINITE_EXPORT in _bundle.ts); absent when the
 * framework was not bundled that way, and then no origin is reported.
 */
const nonFinite: typeof Watch = (framework as Record<string, unknown>)
  ._nonFiniteWatch as typeof Watch ?? { on: false, first: undefined };

/**
 * A learner value already encoded as wire JSON by {@linkcode encode}. The
 * text sits in a private field: no property a learner can patch is read.
 */
class Encoded {
  #json: string;
  constructor(json: string) {
    this.#json = json;
  }
  static json(value: unknown): string | undefined {
    return typeof value === "object" && value !== null && #json in value
      ? value.#json
      : undefined;
  }
}

/** Limits on what one value may weigh on the way back. */
const MAX_DEPTH = 24;
const MAX_STRING = 2000;
const MAX_KEYS = 200;
/** Export names longer than this are left out of the list sent back. */
const MAX_NAME = 200;
/** Stack frames kept while a module loads. */
const LOAD_STACK_FRAMES = 40;

interface Probe {
  export: string;
  args?: unknown[];
}

interface Payload {
  nonce: string;
  maxElements: number;
  /** The parts to run, in this order: each names a part of the bundle. */
  parts: { part: number; probes: Probe[] }[];
}

const payload = readPayload();
const emit = makeEmitter(payload.nonce, writeSync);
const emitErr = makeEmitter(payload.nonce, writeErrSync);
payload.nonce = "";
const plan = payload.parts.map((p) => ({
  part: p.part,
  probes: p.probes.map((q) => ({
    export: q.export,
    args: q.args?.map(decode),
  })),
}));
const maxElements = payload.maxElements;
let phase: Phase = "import";
let current = "";

// Remove what could load code around the bundler's import checks.
const internalKey = (Deno as unknown as { internal?: symbol }).internal;
if (internalKey !== undefined) {
  delete (Deno as unknown as Record<symbol, unknown>)[internalKey];
}
delete (globalThis as Record<string, unknown>).Worker;
// `process` reaches node:vm (process.getBuiltinModule), whose compiler ignores
// --disallow-code-generation-from-strings, and node:worker_threads.
delete (globalThis as Record<string, unknown>).process;

// Say how the process ends when the learner's code ends it.
const exitReplacement = (code?: number): never => {
  const n = typeof code === "number" && code % 1 === 0 && code >= -2147483648 &&
      code <= 2147483647
    ? code
    : 0;
  send({ t: "exit", code: n, phase, export: current });
  return realExit(n);
};
try {
  Object.defineProperty(Deno, "exit", {
    value: exitReplacement,
    configurable: false,
    writable: false,
  });
} catch {
  // Not replaceable: the grader still sees the process end without "done".
}

// A part that throws while loading is caught where it is loaded; a promise a
// learner left rejected must not end the process.
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
});
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  send({ t: "uncaught", phase, error: errorFields(event.error) });
  realExit(0);
});

const shared = snapshotShared();
send({ t: "start" });

/**
 * Runs the parts the grader asked for, in its order, and reports each one's
 * results; then ends the process, so nothing a learner left behind runs.
 *
 * @param parts One loader per part of the bundle, evaluating that part's
 * learner module on first call.
 */
export async function runParts(
  parts: (() => Promise<Record<string, unknown>>)[],
): Promise<never> {
  for (let k = 0; k < plan.length; k++) {
    const frame: Frame = { t: "part", k };
    send(frame);
    emitErr(frameJson(frame));
    phase = "import";
    current = "";
    let learner: Record<string, unknown>;
    // While a module loads, stacks are kept deep enough to show the module's
    // own frame under the learner's helpers (the grader finds the export
    // whose definition threw from it); calls keep V8's default.
    const limit = ErrorClass.stackTraceLimit;
    ErrorClass.stackTraceLimit = LOAD_STACK_FRAMES;
    try {
      learner = await parts[plan[k].part]();
    } catch (error) {
      send({ t: "import-error", error: errorFields(error, true) });
      send({ t: "end", k });
      continue;
    } finally {
      ErrorClass.stackTraceLimit = limit;
    }
    runProbes(learner, plan[k].probes);
    send({ t: "end", k });
    // A part that changed what every part shares would change the next
    // one's results: the grader runs those alone instead.
    if (k + 1 < plan.length && !shared.unchanged()) return realExit(0);
  }
  send({ t: "done" });
  return realExit(0);
}

/**
 * What all parts share in one process: the global object, the built-in
 * objects and prototypes reachable from it (with their prototype chains and
 * the iterator prototypes), the Deno namespace's objects, and the
 * framework's exports and prototypes. The snapshot keeps each one's own
 * properties' descriptors and its prototype; `unchanged` compares them again,
 * reading through captured intrinsics only.
 */
function snapshotShared(): { unchanged: () => boolean } {
  const seen = new Set<unknown>();
  const objects: object[] = [];
  const watch = (value: unknown) => {
    if (
      (typeof value !== "object" && typeof value !== "function") ||
      value === null || seen.has(value)
    ) return;
    seen.add(value);
    objects.push(value);
    watch(ObjectGetPrototypeOf(value));
    const proto = ObjectGetOwnPropertyDescriptor(value, "prototype");
    if (proto !== undefined) watch(proto.value);
  };
  const watchValues = (holder: object) => {
    watch(holder);
    const keys = ReflectOwnKeys(holder);
    for (let i = 0; i < keys.length; i++) {
      const d = ObjectGetOwnPropertyDescriptor(holder, keys[i]);
      if (d !== undefined) watch(d.value);
    }
  };
  watchValues(globalThis);
  watchValues(Deno);
  watchValues(framework);
  const iterators: unknown[] = [
    ReflectApply(ArrayIteratorNext, [], []),
    new Map().entries(),
    new Set().values(),
    ""[Symbol.iterator](),
    (function* () {})(),
    (async function* () {})(),
    async function () {},
  ];
  for (let i = 0; i < iterators.length; i++) watch(iterators[i]);

  // Recorded before any learner code runs; compared later without writing to
  // an array, which a setter on Array.prototype could intercept.
  const before: unknown[] = [];
  let pos = 0;
  let same = true;
  const visit = (recording: boolean) => (value: unknown) => {
    if (recording) before[before.length] = value;
    else if (pos >= before.length || !ObjectIs(before[pos++], value)) {
      same = false;
    }
  };
  const walk = (see: (value: unknown) => void) => {
    for (let i = 0; i < objects.length && same; i++) {
      const o = objects[i];
      const keys = ReflectOwnKeys(o);
      see(ObjectGetPrototypeOf(o));
      see(ObjectIsExtensible(o));
      see(keys.length);
      for (let j = 0; j < keys.length; j++) {
        const d = ObjectGetOwnPropertyDescriptor(o, keys[j])!;
        see(keys[j]);
        see(d.value);
        see(d.get);
        see(d.set);
        see(
          (d.writable ? 1 : 0) + (d.enumerable ? 2 : 0) +
            (d.configurable ? 4 : 0),
        );
      }
    }
  };
  walk(visit(true));
  return {
    unchanged() {
      pos = 0;
      walk(visit(false));
      return same && pos === before.length;
    },
  };
}

/** Calls every probe on a learner's module and reports each result. */
function runProbes(
  learner: Record<string, unknown>,
  probes: { export: string; args?: unknown[] }[],
): void {
  phase = "probe";
  // The exports probed come first, whatever else the module exports; the
  // rest are listed up to MAX_KEYS names of at most MAX_NAME characters.
  const exports: Record<string, string> = ObjectCreate(null);
  let listed = 0;
  const probed: Record<string, true> = ObjectCreate(null);
  const list = (name: string) => {
    let kind: string;
    try {
      kind = kindOf(learner[name]);
    } catch {
      kind = "unreadable";
    }
    exports[name] = kind;
    listed++;
  };
  for (let i = 0; i < probes.length; i++) {
    const name = probes[i].export;
    if (probed[name] === true) continue;
    probed[name] = true;
    if (ObjectHasOwn(learner, name)) list(name);
  }
  const names = ObjectKeys(learner);
  for (let i = 0; i < names.length && listed < MAX_KEYS; i++) {
    const name = names[i];
    if (probed[name] !== true && name.length <= MAX_NAME) list(name);
  }
  send({ t: "loaded", exports });
  for (let i = 0; i < probes.length; i++) {
    const probe = probes[i];
    current = probe.export;
    let frame: Frame<Encoded>;
    try {
      const target = learner[probe.export];
      let value: unknown;
      if (probe.args === undefined) {
        value = target;
      } else if (typeof target !== "function") {
        send({ t: "probe", i, ok: false, missing: true, kind: kindOf(target) });
        continue;
      } else {
        nonFinite.first = undefined;
        nonFinite.on = true;
        try {
          value = ReflectApply(target, undefined, probe.args);
        } finally {
          nonFinite.on = false;
        }
      }
      const budget = { left: maxElements };
      frame = {
        t: "probe",
        i,
        ok: true,
        value: new Encoded(encode(value, 0, budget)),
      };
      const origin = originOf(nonFinite.first);
      if (origin !== undefined) frame.origin = origin;
    } catch (error) {
      frame = { t: "probe", i, ok: false, error: errorFields(error) };
    }
    send(frame);
  }
}

/** Where the probe's first NaN/∞ began, as wire data (numbers and a name only). */
function originOf(
  first: { op: string; args: (number | null)[]; result: number } | undefined,
): WireOrigin | undefined {
  if (first === undefined) return undefined;
  const out: WireOrigin = { op: first.op, result: first.result };
  if (typeof first.args[0] === "number") out.x = first.args[0];
  if (typeof first.args[1] === "number") out.y = first.args[1];
  return out;
}

/** Writes one frame; see `Frame` in `_wire.ts`. */
function send(frame: Frame<Encoded>): void {
  emit(frameJson(frame));
}

/**
 * Serializes a frame built by this module: its own plain objects of strings,
 * integers, booleans and encoded values, read by captured intrinsics only.
 */
function frameJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      return encodeNumber(value);
    case "boolean":
      return value ? "true" : "false";
  }
  const encoded = Encoded.json(value);
  if (encoded !== undefined) return encoded;
  const record = value as Record<string, unknown>;
  const keys = ObjectKeys(record);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    out += (i > 0 ? "," : "") + quote(keys[i]) + ":" +
      frameJson(record[keys[i]]);
  }
  return out + "}";
}

function makeEmitter(
  nonce: string,
  writeSync: (bytes: Uint8Array) => number,
): (json: string) => void {
  return (json: string) => {
    const bytes = encodeUtf8("\n" + nonce + " " + json + "\n");
    const length = ReflectApply(TypedArrayLength, bytes, []) as number;
    const buffer = ReflectApply(TypedArrayBuffer, bytes, []) as ArrayBuffer;
    const start = ReflectApply(TypedArrayByteOffset, bytes, []) as number;
    let offset = 0;
    while (offset < length) {
      offset += writeSync(
        offset === 0
          ? bytes
          : new Uint8ArrayClass(buffer, start + offset, length - offset),
      );
    }
  };
}

function readPayload(): Payload {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(1 << 16);
  let total = 0;
  for (;;) {
    const n = Deno.stdin.readSync(buffer);
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return JSON.parse(new TextDecoder().decode(all));
}

/** Arguments arrive in the wire format the grader writes (see _wire.ts). */
function decode(node: unknown): unknown {
  const n = node as [string, ...unknown[]];
  switch (n[0]) {
    case "n":
      return typeof n[1] === "number" ? n[1] : Number(n[1]);
    case "b":
    case "s":
      return n[1];
    case "u":
      return undefined;
    case "null":
      return null;
    case "arr":
      return (n[1] as unknown[]).map(decode);
    case "typed":
      return new Float64Array((n[2] as unknown[]).map(Number));
    case "tensor":
      return new Tensor(
        n[1] as number[],
        new Float64Array((n[2] as unknown[]).map(Number)),
      );
    case "obj": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of n[2] as [string, unknown][]) out[k] = decode(v);
      return out;
    }
  }
  throw new Error(`Cannot decode an argument of kind ${String(n[0])}`);
}

function quote(text: string): string {
  return JSONStringify(text);
}

function isInstance(klass: unknown, value: unknown): boolean {
  try {
    return ReflectApply(FunctionHasInstance, klass, [value]) as boolean;
  } catch {
    return false;
  }
}

function kindOf(value: unknown): string {
  const t = typeof value;
  if (t !== "object") return t;
  if (value === null) return "null";
  if (isInstance(PromiseClass, value)) return "Promise";
  if (isInstance(TensorClass, value)) return "Tensor";
  if (isInstance(DualClass, value)) return "Dual";
  if (isInstance(HyperDualClass, value)) return "HyperDual";
  if (ArrayIsArray(value)) return "array";
  return "object";
}

function encodeNumber(x: number): string {
  if (x !== x) return `"NaN"`;
  if (x === Infinity) return `"Infinity"`;
  if (x === -Infinity) return `"-Infinity"`;
  if (ObjectIs(x, -0)) return "0";
  return "" + x;
}

function encodeNumbers(values: unknown, length: number): string {
  let out = "[";
  for (let i = 0; i < length; i++) {
    out += (i > 0 ? "," : "") +
      encodeNumber((values as Record<number, number>)[i]);
  }
  return out + "]";
}

function headAndTail(text: string): string {
  if (text.length <= MAX_STRING) return text;
  const half = MAX_STRING / 2;
  return (ReflectApply(StringPrototypeSlice, text, [0, half]) as string) +
    "\n" +
    (ReflectApply(StringPrototypeSlice, text, [text.length - half]) as string);
}

function truncateString(text: string): string {
  return text.length > MAX_STRING
    ? ReflectApply(StringPrototypeSlice, text, [0, MAX_STRING]) as string
    : text;
}

/** Encodes a learner value in the wire format; never throws. */
function encode(
  value: unknown,
  depth: number,
  budget: { left: number },
): string {
  try {
    return encodeUnsafe(value, depth, budget);
  } catch (error) {
    return `["err",${quote("reading it threw " + describeThrown(error))}]`;
  }
}

function encodeUnsafe(
  value: unknown,
  depth: number,
  budget: { left: number },
): string {
  if (--budget.left < 0) return `["err","it is too large"]`;
  switch (typeof value) {
    case "number":
      return `["n",${encodeNumber(value)}]`;
    case "boolean":
      return value ? `["b",true]` : `["b",false]`;
    case "string":
      return `["s",${quote(truncateString(value))},${value.length}]`;
    case "undefined":
      return `["u"]`;
    case "bigint":
      return `["big",${
        quote(ReflectApply(BigIntPrototypeToString, value, []) as string)
      }]`;
    case "symbol":
      return `["sym",${
        quote(ReflectApply(SymbolPrototypeToString, value, []) as string)
      }]`;
    case "function": {
      const desc = ObjectGetOwnPropertyDescriptor(value, "name");
      const name = desc !== undefined && typeof desc.value === "string"
        ? truncateString(desc.value)
        : "";
      return `["fn",${quote(name)}]`;
    }
  }
  if (value === null) return `["null"]`;
  if (depth > MAX_DEPTH) return `["err","it is nested too deeply"]`;
  if (isInstance(TensorClass, value)) {
    const t = value as { shape: unknown; data: unknown };
    const shape = t.shape;
    const data = t.data;
    if (!ArrayIsArray(shape) || !isInstance(Float64ArrayClass, data)) {
      return `["err","it is a malformed Tensor"]`;
    }
    let size = 1;
    let shapeText = "[";
    for (let i = 0; i < shape.length; i++) {
      const n = shape[i];
      if (typeof n !== "number" || !(n >= 0) || n % 1 !== 0) {
        return `["err","it is a Tensor with a malformed shape"]`;
      }
      size *= n;
      shapeText += (i > 0 ? "," : "") + n;
    }
    const length = ReflectApply(TypedArrayLength, data, []) as number;
    if (size !== length) {
      return `["err","it is a Tensor whose shape does not match its data"]`;
    }
    budget.left -= length;
    if (budget.left < 0) return `["err","it is too large"]`;
    return `["tensor",${shapeText}],${encodeNumbers(data, length)}]`;
  }
  if (isInstance(DualClass, value)) {
    return `["dual","Dual",${
      encode((value as { v: unknown }).v, depth + 1, budget)
    }]`;
  }
  if (isInstance(HyperDualClass, value)) {
    return `["dual","HyperDual",${
      encode((value as { a: unknown }).a, depth + 1, budget)
    }]`;
  }
  if (isInstance(PromiseClass, value)) return `["promise"]`;
  if (ArrayBufferIsView(value)) {
    const tag = ReflectApply(TypedArrayTag, value, []) as string | undefined;
    if (tag === undefined) return `["obj","DataView",[]]`;
    const length = ReflectApply(TypedArrayLength, value, []) as number;
    budget.left -= length;
    if (budget.left < 0) return `["err","it is too large"]`;
    if (tag === "BigInt64Array" || tag === "BigUint64Array") {
      return `["obj",${quote(tag)},[]]`;
    }
    return `["typed",${quote(tag)},${encodeNumbers(value, length)}]`;
  }
  if (ArrayIsArray(value)) {
    const length = value.length;
    if (length > budget.left) return `["err","it is too large"]`;
    let out = `["arr",[`;
    for (let i = 0; i < length; i++) {
      out += (i > 0 ? "," : "") + encode(value[i], depth + 1, budget);
    }
    return out + "]]";
  }
  if (findThen(value as object)) return `["promise"]`;
  const proto = ObjectGetPrototypeOf(value);
  let className = "";
  if (proto !== null && proto !== ObjectPrototype) {
    const ctor = ObjectGetOwnPropertyDescriptor(proto, "constructor");
    const name = ctor !== undefined && typeof ctor.value === "function"
      ? ObjectGetOwnPropertyDescriptor(ctor.value, "name")
      : undefined;
    className =
      name !== undefined && typeof name.value === "string" && name.value !== ""
        ? name.value
        : "object";
  }
  const keys = ObjectKeys(value as object);
  let out = `["obj",${
    className === "" ? "null" : quote(truncateString(className))
  },[`;
  if (className === "") {
    for (let i = 0; i < keys.length && i < MAX_KEYS; i++) {
      out += (i > 0 ? "," : "") + "[" + quote(truncateString(keys[i])) + "," +
        encode((value as Record<string, unknown>)[keys[i]], depth + 1, budget) +
        "]";
    }
  }
  return out + "]]";
}

function findThen(value: object): boolean {
  let o: object | null = value;
  for (let i = 0; o !== null && i < 64; i++) {
    const d = ObjectGetOwnPropertyDescriptor(o, "then");
    if (d !== undefined) {
      return typeof d.value === "function" || d.get !== undefined;
    }
    o = ObjectGetPrototypeOf(o);
  }
  return false;
}

function describeThrown(error: unknown): string {
  const e = errorFields(error);
  return e.name + (e.message ? ": " + e.message : "");
}

/**
 * An error's name, message and stack, each cut to MAX_STRING characters; a
 * load error's stack keeps its head and its tail, where the module's own
 * frame is.
 */
function errorFields(error: unknown, keepTail = false): WireError {
  let name = "";
  let message = "";
  let stack = "";
  try {
    if (typeof error === "object" && error !== null) {
      const n = (error as { name?: unknown }).name;
      const m = (error as { message?: unknown }).message;
      const s = (error as { stack?: unknown }).stack;
      name = typeof n === "string" ? truncateString(n) : "";
      message = typeof m === "string" ? truncateString(m) : "";
      stack = typeof s === "string"
        ? (keepTail ? headAndTail(s) : truncateString(s))
        : "";
      if (name === "" && message === "") name = kindOf(error);
    } else {
      name = "a thrown value";
      message = typeof error === "string"
        ? truncateString(error)
        : "" + kindOf(error);
      if (typeof error === "number") message = encodeNumber(error);
    }
  } catch {
    name = "an unreadable error";
  }
  return { name, message, stack };
}
