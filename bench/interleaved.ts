/**
 * Hand-written against dualgrade, side by side in one process and
 * interleaved: for each size, both contenders are warmed up, then timed in
 * alternating batches (about 10 ms each, 15 rounds), and each keeps its
 * fastest batch. A batch's mean includes the garbage collection its own
 * allocations cause; taking the fastest of 15 drops the time other processes
 * took from this one, which on a shared machine swamps `deno bench`'s means.
 * The network (2 … 64 hidden units) and mean(W·V) (n = 2 … 64), each
 * checked against the hand-written gradient first.
 *
 * Run: `deno run -A bench/interleaved.ts` (prints JSON lines; `deno task
 * bench:report` turns them into a table). Each size runs in a process of
 * its own (`deno run -A bench/interleaved.ts network 2` or `matmul n=8`
 * runs one).
 *
 * @module
 */
import { gradientFor, handGradient, inputsFor, SIZES } from "./_matmul.ts";
import { HIDDEN, mlpGradientFor } from "./_mlp.ts";
import { assertClose, RTOL, WARM_UP_MS } from "./_peers.ts";

/** One size's fastest batch per contender, in µs per gradient. */
export interface InterleavedResult {
  /** "network" or "mean(W·V)". */
  what: string;
  /** The size's label (hidden units or n). */
  size: string;
  /** Hand-written, µs per gradient. */
  hand: number;
  /** dualgrade, µs per gradient. */
  dualgrade: number;
}

type Gradient = () => ArrayLike<number>[];

let sink = 0;

function batch(f: Gradient, iters: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) sink += f()[0][0];
  return (performance.now() - t0) / iters * 1000;
}

function calibrate(f: Gradient): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < WARM_UP_MS) {
    f();
    n++;
  }
  // calls in about 10 ms
  return Math.max(1, Math.ceil(n * 10 / WARM_UP_MS));
}

/** The fastest of 15 alternating batches of each contender. */
export function interleave(hand: Gradient, dg: Gradient): [number, number] {
  const nh = calibrate(hand), nd = calibrate(dg);
  let bh = Infinity, bd = Infinity;
  for (let r = 0; r < 15; r++) {
    bh = Math.min(bh, batch(hand, nh));
    bd = Math.min(bd, batch(dg, nd));
  }
  return [bh, bd];
}

/** The network's row for H hidden units, checked against the hand-written gradient first. */
function networkRow(h: number): InterleavedResult {
  const hand = mlpGradientFor("hand", h), dg = mlpGradientFor("dualgrade", h);
  const want = hand().map((a) => Float64Array.from(a));
  dg().forEach((g, i) =>
    assertClose(g, want[i], RTOL.float64, `H=${h} gradient ${i}`)
  );
  const [a, b] = interleave(hand, dg);
  return { what: "network", size: `${h} hidden units`, hand: a, dualgrade: b };
}

/** mean(W·V)'s row for one size, checked against the hand-written gradient first. */
function matmulRow(label: string): InterleavedResult {
  const size = SIZES.find((s) => s.label === label)!;
  const hand = gradientFor("hand", size), dg = gradientFor("dualgrade", size);
  const [wW, wV] = handGradient(...inputsFor(size), size);
  const [gW, gV] = dg();
  assertClose(gW, wW, RTOL.float64, `${size.label} dW`);
  assertClose(gV, wV, RTOL.float64, `${size.label} dV`);
  const [a, b] = interleave(hand, dg);
  return {
    what: "mean(W·V)",
    size: size.label === "2x3.3x2" ? "2×3 · 3×2" : size.label,
    hand: a,
    dualgrade: b,
  };
}

// Each size runs in a process of its own: the hand-written gradients of all
// sizes come from one function literal, and V8 compiles a literal once for
// every closure made from it, so in one process the hand-written network
// got slower after its first size (10.3 µs at 4 hidden units against 6.1 µs
// alone), which flattered dualgrade's ratios from there on.
if (import.meta.main) {
  const [what, size] = Deno.args;
  if (what === "network") console.log(JSON.stringify(networkRow(Number(size))));
  else if (what === "matmul") console.log(JSON.stringify(matmulRow(size)));
  else {
    const cases = [
      ...HIDDEN.map((h) => ["network", String(h)]),
      ...SIZES.map((s) => ["matmul", s.label]),
    ];
    for (const args of cases) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL(import.meta.url).pathname, ...args],
        stdout: "piped",
        stderr: "inherit",
      }).output();
      if (!out.success) {
        throw new Error(`The interleaved run for ${args.join(" ")} failed`);
      }
      console.log(new TextDecoder().decode(out.stdout).trim());
    }
  }
  if (Number.isNaN(sink)) throw new Error("Unreachable: sink is NaN");
}
