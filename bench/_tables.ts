/**
 * The report's pure parts: parsing `deno bench --json`, ratios, crossovers
 * and the Markdown tables (bench/report.ts runs the benchmarks around them).
 *
 * @module
 */

/** One benchmark's result from `deno bench --json`. */
export interface BenchResult {
  group: string;
  name: string;
  /** Mean time per iteration in nanoseconds. */
  avg: number;
  p75: number;
  iterations: number;
}

/** The contenders, as keys of a table row. */
type Key = "hand" | "dualgrade" | "dualgradeHyper" | "tfjs" | "jax" | "jaxJit";

/** Which contender a bench name belongs to (by prefix; names carry details). */
export function contenderOf(name: string): Key | undefined {
  if (name.startsWith("hand-written")) return "hand";
  if (name.startsWith("dualgrade hyper-duals")) return "dualgradeHyper";
  if (name.startsWith("dualgrade")) return "dualgrade";
  if (name.startsWith("tfjs")) return "tfjs";
  if (name.startsWith("jax-js jit")) return "jaxJit";
  if (name.startsWith("jax-js grad")) return "jax";
  if (name.startsWith("jax-js hessian")) return "jax";
  return undefined;
}

/** Parses `deno bench --json` output into results. */
export function parseBenchJson(text: string): {
  runtime: string;
  cpu: string;
  results: BenchResult[];
} {
  const json = JSON.parse(text);
  const results: BenchResult[] = [];
  for (const b of json.benches) {
    const r = b.results[0];
    if (!r?.ok) {
      throw new Error(
        `Benchmark failed: ${b.group} / ${b.name}: ${JSON.stringify(r)}`,
      );
    }
    results.push({
      group: b.group,
      name: b.name,
      avg: r.ok.avg,
      p75: r.ok.p75,
      iterations: r.ok.n,
    });
  }
  return { runtime: json.runtime, cpu: json.cpu, results };
}

/** A duration in ns, printed with a unit that keeps 3 significant digits. */
export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
}

/** A ratio, printed as `12.3×` (`0.45×` below 1). */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return "–";
  if (r >= 100) return `${Math.round(r)}×`;
  if (r >= 1) return `${r.toPrecision(3)}×`;
  return `${r.toPrecision(2)}×`;
}

type Row = Partial<Record<Key, number>>;

/** Groups results by group name, each a map from contender to avg ns. */
function byGroup(results: BenchResult[]): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const r of results) {
    const k = contenderOf(r.name);
    if (!k) continue;
    const row = out.get(r.group) ?? {};
    row[k] = r.avg;
    out.set(r.group, row);
  }
  return out;
}

function table(head: string[], rows: string[][]): string {
  const align = head.map((_, i) => (i === 0 ? ":---" : "---:"));
  return [head, align, ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

const PEERS: Key[] = ["tfjs", "jax", "jaxJit"];
const PEER_LABEL: Record<Key, string> = {
  hand: "hand-written",
  dualgrade: "dualgrade",
  dualgradeHyper: "dualgrade hyper-duals",
  tfjs: "tfjs (cpu, f32)",
  jax: "jax-js (wasm, f64)",
  jaxJit: "jax-js jit (wasm, f32 math)",
};

/** The scalar table and its goal lines. */
export function scalarReport(results: BenchResult[]): string {
  const groups = [...byGroup(results)].filter(([g]) =>
    !/^(matmul|mlp|hessian|mode) /.test(g)
  );
  const head = [
    "function",
    "hand-written",
    "dualgrade",
    "dualgrade / hand",
    ...PEERS.flatMap((p) => [PEER_LABEL[p], `${p} / dualgrade`]),
  ];
  const rows = groups.map(([g, r]) => [
    g,
    formatTime(r.hand!),
    formatTime(r.dualgrade!),
    formatRatio(r.dualgrade! / r.hand!),
    ...PEERS.flatMap((p) => [
      r[p] === undefined ? "–" : formatTime(r[p]!),
      r[p] === undefined ? "–" : formatRatio(r[p]! / r.dualgrade!),
    ]),
  ]);
  const worstHand = Math.max(...groups.map(([, r]) => r.dualgrade! / r.hand!));
  const geoHand = Math.exp(
    groups.reduce((s, [, r]) => s + Math.log(r.dualgrade! / r.hand!), 0) /
      groups.length,
  );
  const minPeer = (p: Key) =>
    Math.min(...groups.map(([, r]) => r[p]! / r.dualgrade!));
  const lines = [
    `- Goal "within 4× of hand-written, geometric mean over the functions": ${
      formatRatio(geoHand)
    } — ${geoHand <= 4 ? "met" : "not met"}; on the way to 2×: ${
      geoHand <= 2 ? "met" : "not met"
    } (worst single function ${formatRatio(worstHand)}).`,
    `- Goal "≥100× faster than both peers" (tfjs, jax-js float64 grad): slowest margins ${
      formatRatio(minPeer("tfjs"))
    } (tfjs), ${formatRatio(minPeer("jax"))} (jax-js) — ${
      minPeer("tfjs") >= 100 && minPeer("jax") >= 100 ? "met" : "not met"
    }.`,
    `- Against jax-js jit(grad) (not float64-accurate, shown for reference): slowest margin ${
      formatRatio(minPeer("jaxJit"))
    }.`,
  ];
  return `${table(head, rows)}\n\n${lines.join("\n")}`;
}

/** The rows of a table of sized groups: label, times, ratios to hand and peers. */
function sizedRows(
  groups: [string, Row][],
  label: (g: string) => string,
  peers: Key[],
): string[][] {
  return groups.map(([g, r]) => [
    label(g),
    formatTime(r.hand!),
    formatTime(r.dualgrade!),
    formatRatio(r.dualgrade! / r.hand!),
    ...peers.flatMap((p) => [
      r[p] === undefined ? "–" : formatTime(r[p]!),
      r[p] === undefined ? "–" : formatRatio(r[p]! / r.dualgrade!),
    ]),
  ]);
}

/** Whether dualgrade beats `peer` in every group, with the smallest margin. */
function beatsEverywhere(groups: [string, Row][], peer: Key): string {
  const m = Math.min(...groups.map(([, r]) => r[peer]! / r.dualgrade!));
  const worst = groups.find(([, r]) => r[peer]! / r.dualgrade! === m)![0];
  return `smallest margin ${formatRatio(m)} (${worst}) — ${
    m > 1 ? "met" : "not met"
  }`;
}

/** The two-layer network table and its goal lines. */
export function mlpReport(results: BenchResult[]): string {
  const groups = [...byGroup(results)].filter(([g]) => g.startsWith("mlp "));
  const head = [
    "hidden units",
    "hand-written",
    "dualgrade",
    "dualgrade / hand",
    ...PEERS.flatMap((p) => [PEER_LABEL[p], `${p} / dualgrade`]),
  ];
  const rows = sizedRows(groups, (g) => g.replace("mlp H=", ""), PEERS);
  const worst = Math.max(...groups.map(([, r]) => r.dualgrade! / r.hand!));
  const lines = [
    `- Goal "faster than tfjs at every size": ${
      beatsEverywhere(groups, "tfjs")
    }.`,
    `- Within 2× of hand-written backpropagation in these means: worst ratio ${
      formatRatio(worst)
    }. The goal is read from the interleaved table below (a process per size; here every size shares one, and the hand-written code gets slower after its first size).`,
  ];
  return `${table(head, rows)}\n\n${lines.join("\n")}`;
}

/** The Hessian table and its goal line. */
export function hessianReport(results: BenchResult[]): string {
  const groups = [...byGroup(results)].filter(([g]) =>
    g.startsWith("hessian ")
  );
  const peers: Key[] = ["dualgradeHyper", "jax"];
  const label: Record<string, string> = {
    dualgradeHyper: "hyper-duals (before)",
    jax: "jax-js hessian (wasm, f64)",
  };
  const head = [
    "N",
    "hand-written",
    "dualgrade",
    "dualgrade / hand",
    ...peers.flatMap((p) => [label[p], `${p} / dualgrade`]),
  ];
  const rows = sizedRows(groups, (g) => g.replace("hessian N=", ""), peers);
  const from16 = groups.filter(([g]) => Number(g.split("=")[1]) >= 16);
  const least = Math.min(
    ...from16.map(([, r]) => r.dualgradeHyper! / r.dualgrade!),
  );
  const lines = [
    `- Goal "at least 10× faster than the hyper-dual Hessian from N = 16": smallest speed-up ${
      formatRatio(least)
    } — ${least >= 10 ? "met" : "not met"}.`,
    `- Against jax-js hessian: ${beatsEverywhere(groups, "jax")}.`,
  ];
  return `${table(head, rows)}\n\n${lines.join("\n")}`;
}

/** Forward against reverse mode by input size: the table REVERSE_THRESHOLD is read from. */
export function modeReport(
  results: BenchResult[],
  threshold: number,
  hvpThreshold = threshold,
): string {
  const rows = new Map<string, { forward?: number; reverse?: number }>();
  for (const r of results) {
    if (!r.group.startsWith("mode ")) continue;
    const row = rows.get(r.group) ?? {};
    if (r.name.startsWith("forward")) row.forward = r.avg;
    if (r.name.startsWith("reverse")) row.reverse = r.avg;
    rows.set(r.group, row);
  }
  const head = ["function", "n", "forward", "reverse", "forward / reverse"];
  const body = [...rows].map(([g, r]) => {
    const [, kind, n] = g.match(/^mode (\w+) n=(\d+)$/) ?? [];
    return [
      kind === "list"
        ? "Σ xᵢ² of a list"
        : kind === "hvp"
        ? "H·v of Σ sin(x)·x"
        : kind === "hvplist"
        ? "H·v of Σ xᵢ²"
        : "Σ sin(x)·x of a Tensor",
      n,
      formatTime(r.forward!),
      formatTime(r.reverse!),
      formatRatio(r.forward! / r.reverse!),
    ];
  });
  const first = (kind: string) => {
    const at = [...rows].find(([g, r]) =>
      g.startsWith(`mode ${kind} `) && r.reverse! < r.forward!
    );
    return at ? `n = ${at[0].split("=")[1]}` : "no size measured";
  };
  const lines = [
    `- Reverse mode is first faster at ${
      first("tensor")
    } for the tensor function and at ${
      first("list")
    } for the list of numbers; \`grad\` switches to reverse above ${threshold} input elements.`,
  ];
  if ([...rows.keys()].some((g) => g.startsWith("mode hvp "))) {
    lines.push(
      `- Hessian-vector products: forward over reverse is first faster at ${
        first("hvp")
      } for the tensor function and at ${
        first("hvplist")
      } for the list; \`hessianVectorProduct\` uses it above ${hvpThreshold} input element${
        hvpThreshold === 1 ? "" : "s"
      }.`,
    );
  }
  return `${table(head, body)}\n\n${lines.join("\n")}`;
}

/** The matmul table, the crossovers and the 20× goal line. */
export function matmulReport(results: BenchResult[]): string {
  const groups = [...byGroup(results)].filter(([g]) => g.startsWith("matmul"));
  const head = [
    "W·V",
    "hand-written",
    "dualgrade",
    "dualgrade / hand",
    ...PEERS.flatMap((p) => [PEER_LABEL[p], `${p} / dualgrade`]),
  ];
  const rows = groups.map(([g, r]) => [
    g.replace("matmul ", "").replace("2x3.3x2", "2×3 · 3×2"),
    formatTime(r.hand!),
    formatTime(r.dualgrade!),
    formatRatio(r.dualgrade! / r.hand!),
    ...PEERS.flatMap((p) => [
      r[p] === undefined ? "–" : formatTime(r[p]!),
      r[p] === undefined ? "–" : formatRatio(r[p]! / r.dualgrade!),
    ]),
  ]);
  const square = groups
    .filter(([g]) => /n=\d+$/.test(g))
    .map(([g, r]) => ({ n: Number(g.split("=")[1]), r }))
    .sort((a, b) => a.n - b.n);
  const crossover = (p: Key) => {
    const at = square.find(({ r }) => r.dualgrade! >= r[p]!);
    if (!at) {
      return `dualgrade is faster at every size up to n = ${square.at(-1)?.n}`;
    }
    if (at === square[0]) {
      return `dualgrade is already slower at n = ${at.n} (${
        formatRatio(at.r.dualgrade! / at.r[p]!)
      } the time)`;
    }
    return `dualgrade stops beating it at n = ${at.n} (faster up to n = ${
      square[square.indexOf(at) - 1].n
    })`;
  };
  const small = groups.filter(([g]) =>
    g.includes("2x3") || /n=(2|4|8)$/.test(g)
  );
  const minSmall = (p: Key) =>
    Math.min(...small.map(([, r]) => r[p]! / r.dualgrade!));
  const lines = [
    `- Goal "faster than tfjs at every size": ${
      beatsEverywhere(groups, "tfjs")
    }.`,
    ...PEERS.map((p) => `- Crossover with ${PEER_LABEL[p]}: ${crossover(p)}.`),
    `- Goal "≥20× faster than both peers up to 8×8": smallest margins ${
      formatRatio(minSmall("tfjs"))
    } (tfjs), ${formatRatio(minSmall("jax"))} (jax-js float64) — ${
      minSmall("tfjs") >= 20 && minSmall("jax") >= 20 ? "met" : "not met"
    }.`,
  ];
  return `${table(head, rows)}\n\n${lines.join("\n")}`;
}

/** One memory probe's result (see bench/_memory.ts). */
export interface MemoryResult {
  contender: string;
  name: string;
  n: number;
  iterations: number;
  msPerGradient: number;
  rssPeakOverBeforeMiB: number;
  heapMaxOverBeforeMiB: number;
  rssPeakMiB: number;
  peakResetAfterSetup: boolean;
}

/** The memory table. */
export function memoryReport(rows: MemoryResult[], what: string): string {
  const head = [
    `contender (${what})`,
    "peak RSS above setup",
    "max heap + external above setup",
    "process peak RSS",
    "ms per gradient (probe)",
  ];
  const body = rows.map((m) => [
    m.name,
    `${m.rssPeakOverBeforeMiB} MiB${
      m.peakResetAfterSetup ? "" : " (peak not reset)"
    }`,
    `${m.heapMaxOverBeforeMiB} MiB`,
    `${m.rssPeakMiB} MiB`,
    `${m.msPerGradient}`,
  ]);
  return table(head, body);
}

/** One size of the interleaved comparison (bench/interleaved.ts), in µs. */
export interface InterleavedRow {
  what: string;
  size: string;
  hand: number;
  dualgrade: number;
}

/**
 * The interleaved hand-written/dualgrade table, with the network's 2× goal
 * stated per size.
 */
export function interleavedReport(rows: InterleavedRow[]): string {
  const head = [
    "gradient",
    "size",
    "hand-written",
    "dualgrade",
    "dualgrade / hand",
  ];
  const body = rows.map((r) => [
    r.what,
    r.size,
    formatTime(r.hand * 1000),
    formatTime(r.dualgrade * 1000),
    formatRatio(r.dualgrade / r.hand),
  ]);
  const net = rows.filter((r) => r.what === "network");
  const over = net.filter((r) => r.dualgrade / r.hand > 2);
  const line = over.length === 0
    ? `- Goal "within 2× of hand-written backpropagation" for the network: met at every size (worst ${
      formatRatio(Math.max(...net.map((r) => r.dualgrade / r.hand)))
    }).`
    : `- Goal "within 2× of hand-written backpropagation" for the network: not met at ${
      over.map((r) => `${r.size} (${formatRatio(r.dualgrade / r.hand)})`)
        .join(", ")
    }; met at the other sizes.`;
  return `${table(head, body)}\n\n${line}`;
}
