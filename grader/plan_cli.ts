/**
 * `deno task plan --set <file> --seed <n> --out plan.json [--visible-only]`:
 * freezes a set's planned checks — probes and expected values computed from
 * the references — into a plan file holding no reference code. See
 * `plan_file.ts`.
 *
 * Exit codes: 0 written; 2 a usage or setup error, with the reason on stderr.
 *
 * @module
 */

import { stopBundler } from "./_bundle.ts";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  ONLY_FLAG,
  readCommandLine,
  SET_FLAG,
  UsageError,
} from "./_flags.ts";
import { planSet, randomSeed, SetupError } from "./grade.ts";
import { freezePlan } from "./plan_file.ts";
import { loadSet, userPath } from "./set_source.ts";

const COMMAND = "deno task plan";

/**
 * The flags of `deno task plan`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { PLAN_CLI_FLAGS } from "./plan_cli.ts";
 * console.log("visible-only" in PLAN_CLI_FLAGS); // true
 * ```
 */
export const PLAN_CLI_FLAGS = {
  set: SET_FLAG,
  seed: {
    value: "<n>",
    number: { integer: true, min: 0 },
    help: "Seed for hidden points (default: random; written in the plan)",
  },
  out: { value: "<file>", help: "Where to write the plan (required)" },
  "visible-only": {
    help:
      "A learner-safe plan: visible checks only; hidden ones are listed as graded at submission",
  },
  only: { ...ONLY_FLAG, help: "Only these exercises" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The usage text of `deno task plan`.
 *
 * @example
 * ```ts
 * import { PLAN_USAGE } from "./plan_cli.ts";
 * console.log(PLAN_USAGE.includes("--visible-only")); // true
 * ```
 */
export const PLAN_USAGE = `Usage: ${COMMAND} --out <file> [options]

Freezes an exercise set's checks for one seed into a plan file: the points
each check probes and the reference values there, with no reference code.
Grade against it with: deno task grade <folder> --plan <file>

Options:
${formatFlags(PLAN_CLI_FLAGS)}
`;

/**
 * Runs `deno task plan` and returns the exit code.
 *
 * @param args The command-line arguments.
 * @param print Where messages go.
 * @returns 0 or 2.
 *
 * @example
 * ```ts
 * import { planMain } from "./plan_cli.ts";
 * console.log(await planMain(["--help"], () => {})); // 0
 * ```
 */
export async function planMain(
  args: string[],
  print: (text: string) => void = (t) => console.error(t),
): Promise<number> {
  const values = readCommandLine(args, {
    command: COMMAND,
    flags: PLAN_CLI_FLAGS,
    usage: PLAN_USAGE,
    read({ values }) {
      if (values.out === undefined) {
        throw new UsageError(
          COMMAND,
          `Missing --out in ${COMMAND}: where to write the plan`,
        );
      }
      return { ...values, out: values.out };
    },
    print,
    printError: print,
  });
  if (typeof values === "number") return values;
  const seed = values.seed ?? randomSeed();
  try {
    const { set, planner } = await loadSet(values.set);
    const plan = await planSet(set, seed, {
      planner,
      only: values.only,
    });
    const out = userPath(values.out);
    await Deno.writeTextFile(
      out,
      freezePlan(plan, { visibleOnly: values["visible-only"] ?? false }),
    );
    const checks = plan.exercises.reduce((a, e) => a + e.checks.length, 0);
    print(
      `Wrote ${out}: ${set.id}, ${plan.exercises.length} exercises, ${checks} checks, seed ${seed}${
        values["visible-only"] ? ", visible checks only (learner-safe)" : ""
      }`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SetupError) {
      print(error.message);
      return 2;
    }
    throw error;
  } finally {
    await stopBundler();
  }
}

if (import.meta.main) {
  Deno.exit(await planMain(Deno.args));
}
