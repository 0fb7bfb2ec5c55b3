/**
 * The engine: every number kind takes its behaviour from the rule tables
 * through five lifts — elementwise unary and binary ops (`rules.ts`), linear
 * ops (reshape, sum, slicing …), linear ops of several inputs (concatenate,
 * stack, where, array) and bilinear ops (matmul) (`linear_rules.ts`). Each
 * lift has a forward path (duals and hyper-duals carry partials) and a
 * reverse path (a box records the op's vector–Jacobian product on its tape),
 * both read from the same rows.
 *
 * Kinds rank by level: numbers and tensors 0, hyper-duals 1, duals and boxes
 * their tag (≥ 2, one counter for both: a newer derivative is an inner one).
 * An op works at the highest level among its operands and treats the rest as
 * constants, which is what keeps nested derivatives apart in either mode.
 *
 * @module
 */
import { f64 } from "./_alloc.ts";
import { methodOps } from "./arith.ts";
import { Box } from "./box.ts";
import { Dual, methodsTable, type Value } from "./dual.ts";
import { HyperDual } from "./hyperdual.ts";
import {
  binaryScalar,
  isScalarDual,
  unaryNumbers,
  unaryScalar,
} from "./scalar_dual.ts";
import {
  type BilinearRule,
  type LinearNRule,
  type LinearOps,
  type LinearRule,
  linearRules,
} from "./linear_rules.ts";
import {
  type BinaryName,
  type BinaryRule,
  binaryRules,
  type RuleOps,
  type UnaryName,
  type UnaryRule,
  unaryRules,
} from "./rules.ts";
import {
  broadcastIndex,
  broadcastShapes,
  broadcastTo,
  Combine,
  combine,
  filled,
  formatShape,
  mapTensor,
  negated,
  sameShape,
  sizeOf,
  Tensor,
  zipTensor,
} from "./tensor.ts";

/** A number or a Tensor: the values with no derivative attached. */
export type Plain = number | Tensor;

/** The derivative level of a value: 0 plain, 1 hyper-dual, a dual's tag. */
export function levelOf(x: Value): number {
  if (x instanceof Dual || x instanceof Box) return x.tag;
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
    x = x instanceof Dual || x instanceof Box ? x.v : x.a;
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
    return combine(s, t, Combine.scale);
  }
  if (s instanceof Tensor && (t instanceof Tensor || typeof t === "number")) {
    return combine(s, t, Combine.scale);
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
  if (isScalarDual(x)) return unaryScalar(r, x);
  if (x instanceof Tensor) return mapPlain(r, x);
  if (x instanceof Dual) {
    const xv = x.v, xd = x.d, k = xd.length;
    if (typeof xv === "number") {
      const fast = unaryNumbers(r, x);
      if (fast) return fast;
      const y = r.f(xv);
      const s = r.dy ? r.dy(y, xv) : r.df(xv);
      const d = new Array<Value>(k);
      for (let i = 0; i < k; i++) {
        const t = xd[i];
        d[i] = typeof t === "number" ? (t === 0 ? 0 : s * t) : tangentMul(s, t);
      }
      return new Dual(x.tag, y, d);
    }
    const v = unary(r, xv);
    const s = unaryPartial(r, xv);
    const d = new Array<Value>(k);
    for (let i = 0; i < k; i++) d[i] = tangentMul(s, xd[i]);
    return new Dual(x.tag, v, d);
  }
  if (x instanceof Box) {
    const xv = x.v, v = xv instanceof Tensor ? mapPlain(r, xv) : unary(r, xv);
    return x.tape.recordOp(v, x, null, (g) => [unaryVjp(r, xv, v, g)]);
  }
  return hyperUnary(r, x);
}

/** A row on a plain tensor, through its whole-array loop when it has one. */
function mapPlain(r: UnaryRule, x: Tensor): Tensor {
  if (!r.map) return mapTensor(x, r.f);
  const out = f64(x.data.length);
  r.map(x.data, out);
  return new Tensor(x.shape, out);
}

/** ḡ · f′(x), fused for plain operands. */
function unaryVjp(r: UnaryRule, x: Value, y: Value, g: Value): Value {
  if (typeof x === "number" && typeof g === "number") {
    return g === 0 ? 0 : g * (r.dy ? r.dy(y as number, x) : r.df(x));
  }
  if (
    x instanceof Tensor && g instanceof Tensor && y instanceof Tensor &&
    g.size === x.size
  ) {
    const X = x.data, Y = y.data, G = g.data, n = X.length, out = f64(n);
    const dy = r.dy, df = r.df;
    if (r.vjpMap) r.vjpMap(G, X, Y, out);
    else if (dy) {
      for (let i = 0; i < n; i++) {
        const t = G[i];
        out[i] = t === 0 ? 0 : t * dy(Y[i], X[i]);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const t = G[i];
        out[i] = t === 0 ? 0 : t * df(X[i]);
      }
    }
    return new Tensor(x.shape, out);
  }
  return tangentMul(unaryPartial(r, x), g);
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
  if (typeof x === "number" && typeof y === "number") return r.f(x, y);
  return binaryScalar(r, x, y) ?? binaryLifted(r, x, y);
}

/**
 * {@linkcode binary} for operands already offered to `binaryScalar` (np's
 * entry does that before converting arrays): the lift by level.
 */
export function binaryLifted(r: BinaryRule, x: Value, y: Value): Value {
  if (typeof x === "number" && typeof y === "number") return r.f(x, y);
  const lx = levelOf(x), ly = levelOf(y);
  if (lx === 0 && ly === 0) return plainBinary(r, x as Plain, y as Plain);
  if (lx === 1 && ly <= 1 || ly === 1 && lx <= 1) {
    return hyperBinary(r, x as HyperDual | Plain, y as HyperDual | Plain);
  }
  const tag = Math.max(lx, ly);
  if ((lx === tag ? x : y) instanceof Box) return boxBinary(r, x, y, tag);
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
    if (r.kind === "linear") {
      t = plus(
        X ? scale(r.fx(0, 0), X.d[i]) : null,
        Y ? scale(r.fy(0, 0), Y.d[i]) : null,
      );
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

/**
 * A row on plain tensors. A linear row's value is fx·x + fy·y, so add's
 * and subtract's (constants ±1) and a bilinear row's (x·y) run as loops
 * with no call per element; their bits equal `f`'s.
 */
function plainBinary(r: BinaryRule, x: Plain, y: Plain): Plain {
  if (r.kind === "bilinear") return combine(x, y, Combine.multiply);
  if (r.kind === "linear" && r.fx(0, 0) === 1) {
    const c = r.fy(0, 0);
    if (c === 1) return combine(x, y, Combine.add);
    if (c === -1) return combine(x, y, Combine.subtract);
  }
  return zipTensor(x, y, r.f);
}

function negate(x: Value): Value {
  return x instanceof Tensor ? negated(x) : unary(unaryRules.negative, x);
}

/** `c · t` for a linear row's constant partial `c`. */
function scale(c: number, t: Value): Value {
  return c === 1 ? t : c === -1 ? negate(t) : tangentMul(c, t);
}

/** Whether a value's primal is a plain number (not a 0-d tensor). */
function isNumberLike(x: Value): boolean {
  return typeof primal(x) === "number";
}

/** Broadcasting's sum: an adjoint summed down to an operand's shape. */
export function unbroadcast(
  g: Value,
  shape: readonly number[],
  number: boolean,
): Value {
  const gs = shapeOf(g);
  if (sameShape(gs, shape) && isNumberLike(g) === number) return g;
  return linear(linearRules.sumTo, g, {
    from: gs,
    to: shape,
    toNumber: number,
  });
}

function boxBinary(r: BinaryRule, x: Value, y: Value, tag: number): Box {
  const X = levelOf(x) === tag ? (x as Box) : null;
  const Y = levelOf(y) === tag ? (y as Box) : null;
  const xv = X ? X.v : x, yv = Y ? Y.v : y;
  // plain values (a first-order gradient's) go straight to the kernels
  const plain = isPlain(xv) && isPlain(yv);
  const v = !plain
    ? binary(r, xv, yv)
    : typeof xv === "number" && typeof yv === "number"
    ? r.f(xv, yv)
    : plainBinary(r, xv, yv);
  const sx = shapeOf(xv), sy = shapeOf(yv);
  const nx = plain ? typeof xv === "number" : isNumberLike(xv);
  const ny = plain ? typeof yv === "number" : isNumberLike(yv);
  if (X && Y) {
    return X.tape.recordOp(v, X, Y, (g) => [
      unbroadcast(binaryVjp(r, 0, xv, yv, g), sx, nx),
      unbroadcast(binaryVjp(r, 1, xv, yv, g), sy, ny),
    ]);
  }
  if (X) {
    return X.tape.recordOp(v, X, null, (g) => [
      unbroadcast(binaryVjp(r, 0, xv, yv, g), sx, nx),
    ]);
  }
  return Y!.tape.recordOp(v, Y!, null, (g) => [
    unbroadcast(binaryVjp(r, 1, xv, yv, g), sy, ny),
  ]);
}

/**
 * A binary row on boxes of plain values of one tape, or a box and a plain
 * value (a first-order gradient's, the common case), recorded by
 * {@linkcode boxBinary} itself; null for anything else (a dual, a box of a
 * dual, boxes of two derivatives), which takes the general lift. np's
 * generated functions come here before their general entry and skip its
 * dispatch: its conversions, the compact-dual cases and the levels. The
 * network benchmark's gradient went from 1.99× to 1.90× the hand-written
 * one at 2 hidden units with add, subtract and multiply through here
 * (interleaved, medians of five runs, Deno 2.9).
 */
export function boxLane(r: BinaryRule, x: unknown, y: unknown): Box | null {
  const ox = laneOperand(x), oy = laneOperand(y);
  if (ox === null || oy === null) return null;
  const X = ox instanceof Box ? ox : null, Y = oy instanceof Box ? oy : null;
  if (X !== null && Y !== null && X.tag !== Y.tag) return null;
  const top = X ?? Y;
  return top === null ? null : boxBinary(r, ox, oy, top.tag);
}

/** A box of a plain value, or a plain value, as it is; null otherwise. */
function laneOperand(x: unknown): Box | Plain | null {
  if (x instanceof Box) {
    const v = x.v;
    return typeof v === "number" || v instanceof Tensor ? x : null;
  }
  return typeof x === "number" || x instanceof Tensor ? x : null;
}

/** ḡ · ∂f/∂x (which = 0) or ḡ · ∂f/∂y, at the output's shape. */
function binaryVjp(
  r: BinaryRule,
  which: 0 | 1,
  x: Value,
  y: Value,
  g: Value,
): Value {
  if (r.kind === "linear") {
    return scale(which === 0 ? r.fx(0, 0) : r.fy(0, 0), g);
  }
  if (r.kind === "bilinear") return tangentMul(which === 0 ? y : x, g);
  if (
    typeof x === "number" && typeof y === "number" && typeof g === "number"
  ) {
    return g === 0 ? 0 : g * (which === 0 ? r.fx(x, y) : r.fy(x, y));
  }
  return tangentMul(binaryPartial(r, which, x, y), g);
}

function binaryPartial(r: BinaryRule, which: 0 | 1, x: Value, y: Value): Value {
  if (r.kind === "bilinear") return which === 0 ? y : x;
  if (isPlain(x) && isPlain(y)) {
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

// deno-lint-ignore no-explicit-any
const transposes = new WeakMap<LinearRule<any>, LinearRule<any>>();

/** The row whose kernel is `rule`'s adjoint and whose adjoint is its kernel. */
function transposed<P>(rule: LinearRule<P>): LinearRule<P> {
  let t = transposes.get(rule);
  if (!t) {
    t = { name: `${rule.name}ᵀ`, f: rule.fT, fT: rule.f };
    transposes.set(rule, t);
  }
  return t;
}

/** Applies a linear row to any value: partials included, adjoint recorded. */
export function linear<P>(rule: LinearRule<P>, x: Value, o: P): Value {
  if (isPlain(x)) return rule.f(x, o);
  if (x instanceof Dual) {
    const d = x.d, k = d.length, out = new Array<Value>(k);
    for (let i = 0; i < k; i++) out[i] = linear(rule, d[i], o);
    return new Dual(x.tag, linear(rule, x.v, o), out);
  }
  if (x instanceof Box) {
    // a plain adjoint (a first-order gradient's) takes the adjoint kernel
    // directly; anything else goes through the transposed row's lift
    return x.tape.recordOp(linear(rule, x.v, o), x, null, (g) => [
      isPlain(g) ? rule.fT(g, o) : linear(transposed(rule), g, o),
    ]);
  }
  return new HyperDual(
    rule.f(x.a, o),
    rule.f(x.b, o),
    rule.f(x.c, o),
    rule.f(x.d, o),
    x.tag,
  );
}

/** Input `j`'s adjoint of a several-input row, as a one-input linear row. */
function adjointPart<P>(
  rule: LinearNRule<P>,
  o: P,
  j: number,
  n: number,
): LinearRule<null> {
  const zeros = (i: number): Plain => {
    const s = rule.shapeOf(o, i);
    return s.length === 0 ? 0 : filled(s, 0);
  };
  return {
    name: `${rule.name}ᵀ[${j}]`,
    f: (g) => rule.fT(g, o, j),
    fT: (p) =>
      rule.f(Array.from({ length: n }, (_, i) => (i === j ? p : zeros(i))), o),
  };
}

/** Applies a linear row of several inputs (concatenate, where …) to any values. */
export function linearN<P>(
  rule: LinearNRule<P>,
  xs: Value[],
  o: P,
): Value {
  let top = 0;
  for (const x of xs) top = Math.max(top, levelOf(x));
  if (top === 0) return rule.f(xs as Plain[], o);
  if (top === 1) {
    const parts = xs.map((x) => {
      const p = hyperParts(x as HyperDual | Plain);
      const z = zerosLike(p[0]);
      return p.map((q, i) =>
        i > 0 && typeof q === "number" && q === 0 ? z : q
      ) as Parts;
    });
    const tag = (xs.find((x) => x instanceof HyperDual) as HyperDual).tag;
    const at = (i: number) => rule.f(parts.map((p) => p[i]), o);
    return new HyperDual(at(0), at(1), at(2), at(3), tag);
  }
  const first = xs.find((x) => levelOf(x) === top)!;
  if (first instanceof Box) {
    const idx: number[] = [];
    xs.forEach((x, j) => levelOf(x) === top && idx.push(j));
    const v = linearN(
      rule,
      xs.map((x) => (levelOf(x) === top ? (x as Box).v : x)),
      o,
    );
    const parts = idx.map((j) => adjointPart(rule, o, j, xs.length));
    return first.tape.record(
      v,
      idx.map((j) => xs[j] as Box),
      (g) => parts.map((p) => linear(p, g, null)),
    );
  }
  const duals = xs.map((x) => (levelOf(x) === top ? (x as Dual) : null));
  const k = (first as Dual).d.length;
  const v = linearN(rule, xs.map((x, j) => duals[j] ? duals[j]!.v : x), o);
  const d = new Array<Value>(k);
  for (let i = 0; i < k; i++) {
    d[i] = linearN(
      rule,
      xs.map((x, j) => {
        const t = duals[j] ? duals[j]!.d[i] : zerosLike(x);
        return typeof t === "number" && t === 0 ? zerosLike(x) : t;
      }),
      o,
    );
  }
  return new Dual(top, v, d);
}

/** Applies a bilinear row (matmul) to any values. */
export function bilinear(rule: BilinearRule, x: Value, y: Value): Value {
  const f = rule.f;
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
  if ((lx === tag ? x : y) instanceof Box) return boxBilinear(rule, x, y, tag);
  const X = lx === tag ? (x as Dual) : null;
  const Y = ly === tag ? (y as Dual) : null;
  const xv = X ? X.v : x, yv = Y ? Y.v : y;
  const v = bilinear(rule, xv, yv);
  const k = (X ?? Y)!.d.length;
  const d = new Array<Value>(k);
  for (let i = 0; i < k; i++) {
    d[i] = plus(
      X ? bilinear(rule, X.d[i], yv) : null,
      Y ? bilinear(rule, xv, Y.d[i]) : null,
    );
  }
  return new Dual(tag, v, d);
}

// deno-lint-ignore no-explicit-any
const opsCache = new WeakMap<BilinearRule, LinearOps<any>>();

/** The ops a bilinear row's vector–Jacobian products are written in. */
function linearOps(rule: BilinearRule): LinearOps<Value> {
  let o = opsCache.get(rule);
  if (!o) {
    o = {
      apply: (a: Value, b: Value) => bilinear(rule, a, b),
      swap: (a: Value) => {
        const nd = shapeOf(a).length;
        const perm = Array.from({ length: nd }, (_, i) => i);
        [perm[nd - 2], perm[nd - 1]] = [perm[nd - 1], perm[nd - 2]];
        return linear(linearRules.transpose, a, { perm });
      },
      reshape: (a: Value, to: readonly number[]) =>
        linear(linearRules.reshape, a, {
          from: shapeOf(a),
          to,
          fromNumber: isNumberLike(a),
          toNumber: false,
        }),
      sumTo: unbroadcast,
      shape: shapeOf,
    } satisfies LinearOps<Value>;
    opsCache.set(rule, o);
  }
  return o;
}

function bilinearVjp(
  rule: BilinearRule,
  which: 0 | 1,
  g: Value,
  x: Value,
  y: Value,
): Value {
  if (rule.fast && isPlain(g) && isPlain(x) && isPlain(y)) {
    const out = rule.fast(g, x, y, which);
    if (out !== null) return out;
  }
  const o = linearOps(rule);
  return which === 0 ? rule.vjpX(g, x, y, o) : rule.vjpY(g, x, y, o);
}

function boxBilinear(rule: BilinearRule, x: Value, y: Value, tag: number) {
  const X = levelOf(x) === tag ? (x as Box) : null;
  const Y = levelOf(y) === tag ? (y as Box) : null;
  const xv = X ? X.v : x, yv = Y ? Y.v : y;
  const v = isPlain(xv) && isPlain(yv)
    ? rule.f(xv, yv)
    : bilinear(rule, xv, yv);
  if (X && Y) {
    return X.tape.recordOp(v, X, Y, (g) => [
      bilinearVjp(rule, 0, g, xv, yv),
      bilinearVjp(rule, 1, g, xv, yv),
    ]);
  }
  if (X) {
    return X.tape.recordOp(
      v,
      X,
      null,
      (g) => [bilinearVjp(rule, 0, g, xv, yv)],
    );
  }
  return Y!.tape.recordOp(
    v,
    Y!,
    null,
    (g) => [bilinearVjp(rule, 1, g, xv, yv)],
  );
}

// --------------------------------------------------------- wiring

function u(name: UnaryName) {
  const r = unaryRules[name];
  return (x: unknown) => unary(r, x as Value);
}
function b(name: BinaryName) {
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
  if (x instanceof Box) return "a Box";
  if (x instanceof Promise) return "a Promise";
  if (Array.isArray(x)) return "an array";
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return "an object";
}

export { methodOps, methodsTable };
