// The compact one-tangent dual against the other lifts of the same rows and
// against finite differences: for every unary and binary row of the table,
// a ScalarDual gives the value and tangent that a Dual with one numeric
// partial gives, bit for bit, the ε1 part of a hyper-dual and the reverse
// mode's gradient (the same numbers, ±0 aside), and central differences
// of the plain function. Then nesting, tags and how it presents itself.
import assert from "node:assert/strict";
import {
  deriv,
  Dual,
  elementwiseGrad,
  grad,
  HyperDual,
  jvp,
  np,
  valueAndGrad,
} from "../mod.ts";
import { binaryRules, unaryRules } from "./rules.ts";
import {
  bothNumbers,
  bothScalar,
  leftNumbers,
  leftScalar,
  rightNumbers,
  rightScalar,
  ScalarDual,
  unaryNumbers,
  unaryScalar,
} from "./scalar_dual.ts";
import { assertClose, centralDiff } from "./_assert_close.ts";
import { newTag, withTag } from "./tags.ts";
import { describe } from "./ops.ts";

// deno-lint-ignore no-explicit-any
const NP = np as unknown as Record<string, (...a: any[]) => any>;

/** Points inside each unary op's domain, both signs where it has them. */
function unaryPoints(name: string): number[] {
  if (name === "arccosh") return [1.25, 2.5, 7];
  if (["sqrt", "log", "log2", "log10"].includes(name)) return [0.3, 1.7, 9];
  if (["arcsin", "arccos", "arctanh"].includes(name)) return [-0.7, 0.2, 0.55];
  if (name === "log1p") return [-0.6, 0.4, 3];
  return [-2.3, -0.4, 0.65, 1.9];
}

/** [x, y] pairs inside each binary op's domain, away from ties and origins. */
function binaryPoints(name: string): [number, number][] {
  if (name === "power") {
    return [[0.7, 2.5], [3, 2], [1.9, -1.25], [-1.5, 3], [-2, 2]];
  }
  return [[-1.7, 0.6], [0.45, 2.2], [3.1, -0.8], [-0.9, -2.6]];
}

/** The same number, where +0 and −0 count as one (sums may differ there). */
function sameNumber(a: number, b: number, where: string): void {
  if (a === b || (a !== a && b !== b)) return;
  assert.fail(`${where}: ${a} differs from ${b}`);
}

/** Bit for bit: Object.is, so −0 and +0 differ and NaN equals NaN. */
function identical(a: unknown, b: unknown, where: string): void {
  assert.ok(Object.is(a, b), `${where}: ${a} is not bit-identical to ${b}`);
}

const TANGENTS = [1, -0.75];

function isCompact(x: unknown): boolean {
  return x instanceof ScalarDual;
}

for (const name of Object.keys(unaryRules)) {
  Deno.test(`scalar dual: ${name} equals the Dual, hyper-dual and reverse lifts and finite differences`, () => {
    const op = NP[name];
    for (const x of unaryPoints(name)) {
      for (const t of TANGENTS) {
        const tag = newTag();
        withTag(tag, () => {
          const c = op(new ScalarDual(tag, x, t));
          assert.ok(c instanceof ScalarDual, `${name}(${x}) stays compact`);
          const w = op(new Dual(tag, x, [t])) as Dual;
          identical(c.v, w.v, `${name}(${x}) value`);
          identical(c.v, op(x), `${name}(${x}) value against the number`);
          identical(c.t, w.d[0], `${name}(${x}) tangent ${t}`);
          const h = op(new HyperDual(x, t, 0, 0, 1)) as HyperDual;
          sameNumber(c.t, h.b as number, `${name}(${x}) against ε1`);
        });
      }
      const g = grad(op)(x);
      const r = grad(op, 0, { mode: "reverse" })(x);
      sameNumber(g, r, `${name}′(${x}) against reverse mode`);
      assertClose(g, centralDiff(op, x), {
        rtol: 1e-6,
        atol: 1e-8,
      }, `${name}′(${x}) against finite differences`);
    }
  });
}

for (const name of Object.keys(binaryRules)) {
  Deno.test(`scalar dual: ${name} in its three forms equals the Dual and hyper-dual lifts and finite differences`, () => {
    const op = NP[name];
    for (const [x, y] of binaryPoints(name)) {
      for (const t of TANGENTS) {
        const tag = newTag();
        withTag(tag, () => {
          const sx = new ScalarDual(tag, x, t), sy = new ScalarDual(tag, y, -t);
          const dx = new Dual(tag, x, [t]), dy = new Dual(tag, y, [-t]);
          const hx = new HyperDual(x, t, 0, 0, 1);
          const hy = new HyperDual(y, -t, 0, 0, 1);
          const forms: [string, unknown, unknown, unknown][] = [
            ["dual, number", op(sx, y), op(dx, y), op(hx, y)],
            ["number, dual", op(x, sy), op(x, dy), op(x, hy)],
            ["dual, dual", op(sx, sy), op(dx, dy), op(hx, hy)],
          ];
          for (const [form, c, w, h] of forms) {
            const where = `${name}(${x}, ${y}) as ${form}, tangent ${t}`;
            assert.ok(c instanceof ScalarDual, `${where} stays compact`);
            identical(c.v, (w as Dual).v, `${where}: value`);
            identical(c.v, op(x, y), `${where}: value against the numbers`);
            identical(c.t, (w as Dual).d[0], `${where}: tangent`);
            sameNumber(c.t, (h as HyperDual).b as number, `${where}: ε1`);
          }
        });
      }
      const fx = (u: number) => op(u, y), fy = (u: number) => op(x, u);
      const tol = { rtol: 1e-6, atol: 1e-8 };
      assertClose(grad(fx)(x), centralDiff(fx, x), tol, `∂${name}/∂x`);
      assertClose(grad(fy)(y), centralDiff(fy, y), tol, `∂${name}/∂y`);
      const both = (u: number) => op(u, np.multiply(u, y / x));
      assertClose(grad(both)(x), centralDiff(both, x), tol, `${name} of both`);
    }
  });
}

Deno.test("scalar dual: a zero tangent stays exactly 0 where the derivative is infinite or NaN", () => {
  const tag = newTag();
  withTag(tag, () => {
    identical(np.sqrt(new ScalarDual(tag, 0, 0)).d[0], 0, "sqrt at 0");
    identical(np.log(new ScalarDual(tag, 0, 0)).d[0], 0, "log at 0");
    const p = np.power(new ScalarDual(tag, 0, 0), new ScalarDual(tag, 0.5, 1));
    identical((p as Dual).d[0], 0, "0^y along y");
  });
});

Deno.test("scalar dual: grad, deriv, valueAndGrad, elementwiseGrad and jvp seed it at a number", () => {
  const seen: string[] = [];
  const f = (x: unknown) => {
    seen.push(x instanceof ScalarDual ? "compact" : describe(x));
    return np.multiply(x as number, np.sin(x as number));
  };
  const x = 0.8, want = Math.sin(x) + x * Math.cos(x);
  assertClose(grad(f)(x), want, { rtol: 1e-15 });
  assertClose(deriv(f)(x), want, { rtol: 1e-15 });
  assertClose(valueAndGrad(f)(x)[1], want, { rtol: 1e-15 });
  assertClose(elementwiseGrad(f)(x), want, { rtol: 1e-15 });
  assertClose(jvp(f)(x, 2)[1], 2 * want, { rtol: 1e-15 });
  assertClose(grad((_a: number, b: number) => f(b), 1)(9, x), want, {
    rtol: 1e-15,
  });
  assert.deepEqual(seen, Array(6).fill("compact"));
});

Deno.test("scalar dual: nested derivatives keep their tags apart (d/dx [x · d/dy (x + y)] at 1 is 1)", () => {
  const kinds: boolean[] = [];
  const inner = (x: number) =>
    deriv((y: number) => {
      kinds.push(isCompact(x), isCompact(y));
      return np.add(x, y);
    })(1);
  const outer = deriv((x: number) => np.multiply(x, inner(x)));
  assert.equal(outer(1), 1);
  assert.deepEqual(kinds, [true, true], "both levels were compact");
  // The same with grad, and the second derivative of x³ through two levels.
  assert.equal(grad((x: number) => np.multiply(x, inner(x)))(1), 1);
  const cube = (x: number) => np.power(x, 3);
  assert.equal(grad(grad(cube))(2), 12);
  assert.equal(deriv(deriv(deriv(cube)))(2), 6);
  // An outer compact dual inside an inner derivative is a constant there.
  const mixed = grad((a: number) =>
    grad((b: number) => np.multiply(np.sin(a), np.power(b, 2)))(3)
  );
  assertClose(mixed(0.4), 6 * Math.cos(0.4), { rtol: 1e-15 });
});

Deno.test("scalar dual: is a Dual to the outside world", () => {
  const tag = newTag();
  const x = new ScalarDual(tag, 3, 1);
  assert.ok(x instanceof Dual);
  assert.equal(x.constructor, Dual);
  assert.equal(x.kind, "Dual");
  assert.deepEqual(x.d, [1]);
  assert.equal(x.value, 3);
  assert.deepEqual(x.shape, []);
  assert.equal(String(withTag(tag, () => np.power(x, 2))), "Dual(9, [6])");
  assert.equal(describe(x), "a Dual");
  assert.throws(() => Number(x), /np\.subtract/);
});

Deno.test("scalar dual: a value kept from one grad call is refused by the next", () => {
  let kept: unknown;
  grad((x: number) => {
    kept = x;
    return np.square(x);
  })(2);
  assert.ok(kept instanceof ScalarDual);
  assert.throws(
    () => grad((_x: number) => kept as number)(1),
    /escaped from another grad call/,
  );
});

Deno.test("scalar dual: a short list of numbers under grad (duals of numbers) against finite differences", () => {
  const f = ([x, y, z]: number[]) =>
    np.multiply(np.multiply(np.power(x, 2), y), np.power(3, z));
  const p = [3, -1, 2];
  const g = grad(f)(p) as number[];
  const h = 6e-6;
  for (let i = 0; i < 3; i++) {
    const at = (d: number) => f(p.map((v, j) => (j === i ? v + d : v)));
    assertClose(g[i], (at(h) - at(-h)) / (2 * h), { rtol: 1e-8 });
  }
  // exact against the closed form
  const t = Math.pow(3, 2);
  assert.deepEqual(g, [2 * 3 * -1 * t, 9 * t, 9 * -1 * t * Math.log(3)]);
  assertClose(grad(f, 0, { mode: "reverse" })(p), g, { rtol: 1e-15 });
});

// np's generated functions run numbers, compact duals and duals of numbers
// inline (scripts/gen_np.ts); the hand-written helpers below are what they
// stand for. Bit for bit, every row, every form, zero partials included,
// and a dual whose partial is itself a dual (a nested derivative) must
// leave the inline path for the general lift.
Deno.test("np's inline fast paths equal the hand-written helpers bit for bit, every row and form", () => {
  const tag = newTag();
  const partials = [[1, 0, -0.75], [0, 0, 0], [-0, 2.5, 1e-300]];
  const same = (a: Dual, b: Dual | undefined, where: string) => {
    assert.ok(b !== undefined, `${where}: the helper declined`);
    identical(a.v, b.v, `${where}: value`);
    assert.equal(a.d.length, b.d.length, `${where}: width`);
    a.d.forEach((p, i) => identical(p, b.d[i], `${where}: partial ${i}`));
  };
  withTag(tag, () => {
    for (const [name, r] of Object.entries(unaryRules)) {
      for (const x of unaryPoints(name)) {
        for (const t of [...TANGENTS, 0]) {
          const s = new ScalarDual(tag, x, t);
          same(NP[name](s), unaryScalar(r, s), `${name}(${x}) compact, ${t}`);
        }
        for (const d of partials) {
          const w = new Dual(tag, x, d.slice());
          same(NP[name](w), unaryNumbers(r, w), `${name}(${x}) of ${d}`);
        }
      }
    }
    for (const [name, r] of Object.entries(binaryRules)) {
      for (const [x, y] of binaryPoints(name)) {
        for (const t of [...TANGENTS, 0]) {
          const sx = new ScalarDual(tag, x, t),
            sy = new ScalarDual(tag, y, 0.5);
          const at = `${name}(${x}, ${y}) compact, ${t}`;
          same(NP[name](sx, y), leftScalar(r, sx, y), `${at} left`);
          same(NP[name](x, sy), rightScalar(r, x, sy), `${at} right`);
          same(NP[name](sx, sy), bothScalar(r, sx, sy), `${at} both`);
        }
        for (const d of partials) {
          const wx = new Dual(tag, x, d.slice());
          const wy = new Dual(tag, y, d.map((p) => -2 * p));
          const at = `${name}(${x}, ${y}) of ${d}`;
          same(NP[name](wx, y), leftNumbers(r, wx, y), `${at} left`);
          same(NP[name](x, wy), rightNumbers(r, x, wy), `${at} right`);
          same(NP[name](wx, wy), bothNumbers(r, wx, wy), `${at} both`);
        }
      }
    }
  });
  // A partial that is an outer derivative's dual: the inline loops decline
  // and the general lift carries it (d/dx of x · d/dy[x·y] with both
  // derivatives of a list: 2x).
  const f = ([x]: number[]) =>
    np.multiply(x, grad(([y]: number[]) => np.multiply(x, y))([1])[0]);
  assert.deepEqual(grad(f)([3]), [6]);
});

Deno.test("list gradients: the seeds' shared partials never reach the caller (a returned seed is copied)", () => {
  const pick = grad(([x, _y]: number[]) => x);
  const first = pick([3, 4]) as number[];
  assert.deepEqual(first, [1, 0]);
  first[0] = 99; // the caller owns what it gets
  assert.deepEqual(pick([5, 6]), [1, 0]);
  const g = grad(([x, y]: number[]) => np.multiply(x, y));
  assert.deepEqual(g([3, 4]), [4, 3]);
});
