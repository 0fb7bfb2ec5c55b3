/**
 * `deno task check-set [--set <file>]`: what an instructor (and their CI)
 * runs before publishing a set. Every finding is listed; the exit code is 1
 * when there is any.
 *
 * 1. The set loads: every definition is valid, every declared export type
 *    names known types (checked by `defineExercise`).
 * 2. Types: a generated starter and the reference solutions type-check
 *    together, and each reference export is assignable to its declared type.
 * 3. The references score full marks, bonus included, at several seeds.
 * 4. Hidden points stay inside the reference's domain: planning at many more
 *    seeds never meets a non-finite reference value.
 * 5. A frozen plan grades the references as the set does (property checks
 *    survive being written as text).
 * 6. The generated starter grades to 0 without a crash.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeStarter } from "../exercises/starter.ts";
import type { ExerciseSet } from "../exercises/types.ts";
import { stopBundler } from "./_bundle.ts";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
  SET_FLAG,
  UsageError,
} from "./_flags.ts";
import {
  courseImportMap,
  FRAMEWORK_ROOT,
  frameworkEntryOfSpecifier,
} from "./_framework.ts";
import { frameworkOnDisk } from "./_framework_files.ts";
import { gradeSubmission, type Planner, planSet, SetupError } from "./grade.ts";
import { freezePlan, thawPlan } from "./plan_file.ts";
import { type LoadedSet, loadSet } from "./set_source.ts";

/**
 * One thing check-set found wrong.
 *
 * @example
 * ```ts
 * import type { Finding } from "./check_set.ts";
 * const f: Finding = { step: "references", message: "01 f at 3 failed at seed 1: …" };
 * ```
 */
export interface Finding {
  /** Which step found it: `load`, `types`, `references`, `domains`, `plan` or `starter`. */
  step: "load" | "types" | "references" | "domains" | "plan" | "starter";
  /** What is wrong, and where. */
  message: string;
}

/**
 * Options of {@linkcode checkSet}.
 *
 * @example
 * ```ts
 * import type { CheckSetOptions } from "./check_set.ts";
 * const o: CheckSetOptions = { seeds: [1, 2, 3], domainSeeds: 20 };
 * ```
 */
export interface CheckSetOptions {
  /** Seeds the references are graded at; default 1, 2 and 3. */
  seeds?: number[];
  /** How many seeds planning is tried at, for hidden domains; default 25. */
  domainSeeds?: number;
  /** Type-check the starter and references; default true. */
  typecheck?: boolean;
  /** Called with each step's name as it starts. */
  onStep?: (step: string) => void;
}

/**
 * Checks a set as `deno task check-set` does.
 *
 * @param spec The `--set` value (a built-in id or a set file).
 * @param options Seeds and steps.
 * @returns The findings; none when the set is sound.
 *
 * @example
 * ```ts
 * import { checkSet } from "./check_set.ts";
 * const findings = await checkSet("autograd", { seeds: [1], domainSeeds: 2, typecheck: false });
 * console.log(findings.length); // 0
 * ```
 */
export async function checkSet(
  spec: string | undefined,
  options: CheckSetOptions = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let loaded: LoadedSet;
  options.onStep?.("load");
  try {
    loaded = await loadSet(spec);
  } catch (error) {
    return [{ step: "load", message: (error as Error).message }];
  }
  const { set, planner } = loaded;
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-check-set-" });
  try {
    const starter = join(tmp, "starter");
    writeStarter(starter, {
      set,
      framework: join(FRAMEWORK_ROOT ?? await frameworkOnDisk(), "mod.ts"),
    });
    if (options.typecheck !== false) {
      options.onStep?.("types");
      findings.push(...await checkTypes(set, starter, tmp));
    }
    options.onStep?.("references");
    findings.push(
      ...await checkReferences(set, planner, options.seeds ?? [1, 2, 3]),
    );
    options.onStep?.("domains");
    findings.push(
      ...await checkDomains(set, planner, options.domainSeeds ?? 25),
    );
    options.onStep?.("plan");
    findings.push(...await checkPlan(set, planner, tmp));
    options.onStep?.("starter");
    findings.push(...await checkStarter(set, planner, starter));
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  return findings;
}

/** A module assigning each reference export to its declared type, via the starter's declarations. */
function assignabilityModule(
  set: ExerciseSet,
  starter: string,
): string {
  const lines: string[] = [];
  for (const ex of set.exercises) {
    const ref = pathToFileURL(
      fileURLToPath(new URL(`${ex.id}.ts`, set.solutions)),
    ).href;
    const declared = pathToFileURL(join(starter, `${ex.id}.ts`)).href;
    const r = `ref_${ex.id.replace(/\W/g, "_")}`;
    const d = `declared_${ex.id.replace(/\W/g, "_")}`;
    lines.push(`import * as ${r} from ${JSON.stringify(ref)};`);
    lines.push(`import type * as ${d} from ${JSON.stringify(declared)};`);
    for (const name of Object.keys(ex.exports)) {
      lines.push(
        `export const ${r}_${name}: typeof ${d}.${name} = ${r}.${name};`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

async function checkTypes(
  set: ExerciseSet,
  starter: string,
  tmp: string,
): Promise<Finding[]> {
  const solutions = fileURLToPath(set.solutions);
  const course = await courseImportMap(solutions);
  const imports: Record<string, string> = {};
  for (const [key, value] of Object.entries(course.imports)) {
    imports[key] = /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/")
      ? value
      : pathToFileURL(join(course.base, value)).href +
        (value.endsWith("/") ? "/" : "");
  }
  // Every name of the framework means this copy.
  const names = new Set([
    "dualgrade",
    "dualgrade/exercises",
    "dualgrade/grader",
    ...Object.keys(course.imports).filter((k) =>
      frameworkEntryOfSpecifier(course.imports[k]) !== undefined
    ),
  ]);
  for (const ex of set.exercises) {
    const text = await Deno.readTextFile(
      fileURLToPath(new URL(`${ex.id}.ts`, set.solutions)),
    ).catch(() => "");
    for (const m of text.matchAll(/["'](https?:\/\/[^"'\s]+)["']/g)) {
      names.add(m[1]);
    }
  }
  // The framework's files on disk (a remote copy's are kept in the cache).
  const root = FRAMEWORK_ROOT ?? await frameworkOnDisk();
  for (const name of names) {
    const entry = frameworkEntryOfSpecifier(name);
    if (entry !== undefined) {
      imports[name] = pathToFileURL(join(root, entry)).href;
    }
  }
  const config = join(tmp, "check-deno.json");
  await Deno.writeTextFile(config, JSON.stringify({ imports }));
  const checkFile = join(tmp, "assignable.ts");
  await Deno.writeTextFile(checkFile, assignabilityModule(set, starter));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--config", config, checkFile],
    cwd: tmp,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.code === 0) return [];
  const text = new TextDecoder().decode(out.stderr) +
    new TextDecoder().decode(out.stdout);
  const errors = text.split(/\n(?=TS\d+ \[ERROR\]|error:)/).map((s) => s.trim())
    .filter((s) =>
      /^(TS\d+ \[ERROR\]|error:)/.test(s) &&
      !/^error: Type checking failed/.test(s)
    );
  return (errors.length > 0 ? errors : [text.trim()]).map((e) => ({
    step: "types" as const,
    message: `The references do not satisfy the declared types: ${
      e.replaceAll(`${tmp}/`, "").replace(/\s+/g, " ")
    }`,
  }));
}

async function checkReferences(
  set: ExerciseSet,
  planner: Planner | undefined,
  seeds: number[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const seed of seeds) {
    try {
      const result = await gradeSubmission(fileURLToPath(set.solutions), {
        set,
        planner,
        seed,
        typecheck: false,
      });
      for (const ex of result.exercises) {
        for (const c of ex.checks.filter((c) => !c.passed)) {
          findings.push({
            step: "references",
            message:
              `The reference solution fails ${ex.id} "${c.name}" at seed ${seed}: ${c.message}`,
          });
        }
        if (ex.run !== "ok" && ex.checks.every((c) => c.passed)) {
          findings.push({
            step: "references",
            message:
              `The reference solution ${ex.id} did not run at seed ${seed}: ${
                ex.problems.join("; ")
              }`,
          });
        }
      }
    } catch (error) {
      findings.push({
        step: "references",
        message: `At seed ${seed}: ${(error as Error).message}`,
      });
      break;
    }
  }
  return findings;
}

async function checkDomains(
  set: ExerciseSet,
  planner: Planner | undefined,
  count: number,
): Promise<Finding[]> {
  for (let seed = 1000; seed < 1000 + count; seed++) {
    try {
      await planSet(set, seed, { planner });
    } catch (error) {
      return [{
        step: "domains",
        message: `At seed ${seed}: ${(error as Error).message}`,
      }];
    }
  }
  return [];
}

async function checkPlan(
  set: ExerciseSet,
  planner: Planner | undefined,
  tmp: string,
): Promise<Finding[]> {
  let thawedScore: number, setScore: number, thawedMax: number;
  try {
    const plan = await planSet(set, 1, { planner });
    const file = join(tmp, "plan.json");
    const { plan: thawed } = thawPlan(freezePlan(plan), file);
    const folder = fileURLToPath(set.solutions);
    const fromPlan = await gradeSubmission(folder, {
      plan: thawed,
      typecheck: false,
    });
    const fromSet = await gradeSubmission(folder, { plan, typecheck: false });
    thawedScore = fromPlan.score + fromPlan.bonus;
    thawedMax = fromPlan.maxScore + fromPlan.bonusMax;
    setScore = fromSet.score + fromSet.bonus;
    const passedInSet = new Set(
      fromSet.exercises.flatMap((e) =>
        e.checks.filter((c) => c.passed).map((c) => `${e.id}/${c.name}`)
      ),
    );
    const lost = fromPlan.exercises.flatMap((e) =>
      e.checks.filter((c) => !c.passed && passedInSet.has(`${e.id}/${c.name}`))
        .map((c) => `${e.id} "${c.name}": ${c.message}`)
    );
    if (thawedScore !== setScore || lost.length > 0) {
      return [{
        step: "plan",
        message:
          `A frozen plan grades the references ${thawedScore}/${thawedMax}, the set ${setScore}: ${
            lost.join("; ")
          } (a property's predicate may use only its arguments)`,
      }];
    }
  } catch (error) {
    return [{ step: "plan", message: (error as Error).message }];
  }
  return [];
}

async function checkStarter(
  set: ExerciseSet,
  planner: Planner | undefined,
  starter: string,
): Promise<Finding[]> {
  try {
    const result = await gradeSubmission(starter, {
      set,
      planner,
      seed: 1,
      typecheck: false,
    });
    const findings: Finding[] = [];
    if (result.score + result.bonus !== 0) {
      findings.push({
        step: "starter",
        message:
          `The starter scores ${result.score} points and ${result.bonus} bonus, not 0: ${
            result.exercises.flatMap((e) =>
              e.checks.filter((c) => c.passed).map((c) => `${e.id} "${c.name}"`)
            ).join(", ")
          } pass without an answer`,
      });
    }
    for (const ex of result.exercises.filter((e) => e.run !== "ok")) {
      findings.push({
        step: "starter",
        message: `The starter's ${ex.id}.ts does not run (${ex.run}): ${
          ex.problems.join("; ")
        }`,
      });
    }
    return findings;
  } catch (error) {
    return [{ step: "starter", message: (error as Error).message }];
  }
}

const COMMAND = "deno task check-set";

/**
 * The flags of `deno task check-set`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { CHECK_SET_FLAGS } from "./check_set.ts";
 * console.log("seeds" in CHECK_SET_FLAGS); // true
 * ```
 */
export const CHECK_SET_FLAGS = {
  set: SET_FLAG,
  seeds: {
    value: "<n,n>",
    help: "Seeds the references are graded at (default: 1,2,3)",
  },
  "no-typecheck": { help: "Skip the type check" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The usage text of `deno task check-set`.
 *
 * @example
 * ```ts
 * import { CHECK_SET_USAGE } from "./check_set.ts";
 * console.log(CHECK_SET_USAGE.includes("--seeds")); // true
 * ```
 */
export const CHECK_SET_USAGE = `Usage: ${COMMAND} [--set <file>] [options]

Checks an exercise set before learners see it: definitions and declared types,
reference solutions type-checked against the declared types, full marks for the
references at several seeds, hidden points inside the references' domain, a
frozen plan grading as the set does, and a starter that grades to 0.

Options:
${formatFlags(CHECK_SET_FLAGS)}

Exit codes: 0 no findings, 1 findings (listed), 2 usage error.
`;

/**
 * Runs `deno task check-set` and returns the exit code.
 *
 * @param args The command-line arguments.
 * @param print Where the usage and the findings go.
 * @param printError Where usage and setup errors go.
 * @returns 0 no findings, 1 findings, 2 a usage or setup error.
 *
 * @example
 * ```ts
 * import { checkSetMain } from "./check_set.ts";
 * console.log(await checkSetMain(["--help"], () => {})); // 0
 * ```
 */
export async function checkSetMain(
  args: string[],
  print: (text: string) => void = (t) => console.log(t),
  printError: (text: string) => void = (t) => console.error(t),
): Promise<number> {
  const read = readCommandLine(args, {
    command: COMMAND,
    flags: CHECK_SET_FLAGS,
    usage: CHECK_SET_USAGE,
    read: ({ values }) => ({
      values,
      seeds: values.seeds === undefined ? undefined : parseSeeds(values.seeds),
    }),
    print,
    printError,
  });
  if (typeof read === "number") return read;
  const { values, seeds } = read;
  try {
    const findings = await checkSet(values.set, {
      seeds,
      typecheck: !values["no-typecheck"],
    });
    if (findings.length === 0) {
      print("✓ The set is sound: types, references, domains, plan and starter");
      return 0;
    }
    for (const f of findings) print(`✗ [${f.step}] ${f.message}`);
    print(`${findings.length} finding${findings.length === 1 ? "" : "s"}`);
    return 1;
  } catch (error) {
    if (error instanceof SetupError) {
      printError(error.message);
      return 2;
    }
    throw error;
  } finally {
    await stopBundler();
  }
}

/** `--seeds 1,2,3`: integers of at least 0, or a usage error. */
function parseSeeds(text: string): number[] {
  const seeds = text.split(",").map((part) => part.trim());
  if (seeds.some((part) => !/^\d+$/.test(part))) {
    throw new UsageError(
      COMMAND,
      `Invalid value for --seeds in ${COMMAND}: ${
        JSON.stringify(text)
      } is not a list of integers of at least 0`,
    );
  }
  return seeds.map(Number);
}

if (import.meta.main) {
  Deno.exit(await checkSetMain(Deno.args));
}
