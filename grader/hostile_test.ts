/**
 * Hostile and broken submissions: each gets a clear message, nothing crashes
 * or hangs past the limits, and the other exercise (02, correct) keeps its
 * full marks. Fixtures are in testdata/hostile/ (as .ts.txt, so the
 * project's own fmt, lint and check leave their broken code alone); each is
 * graded as 01.ts of the mini set, next to a correct 02.ts.
 */

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopBundler } from "./_bundle.ts";
import { gradeSubmission, planSet, SetupError } from "./grade.ts";
import type { ExerciseResult, GradeResult, Limits } from "./result.ts";
import { exerciseSet as mini } from "./testdata/mini/set.ts";

const HOSTILE = fileURLToPath(new URL("./testdata/hostile/", import.meta.url));
const REPO = fileURLToPath(new URL("../", import.meta.url));
/** Learners may import the framework by URL; it maps to the local mod.ts. */
const FRAMEWORK_URL = "https://example.com/dualgrade@0.1.0/mod.ts";
const LIMITS = { timeoutMs: 2000, memoryMb: 64 };

async function fixture(name: string): Promise<string> {
  const text = await Deno.readTextFile(join(HOSTILE, `${name}.ts.txt`));
  return text.replaceAll("%MOD%", FRAMEWORK_URL).replaceAll(
    "%REPO%",
    REPO.replace(/\/$/, ""),
  );
}

interface Case {
  /** Contents of 01.ts: a fixture name, source text (when it has a newline), raw bytes, or null for no file. */
  first: string | Uint8Array | null;
  /** More setup in the learner folder `dir` inside the scratch folder `base`. */
  setup?: (dir: string, base: string) => Promise<void>;
  limits?: Partial<Limits>;
}

/**
 * Runs `body` in a new scratch folder, then stops the bundler and removes
 * the folder, whatever `body` did.
 */
async function inScratch<T>(
  prefix: string,
  body: (base: string) => Promise<T>,
): Promise<T> {
  const base = await Deno.makeTempDir({ prefix });
  try {
    return await body(base);
  } finally {
    await stopBundler();
    await Deno.remove(base, { recursive: true });
  }
}

/** Writes each file (a path relative to `base`: its text), making its folders. */
async function writeFiles(
  base: string,
  files: Record<string, string>,
): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(base, path)), { recursive: true });
    await Deno.writeTextFile(join(base, path), text);
  }
}

/**
 * Makes the learner folder `dir` (and its parents) holding `first` as 01.ts
 * and `second` as 02.ts, by default the correct good_02; returns `dir`.
 */
async function writeLearner(
  dir: string,
  first: string,
  second?: string,
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "01.ts"), first);
  await Deno.writeTextFile(
    join(dir, "02.ts"),
    second ?? await fixture("good_02"),
  );
  return dir;
}

/**
 * Grades a learner folder at <base>/a/learner. <base>/solutions/autograd/01.ts
 * is a decoy that `../../solutions/…` from the folder would reach, and
 * <base>/secret.ts a file outside the folder.
 */
function grade(
  c: Case,
): Promise<{ result: GradeResult; first: ExerciseResult }> {
  return inScratch("dualgrade-hostile-", async (base) => {
    const dir = join(base, "a", "learner");
    await Deno.mkdir(dir, { recursive: true });
    await writeFiles(base, {
      "solutions/autograd/01.ts": "export const f = (x: number) => x * x;\n",
      "secret.ts": "export const secret = 3;\n",
    });
    if (typeof c.first === "string") {
      await Deno.writeTextFile(
        join(dir, "01.ts"),
        c.first.includes("\n") ? c.first : await fixture(c.first),
      );
    } else if (c.first !== null) {
      await Deno.writeFile(join(dir, "01.ts"), c.first);
    }
    await Deno.writeTextFile(join(dir, "02.ts"), await fixture("good_02"));
    await c.setup?.(dir, base);
    const result = await gradeSubmission(dir, {
      set: mini,
      seed: 1,
      typecheck: false,
      limits: { ...LIMITS, ...c.limits },
    });
    return { result, first: result.exercises[0] };
  });
}

/**
 * Grades `dir` with the mini set and the type check on; asserts the check
 * ran and returns exercise 01's result.
 */
async function gradeTypeChecked(
  dir: string,
): Promise<{ result: GradeResult; first: ExerciseResult }> {
  const result = await gradeSubmission(dir, {
    set: mini,
    seed: 1,
    limits: LIMITS,
  });
  assert.equal(result.typecheck, "checked", result.typecheckNote);
  return { result, first: result.exercises[0] };
}

/** Exercise 01's type error messages, one a line, once it scored full marks. */
function typeErrorText(first: ExerciseResult): string {
  assert.equal(first.score, 4);
  return first.typeErrors.map((t) => t.message).join("\n");
}

/**
 * Grades a class folder at <base>/class, one learner folder per id (01.ts,
 * and 02.ts when given, else the correct one), as a batch into the
 * gradebook <base>/book; returns the summary and the entries by learner.
 */
async function gradeClass(
  base: string,
  learners: Record<string, [first: string, second?: string]>,
  options: { jobs: number; limits: Partial<Limits> },
) {
  const cls = join(base, "class");
  for (const [id, [first, second]] of Object.entries(learners)) {
    await writeLearner(join(cls, id), first, second);
  }
  const { gradeBatch } = await import("./batch.ts");
  const { readEntries } = await import("./gradebook.ts");
  const summary = await gradeBatch({
    dir: cls,
    gradebook: join(base, "book"),
    set: mini,
    seed: 1,
    jobs: options.jobs,
    limits: options.limits,
  });
  const entries = new Map(
    (await readEntries(join(base, "book.jsonl"))).map((e) => [e.learner, e]),
  );
  return { summary, entries };
}

/** 01.ts for the mini set: correct, importing the framework by URL. */
async function goodFirst(): Promise<string> {
  return await fixture("good_01");
}

/** A flag only sandbox processes run with. */
const SANDBOX_FLAG = "--disallow-code-generation-from-strings";

/** Every process on the machine, from ps. */
async function processes(): Promise<
  { pid: number; ppid: number; stat: string; cpu: string; args: string }[]
> {
  const ps = await new Deno.Command("ps", {
    args: ["-e", "-o", "pid=,ppid=,stat=,time=,args="],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(ps.stdout).split("\n").filter(Boolean).map(
    (line) => {
      const [pid, ppid, stat, cpu, ...args] = line.trim().split(/\s+/);
      return {
        pid: Number(pid),
        ppid: Number(ppid),
        stat,
        cpu,
        args: args.join(" "),
      };
    },
  );
}

/** The sandbox processes this process started, zombies included, as ps shows them. */
async function sandboxChildren(): Promise<string[]> {
  return (await processes()).filter((p) =>
    p.ppid === Deno.pid && p.args.includes(SANDBOX_FLAG)
  ).map((p) => `${p.pid} ${p.args}`);
}

/** The esbuild services this process started that are still alive. */
async function bundlerServices(): Promise<number[]> {
  return (await processes()).filter((p) =>
    p.ppid === Deno.pid && !p.stat.startsWith("Z") &&
    p.args.includes("--service=")
  ).map((p) => p.pid);
}

/**
 * Reads `read` until `done` holds of what it gave, at most `tries` times,
 * `ms` apart, and returns the last reading: waiting for an event, polled;
 * the bound only ends a broken run.
 */
async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { tries, ms }: { tries: number; ms: number },
): Promise<T> {
  let value = await read();
  for (let i = 1; i < tries && !done(value); i++) {
    await new Promise((r) => setTimeout(r, ms));
    value = await read();
  }
  return value;
}

/** Exercise 02 is correct in every case: full marks, bonus included. */
function assertOthersUnaffected(result: GradeResult): void {
  const second = result.exercises[1];
  assert.equal(second.run, "ok", second.problems.join("; "));
  assert.equal(second.score, 4);
  assert.equal(second.maxScore, 4);
  assert.equal(second.bonus, 1);
}

/** Every check of exercise 01 failed with `pattern`, and the exercise scored 0. */
function assertAllFailed(first: ExerciseResult, pattern: RegExp): void {
  assert.equal(first.score, 0);
  for (const c of first.checks) {
    assert.equal(c.passed, false);
    assert.match(c.message, pattern);
  }
}

function check(first: ExerciseResult, name: string) {
  const found = first.checks.find((c) => c.name === name);
  assert.ok(found, `no check ${name}`);
  return found;
}

Deno.test("hostile: a syntax error is a bundle error naming the file, line and column", async () => {
  const { result, first } = await grade({ first: "syntax_error" });
  assert.equal(first.run, "bundle-error");
  assert.match(
    first.problems[0],
    /^Cannot bundle 01\.ts: syntax error: Unexpected ";" \(line 1, column 42: /,
  );
  assertAllFailed(first, /Cannot bundle 01\.ts/);
  assertOthersUnaffected(result);
});

Deno.test("hostile: a missing export costs only its checks", async () => {
  const { result, first } = await grade({ first: "missing_export" });
  assert.equal(first.run, "ok");
  assert.equal(first.score, 3);
  assert.equal(
    check(first, "squareGrad at 3").message,
    "Missing export squareGrad (the module exports square)",
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a misnamed export is pointed out", async () => {
  const { result, first } = await grade({ first: "misnamed_export" });
  assert.equal(first.score, 0);
  assert.equal(
    check(first, "squareGrad at 3").message,
    "Missing export squareGrad: found squaregrad, names are case-sensitive (the module exports Square, squaregrad)",
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a string and a Promise where numbers are due", async () => {
  const { result, first } = await grade({ first: "wrong_string_promise" });
  assert.equal(first.score, 0);
  assert.equal(
    check(first, "square at 3").message,
    'square(3): expected a number, got the string "9"',
  );
  assert.match(
    check(first, "squareGrad at 3").message,
    /^squareGrad\(3\): expected a number, got a Promise/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a Dual and an object where numbers are due", async () => {
  const { result, first } = await grade({ first: "wrong_dual_object" });
  assert.equal(first.score, 0);
  assert.equal(
    check(first, "square at 3").message,
    "square(3): expected a number, got an object with keys value",
  );
  assert.match(
    check(first, "squareGrad at 3").message,
    /^squareGrad\(3\): expected a number, got a Dual \(value 6\)/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a function where a number is due", async () => {
  const { result, first } = await grade({ first: "wrong_function" });
  assert.equal(first.score, 3);
  assert.match(
    check(first, "squareGrad at 3").message,
    /^squareGrad\(3\): expected a number, got a function/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: throwing at import", async () => {
  const { result, first } = await grade({ first: "throw_at_import" });
  assert.equal(first.run, "import-error");
  assert.deepEqual(first.problems, [
    "The module threw while loading: Error: Boom at import (at 01.ts line 3)",
  ]);
  assertAllFailed(first, /Boom at import/);
  assertOthersUnaffected(result);
});

Deno.test("hostile: throwing at call", async () => {
  const { result, first } = await grade({ first: "throw_at_call" });
  assert.equal(first.run, "ok");
  assert.equal(first.score, 1);
  assert.equal(
    check(first, "square at 3").message,
    "square(3) threw RangeError: Not done yet (at 01.ts line 2, in square)",
  );
  assert.match(
    check(first, "square at hidden points").message,
    /^square at hidden point 1 of 3 threw RangeError/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: NaN and Infinity", async () => {
  const { result, first } = await grade({ first: "nan_infinity" });
  assert.equal(first.score, 0);
  assert.equal(
    check(first, "square at 3").message,
    "square(3): expected 9, got NaN",
  );
  assert.equal(
    check(first, "squareGrad at 3").message,
    "squareGrad(3): expected 6, got Infinity",
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: an endless loop at import stops at the time limit", async () => {
  // Stopped by the exercise's limit, its rerun alone too, long before the
  // learner's deadline: grading never waits on the loop.
  const { result, first } = await grade({
    first: "loop_at_import",
    limits: { learnerTimeoutMs: 60_000 },
  });
  assert.equal(first.run, "timeout");
  assert.match(
    first.problems[0],
    /^Stopped after 2000 ms while loading the module/,
  );
  assert.equal(result.deadline, undefined);
  assertOthersUnaffected(result);
});

Deno.test("hostile: an endless loop in a call keeps the checks that ran", async () => {
  const { result, first } = await grade({ first: "loop_at_call" });
  assert.equal(first.run, "timeout");
  assert.equal(first.score, 3);
  assert.match(
    check(first, "squareGrad at 3").message,
    /Stopped after 2000 ms while running squareGrad/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a promise that never resolves at import", async () => {
  const bare = await grade({ first: "never_resolving" });
  assert.equal(bare.first.run, "import-error");
  assert.match(bare.first.problems[0], /a top-level await never resolved/);
  assertOthersUnaffected(bare.result);
  const timed = await grade({ first: "never_resolving_with_timer" });
  assert.equal(timed.first.run, "timeout");
  assertOthersUnaffected(timed.result);
});

Deno.test("hostile: a timer that keeps the process alive does not delay grading", async () => {
  // With no exercise limit to end it, a child kept alive by its timer would
  // hold grading until the learner's deadline; once every result is in, the
  // grader ends it.
  const { result, first } = await grade({
    first: "timer_alive",
    limits: { timeoutMs: 600_000, learnerTimeoutMs: 60_000 },
  });
  assert.equal(first.run, "ok");
  assert.equal(first.score, 4);
  assert.equal(result.deadline, undefined);
  assertOthersUnaffected(result);
});

Deno.test("hostile: infinite recursion is a thrown RangeError", async () => {
  const { result, first } = await grade({ first: "infinite_recursion" });
  assert.equal(first.score, 1);
  assert.equal(
    check(first, "square at 3").message,
    "square(3) threw RangeError: Maximum call stack size exceeded (at 01.ts line 1, in again)",
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: a memory bomb on the heap and one in ArrayBuffers", async () => {
  const heap = await grade({ first: "memory_bomb" });
  assert.equal(heap.first.run, "out-of-memory");
  assert.match(heap.first.problems[0], /memory/);
  assertAllFailed(heap.first, /memory/);
  assertOthersUnaffected(heap.result);
  const buffers = await grade({ first: "buffer_bomb" });
  assert.equal(buffers.first.run, "out-of-memory");
  assert.match(
    buffers.first.problems[0],
    /^Ran out of memory while loading the module: RangeError: Array buffer allocation failed/,
  );
  assertOthersUnaffected(buffers.result);
});

Deno.test("hostile: megabytes of output stop the exercise; some output is kept, cut", async () => {
  const flood = await grade({ first: "console_flood" });
  assert.equal(flood.first.run, "output-limit");
  assert.match(flood.first.problems[0], /printed more than 1048576 bytes/);
  assert.ok(flood.first.output.stdout.length <= 4000);
  assert.equal(flood.first.output.truncated, true);
  assertOthersUnaffected(flood.result);
  const chatter = await grade({ first: "console_chatter" });
  assert.equal(chatter.first.run, "ok");
  assert.equal(chatter.first.score, 4);
  assert.match(chatter.first.output.stdout, /^y{99}\n/);
  assert.equal(chatter.first.output.truncated, true);
  assertOthersUnaffected(chatter.result);
});

Deno.test("hostile: Deno.exit(0) and Deno.exit(1) at import, and in a call", async () => {
  for (const code of [0, 1]) {
    const { result, first } = await grade({ first: `exit${code}_at_import` });
    assert.equal(first.run, "exit");
    assert.match(
      first.problems[0],
      new RegExp(`^The module called Deno\\.exit\\(${code}\\) while loading`),
    );
    assertAllFailed(first, /Deno\.exit/);
    assertOthersUnaffected(result);
  }
  const { result, first } = await grade({ first: "exit_at_call" });
  assert.equal(first.score, 3);
  assert.match(
    check(first, "squareGrad at 3").message,
    /called Deno\.exit\(0\) in squareGrad/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: printing the grader's protocol or a score changes nothing", async () => {
  const { result, first } = await grade({ first: "protocol_lines" });
  assert.equal(first.run, "ok");
  // square returns 0: its checks fail whatever was printed; squareGrad is right.
  assert.equal(first.score, 1);
  assert.match(
    check(first, "square at 3").message,
    /^square\(3\): expected 9, got 0/,
  );
  assert.match(first.output.stdout, /Total 100\/100/);
  assertOthersUnaffected(result);
});

Deno.test("hostile: reading files and the environment, the network, spawning processes", async () => {
  const read = await grade({ first: "read_file" });
  assert.equal(read.first.score, 0);
  assert.match(
    check(read.first, "square at 3").message,
    /^square\(3\) threw NotCapable: Requires read access/,
  );
  assert.match(
    check(read.first, "squareGrad at 3").message,
    /threw NotCapable: Requires env access/,
  );
  assertOthersUnaffected(read.result);
  const net = await grade({ first: "net_at_import" });
  assert.equal(net.first.run, "import-error");
  assert.match(net.first.problems[0], /Requires net access/);
  assertOthersUnaffected(net.result);
  const spawn = await grade({ first: "spawn" });
  assert.match(
    check(spawn.first, "square at 3").message,
    /Requires run access/,
  );
  assertOthersUnaffected(spawn.result);
});

Deno.test("hostile: importing the reference solutions, by relative or absolute path", async () => {
  const relative = await grade({ first: "import_solutions" });
  assert.equal(relative.first.run, "bundle-error");
  assert.deepEqual(relative.first.problems, [
    'Cannot bundle 01.ts: import of "../../solutions/autograd/01.ts" leaves the solutions folder',
  ]);
  assertOthersUnaffected(relative.result);
  const absolute = await grade({ first: "import_absolute" });
  assert.equal(absolute.first.run, "bundle-error");
  assert.match(
    absolute.first.problems[0],
    /^Cannot bundle 01\.ts: import of ".*\/solutions\/autograd\/01\.ts" leaves the solutions folder$/,
  );
  assertOthersUnaffected(absolute.result);
});

Deno.test("hostile: computed dynamic imports", async () => {
  const computed = await grade({ first: "import_computed" });
  assert.equal(computed.first.run, "bundle-error");
  assert.match(
    computed.first.problems[0],
    /^Cannot bundle 01\.ts: a dynamic import or require with a computed specifier/,
  );
  assertOthersUnaffected(computed.result);
  const glob = await grade({ first: "import_glob" });
  assert.equal(glob.first.run, "bundle-error");
  assert.match(
    glob.first.problems[0],
    /^Cannot bundle 01\.ts: a computed import reaches .* outside the solutions folder/,
  );
  assertOthersUnaffected(glob.result);
});

Deno.test("hostile: npm:, jsr:, node:, remote and data: imports are refused, naming the import", async () => {
  const cases: [string, RegExp][] = [
    ["import_npm", /import of "npm:lodash@4" is not allowed: npm packages/],
    ["import_jsr", /import of "jsr:@std\/assert" is not allowed: JSR packages/],
    ["import_node", /import of "node:fs" is not allowed: Node built-ins/],
    [
      "import_remote",
      /import of "https:\/\/example\.com\/thing\.ts" is not allowed: remote modules/,
    ],
    [
      "import_data_url",
      /import of "data:text\/javascript,export default 9" is not allowed/,
    ],
  ];
  for (const [name, pattern] of cases) {
    const { result, first } = await grade({ first: name });
    assert.equal(first.run, "bundle-error", name);
    assert.match(first.problems[0], /^Cannot bundle 01\.ts: /);
    assert.match(first.problems[0], pattern);
    assertOthersUnaffected(result);
  }
});

Deno.test("hostile: symbolic links leading outside the folder", async () => {
  const imported = await grade({
    first: "import_symlink",
    setup: (dir, base) =>
      Deno.symlink(join(base, "secret.ts"), join(dir, "link.ts")),
  });
  assert.equal(imported.first.run, "bundle-error");
  assert.deepEqual(imported.first.problems, [
    'Cannot bundle 01.ts: import of "./link.ts" leads outside the solutions folder through a symbolic link',
  ]);
  assertOthersUnaffected(imported.result);
  const entry = await grade({
    first: null,
    setup: (dir, base) =>
      Deno.symlink(
        join(base, "solutions", "autograd", "01.ts"),
        join(dir, "01.ts"),
      ),
  });
  assert.equal(entry.first.run, "bundle-error");
  assert.deepEqual(entry.first.problems, [
    "Cannot bundle 01.ts: it is a symbolic link leading outside the solutions folder",
  ]);
  assertOthersUnaffected(entry.result);
});

Deno.test("hostile: eval, workers and runtime internals are unavailable", async () => {
  const { result, first } = await grade({ first: "escape_hatches" });
  assert.match(
    check(first, "square at 3").message,
    /threw EvalError: Code generation from strings disallowed/,
  );
  assert.equal(check(first, "squareGrad at 3").passed, true);
  assertOthersUnaffected(result);
});

Deno.test("hostile: values that throw when read (revoked proxies, getters) are described, not fatal", async () => {
  const { result, first } = await grade({ first: "proxy_values" });
  assert.equal(first.run, "ok");
  assert.equal(first.score, 0);
  assert.match(
    check(first, "square at 3").message,
    /got a value the grader could not read: reading it threw TypeError/,
  );
  assert.match(
    check(first, "squareGrad at 3").message,
    /reading it threw Error: No peeking/,
  );
  assertOthersUnaffected(result);
});

Deno.test("hostile: monkey-patching Math, JSON, Object, Array and more does not disturb the harness", async () => {
  const { result, first } = await grade({ first: "monkey_patch" });
  assert.equal(first.run, "ok", first.problems.join("; "));
  assert.equal(first.score, 4);
  assertOthersUnaffected(result);
});

Deno.test("hostile: type errors are feedback only", async () => {
  await inScratch("dualgrade-types-", async (base) => {
    const { result, first } = await gradeTypeChecked(
      await writeLearner(base, await fixture("type_error")),
    );
    assert.equal(first.score, 4);
    assert.equal(first.typeErrors.length, 1);
    assert.equal(first.typeErrors[0].line, 5);
    assert.equal(first.typeErrors[0].code, "TS2322");
    assert.match(
      first.typeErrors[0].message,
      /Type 'number' is not assignable to type 'string'/,
    );
    assert.deepEqual(result.exercises[1].typeErrors, []);
  });
});

Deno.test("hostile: an empty folder scores 0 with a message per exercise", async () => {
  await inScratch("dualgrade-empty-", async (base) => {
    const result = await gradeSubmission(base, {
      set: mini,
      seed: 1,
      typecheck: false,
    });
    assert.equal(result.score, 0);
    for (const ex of result.exercises) {
      assert.equal(ex.run, "missing");
      assert.match(
        ex.problems[0],
        new RegExp(`^Missing file ${ex.id}\\.ts in `),
      );
    }
  });
});

Deno.test("hostile: a folder that does not exist is a setup error", async () => {
  await assert.rejects(
    gradeSubmission("/nonexistent/dualgrade/folder", { set: mini, seed: 1 }),
    (e: unknown) =>
      e instanceof SetupError &&
      /^Cannot grade \/nonexistent\/dualgrade\/folder: the folder does not exist$/
        .test(e.message),
  );
});

Deno.test("hostile: extra files are listed and ignored", async () => {
  const { result, first } = await grade({
    first: "timer_alive",
    setup: async (dir) => {
      await Deno.writeTextFile(join(dir, "notes.md"), "# notes\n");
      await Deno.writeTextFile(
        join(dir, "07.ts"),
        "throw new Error('never run');\n",
      );
      await Deno.mkdir(join(dir, "scratch"));
    },
  });
  assert.equal(first.score, 4);
  assert.deepEqual(result.ignoredFiles, ["07.ts", "notes.md", "scratch"]);
  assertOthersUnaffected(result);
});

Deno.test("hostile: a file that is not UTF-8", async () => {
  const bytes = new Uint8Array([
    0x65,
    0x78,
    0xff,
    0xfe,
    0x00,
    0xc3,
    0x28,
    0x0a,
  ]);
  const { result, first } = await grade({ first: bytes });
  assert.equal(first.run, "bundle-error");
  assert.deepEqual(first.problems, [
    "Cannot bundle 01.ts: the file is not valid UTF-8 text",
  ]);
  assertOthersUnaffected(result);
});

Deno.test("hostile: no sandbox process is left behind", async () => {
  await grade({ first: "loop_at_call", limits: { timeoutMs: 500 } });
  await grade({ first: "timer_alive" });
  assert.deepEqual(await sandboxChildren(), []);
});

// ---- Denial of service to the class: files, bundler, scans, sizes ----

Deno.test("hostile: a named pipe as a module is refused, nothing waits on it", async () => {
  const { result, first } = await grade({
    first: null,
    setup: async (dir) => {
      const made = await new Deno.Command("mkfifo", {
        args: [join(dir, "01.ts")],
      }).output();
      assert.ok(made.success, "mkfifo failed");
    },
  });
  assert.equal(first.run, "bundle-error");
  assert.deepEqual(first.problems, [
    "Cannot bundle 01.ts: it is a named pipe, not a regular file: only regular files are read",
  ]);
  assertOthersUnaffected(result);
});

Deno.test("hostile: an imported named pipe and a link to /dev/zero are refused", async () => {
  const { result, first } = await grade({
    first: 'export { square, squareGrad } from "./pipe.ts";\n',
    setup: async (dir) => {
      await new Deno.Command("mkfifo", { args: [join(dir, "pipe.ts")] })
        .output();
    },
  });
  assert.equal(first.run, "bundle-error");
  assert.match(
    first.problems[0],
    /^Cannot bundle (01\.ts: import of "\.\/pipe\.ts" is not a file|pipe\.ts: it is a named pipe)/,
  );
  assertOthersUnaffected(result);
  const zero = await grade({
    first: 'export { square, squareGrad } from "./zero.ts";\n',
    setup: (dir) => Deno.symlink("/dev/zero", join(dir, "zero.ts")),
  });
  assert.equal(zero.first.run, "bundle-error");
  assertOthersUnaffected(zero.result);
});

Deno.test("hostile: deno.json as a link to /dev/zero, and a huge deno.jsonc, are ignored", async () => {
  const linked = await grade({
    first: "good_01",
    setup: (dir) => Deno.symlink("/dev/zero", join(dir, "deno.json")),
  });
  assert.equal(linked.first.score, 4);
  assertOthersUnaffected(linked.result);
  const huge = await grade({
    first: "good_01",
    setup: (dir) =>
      Deno.writeTextFile(join(dir, "deno.jsonc"), "/* ".repeat(350_000)),
  });
  assert.equal(huge.first.score, 4);
  assertOthersUnaffected(huge.result);
});

Deno.test("hostile: a 600 KB file of nested brackets is refused by size, a deep one under the cap by nesting", async () => {
  const big = await grade({
    first: "export const square = " + "[".repeat(300_000) +
      "]".repeat(300_000) + ";\n",
  });
  assert.equal(big.first.run, "bundle-error");
  assert.match(
    big.first.problems[0],
    /^Cannot bundle 01\.ts: it is too large: 600024 bytes, the limit is 262144$/,
  );
  assertOthersUnaffected(big.result);
  const deep = await grade({
    first: "export const square = " + "(".repeat(50_000) + "1" +
      ")".repeat(50_000) + ";\n",
  });
  assert.equal(deep.first.run, "bundle-error");
  assert.match(
    deep.first.problems[0],
    /^Cannot bundle 01\.ts: brackets and arrow functions are nested 50000 deep, the limit is 200$/,
  );
  assertOthersUnaffected(deep.result);
});

Deno.test("hostile: a file that crashes the bundler costs only its learner; the next learner in the batch scores full", async () => {
  await inScratch("dualgrade-batch-dos-", async (base) => {
    const { summary, entries } = await gradeClass(base, {
      // Under every cap (200 KB, no brackets), yet deep enough for esbuild's
      // parser to overflow its stack and end the service.
      "a-crash": ["export const square = " + "!".repeat(200_000) + "1;\n"],
      "b-huge": [
        "export const square = " + "[".repeat(300_000) + "]".repeat(300_000) +
        ";\n",
      ],
      "c-good": [await goodFirst()],
      "d-good": [await goodFirst()],
    }, { jobs: 2, limits: LIMITS });
    assert.equal(summary.graded, 4);
    for (const id of ["c-good", "d-good"]) {
      const e = entries.get(id)!;
      assert.equal(e.status, "graded");
      assert.equal(e.score, 8, id);
      assert.equal(e.maxScore, 8);
      assert.equal(e.bonus, 1);
    }
    for (const id of ["a-crash", "b-huge"]) {
      const e = entries.get(id)!;
      assert.equal(e.points["01"], 0);
      assert.equal(e.points["02"], 5, `${id}: 02 unaffected (bonus included)`);
      assert.equal(e.result!.exercises[0].run, "bundle-error");
    }
    assert.match(
      entries.get("a-crash")!.result!.exercises[0].problems[0],
      /^Cannot bundle 01\.ts: the bundler crashed on it/,
    );
  });
});

Deno.test("hostile: 300 exports with long names: the checked ones are found, messages stay short", async () => {
  const lines = Array.from(
    { length: 300 },
    (_, k) => `export const x${k}${"_".repeat(150)} = ${k};`,
  );
  const { result, first } = await grade({
    first: lines.join("\n") +
      "\nexport const square = (x: number) => x * x;\n",
  });
  assert.equal(first.run, "ok", first.problems.join("; "));
  assert.equal(first.score, 3);
  const missing = check(first, "squareGrad at 3").message;
  assert.match(missing, /^Missing export squareGrad \(the module exports /);
  assert.match(missing, / and \d+ more\)$/);
  assert.ok(missing.length < 1000, `${missing.length} characters`);
  assertOthersUnaffected(result);
});

Deno.test("hostile: a 250 KB line of export lists in a comment does not stall the line search", async () => {
  const { result, first } = await grade({
    first: "// " + "export { a, ".repeat(20_000) + "\n" +
      (await goodFirst()),
  });
  assert.equal(first.score, 4);
  assert.equal(check(first, "square at 3").line, 3);
  assertOthersUnaffected(result);
});

Deno.test("hostile: a result that cannot be written changes nothing in the gradebook", async () => {
  const { Gradebook, readEntries } = await import("./gradebook.ts");
  await inScratch("dualgrade-book-", async (base) => {
    const book = await Gradebook.open(join(base, "book"), {
      setId: "mini",
      exerciseIds: ["01"],
      resume: false,
      seed: 1,
    });
    // JSON.stringify throws on a bigint, as it does past V8's string limit.
    const unwritable = { exercises: [], score: 1n } as unknown as GradeResult;
    assert.throws(() => book.append("ada", "h1", unwritable), TypeError);
    book.append("ada", "h1", undefined, "Cannot record the result: too large");
    book.append("bob", "h2", undefined, "Cannot grade: no folder");
    const entries = await readEntries(join(base, "book.jsonl"));
    assert.deepEqual(entries.map((e) => [e.learner, e.status, e.error]), [
      ["ada", "error", "Cannot record the result: too large"],
      ["bob", "error", "Cannot grade: no folder"],
    ]);
  });
});

Deno.test("hostile: a sandbox in an endless loop dies with the grader, even when the grader is killed with SIGKILL", async (t) => {
  const { diesWithGrader } = await import("./_confine.ts");
  if (!diesWithGrader()) {
    await t.step({ name: "setpriv is not installed", ignore: true, fn() {} });
    return;
  }
  await inScratch("dualgrade-orphan-", async (base) => {
    let sandboxPid = 0;
    try {
      const dir = join(base, "learner");
      await Deno.mkdir(dir);
      await Deno.writeTextFile(
        join(dir, "01.ts"),
        await fixture("loop_at_import"),
      );
      const driver = join(base, "driver.ts");
      await Deno.writeTextFile(
        driver,
        `import { gradeSubmission } from ${
          JSON.stringify(new URL("./grade.ts", import.meta.url).href)
        };
import { exerciseSet } from ${
          JSON.stringify(
            new URL("./testdata/mini/set.ts", import.meta.url).href,
          )
        };
await gradeSubmission(${
          JSON.stringify(dir)
        }, { set: exerciseSet, seed: 1, typecheck: false, limits: { timeoutMs: 600000 } });
`,
      );
      const grader = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", driver],
        stdout: "null",
        stderr: "null",
      }).spawn();
      // Wait until the sandbox is spinning in the learner's loop: a second of
      // CPU time used. Killed earlier, it would die anyway on its first write
      // to the grader.
      const spinning = await pollUntil(
        async () =>
          (await processes()).find((p) =>
            p.ppid === grader.pid && p.args.includes(SANDBOX_FLAG) &&
            p.cpu !== "00:00:00"
          ),
        (found) => found !== undefined,
        { tries: 600, ms: 100 },
      );
      sandboxPid = spinning?.pid ?? 0;
      assert.notEqual(sandboxPid, 0, "the sandbox never started");
      grader.kill("SIGKILL");
      await grader.status;
      const alive = await pollUntil(
        async () => {
          const p = (await processes()).find((p) => p.pid === sandboxPid);
          return p !== undefined && !p.stat.startsWith("Z");
        },
        (alive) => !alive,
        { tries: 200, ms: 50 },
      );
      assert.equal(alive, false, `sandbox ${sandboxPid} outlived the grader`);
      sandboxPid = 0;
    } finally {
      if (sandboxPid !== 0) {
        try {
          Deno.kill(sandboxPid, "SIGKILL");
        } catch {
          // Gone.
        }
      }
    }
  });
});

// ---- Injection: terminals and GitHub Actions logs ----

Deno.test("hostile: on GitHub Actions, printed commands, thrown ##[ and ::, file names and escapes form no workflow command", async () => {
  const { main } = await import("./cli.ts");
  await inScratch("dualgrade-inject-", async (base) => {
    const dir = await writeLearner(
      join(base, "learner"),
      [
        'console.log("::stop-commands::pwned");',
        'console.log("::error file=01.ts,line=1::forged by print");',
        'console.log("\\x1b[2J\\x1b[32mTotal 40 of 40\\x1b[0m");',
        "export const square = (_x: number): number => {",
        '  throw new Error("##[error]forged\\n::error::forged too\\x1b[2J");',
        "};",
        "export const squareGrad = (x: number) => 2 * x;",
      ].join("\n"),
    );
    await Deno.writeTextFile(
      join(dir, "notes\n::error::named\x1b[31m.md"),
      "x",
    );
    const printed: string[] = [];
    const env: Record<string, string> = {
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: base,
      NO_COLOR: "1",
    };
    await main(
      [
        dir,
        "--set",
        fileURLToPath(new URL("./testdata/mini/set.ts", import.meta.url)),
        "--seed",
        "1",
        "--no-typecheck",
      ],
      {
        stdout: (t) => void printed.push(t),
        stderr: (t) => void printed.push(t),
        isTerminal: false,
        env: (name) => env[name],
      },
    );
    const text = printed.join("");
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(text, /\x1b/);
    assert.doesNotMatch(text, /##\[/);
    assert.doesNotMatch(text, /\r/);
    // Every command line is one of the grader's own annotations.
    const commands = text.split("\n").filter((l) => /^\s*::/.test(l));
    assert.ok(commands.length >= 1, text);
    for (const line of commands) {
      assert.match(line, /^::(error|warning|notice) file=learner\/01\.ts,/);
      assert.doesNotMatch(line, /forged by print|stop-commands/);
    }
    // The learner's text is still there for a reader.
    assert.match(text, /#\u200b#\[error\]forged/);
    assert.match(text, /Total 40 of 40/);
  });
});

Deno.test("hostile: learner ids with escapes and commands in batch progress lines", async () => {
  const { batchMain } = await import("./batch.ts");
  await inScratch("dualgrade-ids-", async (base) => {
    const cls = join(base, "class");
    const reference = (await Deno.readTextFile(
      new URL("../solutions/autograd/01.ts", import.meta.url),
    )).replaceAll('"../../mod.ts"', JSON.stringify(FRAMEWORK_URL));
    for (const id of ["::error::evil", "\x1b[2Jclear", "ok"]) {
      await Deno.mkdir(join(cls, id), { recursive: true });
      await Deno.writeTextFile(join(cls, id, "01.ts"), reference);
    }
    const err: string[] = [];
    await batchMain(
      [
        "--batch",
        cls,
        "--gradebook",
        join(base, "book"),
        "--only",
        "01",
        "--seed",
        "1",
      ],
      { stdout: () => {}, stderr: (t) => void err.push(t), isTerminal: false },
    );
    const lines = err.join("").split("\n").filter(Boolean);
    assert.equal(lines.length, 3, lines.join("\n"));
    for (const line of lines) {
      assert.doesNotMatch(line, /^\s*::/);
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(line, /\x1b/);
    }
    assert.ok(lines.some((l) => /^:\u200b:error::evil: \d+\/\d+ /.test(l)));
    assert.ok(lines.some((l) => /^\ufffd\[2Jclear: \d+\/\d+ /.test(l)));
  });
});

// ---- Tampering with the harness ----

Deno.test("hostile: a Symbol.species hook on Uint8Array never sees a frame, so printed frames are only output", async () => {
  const { result, first } = await grade({ first: "species_spy" });
  assert.equal(first.run, "ok", first.problems.join("; "));
  assert.equal(first.score, 0);
  assertAllFailed(first, /threw Error: no nonce seen/);
  assertOthersUnaffected(result);
});

Deno.test("hostile: process, and node:vm through it, are gone from the sandbox", async () => {
  const { result, first } = await grade({ first: "node_vm" });
  assert.match(
    check(first, "square at 3").message,
    /^square\(3\) threw Error: no process\b/,
  );
  assert.equal(check(first, "squareGrad at 3").passed, true);
  assertOthersUnaffected(result);
});

// ---- The type check reads nothing outside ----

Deno.test("hostile: type-only imports, typeof import() and links cannot make the type check read outside", async () => {
  await inScratch("dualgrade-typeleak-", async (base) => {
    await writeFiles(base, {
      "secret.ts":
        'export type Secret = "the secret is 42";\nexport const answer = "reference 7" as const;\n',
    });
    const dir = await writeLearner(
      join(base, "learner"),
      [
        'import type { Secret } from "../secret.ts";',
        'type Ref = typeof import("../secret.ts");',
        'type Linked = typeof import("./link.ts");',
        'export const a: Secret = "x" as const as never as Secret;',
        'export const b: Ref["answer"] = "guess";',
        'export const c: Linked["answer"] = "guess";',
        'export const d: Secret = "guess";',
        "export const square = (x: number) => x * x;",
        "export const squareGrad = (x: number) => 2 * x;",
      ].join("\n"),
    );
    await Deno.symlink(join(base, "secret.ts"), join(dir, "link.ts"));
    const { result, first } = await gradeTypeChecked(dir);
    const messages = typeErrorText(first);
    assert.doesNotMatch(messages, /secret is 42|reference 7/);
    assert.match(messages, /outside-the-solutions-folder/);
    assertOthersUnaffected(result);
  });
});

Deno.test("hostile: a type check past its memory limit is feedback and costs nothing", async () => {
  const { typecheck } = await import("./_typecheck.ts");
  await inScratch("dualgrade-typebomb-", async (base) => {
    // Unique text: deno's check cache would skip a module checked before.
    await Deno.writeTextFile(
      join(base, "01.ts"),
      (await fixture("good_01")) + `// ${crypto.randomUUID()}\n`,
    );
    const checked = await typecheck([join(base, "01.ts")], {
      cwd: base,
      modPath: fileURLToPath(new URL("../mod.ts", import.meta.url)),
      frameworkSpecifiers: [],
      tmpDir: base,
      // Far below what TypeScript's checker needs to start.
      memoryMb: 16,
    });
    assert.equal(checked.status, "unavailable");
    assert.match(
      checked.note,
      /^the type check needed more than its 16 MB of memory and was stopped$/,
    );
  });
});

// ---- One deadline per learner ----

Deno.test("hostile: a learner whose exercises each stay under their limit but together pass the learner's deadline is stopped and reported; the next learner scores full", async () => {
  await inScratch("dualgrade-deadline-", async (base) => {
    const sleep = "await new Promise((r) => setTimeout(r, 6000));\n";
    const { summary, entries } = await gradeClass(base, {
      // Each exercise waits 6 s while loading, far under its own limit; the
      // two together wait 12 s, past the learner's 10 s.
      "a-slow": [sleep + await goodFirst(), sleep + await fixture("good_02")],
      "b-good": [await goodFirst()],
    }, {
      jobs: 1,
      limits: { ...LIMITS, timeoutMs: 600_000, learnerTimeoutMs: 10_000 },
    });
    assert.equal(summary.graded, 2);
    const slow = entries.get("a-slow")!.result!;
    assert.deepEqual(slow.deadline, { ms: 10_000, cut: ["sandbox"] });
    const [first, second] = slow.exercises;
    // 02 cannot have ended (12 s of waiting); 01 ended unless the machine
    // was slow enough for the deadline to find it still waiting.
    assert.equal(second.run, "deadline");
    assert.equal(second.score, 0);
    assert.match(
      second.problems[0],
      /^Not graded: grading this learner reached its time limit of 10 s in all (while loading the module|before it could run)$/,
    );
    if (first.run === "ok") assert.equal(first.score, 4);
    else assert.equal(first.run, "deadline");
    const good = entries.get("b-good")!;
    assert.equal(good.status, "graded");
    assert.equal(good.score, 8);
    assert.equal(good.bonus, 1);
    assert.equal(good.result!.deadline, undefined);
    // The gradebook says the learner was cut short, in both files, and a
    // resumed run grades them again rather than keeping the partial points.
    assert.equal(entries.get("a-slow")!.status, "deadline");
    const csv = (await Deno.readTextFile(join(base, "book.csv"))).split("\n");
    assert.match(csv.find((l) => l.startsWith("a-slow,"))!, /,deadline,1,/);
    assert.match(csv.find((l) => l.startsWith("b-good,"))!, /,graded,1,/);
    const { Gradebook } = await import("./gradebook.ts");
    const resumed = await Gradebook.open(join(base, "book"), {
      setId: mini.id,
      exerciseIds: ["01", "02"],
      resume: true,
    });
    const hash = (id: string) => entries.get(id)!.hash;
    assert.equal(resumed.has("a-slow", hash("a-slow")), false);
    assert.equal(resumed.has("b-good", hash("b-good")), true);
    assert.deepEqual(await sandboxChildren(), []);
  });
});

Deno.test("hostile: the learner's deadline stops bundling that would take esbuild seconds; its service ends, the next learner scores full", async () => {
  // Arrow functions nested 190 deep (under the nesting cap), 420 times:
  // about 250 KB that esbuild takes seconds to parse (36 ms a chain on a
  // quiet machine).
  const slowFirst = Array.from(
    { length: 420 },
    (_, i) => `export const f${i} = ${"a=>".repeat(190)}1;\n`,
  ).join("") + (await goodFirst());
  await inScratch("dualgrade-slow-bundle-", async (base) => {
    const plan = await planSet(mini, 1);
    const gradeLearner = async (
      id: string,
      first: string,
      limits: Partial<Limits> = LIMITS,
    ) =>
      gradeSubmission(await writeLearner(join(base, id), first), {
        plan,
        typecheck: false,
        limits,
      });
    // The learner before: the framework's own bundle is made and kept.
    const before = await gradeLearner("a", await goodFirst());
    assert.equal(before.score, 8);
    await stopBundler();
    // Services of other test modules in this process, if any, stay out of it.
    const others = new Set(await bundlerServices());
    const slow = await gradeLearner("b", slowFirst, {
      ...LIMITS,
      learnerTimeoutMs: 1000,
    });
    assert.deepEqual(slow.deadline, { ms: 1000, cut: ["bundle"] });
    for (const ex of slow.exercises) {
      assert.equal(ex.run, "deadline");
      assert.deepEqual(ex.problems, [
        "Not graded: grading this learner reached its time limit of 1 s in all while bundling",
      ]);
    }
    // The abandoned build does not go on: its service was ended.
    const left = await pollUntil(
      async () => (await bundlerServices()).filter((pid) => !others.has(pid)),
      (left) => left.length === 0,
      { tries: 600, ms: 50 },
    );
    assert.deepEqual(left, [], "the esbuild service is still running");
    const next = await gradeLearner("c", await goodFirst());
    assert.equal(next.score, 8);
    assert.equal(next.deadline, undefined);
  });
});

Deno.test("hostile: triple-slash references outside the folder cannot make the type check read there", async () => {
  await inScratch("dualgrade-reference-", async (base) => {
    await writeFiles(base, {
      "secret.d.ts": 'declare const leakedSecret: "the secret is 42";\n',
      "plain.ts":
        'export type Plain = "plain secret 5";\nexport const answer = "reference 7" as const;\n',
      "types/evil/index.d.ts":
        'declare const typesSecret: "types secret 77";\n',
    });
    const dir = await writeLearner(
      join(base, "learner"),
      [
        '/// <reference path="../secret.d.ts" />',
        `/// <reference path="${join(base, "plain.ts")}" />`,
        '/// <reference types="../types/evil/index.d.ts" />',
        `/// <reference types="${join(base, "types", "evil")}" />`,
        "export type A = typeof leakedSecret;",
        "export type B = typeof typesSecret;",
        // Were the files read, these would quote them in a type error.
        "export const c: number = null as unknown as A;",
        "export const d: number = null as unknown as B;",
        "export const square = (x: number) => x * x;",
        "export const squareGrad = (x: number) => 2 * x;",
      ].join("\n"),
    );
    const { result, first } = await gradeTypeChecked(dir);
    const messages = typeErrorText(first);
    assert.doesNotMatch(
      messages,
      /secret is 42|plain secret|reference 7|types secret/,
    );
    // The names the references would declare stay unknown.
    assert.match(messages, /Cannot find name 'leakedSecret'/);
    assert.match(messages, /Cannot find name 'typesSecret'/);
    assert.match(messages, /outside-the-solutions-folder/);
    assertOthersUnaffected(result);
  });
});
