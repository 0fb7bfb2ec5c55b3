// Test support for core: numpy-isclose comparison of numbers, nested arrays,
// typed arrays, plain objects and Tensors, a seeded PRNG, and central finite
// differences. Written without the code under test (a Tensor is read only
// through its shape and data).
import { AssertionError } from "node:assert/strict";
import { Tensor } from "./tensor.ts";

/** Closeness as numpy's `isclose`, with `expected` as `b`. */
export interface Closeness {
  /** Relative tolerance; 1e-12 by default. */
  rtol?: number;
  /** Absolute tolerance; 0 by default. */
  atol?: number;
}

/** Whether two numbers are close: NaN only to NaN, ±Infinity only to itself. */
export function isCloseNumber(
  a: number,
  e: number,
  rtol: number,
  atol: number,
): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  if (!Number.isFinite(a)) return false;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

function show(x: unknown): string {
  if (x instanceof Tensor) {
    return `Tensor(shape [${x.shape.join(", ")}], [${
      Array.from(x.data).join(", ")
    }])`;
  }
  if (typeof x === "number") return String(x);
  try {
    return JSON.stringify(
      x,
      (_k, v) =>
        typeof v === "number" && !Number.isFinite(v)
          ? String(v)
          : ArrayBuffer.isView(v)
          ? Array.from(v as unknown as ArrayLike<number>)
          : v,
    );
  } catch {
    return String(x);
  }
}

/** The first mismatch between actual and expected, or null when close. */
function mismatch(
  a: unknown,
  e: unknown,
  rtol: number,
  atol: number,
  path: string,
): string | null {
  if (e instanceof Tensor) {
    if (!(a instanceof Tensor)) {
      return `${path}: expected a Tensor of shape [${e.shape}], got ${show(a)}`;
    }
    if (a.shape.join() !== e.shape.join()) {
      return `${path}: shape [${a.shape}] differs from expected [${e.shape}]`;
    }
    for (let i = 0; i < e.size; i++) {
      if (!isCloseNumber(a.data[i], e.data[i], rtol, atol)) {
        return `${path}.data[${i}]: got ${a.data[i]}, expected ${e.data[i]}`;
      }
    }
    return null;
  }
  if (a instanceof Tensor) {
    // A tensor compared with nested arrays or a number: compare its nesting.
    return mismatch(nested(a), e, rtol, atol, path);
  }
  if (typeof e === "number") {
    if (typeof a !== "number") {
      return `${path}: expected the number ${e}, got ${show(a)}`;
    }
    return isCloseNumber(a, e, rtol, atol)
      ? null
      : `${path}: got ${a}, expected ${e} (difference ${Math.abs(a - e)})`;
  }
  if (ArrayBuffer.isView(e)) {
    const ea = Array.from(e as unknown as ArrayLike<number>);
    const aa = ArrayBuffer.isView(a)
      ? Array.from(a as unknown as ArrayLike<number>)
      : a;
    return mismatch(aa, ea, rtol, atol, path);
  }
  if (Array.isArray(e)) {
    const aa = ArrayBuffer.isView(a)
      ? Array.from(a as unknown as ArrayLike<number>)
      : a;
    if (!Array.isArray(aa)) {
      return `${path}: expected an array of length ${e.length}, got ${show(a)}`;
    }
    if (aa.length !== e.length) {
      return `${path}: length ${aa.length} differs from expected ${e.length}`;
    }
    for (let i = 0; i < e.length; i++) {
      const m = mismatch(aa[i], e[i], rtol, atol, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (typeof e === "object" && e !== null) {
    if (typeof a !== "object" || a === null || Array.isArray(a)) {
      return `${path}: expected an object, got ${show(a)}`;
    }
    const ek = Object.keys(e).sort(), ak = Object.keys(a).sort();
    if (ek.join() !== ak.join()) {
      return `${path}: keys [${ak}] differ from expected [${ek}]`;
    }
    for (const k of ek) {
      const m = mismatch(
        (a as Record<string, unknown>)[k],
        (e as Record<string, unknown>)[k],
        rtol,
        atol,
        `${path}.${k}`,
      );
      if (m) return m;
    }
    return null;
  }
  return Object.is(a, e)
    ? null
    : `${path}: got ${show(a)}, expected ${show(e)}`;
}

function nested(t: Tensor): unknown {
  if (t.shape.length === 0) return t.data[0];
  const rec = (axis: number, offset: number): unknown[] => {
    const inner = t.shape.slice(axis + 1).reduce((p, s) => p * s, 1);
    const out: unknown[] = [];
    for (let i = 0; i < t.shape[axis]; i++) {
      out.push(
        axis === t.shape.length - 1
          ? t.data[offset + i]
          : rec(axis + 1, offset + i * inner),
      );
    }
    return out;
  };
  return rec(0, 0);
}

/**
 * Asserts `actual` is close to `expected` element by element (numpy isclose,
 * `expected` as `b`): numbers, nested arrays, typed arrays, plain objects and
 * Tensors (shapes must match).
 */
export function assertClose(
  actual: unknown,
  expected: unknown,
  tol: Closeness = {},
  message?: string,
): void {
  const rtol = tol.rtol ?? 1e-12, atol = tol.atol ?? 0;
  const m = mismatch(actual, expected, rtol, atol, "value");
  if (m) {
    throw new AssertionError({
      message:
        `${message ? message + ": " : ""}${m} (rtol ${rtol}, atol ${atol})` +
        `\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`,
      actual,
      expected,
    });
  }
}

/** mulberry32: a tiny seeded PRNG giving numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [lo, hi) from `rng`. */
export function uniform(rng: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** `n` uniform numbers in [lo, hi). */
export function uniforms(
  rng: () => number,
  n: number,
  lo: number,
  hi: number,
): number[] {
  return Array.from({ length: n }, () => uniform(rng, lo, hi));
}

/** The finite-difference step used at `x`: 6e-6·max(1, |x|). */
export function step(x: number): number {
  return 6e-6 * Math.max(1, Math.abs(x));
}

/** Central finite difference of a scalar function at `x`. */
export function centralDiff(f: (x: number) => number, x: number): number {
  const h = step(x);
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * Central finite differences of `f` at each element of `x` (flat data of
 * some shape): the partials of a scalar function, or for a vector function
 * (returning flat arrays of length m) an m × n Jacobian, row-major.
 */
export function fdGradient(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const h = step(x[i]);
    const p = Float64Array.from(x), m = Float64Array.from(x);
    p[i] += h;
    m[i] -= h;
    out.push((f(p) - f(m)) / (2 * h));
  }
  return out;
}

/** Central finite-difference Jacobian (m outputs × n inputs, nested rows). */
export function fdJacobian(
  f: (x: Float64Array) => ArrayLike<number>,
  x: ArrayLike<number>,
): number[][] {
  const cols: number[][] = [];
  for (let i = 0; i < x.length; i++) {
    const h = step(x[i]);
    const p = Float64Array.from(x), m = Float64Array.from(x);
    p[i] += h;
    m[i] -= h;
    const fp = f(p), fm = f(m);
    cols.push(Array.from(fp, (v, j) => (v - fm[j]) / (2 * h)));
  }
  const m = cols.length ? cols[0].length : 0;
  return Array.from({ length: m }, (_, j) => cols.map((c) => c[j]));
}
