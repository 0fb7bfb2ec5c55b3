/**
 * The engine: every number kind takes its behaviour from the rule table
 * through five lifts — elementwise unary and binary ops (from `rules.ts`),
 * linear ops (reshape, sum, slicing …), linear ops of several inputs
 * (concatenate, stack, array), and bilinear ops (matmul, outer).
 *
 * Kinds rank by level: numbers and tensors 0, hyper-duals 1, duals their tag
 * (≥ 2). An op works at the highest level among its operands and treats the
 * rest as constants, which is what keeps nested derivatives apart.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { methodOps } from "./arith.ts";
import { Dual, methodsTable, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import {
  type BinaryRule,
  binaryRules,
  type RuleOps,
  type UnaryRule,
  unaryRules,
} from "./rules.ts";
import {
  broadcastIndex,
  broadcastShapes,
  broadcastTo,
  filled,
  formatShape,
  mapTensor,
  sameShape,
  sizeOf,
  Tensor,
  zipTensor,
} from "./tensor.ts";

/** A number or a Tensor: the values with no derivative attached. */
export type Plain = number | Tensor;

/** The derivative level of a value: 0 plain, 1 hyper-dual, a dual's tag. */
export function levelOf(x: Value): number {
  if (x instanceof Dual) return x.tag;
  if (x instanceof HyperDual) return 1;
  return 0;
}

/** The shape of any value's primal. */
export function shapeOf(x: Value): readonly number[] {
  if (typeof x === "number") return [];
  return x.shape;
}

/** The plain primal of any value. */
export function primal(x: Value): Plain {
  while (true) {
    if (typeof x === "number" || x instanceof Tensor) return x;
    x = x instanceof Dual ? x.v : x.a;
  }
}

function isPlain(x: Value): x is Plain {
  return typeof x === "number" || x instanceof Tensor;
}

/** Zero shaped like the primal of `x`. */
export function zerosLike(x: Value): Plain {
  const s = shapeOf(x);
  return s.length === 0 ? 0 : filled(s, 0);
}

// ---------------------------------------------------------------- products

/** `s · t` where a tangent of exactly 0 gives 0 whatever `s` is. */
function tangentMul(s: Value, t: Value): Value {
  if (typeof t === "number") {
    if (t === 0) return 0;
    if (typeof s === "number") return s * t;
  }
  if (typeof s === "number" && t instanceof Tensor) {
    return mapTensor(t, (v) => (v === 0 ? 0 : s * v));
  }
  if (s instanceof Tensor && (t instanceof Tensor || typeof t === "number")) {
    return zipTensor(s, t, (a, b) => (b === 0 ? 0 : a * b));
  }
  return binary(binaryRules.multiply, s, t);
}

function plus(a: Value | null, b: Value | null): Value {
  if (a === null) return b ?? 0;
  if (b === null) return a;
  return binary(binaryRules.add, a, b);
}

function fitShape(t: Value, shape: readonly number[]): Value {
  if (shape.length === 0) return t;
  if (isPlain(t)) return broadcastTo(t, shape);
  if (sameShape(shapeOf(t), shape)) return t;
  return plus(t, filled(shape, 0));
}

// ------------------------------------------------------------ unary lift

/** Applies an elementwise rule to any value. */
export function unary(r: UnaryRule, x: Value): Value {
  if (typeof x === "number") return r.f(x);
  if (x instanceof Tensor) return mapTensor(x, r.f);
  if (x instanceof Dual) {
    const xv = x.v, xd = x.d, k = xd.length;
    if (typeof xv === "number") {
      const s = r.df(xv);
      const d = new Array<Value>(k);
      for (let i = 0; i < k; i++) {
        const t = xd[i];
        d[i] = typeof t === "number" ? (t === 0 ? 0 : s * t) : tangentMul(s, t);
      }
      return new Dual(x.tag, r.f(xv), d);
    }
    const v = unary(r, xv);
    const s = unaryPartial(r, xv);
    const d = new Array<Value>(k);
    for (let i = 0; i < k; i++) d[i] = tangentMul(s, xd[i]);
    return new Dual(x.tag, v, d);
  }
  return hyperUnary(r, x);
}

function unaryPartial(r: UnaryRule, x: Value): Value {
  if (typeof x === "number") return r.df(x);
  if (x instanceof Tensor) return mapTensor(x, r.df);
  if (r.dg) return r.dg(x, ruleOps) as Value;
  const p = primal(x);
  return typeof p === "number" ? r.df(p) : mapTensor(p, r.df);
}

// A second partial that is exactly 0 (a linear op's) adds 0 even when the
// tangents are infinite, as a zero tangent does for a first partial.
function second(p: number, t: number): number {
  return p === 0 ? 0 : p * t;
}

function hyperUnary(r: UnaryRule, x: HyperDual): HyperDual {
  if (typeof x.a === "number") {
    const a = x.a, b = x.b as number, c = x.c as number, d = x.d as number;
    const f1 = r.df(a);
    const f2 = b === 0 || c === 0 ? 0 : second(r.d2f(a), b * c);
    return new HyperDual(
      r.f(a),
      b === 0 ? 0 : f1 * b,
      c === 0 ? 0 : f1 * c,
      (d === 0 ? 0 : f1 * d) + f2,
      x.tag,
    );
  }
  const shape = x.a.shape;
  const [A, B, C, D] = [x.a, x.b, x.c, x.d].map((p) =>
    broadcastTo(p, shape).data
  );
  const n = A.length;
  const oa = f64(n), ob = f64(n), oc = f64(n), od = f64(n);
  for (let i = 0; i < n; i++) {
    const a = A[i], b = B[i], c = C[i], d = D[i];
    const f1 = r.df(a);
    oa[i] = r.f(a);
    ob[i] = b === 0 ? 0 : f1 * b;
    oc[i] = c === 0 ? 0 : f1 * c;
    od[i] = (d === 0 ? 0 : f1 * d) +
      (b === 0 || c === 0 ? 0 : second(r.d2f(a), b * c));
  }
  return new HyperDual(
    new Tensor(shape, oa),
    new Tensor(shape, ob),
    new Tensor(shape, oc),
    new Tensor(shape, od),
    x.tag,
  );
}

// ----------------------------------------------------------- binary lift

/** Applies a two-argument elementwise rule to any values, with broadcasting. */
export function binary(r: BinaryRule, x: Value, y: Value): Value {
  if (typeof x === "number") {
    if (typeof y === "number") return r.f(x, y);
    if (y instanceof Dual && typeof y.v === "number") {
      const out = scalarRight(r, x, y);
      if (out) return out;
    }
  } else if (x instanceof Dual && typeof x.v === "number") {
    if (typeof y === "number") {
      const out = scalarLeft(r, x, y);
      if (out) return out;
    } else if (
      y instanceof Dual && y.tag === x.tag && typeof y.v === "number"
    ) {
      const out = scalarBoth(r, x, y);
      if (out) return out;
    }
  }
  const lx = levelOf(x), ly = levelOf(y);
  if (lx === 0 && ly === 0) return zipTensor(x as Plain, y as Plain, r.f);
  if (lx === 1 && ly <= 1 || ly === 1 && lx <= 1) {
    return hyperBinary(r, x as HyperDual | Plain, y as HyperDual | Plain);
  }
  const tag = Math.max(lx, ly);
  const X = lx === tag ? (x as Dual) : null;
  const Y = ly === tag ? (y as Dual) : null;
  const xv = X ? X.v : x, yv = Y ? Y.v : y;
  const k = (X ?? Y)!.d.length;
  const d = new Array<Value>(k);
  if (typeof xv === "number" && typeof yv === "number") {
    const px = X ? r.fx(xv, yv) : 0, py = Y ? r.fy(xv, yv) : 0;
    for (let i = 0; i < k; i++) {
      const tx = X ? X.d[i] : 0, ty = Y ? Y.d[i] : 0;
      if (typeof tx === "number" && typeof ty === "number") {
        d[i] = (tx === 0 ? 0 : px * tx) + (ty === 0 ? 0 : py * ty);
      } else {
        d[i] = plus(
          X ? tangentMul(px, tx) : null,
          Y ? tangentMul(py, ty) : null,
        );
      }
    }
    return new Dual(tag, r.f(xv, yv), d);
  }
  const v = binary(r, xv, yv);
  const shape = shapeOf(v);
  const px = X ? binaryPartial(r, 0, xv, yv) : 0;
  const py = Y ? binaryPartial(r, 1, xv, yv) : 0;
  for (let i = 0; i < k; i++) {
    let t: Value;
    if (r === binaryRules.add || r === binaryRules.subtract) {
      const ty = Y ? (r === binaryRules.add ? Y.d[i] : negate(Y.d[i])) : null;
      t = plus(X ? X.d[i] : null, ty);
    } else {
      t = plus(
        X ? tangentMul(px, X.d[i]) : null,
        Y ? tangentMul(py, Y.d[i]) : null,
      );
    }
    d[i] = fitShape(t, shape);
  }
  return new Dual(tag, v, d);
}

// Fast paths for scalar duals whose value and partials are plain numbers,
// the common case of a learner's scalar function. Each returns null when a
// partial is not a number (a nested tangent), leaving the general path.

function scalarLeft(r: BinaryRule, x: Dual, y: number): Dual | null {
  const xv = x.v as number, xd = x.d, k = xd.length;
  const p = r.fx(xv, y);
  const d = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const t = xd[i];
    if (typeof t !== "number") return null;
    d[i] = t === 0 ? 0 : p * t;
  }
  return new Dual(x.tag, r.f(xv, y), d);
}

function scalarRight(r: BinaryRule, x: number, y: Dual): Dual | null {
  const yv = y.v as number, yd = y.d, k = yd.length;
  const p = r.fy(x, yv);
  const d = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const t = yd[i];
    if (typeof t !== "number") return null;
    d[i] = t === 0 ? 0 : p * t;
  }
  return new Dual(y.tag, r.f(x, yv), d);
}

function scalarBoth(r: BinaryRule, x: Dual, y: Dual): Dual | null {
  const xv = x.v as number, yv = y.v as number, xd = x.d, yd = y.d;
  const k = xd.length;
  const px = r.fx(xv, yv), py = r.fy(xv, yv);
  const d = new Array<number>(k);
  for (let i = 0; i < k; i++) {
    const s = xd[i], t = yd[i];
    if (typeof s !== "number" || typeof t !== "number") return null;
    d[i] = (s === 0 ? 0 : px * s) + (t === 0 ? 0 : py * t);
  }
  return new Dual(x.tag, r.f(xv, yv), d);
}

function negate(x: Value): Value {
  return unary(unaryRules.negative, x);
}

function binaryPartial(r: BinaryRule, which: 0 | 1, x: Value, y: Value): Value {
  if (isPlain(x) && isPlain(y)) {
    if (r === binaryRules.multiply) return which === 0 ? y : x;
    const f = which === 0 ? r.fx : r.fy;
    return typeof x === "number" && typeof y === "number"
      ? f(x, y)
      : zipTensor(x, y, f);
  }
  const g = which === 0 ? r.gx : r.gy;
  if (g) return g(x, y, ruleOps) as Value;
  const px = primal(x), py = primal(y);
  const f = which === 0 ? r.fx : r.fy;
  return typeof px === "number" && typeof py === "number"
    ? f(px, py)
    : zipTensor(px, py, f);
}

type Parts = [Plain, Plain, Plain, Plain];

function hyperParts(x: HyperDual | Plain): Parts {
  return x instanceof HyperDual ? [x.a, x.b, x.c, x.d] : [x, 0, 0, 0];
}

function hyperBinary(
  r: BinaryRule,
  x: HyperDual | Plain,
  y: HyperDual | Plain,
): HyperDual {
  if (x instanceof HyperDual && y instanceof HyperDual && x.tag !== y.tag) {
    throw new Error(
      "Cannot combine hyper-duals of two different hessians: nest hessian through jacobian(grad(f)) instead",
    );
  }
  const tag = x instanceof HyperDual ? x.tag : (y as HyperDual).tag;
  const [xa, xb, xc, xd] = hyperParts(x);
  const [ya, yb, yc, yd] = hyperParts(y);
  if (
    typeof xa === "number" && typeof ya === "number" &&
    typeof xb === "number" && typeof yb === "number" &&
    typeof xc === "number" && typeof yc === "number" &&
    typeof xd === "number" && typeof yd === "number"
  ) {
    const o = hyperScalar(r, xa, xb, xc, xd, ya, yb, yc, yd);
    return new HyperDual(o[0], o[1], o[2], o[3], tag);
  }
  const shape = broadcastShapes(shapeOf(xa), shapeOf(ya));
  const n = sizeOf(shape);
  const get = (p: Plain, base: Plain) => {
    const t = typeof p === "number" ? filled(shapeOf(base), p) : p;
    const idx = broadcastIndex(t.shape, shape);
    return { data: t.data, idx };
  };
  const X = [xa, xb, xc, xd].map((p) => get(p, xa));
  const Y = [ya, yb, yc, yd].map((p) => get(p, ya));
  const out = [f64(n), f64(n), f64(n), f64(n)];
  for (let i = 0; i < n; i++) {
    const o = hyperScalar(
      r,
      X[0].data[X[0].idx[i]],
      X[1].data[X[1].idx[i]],
      X[2].data[X[2].idx[i]],
      X[3].data[X[3].idx[i]],
      Y[0].data[Y[0].idx[i]],
      Y[1].data[Y[1].idx[i]],
      Y[2].data[Y[2].idx[i]],
      Y[3].data[Y[3].idx[i]],
    );
    for (let p = 0; p < 4; p++) out[p][i] = o[p];
  }
  const [a, b, c, d] = out.map((o) => new Tensor(shape, o));
  return new HyperDual(a, b, c, d, tag);
}

function hyperScalar(
  r: BinaryRule,
  xa: number,
  xb: number,
  xc: number,
  xd: number,
  ya: number,
  yb: number,
  yc: number,
  yd: number,
): [number, number, number, number] {
  const fx = r.fx(xa, ya), fy = r.fy(xa, ya);
  const m = (s: number, t: number) => (t === 0 ? 0 : s * t);
  const b = m(fx, xb) + m(fy, yb);
  const c = m(fx, xc) + m(fy, yc);
  let d = m(fx, xd) + m(fy, yd);
  if (xb !== 0 && xc !== 0) d += second(r.fxx(xa, ya), xb * xc);
  const cross = m(xb, yc) + m(xc, yb);
  if (cross !== 0) d += second(r.fxy(xa, ya), cross);
  if (yb !== 0 && yc !== 0) d += second(r.fyy(xa, ya), yb * yc);
  return [r.f(xa, ya), b, c, d];
}

// ----------------------------------------------------------- linear lifts

/** Applies a linear map of plain values to any value, partials included. */
export function linear(x: Value, f: (p: Plain) => Plain): Value {
  if (isPlain(x)) return f(x);
  if (x instanceof Dual) {
    return new Dual(x.tag, linear(x.v, f), x.d.map((t) => linear(t, f)));
  }
  return new HyperDual(f(x.a), f(x.b), f(x.c), f(x.d), x.tag);
}

/** Applies a linear map of several plain values (concatenate, stack …) to any values. */
export function linearN(xs: Value[], f: (ps: Plain[]) => Plain): Value {
  let top = 0;
  for (const x of xs) top = Math.max(top, levelOf(x));
  if (top === 0) return f(xs as Plain[]);
  if (top === 1) {
    const parts = xs.map((x) => {
      const p = hyperParts(x as HyperDual | Plain);
      const z = zerosLike(p[0]);
      return p.map((q, i) =>
        i > 0 && typeof q === "number" && q === 0 ? z : q
      ) as Parts;
    });
    const tag = (xs.find((x) => x instanceof HyperDual) as HyperDual).tag;
    const at = (i: number) => f(parts.map((p) => p[i]));
    return new HyperDual(at(0), at(1), at(2), at(3), tag);
  }
  const duals = xs.map((x) => (levelOf(x) === top ? (x as Dual) : null));
  const k = duals.find((x) => x)!.d.length;
  const v = linearN(xs.map((x, j) => duals[j] ? duals[j]!.v : x), f);
  const d = new Array<Value>(k);
  for (let i = 0; i < k; i++) {
    d[i] = linearN(
      xs.map((x, j) => {
        const t = duals[j] ? duals[j]!.d[i] : zerosLike(x);
        return typeof t === "number" && t === 0 ? zerosLike(x) : t;
      }),
      f,
    );
  }
  return new Dual(top, v, d);
}

/** Applies a bilinear map of plain values (matmul, outer …) to any values. */
export function bilinear(
  x: Value,
  y: Value,
  f: (a: Plain, b: Plain) => Plain,
): Value {
  const lx = levelOf(x), ly = levelOf(y);
  if (lx === 0 && ly === 0) return f(x as Plain, y as Plain);
  if (lx <= 1 && ly <= 1) {
    const [xa, xb, xc, xd] = hyperParts(x as HyperDual | Plain);
    const [ya, yb, yc, yd] = hyperParts(y as HyperDual | Plain);
    const tag = x instanceof HyperDual ? x.tag : (y as HyperDual).tag;
    const sum = (...ts: (Plain | null)[]): Plain => {
      let acc: Plain | null = null;
      for (const t of ts) {
        if (t === null) continue;
        acc = acc === null ? t : (binary(binaryRules.add, acc, t) as Plain);
      }
      return acc ?? zerosLike(f(xa, ya));
    };
    const g = (p: Plain, q: Plain) => (p === 0 || q === 0) ? null : f(p, q);
    const a = f(xa, ya);
    return new HyperDual(
      a,
      sum(g(xb, ya), g(xa, yb)),
      sum(g(xc, ya), g(xa, yc)),
      sum(g(xd, ya), g(xa, yd), g(xb, yc), g(xc, yb)),
      tag,
    );
  }
  const tag = Math.max(lx, ly);
  const X = lx === tag ? (x as Dual) : null;
  const Y = ly === tag ? (y as Dual) : null;
  const xv = X ? X.v : x, yv = Y ? Y.v : y;
  const v = bilinear(xv, yv, f);
  const k = (X ?? Y)!.d.length;
  const d = new Array<Value>(k);
  for (let i = 0; i < k; i++) {
    d[i] = plus(
      X ? bilinear(X.d[i], yv, f) : null,
      Y ? bilinear(xv, Y.d[i], f) : null,
    );
  }
  return new Dual(tag, v, d);
}

// --------------------------------------------------------- wiring

function u(name: string) {
  const r = unaryRules[name];
  return (x: unknown) => unary(r, x as Value);
}
function b(name: string) {
  const r = binaryRules[name];
  return (x: unknown, y: unknown) => binary(r, x as Value, y as Value);
}

/** The ops the rule table's generic derivatives are written in. */
export const ruleOps: RuleOps = {
  add: b("add"),
  subtract: b("subtract"),
  multiply: b("multiply"),
  divide: b("divide"),
  power: b("power"),
  negative: u("negative"),
  square: u("square"),
  sqrt: u("sqrt"),
  exp: u("exp"),
  log: u("log"),
  sin: u("sin"),
  cos: u("cos"),
  tanh: u("tanh"),
  reciprocal: u("reciprocal"),
  cosh: u("cosh"),
  sinh: u("sinh"),
};

/** Describes what kind of thing `x` is, for error messages. */
export function describe(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (typeof x === "string") return "a string";
  if (typeof x === "bigint") return "a bigint";
  if (typeof x === "boolean") return "a boolean";
  if (typeof x === "function") return "a function";
  if (typeof x === "symbol") return "a symbol";
  if (typeof x === "number") return "a number";
  if (x instanceof Tensor) return `a Tensor of shape ${formatShape(x.shape)}`;
  if (x instanceof Dual) return "a Dual";
  if (x instanceof HyperDual) return "a HyperDual";
  if (x instanceof Promise) return "a Promise";
  if (Array.isArray(x)) return "an array";
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return "an object";
}

export { methodOps, methodsTable };
