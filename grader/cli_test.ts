import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "./cli.ts";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const MINI = fileURLToPath(new URL("./testdata/mini/set.ts", import.meta.url));
const MINI_REFERENCE = fileURLToPath(
  new URL("./testdata/mini/reference/", import.meta.url),
);
/** The permissions of `deno task grade`. */
const PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-run",
  "--allow-sys",
  "--allow-net=127.0.0.1",
];

async function grade(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, CLI, ...args],
    env: { NO_COLOR: "1", GITHUB_ACTIONS: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: decode(output.stderr),
  };
}

/** A mini-set folder with exercise 02's `answer` wrong (1 of 8 points lost). */
async function partlyWrong(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-cli-" });
  const url = "https://example.com/dualgrade@0.1.0/mod.ts";
  await Deno.writeTextFile(
    join(dir, "01.ts"),
    `import { grad, np } from "${url}";\nexport const square = (x: number) => np.multiply(x, x);\nexport const squareGrad = grad(square);\n`,
  );
  await Deno.writeTextFile(
    join(dir, "02.ts"),
    `import { np } from "${url}";\nexport const answer = 41;\nexport const flag = true;\nexport const M = np.array([[1, 2], [3, 4]]);\n`,
  );
  return dir;
}

Deno.test("cli: --help prints usage and exits 0", async () => {
  const r = await grade(["--help"]);
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /^Usage: deno task grade \[folder\|notebook\.ipynb\] \[options\]/,
  );
  assert.match(r.stdout, /--min-score <n\|n%>/);
});

Deno.test("cli: usage and setup errors exit 2 with the reason on stderr", async () => {
  const missing = await grade(["/nonexistent/dualgrade", "--set", MINI]);
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    "Cannot grade /nonexistent/dualgrade: the folder does not exist\n",
  );
  const unknownSet = await grade(["--set", "nope"]);
  assert.equal(unknownSet.code, 2);
  assert.match(
    unknownSet.stderr,
    /^Unknown exercise set "nope": known sets are autograd/,
  );
  const badFlag = await grade(["--frobnicate"]);
  assert.equal(badFlag.code, 2);
  assert.match(
    badFlag.stderr,
    /^Unknown flag --frobnicate in deno task grade\n\nRun deno task grade --help for usage\n$/,
  );
  const badNumber = await grade(["--timeout", "soon"]);
  assert.equal(badNumber.code, 2);
  assert.match(
    badNumber.stderr,
    /^Invalid value for --timeout in deno task grade: "soon" is not an integer from 1 to 2147483647/,
  );
  const badChoice = await gradeHere(["--gradescope-hidden", "never"]);
  assert.equal(badChoice.code, 2);
  assert.equal(
    badChoice.stderr,
    'Invalid value for --gradescope-hidden in deno task grade: "never" is not one of visible, after_due_date, after_published, hidden\n\nRun deno task grade --help for usage\n',
  );
  const unreadableSet = await grade(["--set", "/nonexistent/set.ts"]);
  assert.equal(unreadableSet.code, 2);
  assert.match(
    unreadableSet.stderr,
    /^Cannot load the exercise set module \/nonexistent\/set\.ts/,
  );
});

Deno.test("cli: no folder grades the set's reference solutions; --json - writes the result to stdout", async () => {
  const r = await grade([
    "--set",
    MINI,
    "--seed",
    "3",
    "--json",
    "-",
    "--no-typecheck",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.folder, MINI_REFERENCE.replace(/\/$/, ""));
  assert.equal(result.seed, 3);
  assert.equal(result.score, 8);
  assert.equal(result.maxScore, 8);
  assert.equal(result.bonus, 1);
  assert.match(r.stderr, /Total 8\/8 required · 100% · bonus 1\/1/);
});

Deno.test("cli: --min-score in points and percent decides between exit 0 and 1", async () => {
  const dir = await partlyWrong();
  try {
    const reached = await grade([
      dir,
      "--set",
      MINI,
      "--min-score",
      "7",
      "--no-typecheck",
    ]);
    assert.equal(reached.code, 0, reached.stderr);
    assert.match(reached.stdout, /Total 7\/8/);
    const below = await grade([
      dir,
      "--set",
      MINI,
      "--min-score",
      "100%",
      "--no-typecheck",
    ]);
    assert.equal(below.code, 1);
    assert.equal(
      below.stderr,
      "Below the minimum score: 7/8 is less than 100%\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: --junit and --gradescope write their files; an unwritable report is exit 2", async () => {
  const dir = await partlyWrong();
  try {
    const junit = join(dir, "junit.xml");
    const gradescope = join(dir, "results.json");
    const r = await grade([
      dir,
      "--set",
      MINI,
      "--junit",
      junit,
      "--gradescope",
      gradescope,
      "--no-typecheck",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const xml = await Deno.readTextFile(junit);
    assert.equal(xml.match(/<testcase /g)?.length, 7);
    // The wrong answer, and the bonus check (not exported), a failure too.
    assert.equal(xml.match(/<failure /g)?.length, 2);
    assert.equal(xml.match(/<skipped/g), null);
    const results = JSON.parse(await Deno.readTextFile(gradescope));
    assert.deepEqual(
      [results.score, results.extra_data.maxScore, results.tests.length],
      [7, 8, 7],
    );
    const bad = await grade([
      dir,
      "--set",
      MINI,
      "--junit",
      "/nonexistent/dir/junit.xml",
      "--no-typecheck",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^Cannot write a report: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: on GitHub Actions, a job summary, annotations and the Classroom result", async () => {
  const dir = await partlyWrong();
  try {
    const summary = join(dir, "summary.md");
    const output = join(dir, "output.txt");
    const r = await grade([dir, "--set", MINI, "--no-typecheck"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_WORKSPACE: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^::error file=02\.ts,line=2,title=02 answer::answer: expected 42, got 41: /m,
    );
    assert.match(await Deno.readTextFile(summary), /^## ❌ Mini: 7\/8/);
    const line = (await Deno.readTextFile(output)).trim();
    assert.match(line, /^result=/);
    const json = JSON.parse(new TextDecoder().decode(
      Uint8Array.from(atob(line.slice(7)), (c) => c.charCodeAt(0)),
    ));
    assert.equal(json.version, 1);
    assert.equal(json.status, "fail");
    assert.equal(json.max_score, 8);
    assert.equal(
      json.tests.find((t: { name: string }) => t.name === "02 answer").status,
      "fail",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: the scores print first, then the type feedback", async () => {
  const dir = await partlyWrong();
  try {
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      "\nexport const s: string = 3;\n",
      { append: true },
    );
    const r = await grade([dir, "--set", MINI]);
    assert.equal(r.code, 0, r.stderr);
    const total = r.stdout.indexOf("Total 7/8");
    const checking = r.stdout.indexOf("Checking types…");
    const types = r.stdout.indexOf(
      "01  type errors (feedback only, no points)",
    );
    assert.ok(total >= 0 && total < checking && checking < types, r.stdout);
    assert.match(
      r.stdout.slice(types),
      /type error TS2322 at line 5:14: Type 'number' is not assignable to type 'string'/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: --junit names files from the repository root and makes a module calling Deno.exit an error", async () => {
  const repo = await Deno.makeTempDir({ prefix: "dualgrade-repo-" });
  try {
    await Deno.mkdir(join(repo, ".git"));
    const learner = await partlyWrong();
    const dir = join(repo, "class", "ada");
    await Deno.mkdir(join(repo, "class"));
    await Deno.rename(learner, dir);
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      "Deno.exit(0);\nexport const square = (x: number) => x * x;\n",
    );
    const junit = join(repo, "junit.xml");
    const r = await grade([
      dir,
      "--set",
      MINI,
      "--junit",
      junit,
      "--no-typecheck",
    ], {
      GITHUB_WORKSPACE: "",
    });
    assert.equal(r.code, 0, r.stderr);
    const xml = await Deno.readTextFile(junit);
    const files = [...xml.matchAll(/ file="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(files.length > 0);
    assert.deepEqual([...new Set(files)].sort(), [
      "class/ada/01.ts",
      "class/ada/02.ts",
    ]);
    // 01 exited: each of its checks is an error; 02's wrong answer a failure.
    const suite01 = xml.slice(
      xml.indexOf("<testsuite "),
      xml.indexOf("</testsuite>"),
    );
    assert.equal(
      suite01.match(/<error /g)?.length,
      suite01.match(/<testcase /g)?.length,
    );
    assert.match(suite01, /errors="[1-9]\d*" skipped="0"/);
    assert.match(suite01, /<error message="[^"]*" type="exit">/);
    // 02: the wrong answer, and the bonus value not exported (a failure too).
    assert.equal(xml.match(/<failure /g)?.length, 2);
    assert.equal(
      xml.match(/<property name="bonus" value="true"\/>/g)?.length,
      1,
    );
  } finally {
    await Deno.remove(repo, { recursive: true });
  }
});

Deno.test("cli: --learner-timeout is the deadline over the whole learner; what it cut is in the result", async () => {
  const dir = await partlyWrong();
  try {
    // 1 ms passes before anything is bundled or run, wherever it finds grading.
    const r = await grade([
      dir,
      "--set",
      MINI,
      "--seed",
      "1",
      "--no-typecheck",
      "--learner-timeout",
      "1",
      "--json",
      "-",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.limits.learnerTimeoutMs, 1);
    assert.equal(result.deadline.ms, 1);
    assert.equal(result.score, 0);
    for (const ex of result.exercises) {
      assert.equal(ex.run, "deadline");
      assert.match(
        ex.problems[0],
        /^Not graded: grading this learner reached its time limit of 1 ms in all /,
      );
    }
    const invalid = await grade([dir, "--learner-timeout", "soon"]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /--learner-timeout/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `deno task grade …` run in this process: its exit code and what it wrote. */
async function gradeHere(args: string[]) {
  const stdout: string[] = [], stderr: string[] = [];
  const code = await main(args, {
    stdout: (t) => void stdout.push(t),
    stderr: (t) => void stderr.push(t),
    isTerminal: false,
    env: () => undefined,
  });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}

// A timer's delay is whole milliseconds up to 2^31 − 1 (setTimeout fires a
// longer one at once); V8's heap cap is whole MB; an output limit of 0 would
// stop an exercise at its first character of output.
const REFUSED_LIMITS: [string, string, string][] = [
  ["--timeout", "0", "an integer from 1 to 2147483647"],
  ["--timeout", "2.5", "an integer from 1 to 2147483647"],
  ["--timeout", "2147483648", "an integer from 1 to 2147483647"],
  ["--memory", "15", "an integer of at least 16"],
  ["--memory", "64.5", "an integer of at least 16"],
  ["--output-limit", "0", "an integer of at least 1"],
  ["--output-limit", "1.5", "an integer of at least 1"],
  ["--learner-timeout", "0.5", "an integer from 1 to 2147483647"],
  ["--learner-timeout", "1e10", "an integer from 1 to 2147483647"],
];

Deno.test("cli: one folder and --batch refuse the same limit values with the same message", async () => {
  for (const [flag, value, rule] of REFUSED_LIMITS) {
    for (const command of ["deno task grade", "deno task grade --batch"]) {
      const batch = command.endsWith("--batch") ? ["--batch", "class"] : [];
      const r = await gradeHere([...batch, flag, value]);
      assert.equal(r.code, 2, `${command} ${flag} ${value}`);
      assert.equal(
        r.stderr,
        `Invalid value for ${flag} in ${command}: "${value}" is not ${rule}\n\nRun ${command} --help for usage\n`,
      );
    }
  }
});

Deno.test("cli: one folder and --batch accept the same limit values and grade under them", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-limits-" });
  try {
    const learner = join(tmp, "class", "ada");
    await Deno.mkdir(learner, { recursive: true });
    for (const file of ["01.ts", "02.ts"]) {
      const text = await Deno.readTextFile(join(MINI_REFERENCE, file));
      await Deno.writeTextFile(
        join(learner, file),
        text.replace(
          '"../../../../mod.ts"',
          '"https://example.com/dualgrade@0.1.0/mod.ts"',
        ),
      );
    }
    const limits = [
      "--timeout",
      "2147483647",
      "--memory",
      "100",
      "--output-limit",
      "4096",
      "--learner-timeout",
      "2147483647",
    ];
    const expected = {
      timeoutMs: 2147483647,
      memoryMb: 100,
      outputLimit: 4096,
      learnerTimeoutMs: 2147483647,
    };
    const set = ["--set", MINI, "--seed", "3"];
    const one = await gradeHere([
      learner,
      ...set,
      ...limits,
      "--json",
      "-",
      "--no-typecheck",
    ]);
    assert.equal(one.code, 0, one.stderr);
    const result = JSON.parse(one.stdout);
    assert.deepEqual(result.limits, expected);
    assert.equal(result.score, 8);

    const book = join(tmp, "book");
    const batch = await gradeHere([
      "--batch",
      join(tmp, "class"),
      "--gradebook",
      book,
      ...set,
      ...limits,
    ]);
    assert.equal(batch.code, 0, batch.stderr);
    const [entry] = (await Deno.readTextFile(`${book}.jsonl`)).trim().split(
      "\n",
    ).map((line) => JSON.parse(line));
    assert.deepEqual(entry.result.limits, expected);
    assert.equal(entry.score, 8);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
