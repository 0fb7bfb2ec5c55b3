// The scratch buffer of backward passes: arrays drawn from it are reused by
// the next pass (so nothing drawn may outlive one), and retiring it leaves
// what was drawn untouched. Arrays of up to 32 elements never come from it.
import assert from "node:assert/strict";
import {
  f64,
  inScratch,
  retireScratch,
  startScratch,
  stopScratch,
} from "./_alloc.ts";

const N = 40;
const zeros = new Array(N).fill(0);

Deno.test("alloc: scratch arrays start zeroed, are reused by the next pass, and not after retiring", () => {
  assert.ok(startScratch());
  assert.equal(startScratch(), false, "a pass in progress is not restarted");
  const a = f64(N);
  assert.ok(inScratch(a));
  assert.deepEqual([...a], zeros);
  a.fill(7);
  stopScratch();
  const outside = f64(N);
  assert.equal(inScratch(outside), false);
  // the next pass zeroes and hands out the same memory
  assert.ok(startScratch());
  const b = f64(N);
  assert.deepEqual([...b], zeros);
  assert.deepEqual([...a], zeros, "a was reused");
  b.fill(5);
  stopScratch();
  retireScratch();
  assert.equal(inScratch(b), false);
  assert.ok(startScratch());
  const c = f64(N);
  c.fill(1);
  stopScratch();
  assert.deepEqual(
    [...b],
    new Array(N).fill(5),
    "a retired buffer is left alone",
  );
  // small arrays (a bias's gradient) come from the slabs during a pass too,
  // zeroed, and are not reused by the next one
  assert.ok(startScratch());
  const small = f64(32);
  assert.equal(inScratch(small), false);
  assert.deepEqual([...small], new Array(32).fill(0));
  small.fill(3);
  stopScratch();
  assert.ok(startScratch());
  f64(32).fill(4);
  stopScratch();
  assert.deepEqual([...small], new Array(32).fill(3));
  // what does not fit comes from the slabs
  assert.ok(startScratch());
  const big = f64(1 << 16);
  stopScratch();
  assert.equal(inScratch(big), false);
  assert.equal(big.length, 1 << 16);
});
