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

import { parseArgs } from "node:util";
import { stopBundler } from "./_bundle.ts";
import { planSet, randomSeed, SetupError } from "./grade.ts";
import { freezePlan } from "./plan_file.ts";
import { loadSet, userPath } from "./set_source.ts";

/**
 * The usage text of `deno task plan`.
 *
 * @example
 * ```ts
 * import { PLAN_USAGE } from "./plan_cli.ts";
 * console.log(PLAN_USAGE.includes("--visible-only")); // true
 * ```
 */
export const PLAN_USAGE = `Usage: deno task plan --out <file> [options]

Freezes an exercise set's checks for one seed into a plan file: the points
each check probes and the reference values there, with no reference code.
Grade against it with: deno task grade <folder> --plan <file>

Options:
  --set <id|file>   The exercise set (default: the set the course's deno.json
                    names, else autograd)
  --seed <n>        Seed for hidden points (default: random; written in the plan)
  --out <file>      Where to write the plan (required)
  --visible-only    A learner-safe plan: visible checks only; hidden ones are
                    listed as graded at submission
  --only <id,id>    Only these exercises
  -h, --help        Show this help
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
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        set: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        only: { type: "string" },
        "visible-only": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    print(`Invalid arguments: ${(error as Error).message}\n\n${PLAN_USAGE}`);
    return 2;
  }
  if (values.help) {
    print(PLAN_USAGE);
    return 0;
  }
  if (values.out === undefined) {
    print(`Missing --out: where to write the plan\n\n${PLAN_USAGE}`);
    return 2;
  }
  const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    print(
      `Invalid value for --seed: ${
        JSON.stringify(values.seed)
      } is not an integer of at least 0`,
    );
    return 2;
  }
  try {
    const { set, planner } = await loadSet(values.set);
    const plan = await planSet(set, seed, {
      planner,
      only: values.only?.split(",").map((s) => s.trim()).filter(Boolean),
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
