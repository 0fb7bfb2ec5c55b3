// Every command (each `deno task`, and grader/bench_grade.ts) reads its flags
// from one table (grader/_flags.ts):
// run as a user runs it, its --help (and -h) lists every flag of the table,
// and an unknown flag, a missing value and a malformed value are refused
// with a message naming the flag and the command, exit code 2, and no stack
// trace.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Flag } from "../grader/_flags.ts";
import { GRADE_FLAGS } from "../grader/cli.ts";
import { BATCH_FLAGS } from "../grader/batch.ts";
import { STARTER_FLAGS, STARTER_REPO_FLAGS } from "../exercises/starter.ts";
import { EXERCISES_FLAGS } from "../exercises/show.ts";
import { PLAN_CLI_FLAGS } from "../grader/plan_cli.ts";
import { CHECK_SET_FLAGS } from "../grader/check_set.ts";
import {
  GRADEBOOK_MERGE_FLAGS,
  GRADEBOOK_REPORT_FLAGS,
} from "../grader/gradebook.ts";
import { INIT_COURSE_FLAGS } from "../templates/init_course.ts";
import { GRADESCOPE_FLAGS } from "./gradescope.ts";
import { NOTEBOOK_FLAGS } from "../notebook/generate.ts";
import { BUILD_FLAGS } from "./build.ts";
import { BENCH_BATCH_FLAGS } from "./batch_bench.ts";
import { BENCH_GRADE_FLAGS } from "../grader/bench_grade.ts";
import { BENCH_REPORT_FLAGS } from "../bench/report.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** One command as a user types it, and the ways to get its arguments wrong. */
interface Case {
  /** The arguments of `deno` that run it, up to the arguments under test. */
  run: string[];
  /** The command as its messages name it. */
  command: string;
  /** Every flag it takes. */
  flags: Record<string, Flag>;
  /** A flag given a value it refuses, and the reason expected. */
  badValue: { args: string[]; reason: RegExp };
  /** A flag that takes a value, given none (when the command has one). */
  missing?: string;
}

const CASES: Case[] = [
  {
    run: task("grade"),
    command: "deno task grade",
    flags: GRADE_FLAGS,
    badValue: {
      args: ["--seed", "abc"],
      reason: /"abc" is not an integer of at least 0/,
    },
    missing: "--timeout",
  },
  {
    run: task("grade", "--batch", "class"),
    command: "deno task grade --batch",
    flags: BATCH_FLAGS,
    badValue: {
      args: ["--jobs", "two"],
      reason: /"two" is not an integer of at least 1/,
    },
    missing: "--gradebook",
  },
  {
    run: task("starter", "somewhere", "--repo"),
    command: "deno task starter",
    flags: { ...STARTER_FLAGS, ...STARTER_REPO_FLAGS },
    badValue: {
      args: ["--seed", "1.5"],
      reason: /"1\.5" is not an integer of at least 0/,
    },
    missing: "--framework",
  },
  {
    run: task("exercises"),
    command: "deno task exercises",
    flags: EXERCISES_FLAGS,
    badValue: {
      args: ["--list=yes"],
      reason: /it is a switch and takes no value, got "yes"/,
    },
    missing: "--set",
  },
  {
    run: task("plan", "--out", "plan.json"),
    command: "deno task plan",
    flags: PLAN_CLI_FLAGS,
    badValue: {
      args: ["--seed", "-1"],
      reason: /"-1" is not an integer of at least 0/,
    },
    missing: "--only",
  },
  {
    run: task("check-set"),
    command: "deno task check-set",
    flags: CHECK_SET_FLAGS,
    badValue: {
      args: ["--seeds", "1,x"],
      reason: /"1,x" is not a list of integers of at least 0/,
    },
    missing: "--seeds",
  },
  {
    run: task("gradebook", "merge", "a.jsonl"),
    command: "deno task gradebook merge",
    flags: GRADEBOOK_MERGE_FLAGS,
    badValue: {
      args: ["--help=no"],
      reason: /it is a switch and takes no value, got "no"/,
    },
    missing: "--out",
  },
  {
    run: task("gradebook", "report", "a.jsonl"),
    command: "deno task gradebook report",
    flags: GRADEBOOK_REPORT_FLAGS,
    badValue: {
      args: ["--html", "--out"],
      reason: /expected --html <file>/,
    },
    missing: "--html",
  },
  {
    run: task("init-course", "somewhere"),
    command: "deno task init-course",
    flags: INIT_COURSE_FLAGS,
    badValue: {
      args: ["--force=1"],
      reason: /it is a switch and takes no value, got "1"/,
    },
    missing: "--title",
  },
  {
    run: task("gradescope", "somewhere"),
    command: "deno task gradescope",
    flags: GRADESCOPE_FLAGS,
    badValue: {
      args: ["--hidden", "never"],
      reason: /"never" is not one of visible, after_due_date/,
    },
    missing: "--template",
  },
  {
    run: task("notebook", "work.ipynb"),
    command: "deno task notebook",
    flags: NOTEBOOK_FLAGS,
    badValue: {
      args: ["--force=no"],
      reason: /it is a switch and takes no value, got "no"/,
    },
    missing: "--framework-url",
  },
  {
    run: task("build"),
    command: "deno task build",
    flags: BUILD_FLAGS,
    badValue: {
      args: ["--grader-types=dist"],
      reason: /it is a switch and takes no value, got "dist"/,
    },
  },
  {
    run: task("bench:batch", "--", "10"),
    command: "deno task bench:batch",
    flags: BENCH_BATCH_FLAGS,
    badValue: {
      args: ["--isolate=yes"],
      reason: /it is a switch and takes no value, got "yes"/,
    },
    missing: "--compare",
  },
  {
    run: task("bench:report"),
    command: "deno task bench:report",
    flags: BENCH_REPORT_FLAGS,
    badValue: {
      args: ["--no-memory=1"],
      reason: /it is a switch and takes no value, got "1"/,
    },
    missing: "--out",
  },
  {
    run: ["run", "-A", "grader/bench_grade.ts"],
    command: "deno run -A grader/bench_grade.ts",
    flags: BENCH_GRADE_FLAGS,
    badValue: {
      args: ["--runs", "many"],
      reason: /"many" is not an integer of at least 1/,
    },
    missing: "--compare",
  },
];

/** `deno task --quiet <name> …`, as a user runs a command. */
function task(...args: string[]): string[] {
  return ["task", "--quiet", ...args];
}

async function deno(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    // Some commands print their usage with their other messages, on stderr.
    output: text.decode(out.stdout) + text.decode(out.stderr),
  };
}

/** A refusal: exit 2, the reason, the pointer to --help, no stack trace. */
function assertRefused(
  run: { code: number; output: string },
  c: Case,
  reason: RegExp,
): void {
  assert.equal(run.code, 2, run.output);
  assert.match(run.output, reason);
  assert.ok(
    run.output.includes(`\n\nRun ${c.command} --help for usage\n`),
    run.output,
  );
  assert.doesNotMatch(run.output, /^\s+at |Uncaught|error: /m);
}

for (const c of CASES) {
  Deno.test(`${c.command}: --help lists every flag; bad flags exit 2 naming flag and command`, async () => {
    const help = await deno([...c.run, "--help"]);
    assert.equal(help.code, 0, help.output);
    assert.match(help.output, /^Usage: /);
    for (const [name, flag] of Object.entries(c.flags)) {
      const head = `--${name}${
        flag.value === undefined ? "" : ` ${flag.value}`
      }`;
      assert.ok(help.output.includes(head), `${head} missing:\n${help.output}`);
    }
    const short = await deno([...c.run, "-h"]);
    assert.equal(short.code, 0);
    assert.equal(short.output, help.output);

    const unknown = await deno([...c.run, "--no-such-flag"]);
    assertRefused(
      unknown,
      c,
      new RegExp(`^Unknown flag --no-such-flag in ${escape(c.command)}\n`),
    );

    const bad = await deno([...c.run, ...c.badValue.args]);
    const flag = c.badValue.args[0].replace(/=.*/, "");
    assertRefused(
      bad,
      c,
      new RegExp(
        `^(Invalid|Missing) value for ${escape(flag)} in ${
          escape(c.command)
        }: .*${c.badValue.reason.source}`,
      ),
    );

    if (c.missing === undefined) return;
    const missing = await deno([...c.run, c.missing]);
    assertRefused(
      missing,
      c,
      new RegExp(
        `^Missing value for ${escape(c.missing)} in ${escape(c.command)}: `,
      ),
    );
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
