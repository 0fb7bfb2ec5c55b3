import assert from "node:assert/strict";
import { np, Tensor } from "../mod.ts";
import {
  compareValues,
  describeValue,
  formatNumber,
  isClose,
  Opaque,
} from "./compare.ts";

const tol = { rtol: 1e-5, atol: 1e-8 };

Deno.test("isClose is numpy's isclose with the reference as b", () => {
  // |a − b| ≤ atol + rtol·|b|: asymmetric, scaled by the reference.
  assert.equal(isClose(100.001, 100, tol), true); // 1e-3 ≤ 1e-8 + 1e-3
  assert.equal(isClose(100.0011, 100, tol), false);
  assert.equal(isClose(0, 1e-9, tol), true);
  assert.equal(isClose(0, 1e-7, tol), false);
  // Asymmetric: the tolerance scales with the reference only.
  const t = { rtol: 0.5, atol: 0 };
  assert.equal(isClose(1, 2, t), true); // 1 ≤ 0.5·2
  assert.equal(isClose(2, 1, t), false); // 1 > 0.5·1
  assert.equal(isClose(1.5, 1, t), true); // 0.5 ≤ 0.5: the boundary is included
});

Deno.test("isClose: NaN matches only NaN, an infinity only itself", () => {
  assert.equal(isClose(NaN, NaN, tol), true);
  assert.equal(isClose(NaN, 1, tol), false);
  assert.equal(isClose(1, NaN, tol), false);
  assert.equal(isClose(Infinity, Infinity, tol), true);
  assert.equal(isClose(-Infinity, -Infinity, tol), true);
  assert.equal(isClose(Infinity, -Infinity, tol), false);
  assert.equal(isClose(1e308, Infinity, tol), false);
  assert.equal(isClose(Infinity, 1e308, { rtol: 1, atol: 1 }), false);
});

Deno.test("compareValues: numbers pass inside the tolerance and fail just outside it", () => {
  const expected = -14;
  const allowed = tol.atol + tol.rtol * 14;
  assert.equal(
    compareValues(expected, expected + allowed * 0.99, tol).ok,
    true,
  );
  const c = compareValues(expected, expected + allowed * 1.5, tol);
  assert.equal(c.ok, false);
  assert.match(
    c.message,
    /^Expected -14, got -13\.99978\d*: the difference 2\.1e-4 exceeds the tolerance 1\.4e-4/,
  );
  assert.match(c.message, /rtol 1e-5, atol 1e-8/);
});

Deno.test("compareValues: arrays, typed arrays and Tensors compare by shape and values", () => {
  const m = np.array([[1, 2, 3], [4, 5, 6]]);
  assert.equal(compareValues(m, [[1, 2, 3], [4, 5, 6]], tol).ok, true);
  assert.equal(compareValues([[1, 2, 3], [4, 5, 6]], m, tol).ok, true);
  assert.equal(compareValues([1, 2], new Float64Array([1, 2]), tol).ok, true);
  assert.equal(
    compareValues(new Float64Array([1, 2]), [1, 2 + 1e-7], tol).ok,
    true,
  );
  const bad = compareValues(m, [[1, 2, 3], [4, 5, 7]], tol);
  assert.equal(bad.ok, false);
  assert.equal(bad.where, "[1, 2]");
  assert.match(
    bad.message,
    /^At \[1, 2\]: expected 6, got 7.*\(1 of 6 elements differ\)$/,
  );
});

Deno.test("compareValues: a shape mismatch names both shapes", () => {
  const c = compareValues(np.zeros([2, 3]), np.zeros([3, 2]), tol);
  assert.equal(c.ok, false);
  assert.equal(c.message, "Expected shape (2, 3), got shape (3, 2)");
  assert.equal(
    compareValues([1, 2, 3], 1, tol).message,
    "Expected shape (3,), got a single number",
  );
  assert.match(
    compareValues([[1, 2], [3, 4]], [[1, 2], [3]], tol).message,
    /got a ragged array/,
  );
});

Deno.test("compareValues: lists of Tensors of different shapes compare element by element", () => {
  const expected = [np.ones([2, 3]), np.ones([3, 2])];
  assert.equal(
    compareValues(expected, [np.ones([2, 3]), np.ones([3, 2])], tol).ok,
    true,
  );
  const c = compareValues(expected, [np.ones([2, 3]), np.zeros([3, 2])], tol);
  assert.equal(c.where, "[1][0, 0]");
  assert.match(c.message, /^At \[1\]\[0, 0\]: expected 1, got 0/);
  assert.equal(
    compareValues(expected, [np.ones([2, 3])], tol).message,
    "Expected an array of length 2, got one of length 1",
  );
});

Deno.test("compareValues: NaN and Infinity in arrays", () => {
  assert.equal(compareValues([NaN, Infinity], [NaN, Infinity], tol).ok, true);
  const c = compareValues([NaN, 1], [1, 1], tol);
  assert.equal(
    c.message,
    "At [0]: expected NaN, got 1 (1 of 2 elements differ)",
  );
  assert.equal(
    compareValues(2, -Infinity, tol).message,
    "Expected 2, got -Infinity",
  );
});

Deno.test("compareValues: the wrong kind of value says what came back", () => {
  assert.equal(
    compareValues(3, "3", tol).message,
    'Expected a number, got the string "3"',
  );
  assert.match(
    compareValues(3, Promise.resolve(3), tol).message,
    /^Expected a number, got a Promise/,
  );
  assert.match(
    compareValues(3, () => 3, tol).message,
    /^Expected a number, got a function/,
  );
  assert.equal(
    compareValues(3, { v: 3 }, tol).message,
    "Expected a number, got an object with keys v",
  );
  assert.equal(
    compareValues(3, undefined, tol).message,
    "Expected a number, got undefined (did the function forget to return?)",
  );
  assert.match(
    compareValues(3, new Opaque("Dual", "a Dual (value 3)"), tol).message,
    /got a Dual \(value 3\)/,
  );
  assert.match(
    compareValues([1, 2], "1,2", tol).message,
    /^Expected an array of shape \(2,\), got the string/,
  );
});

Deno.test("compareValues: a 0-d Tensor counts as a number", () => {
  assert.equal(
    compareValues(2.5, new Tensor([], new Float64Array([2.5])), tol).ok,
    true,
  );
});

Deno.test("compareValues: booleans and strings compare exactly", () => {
  assert.equal(compareValues(false, false, tol).ok, true);
  assert.equal(
    compareValues(false, true, tol).message,
    "Expected the boolean false, got the boolean true",
  );
  assert.equal(
    compareValues(false, 0, tol).message,
    "Expected a boolean, got the number 0",
  );
  assert.equal(compareValues("yes", "yes", tol).ok, true);
  assert.equal(
    compareValues("yes", "Yes", tol).message,
    'Expected the string "yes", got the string "Yes"',
  );
});

Deno.test("compareValues: plain objects compare key by key", () => {
  assert.equal(
    compareValues({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, tol).ok,
    true,
  );
  assert.equal(compareValues({ a: 1 }, { a: 2 }, tol).where, ".a");
  assert.equal(compareValues({ a: 1 }, {}, tol).message, 'Missing the key "a"');
  assert.equal(
    compareValues({ a: 1 }, { a: 1, z: 0 }, tol).message,
    "Unexpected keys z",
  );
});

Deno.test("compareValues: hidden checks never show the expected value", () => {
  const c = compareValues(123.456, 7, tol, { hidden: true });
  assert.equal(c.ok, false);
  assert.doesNotMatch(c.message, /123/);
  assert.match(c.message, /^Got 7, which is not close to the expected value/);
  const arr = compareValues([123.456, 9], [123.456, 8], tol, { hidden: true });
  assert.doesNotMatch(arr.message, /9/);
  assert.equal(arr.where, "[1]");
  const s = compareValues("secret", "guess", tol, { hidden: true });
  assert.doesNotMatch(s.message, /secret/);
});

Deno.test("describeValue and formatNumber", () => {
  assert.equal(describeValue(np.zeros([2, 3])), "a Tensor of shape (2, 3)");
  assert.equal(describeValue([[1, 2], [3, 4]]), "an array of shape (2, 2)");
  assert.equal(describeValue(null), "null");
  assert.equal(describeValue(new Map()), "an object of class Map");
  assert.equal(describeValue(10n), "the bigint 10n: use a number");
  assert.equal(formatNumber(-0), "-0");
  assert.equal(formatNumber(0.1 + 0.2), "0.30000000000000004");
});
