// Trees of arguments: flattening, rebuilding, and the paths that messages
// name, pinned as literal strings (written out here, not built by the code
// under test).
import assert from "node:assert/strict";
import { grad, jacobian, jvp, np, Tensor, valueAndGrad } from "../mod.ts";
import { flattenTree } from "./tree.ts";

const BAD = "the argument being differentiated must hold only numbers, " +
  "Tensors, typed arrays, and arrays or plain objects of these";

function throwsWith(f: () => unknown, message: string) {
  assert.throws(f, (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
}

Deno.test("tree: paths name object keys, quoted keys and array positions", () => {
  const flat = flattenTree(
    [3, { y: 2, "a-b": [1, Float64Array.of(4)], $ok_1: 5, "": 6 }],
    "args[0]",
  );
  assert.deepEqual(flat.leaves.map((l) => l.path), [
    "args[0][0]",
    "args[0][1].y",
    'args[0][1]["a-b"][0]',
    'args[0][1]["a-b"][1]',
    "args[0][1].$ok_1",
    'args[0][1][""]',
  ]);
  assert.deepEqual(flat.leaves.map((l) => l.offset), [0, 1, 2, 3, 4, 5]);
  assert.equal(flat.size, 6);
  const back = flat.rebuild([
    10,
    20,
    30,
    new Tensor([1], Float64Array.of(40)),
    50,
    60,
  ]);
  assert.deepEqual(back, [
    10,
    { y: 20, "a-b": [30, Float64Array.of(40)], $ok_1: 50, "": 60 },
  ]);
});

Deno.test("tree: rebuilding keeps key order, and a typed array leaf comes back typed", () => {
  const flat = flattenTree(
    { b: Float32Array.of(1, 2), a: [np.array([1, 2])] },
    "x",
  );
  const back = flat.rebuild([
    new Tensor([2], Float64Array.of(3, 4)),
    new Tensor([2], Float64Array.of(5, 6)),
  ]) as { b: Float64Array; a: Tensor[] };
  assert.deepEqual(Object.keys(back), ["b", "a"]);
  assert.ok(back.b instanceof Float64Array);
  assert.deepEqual([...back.b], [3, 4]);
  assert.ok(back.a[0] instanceof Tensor);
  // a fresh structure every time
  assert.notEqual(flat.rebuild([1, 2]), flat.rebuild([1, 2]));
});

Deno.test("tree: a bad leaf is named by its path in grad, valueAndGrad, jacobian and jvp", () => {
  const f = (p: unknown) => np.sum(p as number[]);
  const f2 = (_a: unknown, p: unknown) => np.sum(p as number[]);
  throwsWith(
    () => grad(f)({ W: np.ones([2]), b: "x" }),
    `grad: args[0].b is a string; ${BAD}`,
  );
  throwsWith(
    () => grad(f2, 1)(0, [1, { "a b": null }]),
    `grad: args[1][1]["a b"] is null; ${BAD}`,
  );
  throwsWith(
    () => valueAndGrad(f2, [0, 1])([1, 2], { k: [undefined] }),
    `valueAndGrad: args[1].k[0] is undefined; ${BAD}`,
  );
  throwsWith(
    () => grad(f, 0, { mode: "reverse" })({ W: [1, new Map()] }),
    `grad: args[0].W[1] is an object; ${BAD}`,
  );
  throwsWith(
    () => jacobian(f)([1, true]),
    `jacobian: args[0][1] is a boolean; ${BAD}`,
  );
  throwsWith(
    () => jvp(f)({ a: np.ones([2]) }, { a: np.ones([3]) }),
    "jvp: vector.a has shape (3,) but args[0].a has (2,)",
  );
});
