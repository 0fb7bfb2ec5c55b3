/**
 * A whole-process benchmark of `deno task grade`: runs the grader as a fresh
 * process several times on a folder (default: the reference solutions) and
 * prints the wall time until the scores are printed and until the process
 * ends, and where the time went inside, per exercise split into sandbox
 * start and checks. With `--compare <checkout>` the runs alternate with
 * another checkout's grader on the same folder, so the two are measured side
 * by side under the same load, and the ratios are printed. With `--watch` it
 * also measures the learner's loop: the time from saving one exercise's file
 * to its new scores printed by `deno task grade --watch`. With
 * `--compare-cold`, every compared run starts from an empty cache folder
 * (`DUALGRADE_CACHE`), so `--compare . --compare-cold` measures what reusing
 * the framework's bundle across runs saves.
 *
 *     deno run -A grader/bench_grade.ts [folder] [--runs 9] [--no-typecheck]
 *         [--compare ../other-checkout] [--compare-cold] [--watch]
 *
 * @module
 */

import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
} from "./_flags.ts";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GradeResult } from "./result.ts";

const COMMAND = "deno run -A grader/bench_grade.ts";

/**
 * The flags of `grader/bench_grade.ts`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { BENCH_GRADE_FLAGS } from "./bench_grade.ts";
 * console.log("compare-cold" in BENCH_GRADE_FLAGS); // true
 * ```
 */
export const BENCH_GRADE_FLAGS = {
  runs: {
    value: "<n>",
    number: { integer: true, min: 1 },
    help: "How many runs (default 7)",
  },
  "no-typecheck": { help: "Grade with --no-typecheck" },
  compare: {
    value: "<checkout>",
    help:
      "Alternate the runs with the grader of another checkout of dualgrade and print the ratios",
  },
  "compare-cold": {
    help:
      "Each compared run with an empty cache folder (--compare . --compare-cold shows what the cached framework bundle saves)",
  },
  watch: { help: "Also time regrades after an edit in watch mode (n edits)" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} [folder] [options]

Runs \`deno task grade\` n times as separate processes on the folder (default:
the autograd reference solutions) and prints the median and minimum wall time
until the scores are printed and until the process ends, and the median split
per exercise.

Options:
${formatFlags(BENCH_GRADE_FLAGS)}
`;

const HERE = fileURLToPath(new URL("..", import.meta.url));
const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
  "--allow-net=127.0.0.1",
];
/** The terminal report's total line: the scores are out. */
const SCORES = /^Total /m;

interface Run {
  scoresMs: number;
  exitMs: number;
  result: GradeResult;
}

/** Runs one grader process; times the scores line on stdout and the exit. */
async function gradeOnce(
  checkout: string,
  folder: string | undefined,
  typecheck: boolean,
  json: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const args = [
    "run",
    ...PERMISSIONS,
    join(checkout, "grader", "cli.ts"),
    ...(folder ? [folder] : []),
    "--json",
    json,
  ];
  if (!typecheck) args.push("--no-typecheck");
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let scoresMs = 0;
  let text = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of child.stdout) {
      text += decoder.decode(chunk, { stream: true });
      if (scoresMs === 0 && SCORES.test(text)) {
        scoresMs = performance.now() - started;
      }
    }
  })();
  const errors = new Response(child.stderr).text();
  const status = await child.status;
  await reading;
  const exitMs = performance.now() - started;
  if (status.code !== 0) {
    throw new Error(`The grader failed: ${await errors}`);
  }
  return {
    scoresMs: scoresMs || exitMs,
    exitMs,
    result: JSON.parse(await Deno.readTextFile(json)),
  };
}

/** Times `edits` regrades after saving 01.ts in `deno task grade --watch`. */
async function benchWatch(folder: string, edits: number): Promise<number[]> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-bench-watch-" });
  const times: number[] = [];
  try {
    for await (const e of Deno.readDir(folder)) {
      if (!e.isFile || !e.name.endsWith(".ts")) continue;
      const text = await Deno.readTextFile(join(folder, e.name));
      await Deno.writeTextFile(
        join(dir, e.name),
        text.replaceAll('"../../mod.ts"', JSON.stringify(join(HERE, "mod.ts"))),
      );
    }
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...PERMISSIONS,
        join(HERE, "grader", "cli.ts"),
        dir,
        "--watch",
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    let text = "";
    /** Waits until stdout has said `line` `count` times in all. */
    const said = async (line: RegExp, count: number) => {
      while ((text.match(line) ?? []).length < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error("The watcher ended early");
        text += decoder.decode(value, { stream: true });
      }
    };
    const graded = /^Graded /gm;
    const types = /^(Types: no errors|\d+ +type errors)/gm;
    await said(graded, 1);
    await said(types, 1);
    const first = join(dir, "01.ts");
    const original = await Deno.readTextFile(first);
    for (let i = 1; i <= edits; i++) {
      const saved = performance.now();
      // A different file each time (a comment), saved the way editors do.
      await Deno.writeTextFile(first + ".tmp", `${original}// edit ${i}\n`);
      await Deno.rename(first + ".tmp", first);
      await said(graded, i + 1);
      times.push(performance.now() - saved);
      // As a learner would: read the type feedback before the next edit.
      await said(types, i + 1);
    }
    child.kill("SIGTERM");
    await child.status;
    await reader.cancel().catch(() => {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return times;
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${Math.round(x)} ms`;

async function bench(
  folder: string | undefined,
  runs: number,
  typecheck: boolean,
  compare: string | undefined,
  watch: boolean,
  compareCold = false,
): Promise<void> {
  const json = await Deno.makeTempFile({ suffix: ".json" });
  const mine: Run[] = [];
  const theirs: Run[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      mine.push(await gradeOnce(HERE, folder, typecheck, json));
      if (compare && compareCold) {
        const cache = await Deno.makeTempDir({ prefix: "dualgrade-cold-" });
        try {
          theirs.push(
            await gradeOnce(compare, folder, typecheck, json, {
              DUALGRADE_CACHE: cache,
            }),
          );
        } finally {
          await Deno.remove(cache, { recursive: true });
        }
      } else if (compare) {
        theirs.push(await gradeOnce(compare, folder, typecheck, json));
      }
    }
  } finally {
    await Deno.remove(json);
  }
  console.log(
    `deno task grade${folder ? ` ${folder}` : ""}${
      typecheck ? "" : " --no-typecheck"
    }: ${runs} runs${
      compare
        ? ` each, alternating with ${compare}${
          compareCold ? " (each run with an empty cache folder)" : ""
        }`
        : ""
    }`,
  );
  const line = (name: string, list: Run[]) =>
    console.log(
      `${name}: scores printed median ${
        ms(median(list.map((r) => r.scoresMs)))
      } (min ${
        ms(Math.min(...list.map((r) => r.scoresMs)))
      }), process ended median ${ms(median(list.map((r) => r.exitMs)))}`,
    );
  line("this checkout", mine);
  if (compare) {
    line("compared", theirs);
    const ratio = (key: "scoresMs" | "exitMs") =>
      (median(theirs.map((r) => r[key])) / median(mine.map((r) => r[key])))
        .toFixed(2);
    console.log(
      `compared / this: scores ${ratio("scoresMs")}×, process ${
        ratio("exitMs")
      }×`,
    );
    const bundle = (list: Run[]) =>
      median(list.map((r) => r.result.timings.bundleMs));
    console.log(
      `bundle stage: this ${ms(bundle(mine))}, compared ${
        ms(bundle(theirs))
      } (${(bundle(theirs) / bundle(mine)).toFixed(2)}×)`,
    );
  }
  const results = mine.map((r) => r.result);
  const t = (key: keyof GradeResult["timings"]) =>
    median(results.map((r) => r.timings[key]));
  console.log(
    `inside: plan ${ms(t("planMs"))}, bundle ${ms(t("bundleMs"))}, sandboxes ${
      ms(t("sandboxMs"))
    } (wall), type check ${ms(t("typecheckMs"))}, total ${ms(t("totalMs"))}`,
  );
  console.log("exercise  sandbox start  checks  compare");
  results[0].exercises.forEach((ex, i) => {
    const e = (key: "startMs" | "runMs" | "compareMs") =>
      median(results.map((r) => r.exercises[i].timings[key]));
    console.log(
      `${ex.id.padEnd(8)}  ${ms(e("startMs")).padStart(13)}  ${
        ms(e("runMs")).padStart(6)
      }  ${ms(e("compareMs")).padStart(7)}`,
    );
  });
  if (watch) {
    const times = await benchWatch(
      folder ?? join(HERE, "solutions", "autograd"),
      runs,
    );
    console.log(
      `watch: save of 01.ts to its scores printed: median ${
        ms(median(times))
      }, min ${ms(Math.min(...times))} (${times.length} edits)`,
    );
  }
}

if (import.meta.main) {
  const parsed = readCommandLine(Deno.args, {
    command: COMMAND,
    flags: BENCH_GRADE_FLAGS,
    positionals: { max: 1, what: "one folder at most" },
    usage: USAGE,
  });
  if (typeof parsed === "number") Deno.exit(parsed);
  const { values, positionals } = parsed;
  await bench(
    positionals[0],
    values.runs ?? 7,
    !values["no-typecheck"],
    values.compare,
    values.watch ?? false,
    values["compare-cold"] ?? false,
  );
}
