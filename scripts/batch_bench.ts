/**
 * Whole-process benchmark of batch grading: a class of copies of the
 * reference solutions (every tenth learner with one exercise wrong) graded
 * with `deno task grade --batch`, reporting wall time, learners per second,
 * CPU time per learner of the grader itself and of its children (sandboxes,
 * esbuild), and peak memory (the grader and its sandboxes together), all
 * sampled from /proc every 50 ms.
 *
 * Run: `deno run -A scripts/batch_bench.ts [learners=200] [jobs] [--compare <checkout>] [--isolate]`
 *
 * With `--compare`, the same class (importing that checkout's framework) is
 * also graded by another checkout's grader, right after this one's, and the
 * ratios are printed: both measured in one run, under the same load.
 * `--isolate` grades with one sandbox per exercise.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CommandLine,
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
  UsageError,
} from "../grader/_flags.ts";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes `n` learners' folders under `dir`; returns how many have an exercise wrong. */
async function makeClass(
  dir: string,
  n: number,
  framework = repo,
): Promise<number> {
  const solutions = join(framework, "solutions", "autograd");
  const files = [...Deno.readDirSync(solutions)].filter((e) =>
    e.name.endsWith(".ts")
  ).map((e) => e.name);
  const texts = new Map(
    files.map((f) => [f, Deno.readTextFileSync(join(solutions, f))]),
  );
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const learner = join(dir, `learner${String(i).padStart(3, "0")}`);
    await Deno.mkdir(learner, { recursive: true });
    const mod = JSON.stringify(relative(learner, join(framework, "mod.ts")));
    for (const f of files) {
      let text = texts.get(f)!.replaceAll('"../../mod.ts"', mod);
      if (i % 10 === 3 && f === "01.ts") {
        text = text.replace("np.subtract(x, 10)", "np.subtract(x, 9)");
        wrong++;
      }
      await Deno.writeTextFile(join(learner, f), text);
    }
  }
  return wrong;
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK` on Linux). */
const TICKS_PER_SECOND = 100;

/** One look at a process tree in /proc (Linux). */
interface TreeSample {
  /** Resident memory of `pid` and all its descendants, in bytes. */
  rss: number;
  /** CPU time of `pid` itself, in milliseconds. */
  ownMs: number;
  /** CPU time of its descendants, in milliseconds: those it reaped, and those running. */
  childrenMs: number;
}

/** Memory and CPU time of `pid` and its descendants (Linux). */
function sampleTree(pid: number): TreeSample {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  const cpu = new Map<number, { own: number; reaped: number }>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      // Fields from the third (state) on: utime is the 14th, rss the 24th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const p = Number(e.name);
      rss.set(p, Number(fields[21]) * 4096);
      cpu.set(p, {
        own: Number(fields[11]) + Number(fields[12]),
        reaped: Number(fields[13]) + Number(fields[14]),
      });
      children.set(ppid, [...(children.get(ppid) ?? []), p]);
    } catch {
      // the process ended while being read
    }
  }
  const ms = (ticks: number) => ticks * 1000 / TICKS_PER_SECOND;
  let total = 0, childTicks = cpu.get(pid)?.reaped ?? 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    if (p !== pid) childTicks += cpu.get(p)?.own ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return {
    rss: total,
    ownMs: ms(cpu.get(pid)?.own ?? 0),
    childrenMs: ms(childTicks),
  };
}

/** What grading the class with one checkout's grader measured. */
interface Measured {
  seconds: number;
  peak: number;
  /** CPU time of the grader process, in milliseconds (last sample before it ended). */
  ownMs: number;
  /** CPU time of its children (sandboxes, esbuild), in milliseconds. */
  childrenMs: number;
  summary: string;
  rows: string[];
}

/** Grades the class in `dir` with `checkout`'s grader, sampling memory. */
async function gradeClass(
  checkout: string,
  dir: string,
  gradebook: string,
  jobs: string | undefined,
  isolate: boolean,
): Promise<Measured> {
  const args = [
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-run",
    "--allow-sys",
    join(checkout, "grader", "cli.ts"),
    "--batch",
    dir,
    "--gradebook",
    gradebook,
    "--seed",
    "1",
    ...(jobs ? ["--jobs", jobs] : []),
    ...(isolate ? ["--isolate"] : []),
  ];
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let peak = 0;
  let last: TreeSample = { rss: 0, ownMs: 0, childrenMs: 0 };
  const timer = setInterval(() => {
    const sample = sampleTree(child.pid);
    peak = Math.max(peak, sample.rss);
    // A sample after the grader ended reads nothing: keep the last real one.
    if (sample.ownMs > 0) last = sample;
  }, 50);
  const out = await child.output();
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const rows = Deno.readTextFileSync(`${gradebook}.csv`).trimEnd()
    .split("\n");
  return {
    seconds,
    peak,
    ownMs: last.ownMs,
    childrenMs: last.childrenMs,
    summary: new TextDecoder().decode(out.stdout).trim(),
    rows,
  };
}

/** Learners with full marks: every required point and every bonus point. */
function fullMarks(rows: string[]): number {
  const header = rows[0].split(",");
  const col = (name: string) => header.indexOf(name);
  const [total, max, bonus] = [col("total"), col("max"), col("bonus")];
  return rows.slice(1).filter((r) => {
    const f = r.split(",");
    // Older gradebooks count the bonus into the total (40 + 3).
    return bonus >= 0
      ? f[total] === f[max] && f[bonus] === "3"
      : f[total] === "43";
  }).length;
}

const COMMAND = "deno task bench:batch";

/**
 * The flags of `deno task bench:batch`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { BENCH_BATCH_FLAGS } from "./batch_bench.ts";
 * console.log("compare" in BENCH_BATCH_FLAGS); // true
 * ```
 */
export const BENCH_BATCH_FLAGS = {
  compare: {
    value: "<checkout>",
    help:
      "Also grade the same class with another checkout's grader, right after this one's, and print the ratios",
  },
  isolate: { help: "Grade with one sandbox per exercise" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} -- [learners] [jobs] [options]

Grades a class of copies of the reference solutions (every tenth learner with
one exercise wrong; default 200 learners) with deno task grade --batch (jobs:
default the number of cores) and reports wall time, learners per second, CPU
per learner of the grader and of its children, and peak memory.

Options:
${formatFlags(BENCH_BATCH_FLAGS)}`;

/** The benchmark's arguments, or a usage error saying what is wrong. */
function benchArgsOf(
  { values, positionals }: CommandLine<typeof BENCH_BATCH_FLAGS>,
) {
  const count = (text: string | undefined, what: string) => {
    if (text === undefined || /^[1-9]\d*$/.test(text)) return text;
    throw new UsageError(
      COMMAND,
      `Invalid ${what} in ${COMMAND}: ${
        JSON.stringify(text)
      } is not an integer of at least 1`,
    );
  };
  return {
    compare: values.compare,
    isolate: values.isolate ?? false,
    n: Number(count(positionals[0], "count of learners") ?? 200),
    jobs: count(positionals[1], "count of jobs"),
  };
}

if (import.meta.main) {
  const parsed = readCommandLine(Deno.args, {
    command: COMMAND,
    flags: BENCH_BATCH_FLAGS,
    positionals: { max: 2, what: "at most [learners] [jobs]" },
    usage: USAGE,
    read: benchArgsOf,
  });
  if (typeof parsed === "number") Deno.exit(parsed);
  const { compare, isolate, n, jobs } = parsed;
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-batch-" });
  try {
    const checkouts = [repo, ...(compare ? [compare] : [])];
    const measured: Measured[] = [];
    let wrong = 0;
    for (const [i, checkout] of checkouts.entries()) {
      const dir = join(tmp, `class${i}`);
      wrong = await makeClass(dir, n, checkout);
      const m = await gradeClass(
        checkout,
        dir,
        join(tmp, `gradebook${i}`),
        jobs,
        isolate,
      );
      console.log(`${checkout}: ${m.summary}`);
      const full = fullMarks(m.rows);
      if (m.rows.length - 1 !== n || full !== n - wrong) {
        throw new Error(
          `Expected ${n} rows with ${
            n - wrong
          } full marks from ${checkout}, got ${
            m.rows.length - 1
          } rows and ${full}`,
        );
      }
      measured.push(m);
    }
    console.log(
      `| grader | learners | with one exercise wrong | jobs | wall time | learners/s | grader CPU per learner | children CPU per learner | peak memory (grader + sandboxes) |`,
    );
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    measured.forEach((m, i) => {
      console.log(
        `| ${i === 0 ? "this checkout" : checkouts[i]}${
          isolate ? " --isolate" : ""
        } | ${n} | ${wrong} | ${jobs ?? navigator.hardwareConcurrency} | ${
          m.seconds.toFixed(1)
        } s | ${(n / m.seconds).toFixed(1)} | ${
          (m.ownMs / n).toFixed(1)
        } ms | ${(m.childrenMs / n).toFixed(1)} ms | ${
          (m.peak / 2 ** 20).toFixed(0)
        } MiB |`,
      );
    });
    if (measured.length === 2) {
      console.log(
        `compared / this checkout: wall time ${
          (measured[1].seconds / measured[0].seconds).toFixed(2)
        }×, grader CPU ${
          (measured[1].ownMs / measured[0].ownMs).toFixed(2)
        }×, children CPU ${
          (measured[1].childrenMs / measured[0].childrenMs).toFixed(2)
        }×, peak memory ${(measured[1].peak / measured[0].peak).toFixed(2)}×`,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
