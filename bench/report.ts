/**
 * Runs the benchmarks (`deno bench --json`) and the memory probes at the
 * largest sizes, then prints Markdown tables for the README and writes them
 * to bench/RESULTS.md: the scalar functions (ns per gradient, ratio to the
 * hand-written derivative, the peers' ratio to dualgrade), mean(W·V) for
 * n = 2 … 64, the two-layer network for 2 … 64 hidden units, Hessians of a
 * 16×N tanh model for N = 2 … 64, each with its goal lines, and the peak
 * memory of mean(W·V) at n = 64 and of the network at 64 hidden units.
 *
 * Usage: deno run -A bench/report.ts [--no-memory] [--out FILE] [--json FILE]
 *
 * @module
 */

import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
} from "../grader/_flags.ts";
import { REVERSE_THRESHOLD } from "../mod.ts";
import { HVP_REVERSE_THRESHOLD } from "../core/config.ts";
import {
  hessianReport,
  interleavedReport,
  type InterleavedRow,
  matmulReport,
  memoryReport,
  type MemoryResult,
  mlpReport,
  modeReport,
  parseBenchJson,
  scalarReport,
} from "./_tables.ts";

const NOTES =
  `- Every contender is checked against the hand-written derivative at the
  seed's points (float64 contenders to rtol 1e-12, float32 ones to 2e-5)
  before anything is timed; a mismatch fails the bench.
- Scalar contenders take plain numbers and return plain numbers: wrapping the
  input in the peer's tensor type and reading the result back are part of the
  work, as they are for a learner. Matrix inputs are built once per size in
  each library's own array type.
- TensorFlow.js computes in float32 only (its cpu backend has no float64).
- jax-js runs on its wasm backend (the default; its \`cpu\` device is an
  interpreter meant for debugging) with float64 arrays. jax-js 0.1.25's
  \`power\` is float32-accurate even on float64 arrays (3 ** 2 gives
  8.999998092651367), so its scalar functions write b ** x as exp(x · ln b)
  and (x − 10)² as a square, which keeps them float64-exact.
- jax-js \`jit(grad)\` is shown for reference only: inside \`jit\` its
  transcendentals are float32-accurate on float64 arrays (exp(7) gives
  1096.6331787109375), and its float64 \`jit(grad)\` of mean(W·V) returns wrong
  numbers (about 1e-8 where 0.15 is due), so the matrix row runs it in float32.
- Times are means over \`deno bench\`'s iterations, after every contender
  ran for 200 ms (deno bench's own warm-up is a fixed count of calls, and on
  a loaded machine V8's optimising compiler had not finished by then); the
  peers' garbage collection makes their means vary by roughly ±20% between
  runs, and other processes on a shared machine by far more.
- The interleaved table (bench/interleaved.ts) times hand-written and
  dualgrade gradients in alternating batches of about 10 ms, in a process of
  their own for each size, and keeps each one's fastest of 15: a batch still
  pays for its own garbage collection, but not for the time other processes
  took. It is the table the 2× goal is read from.
- jax-js 0.1.25's \`tanh\` is float32-accurate on float64 arrays (a relative
  error near 4e-9 in the network's gradient), so its float64 network and
  Hessian contenders are checked to float32's tolerance; the float32
  contenders of the network are checked to 2e-4, since the output bias's
  gradient sums 64 residuals that nearly cancel.
- TensorFlow.js has no Hessian, so the Hessian table compares dualgrade with
  the closed form, with its own hyper-dual method (one pass per pair of
  inputs, the method before reverse mode) and with jax-js's \`hessian\`.
- Memory: a separate process per contender computes the largest size's gradient 20
  times after one warm-up call; "peak RSS above setup" is the kernel's
  high-water mark (reset after setup through /proc/self/clear_refs) minus the
  RSS before the calls, so it includes wasm and ArrayBuffer memory; "heap +
  external" is V8's heapUsed + external, sampled after every call.`;

async function run(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: HERE, // bench/deno.json and its lockfile, not the root's
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `Command failed: deno ${args.join(" ")}:\n${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return stdout;
}

const BENCH_FLAGS = [
  "--allow-read",
  "--allow-env",
  "--allow-sys",
  "--allow-net",
];
const HERE = new URL(".", import.meta.url);
const MEMORY_CONTENDERS = ["hand", "dualgrade", "tfjs", "jax", "jaxJit"];
const MEMORY_CASES: [string, number, string][] = [
  ["matmul", 64, "mean(W·V) at n = 64"],
  ["mlp", 64, "network with 64 hidden units"],
];

/** Runs everything and returns the Markdown report. */
async function report(
  { memory = true, jsonOut }: { memory?: boolean; jsonOut?: string } = {},
): Promise<string> {
  const files = [
    "scalar_bench.ts",
    "matmul_bench.ts",
    "mlp_bench.ts",
    "hessian_bench.ts",
    "mode_bench.ts",
  ].map((f) => new URL(f, HERE).pathname);
  const text = await run(["bench", "--json", ...BENCH_FLAGS, ...files]);
  if (jsonOut) await Deno.writeTextFile(jsonOut, text);
  const { runtime, cpu, results } = parseBenchJson(text);
  const parts = [
    "## Benchmark results",
    "",
    `${runtime}, ${cpu}, ${new Date().toISOString().slice(0, 10)}. ` +
    "Mean time per gradient from `deno bench` (inputs in, gradient read " +
    "back as numbers or typed arrays). Ratios above 1 in the peer columns " +
    "mean dualgrade is that many times faster.",
    "",
    "### Scalar functions (seed exercises 1, 3A–3C, 4)",
    "",
    scalarReport(results),
    "",
    "### Gradient of mean(W·V) with respect to W and V",
    "",
    matmulReport(results),
    "",
    "### Gradient of a two-layer network's loss (64 samples, 8 inputs, tanh)",
    "",
    mlpReport(results),
    "",
    "### Hessian of mean((tanh(X·w) − y)²), X 16×N",
    "",
    hessianReport(results),
    "",
    "### Forward or reverse: grad forced to each mode, by input size",
    "",
    modeReport(results, REVERSE_THRESHOLD, HVP_REVERSE_THRESHOLD),
  ];
  const lines = await run([
    "run",
    "-A",
    new URL("interleaved.ts", HERE).pathname,
  ]);
  const rows: InterleavedRow[] = lines.trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  parts.push(
    "",
    "### Hand-written against dualgrade, interleaved (fastest of 15 batches each)",
    "",
    interleavedReport(rows),
  );
  if (memory) {
    for (const [which, n, what] of MEMORY_CASES) {
      const rows: MemoryResult[] = [];
      for (const c of MEMORY_CONTENDERS) {
        const line = await run([
          "run",
          "-A",
          new URL("_memory.ts", HERE).pathname,
          c,
          String(n),
          "20",
          which,
        ]);
        rows.push(JSON.parse(line.trim().split("\n").at(-1)!));
      }
      parts.push(
        "",
        `### Peak memory, ${what} (one process per contender, 20 gradients)`,
        "",
        memoryReport(rows, what),
      );
    }
  }
  parts.push("", "### How to read these numbers", "", NOTES);
  return parts.join("\n") + "\n";
}

const COMMAND = "deno task bench:report";

/**
 * The flags of `deno task bench:report`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { BENCH_REPORT_FLAGS } from "./report.ts";
 * console.log("no-memory" in BENCH_REPORT_FLAGS); // true
 * ```
 */
export const BENCH_REPORT_FLAGS = {
  "no-memory": { help: "Skip the peak-memory probes" },
  out: {
    value: "<file>",
    help: "Where to write the Markdown tables (default: bench/RESULTS.md)",
  },
  json: { value: "<file>", help: "Keep the raw deno bench output there" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} [options]
       deno run -A bench/report.ts [options]

Runs deno bench --json on the scalar, matmul, network and Hessian benches,
probes peak memory at the largest sizes, prints Markdown tables and writes them
to a file.

Options:
${formatFlags(BENCH_REPORT_FLAGS)}`;

if (import.meta.main) {
  const parsed = readCommandLine(Deno.args, {
    command: COMMAND,
    flags: BENCH_REPORT_FLAGS,
    usage: USAGE,
  });
  if (typeof parsed === "number") Deno.exit(parsed);
  const { values } = parsed;
  const out = values.out ?? new URL("RESULTS.md", HERE).pathname;
  const md = await report({
    memory: !values["no-memory"],
    jsonOut: values.json,
  });
  console.log(md);
  await Deno.writeTextFile(out, md);
  await run(["fmt", out]); // the check task runs deno fmt --check
  console.error(`Wrote ${out}`);
}
