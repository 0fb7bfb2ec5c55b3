/**
 * Peak memory of one contender computing the mean(W·V) gradient at one size
 * (or the two-layer network's gradient at one width),
 * in a process of its own. Prints one JSON line:
 * `{ contender, n, iterations, rssBeforeMiB, rssPeakMiB, heapMaxMiB, … }`.
 *
 * Peak RSS is the kernel's high-water mark (VmHWM), reset after setup
 * through /proc/self/clear_refs, so it covers the gradient calls themselves,
 * including wasm and ArrayBuffer memory; heap is V8's heapUsed + external
 * sampled after every call.
 *
 * Usage: deno run -A bench/_memory.ts <contender> [n=64] [iterations=10] [matmul|mlp]
 *
 * @module
 */
import { type Contender, CONTENDERS, gradientFor, SIZES } from "./_matmul.ts";
import { HIDDEN, mlpGradientFor } from "./_mlp.ts";

const MiB = 1024 * 1024;

/** The kernel's current and peak resident set sizes in bytes. */
function rssFromProc(): { rss: number; peak: number } {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = (key: string) => {
    const m = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
    if (!m) throw new Error(`Cannot read ${key} from /proc/self/status`);
    return Number(m[1]) * 1024;
  };
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** The gradient to probe: mean(W·V) at n×n, or the network with n hidden units. */
function gradientOf(kind: Contender, n: number, which: string) {
  if (which === "mlp") {
    if (!HIDDEN.includes(n)) {
      throw new RangeError(
        `Cannot measure memory: H=${n} is not a benchmarked width (${
          HIDDEN.join(", ")
        })`,
      );
    }
    return mlpGradientFor(kind, n);
  }
  const size = SIZES.find((s) => s.label === `n=${n}`);
  if (!size) {
    throw new RangeError(
      `Cannot measure memory: n=${n} is not a benchmarked size (${
        SIZES.map((s) => s.label).join(", ")
      })`,
    );
  }
  return gradientFor(kind, size);
}

/** Measures `kind` at size n of `which` ("matmul" or "mlp"). */
export function measure(
  kind: Contender,
  n: number,
  iterations: number,
  which = "matmul",
): Record<string, unknown> {
  const f = gradientOf(kind, n, which);
  f(); // warm up: compile, allocate the peers' caches
  const before = Deno.memoryUsage();
  let peakReset = true;
  try {
    Deno.writeTextFileSync("/proc/self/clear_refs", "5");
  } catch {
    peakReset = false;
  }
  const start = rssFromProc();
  let heapMax = before.heapUsed + before.external;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const g = f();
    sink += g[0][0];
    const u = Deno.memoryUsage();
    heapMax = Math.max(heapMax, u.heapUsed + u.external);
  }
  const ms = (performance.now() - t0) / iterations;
  const end = rssFromProc();
  const round = (x: number) => Math.round(x / MiB * 10) / 10;
  return {
    contender: kind,
    name: CONTENDERS[kind],
    case: which,
    n,
    iterations,
    msPerGradient: Math.round(ms * 1000) / 1000,
    rssBeforeMiB: round(start.rss),
    rssPeakMiB: round(end.peak),
    rssPeakOverBeforeMiB: round(end.peak - start.rss),
    peakResetAfterSetup: peakReset,
    heapBeforeMiB: round(before.heapUsed + before.external),
    heapMaxMiB: round(heapMax),
    heapMaxOverBeforeMiB: round(heapMax - before.heapUsed - before.external),
    finite: Number.isFinite(sink),
  };
}

const USAGE =
  `Usage: deno run -A bench/_memory.ts <contender> [n=64] [iterations=10] [matmul|mlp]
Contenders: ${Object.keys(CONTENDERS).join(", ")}`;

if (import.meta.main) {
  const [kind, nArg = "64", itArg = "10", which = "matmul"] = Deno.args;
  if (!kind || kind === "--help" || kind === "-h") {
    console.log(USAGE);
    Deno.exit(kind ? 0 : 2);
  }
  if (!(kind in CONTENDERS)) {
    console.error(`Unknown contender: ${kind}\n${USAGE}`);
    Deno.exit(2);
  }
  console.log(
    JSON.stringify(
      measure(kind as Contender, Number(nArg), Number(itArg), which),
    ),
  );
}
