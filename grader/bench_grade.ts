/**
 * A whole-process benchmark of `deno task grade`: runs the grader as a fresh
 * process several times on a folder (default: the reference solutions) and
 * prints the wall time and where it went, per exercise split into bundle,
 * sandbox start, and checks.
 *
 *     deno run -A grader/bench_grade.ts [folder] [--runs 7] [--no-typecheck]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import type { GradeResult } from "./result.ts";

const USAGE =
  `Usage: deno run -A grader/bench_grade.ts [folder] [--runs N] [--no-typecheck]

Runs \`deno task grade\` N times (default 7) as separate processes on the
folder (default: the autograd reference solutions) and prints the median and
minimum wall time, and the median split per exercise.
`;

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
  "--allow-net=127.0.0.1",
];

async function bench(
  folder: string | undefined,
  runs: number,
  typecheck: boolean,
): Promise<void> {
  const json = await Deno.makeTempFile({ suffix: ".json" });
  const walls: number[] = [];
  const results: GradeResult[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const args = [
        "run",
        ...PERMISSIONS,
        CLI,
        ...(folder ? [folder] : []),
        "--json",
        json,
      ];
      if (!typecheck) args.push("--no-typecheck");
      const started = performance.now();
      const out = await new Deno.Command(Deno.execPath(), {
        args,
        stdout: "null",
        stderr: "piped",
      }).output();
      walls.push(performance.now() - started);
      if (out.code !== 0) {
        throw new Error(
          `The grader failed: ${new TextDecoder().decode(out.stderr)}`,
        );
      }
      results.push(JSON.parse(await Deno.readTextFile(json)));
    }
  } finally {
    await Deno.remove(json);
  }
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x: number) => `${Math.round(x)} ms`;
  const n = results[0].exercises.length;
  console.log(
    `deno task grade${folder ? ` ${folder}` : ""}${
      typecheck ? "" : " --no-typecheck"
    }: ${runs} runs`,
  );
  console.log(
    `wall: median ${ms(median(walls))}, min ${ms(Math.min(...walls))}`,
  );
  const t = (key: keyof GradeResult["timings"]) =>
    median(results.map((r) => r.timings[key]));
  console.log(
    `inside: plan ${ms(t("planMs"))}, bundle ${
      ms(t("bundleMs"))
    } (one esbuild call for ${n} exercises), ` +
      `sandboxes ${ms(t("sandboxMs"))} (wall, in parallel), type check ${
        ms(t("typecheckMs"))
      }, total ${ms(t("totalMs"))}`,
  );
  console.log("exercise  bundle (share)  sandbox start  checks  compare");
  results[0].exercises.forEach((ex, i) => {
    const e = (key: keyof GradeResult["exercises"][number]["timings"]) =>
      median(results.map((r) => r.exercises[i].timings[key]));
    console.log(
      `${ex.id.padEnd(8)}  ${ms(t("bundleMs") / n).padStart(14)}  ${
        ms(e("startMs")).padStart(13)
      }  ${ms(e("runMs")).padStart(6)}  ${ms(e("compareMs")).padStart(7)}`,
    );
  });
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      runs: { type: "string", default: "7" },
      "no-typecheck": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
  } else {
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
      console.error(
        `Invalid value for --runs: ${
          JSON.stringify(values.runs)
        } is not a positive integer`,
      );
      Deno.exit(2);
    }
    await bench(positionals[0], runs, !values["no-typecheck"]);
  }
}
