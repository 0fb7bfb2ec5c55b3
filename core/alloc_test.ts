// The scratch buffer of backward passes: arrays drawn from it are reused by
// the next pass (so nothing drawn may outlive one), and retiring it leaves
// what was drawn untouched.
import assert from "node:assert/strict";
import {
  f64,
  inScratch,
  retireScratch,
  startScratch,
  stopScratch,
} from "./_alloc.ts";

Deno.test("alloc: scratch arrays start zeroed, are reused by the next pass, and not after retiring", () => {
  assert.ok(startScratch());
  assert.equal(startScratch(), false, "a pass in progress is not restarted");
  const a = f64(3);
  assert.ok(inScratch(a));
  assert.deepEqual([...a], [0, 0, 0]);
  a.fill(7);
  stopScratch();
  const outside = f64(3);
  assert.equal(inScratch(outside), false);
  // the next pass zeroes and hands out the same memory
  assert.ok(startScratch());
  const b = f64(3);
  assert.deepEqual([...b], [0, 0, 0]);
  assert.deepEqual([...a], [0, 0, 0], "a was reused");
  b.fill(5);
  stopScratch();
  retireScratch();
  assert.equal(inScratch(b), false);
  assert.ok(startScratch());
  const c = f64(3);
  c.fill(1);
  stopScratch();
  assert.deepEqual([...b], [5, 5, 5], "a retired buffer is left alone");
  // what does not fit comes from the slabs
  assert.ok(startScratch());
  const big = f64(1 << 16);
  stopScratch();
  assert.equal(inScratch(big), false);
  assert.equal(big.length, 1 << 16);
});
