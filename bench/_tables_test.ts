import assert from "node:assert/strict";
import {
  type BenchResult,
  contenderOf,
  formatRatio,
  formatTime,
  hessianReport,
  interleavedReport,
  matmulReport,
  memoryReport,
  mlpReport,
  modeReport,
  parseBenchJson,
  scalarReport,
} from "./_tables.ts";

function results(
  group: string,
  times: Record<string, number>,
): BenchResult[] {
  return Object.entries(times).map(([name, avg]) => ({
    group,
    name,
    avg,
    p75: avg,
    iterations: 1,
  }));
}

const names = {
  hand: "hand-written",
  dg: "dualgrade grad",
  tfjs: "tfjs grad (cpu, float32)",
  jax: "jax-js grad (wasm, float64)",
  jit: "jax-js jit(grad) (wasm, float32)",
};

function five(h: number, d: number, t: number, j: number, jj: number) {
  return {
    [names.hand]: h,
    [names.dg]: d,
    [names.tfjs]: t,
    [names.jax]: j,
    [names.jit]: jj,
  };
}

Deno.test("formatTime picks a unit with three significant digits", () => {
  assert.equal(formatTime(28.84), "28.8 ns");
  assert.equal(formatTime(1523), "1.52 µs");
  assert.equal(formatTime(85_012_345), "85.0 ms");
  assert.equal(formatTime(2.5e9), "2.50 s");
});

Deno.test("formatRatio rounds large ratios and keeps small ones", () => {
  assert.equal(formatRatio(12620.4), "12620×");
  assert.equal(formatRatio(4.851), "4.85×");
  assert.equal(formatRatio(0.0123), "0.012×");
  assert.equal(formatRatio(NaN), "–");
});

Deno.test("contenderOf reads the bench names of both files", () => {
  assert.equal(contenderOf("hand-written"), "hand");
  assert.equal(contenderOf("dualgrade grad"), "dualgrade");
  assert.equal(contenderOf("dualgrade hessian"), "dualgrade");
  assert.equal(
    contenderOf("dualgrade hyper-duals (forced)"),
    "dualgradeHyper",
  );
  assert.equal(contenderOf("jax-js hessian (wasm, float64)"), "jax");
  assert.equal(contenderOf("tfjs grads (cpu, float32)"), "tfjs");
  assert.equal(contenderOf("jax-js grad (wasm, float64)"), "jax");
  assert.equal(contenderOf("jax-js jit(grad) (wasm, float32)"), "jaxJit");
  assert.equal(contenderOf("something else"), undefined);
});

Deno.test("parseBenchJson keeps mean times and refuses failed benches", () => {
  const ok = {
    runtime: "Deno/2.9.6",
    cpu: "cpu",
    benches: [{
      group: "g",
      name: "hand-written",
      results: [{ ok: { n: 10, avg: 12.5, p75: 12 } }],
    }],
  };
  const parsed = parseBenchJson(JSON.stringify(ok));
  assert.equal(parsed.runtime, "Deno/2.9.6");
  assert.deepEqual(parsed.results, [
    { group: "g", name: "hand-written", avg: 12.5, p75: 12, iterations: 10 },
  ]);
  const failed = { ...ok, benches: [{ ...ok.benches[0], results: [{}] }] };
  assert.throws(
    () => parseBenchJson(JSON.stringify(failed)),
    /Benchmark failed: g \/ hand-written/,
  );
});

Deno.test("scalarReport states ratios and whether the goals are met", () => {
  const md = scalarReport([
    ...results("ex1", five(10, 15, 3000, 4000, 1000)),
    ...results("ex4", five(20, 100, 50_000, 60_000, 20_000)),
  ]);
  assert.match(
    md,
    /\| ex1 \| 10\.0 ns \| 15\.0 ns \| 1\.50× \| 3\.00 µs \| 200× /,
  );
  // geometric mean of 1.5 and 5 is √7.5 = 2.74
  assert.match(
    md,
    /geometric mean over the functions": 2\.74× — met; on the way to 2×: not met \(worst single function 5\.00×\)/,
  );
  assert.match(md, /slowest margins 200× \(tfjs\), 267× \(jax-js\) — met/);
  assert.match(md, /jit\(grad\).*slowest margin 66\.7×/);
});

Deno.test("matmulReport finds where dualgrade stops beating each peer", () => {
  const md = matmulReport([
    ...results("matmul 2x3.3x2", five(1, 10, 500, 600, 50)),
    ...results("matmul n=2", five(1, 10, 500, 600, 5)),
    ...results("matmul n=4", five(1, 20, 500, 600, 50)),
    ...results("matmul n=8", five(1, 400, 500, 600, 60)),
    ...results("matmul n=16", five(1, 4000, 700, 650, 70)),
  ]);
  assert.match(md, /\| 2×3 · 3×2 \| /);
  assert.match(
    md,
    /tfjs \(cpu, f32\): dualgrade stops beating it at n = 16 \(faster up to n = 8\)/,
  );
  assert.match(
    md,
    /jax-js jit \(wasm, f32 math\): dualgrade is already slower at n = 2 \(2\.00× the time\)/,
  );
  assert.match(
    md,
    /smallest margins 1\.25× \(tfjs\), 1\.50× \(jax-js float64\) — not met/,
  );
  assert.match(
    md,
    /"faster than tfjs at every size": smallest margin 0\.17× \(matmul n=16\) — not met/,
  );
});

Deno.test("mlpReport states the tfjs and hand-written goals", () => {
  const md = mlpReport([
    ...results("mlp H=2", five(10, 15, 300, 400, 100)),
    ...results("mlp H=64", five(100, 250, 300, 400, 100)),
  ]);
  assert.match(md, /\| 64 \| 100 ns \| 250 ns \| 2\.50× \| 300 ns \| 1\.20× /);
  assert.match(
    md,
    /"faster than tfjs at every size": smallest margin 1\.20× \(mlp H=64\) — met/,
  );
  assert.match(
    md,
    /hand-written backpropagation in these means: worst ratio 2\.50×\. The goal is read from the interleaved table/,
  );
});

Deno.test("hessianReport measures the speed-up over hyper-duals from N = 16", () => {
  const hess = (h: number, d: number, hyper: number, jax: number) => ({
    "hand-written": h,
    "dualgrade hessian": d,
    "dualgrade hyper-duals (forced)": hyper,
    "jax-js hessian (wasm, float64)": jax,
  });
  const md = hessianReport([
    ...results("hessian N=8", hess(1, 10, 20, 50)),
    ...results("hessian N=16", hess(1, 10, 200, 50)),
    ...results("hessian N=32", hess(1, 20, 150, 50)),
  ]);
  assert.match(
    md,
    /\| 8 \| 1\.00 ns \| 10\.0 ns \| 10\.0× \| 20\.0 ns \| 2\.00× /,
  );
  assert.match(md, /from N = 16": smallest speed-up 7\.50× — not met/);
  assert.match(
    md,
    /jax-js hessian: smallest margin 2\.50× \(hessian N=32\) — met/,
  );
});

Deno.test("memoryReport prints one row per contender", () => {
  const md = memoryReport([{
    contender: "dualgrade",
    name: "dualgrade grad",
    n: 32,
    iterations: 20,
    msPerGradient: 90,
    rssPeakOverBeforeMiB: 37.9,
    heapMaxOverBeforeMiB: 57.7,
    rssPeakMiB: 164.2,
    peakResetAfterSetup: true,
  }], "n = 32");
  assert.match(
    md,
    /\| dualgrade grad \| 37\.9 MiB \| 57\.7 MiB \| 164\.2 MiB \| 90 \|/,
  );
});

Deno.test("modeReport finds where reverse mode is first faster", () => {
  const both = (f: number, r: number) => ({
    "forward mode": f,
    "reverse mode": r,
  });
  const md = modeReport([
    ...results("mode tensor n=4", both(10, 20)),
    ...results("mode tensor n=8", both(30, 20)),
    ...results("mode list n=4", both(10, 40)),
    ...results("mode list n=8", both(20, 40)),
  ], 12);
  assert.match(
    md,
    /\| Σ sin\(x\)·x of a Tensor \| 8 \| 30\.0 ns \| 20\.0 ns \| 1\.50× \|/,
  );
  assert.match(
    md,
    /first faster at n = 8 for the tensor function and at no size measured for the list of numbers; `grad` switches to reverse above 12/,
  );
});

Deno.test("modeReport gives the Hessian-vector product rows their crossover line", () => {
  const both = (f: number, r: number) => ({
    "forward mode": f,
    "reverse mode": r,
  });
  const md = modeReport(
    [
      ...results("mode hvp n=2", both(30, 40)),
      ...results("mode hvp n=4", both(30, 20)),
      ...results("mode hvplist n=2", both(30, 20)),
    ],
    12,
    1,
  );
  assert.match(
    md,
    /\| H·v of Σ sin\(x\)·x \| 4 \| 30\.0 ns \| 20\.0 ns \| 1\.50× \|/,
  );
  assert.match(
    md,
    /Hessian-vector products: forward over reverse is first faster at n = 4 for the tensor function and at n = 2 for the list; `hessianVectorProduct` uses it above 1 input element\./,
  );
});

Deno.test("interleavedReport states the network's 2× goal per size", () => {
  const md = interleavedReport([
    { what: "network", size: "2 hidden units", hand: 4, dualgrade: 12 },
    { what: "network", size: "64 hidden units", hand: 170, dualgrade: 220 },
    { what: "mean(W·V)", size: "n=8", hand: 1.5, dualgrade: 4.5 },
  ]);
  assert.match(
    md,
    /\| network \| 2 hidden units \| 4\.00 µs \| 12\.0 µs \| 3\.00× \|/,
  );
  assert.match(
    md,
    /\| mean\(W·V\) \| n=8 \| 1\.50 µs \| 4\.50 µs \| 3\.00× \|/,
  );
  assert.match(
    md,
    /not met at 2 hidden units \(3\.00×\); met at the other sizes\./,
  );
  const ok = interleavedReport([
    { what: "network", size: "8 hidden units", hand: 20, dualgrade: 30 },
  ]);
  assert.match(ok, /met at every size \(worst 1\.50×\)/);
});
