import assert from "node:assert/strict";
import {
  type Flag,
  formatFlags,
  parseCommandLine,
  readCommandLine,
  UsageError,
  usageFailure,
} from "./_flags.ts";

const FLAGS = {
  seed: { value: "<n>", number: { integer: true, min: 0 }, help: "Seed" },
  timeout: { value: "<ms>", number: { min: 1 }, help: "Limit" },
  delay: {
    value: "<ms>",
    number: { integer: true, min: 1, max: 100 },
    help: "Delay",
  },
  json: { value: "<file|->", help: "Where" },
  only: { value: "<id,id>", list: true, help: "Only" },
  color: {
    value: "<when>",
    choices: ["auto", "always", "never"],
    help: "Colour",
  },
  force: { short: "f", help: "Overwrite" },
  help: { short: "h", help: "Show this help" },
} as const satisfies Record<string, Flag>;

const COMMAND = "deno task x";

function parse(args: string[], max = 1) {
  return parseCommandLine(args, {
    command: COMMAND,
    flags: FLAGS,
    positionals: { max, what: "one folder at most" },
  });
}

function refusal(args: string[]): string {
  try {
    parse(args);
  } catch (error) {
    assert.ok(error instanceof UsageError);
    assert.equal(error.command, COMMAND);
    return error.message;
  }
  assert.fail(`${args.join(" ")} was accepted`);
}

Deno.test("flags: values, numbers, switches, short aliases and positionals", () => {
  assert.deepEqual(
    parse(["dir", "--seed", "7", "--timeout=2.5", "-f", "--json", "-"]),
    {
      values: { seed: 7, timeout: 2.5, force: true, json: "-" },
      positionals: ["dir"],
    },
  );
  // `deno task x -- …` passes its `--` on; after a later `--` all is positional.
  assert.deepEqual(parse(["--", "--force"], 1), {
    values: { force: true },
    positionals: [],
  });
  assert.deepEqual(parse(["--force", "--", "--seed"]), {
    values: { force: true },
    positionals: ["--seed"],
  });
  // Numbers as JavaScript spells them, within the rule.
  assert.equal(parse(["--seed", "1e3"]).values.seed, 1000);
  assert.equal(parse(["--seed=0"]).values.seed, 0);
  assert.equal(parse(["--delay", "100"]).values.delay, 100);
  assert.equal(parse(["--delay", "1"]).values.delay, 1);
  const color: "auto" | "always" | "never" | undefined =
    parse(["--color=never"]).values.color;
  assert.equal(color, "never");
  // A list: its items trimmed, empty ones dropped.
  const only: string[] | undefined =
    parse(["--only", " 01,03 ,,x "]).values.only;
  assert.deepEqual(only, ["01", "03", "x"]);
});

Deno.test("flags: --help and -h win over every other mistake", () => {
  for (
    const args of [["--help"], ["-h"], ["--nope", "a", "b", "-h"], [
      "--seed",
      "-h",
    ], ["-fh"]]
  ) {
    const line = parse(args);
    assert.equal(line.values.help, true, args.join(" "));
  }
  // After `--`, -h is a positional.
  assert.throws(() => parse(["a", "--", "-h"]), /Expected one folder at most/);
});

Deno.test("flags: every refusal names the flag and the command", () => {
  const cases: [string[], string][] = [
    [["--sed", "3"], "Unknown flag --sed in deno task x"],
    [["-z"], "Unknown flag -z in deno task x"],
    [["-fz"], "Unknown flag -z in deno task x"],
    [
      ["--seed"],
      "Missing value for --seed in deno task x: expected --seed <n>",
    ],
    [
      ["--seed", "--force"],
      "Missing value for --seed in deno task x: expected --seed <n>",
    ],
    [
      ["--seed", "abc"],
      'Invalid value for --seed in deno task x: "abc" is not an integer of at least 0',
    ],
    [
      ["--seed", "1.5"],
      'Invalid value for --seed in deno task x: "1.5" is not an integer of at least 0',
    ],
    [
      ["--seed=-1"],
      'Invalid value for --seed in deno task x: "-1" is not an integer of at least 0',
    ],
    [
      ["--seed="],
      "Missing value for --seed in deno task x: expected --seed <n>",
    ],
    [
      ["--json", ""],
      "Missing value for --json in deno task x: expected --json <file|->",
    ],
    [
      ["--seed", " "],
      'Invalid value for --seed in deno task x: " " is not an integer of at least 0',
    ],
    [
      ["--timeout", "Infinity"],
      'Invalid value for --timeout in deno task x: "Infinity" is not a number of at least 1',
    ],
    [
      ["--timeout", "0.5"],
      'Invalid value for --timeout in deno task x: "0.5" is not a number of at least 1',
    ],
    [
      ["--delay", "101"],
      'Invalid value for --delay in deno task x: "101" is not an integer from 1 to 100',
    ],
    [
      ["--delay", "0"],
      'Invalid value for --delay in deno task x: "0" is not an integer from 1 to 100',
    ],
    [
      ["--color", "sometimes"],
      'Invalid value for --color in deno task x: "sometimes" is not one of auto, always, never',
    ],
    [
      ["--color", "Never"],
      'Invalid value for --color in deno task x: "Never" is not one of auto, always, never',
    ],
    [
      ["--force=yes"],
      'Invalid value for --force in deno task x: it is a switch and takes no value, got "yes"',
    ],
    [["a", "b"], 'Expected one folder at most in deno task x, got "a" "b"'],
  ];
  for (const [args, message] of cases) {
    assert.equal(refusal(args), message, args.join(" "));
  }
  assert.throws(
    () => parseCommandLine(["a"], { command: COMMAND, flags: FLAGS }),
    /^UsageError: Unexpected argument "a" in deno task x: it takes no argument besides its flags$/,
  );
});

Deno.test("flags: a usage error points at the command's --help; the list shows every flag", () => {
  assert.equal(
    usageFailure(new UsageError(COMMAND, "Unknown flag --sed in deno task x")),
    "Unknown flag --sed in deno task x\n\nRun deno task x --help for usage\n",
  );
  const listed = formatFlags(FLAGS);
  for (
    const head of [
      "--seed <n>",
      "--timeout <ms>",
      "--json <file|->",
      "-f, --force",
      "-h, --help",
    ]
  ) {
    assert.ok(listed.includes(head), head);
  }
});

/** readCommandLine over FLAGS, with what it printed where. */
function readWith(read: (line: { positionals: string[] }) => string) {
  const out: string[] = [], err: string[] = [];
  const run = (args: string[]) =>
    readCommandLine(args, {
      command: COMMAND,
      flags: FLAGS,
      positionals: { max: 1, what: "one folder at most" },
      usage: "Usage: deno task x [folder]",
      read,
      print: (t) => void out.push(t),
      printError: (t) => void err.push(t),
    });
  return { run, out, err };
}

Deno.test("flags: readCommandLine prints the usage (0), a usage failure (2), or returns what read makes of the arguments", () => {
  let reads = 0;
  const { run, out, err } = readWith(({ positionals }) => {
    reads++;
    if (positionals[0] === "bad") {
      throw new UsageError(COMMAND, `Invalid folder "bad" in ${COMMAND}`);
    }
    if (positionals[0] === "boom") throw new RangeError("Not a usage error");
    return `folder ${positionals[0]}`;
  });
  assert.equal(run(["a"]), "folder a");
  assert.equal(run(["--help", "bad"]), 0);
  assert.deepEqual(out, ["Usage: deno task x [folder]"]);
  assert.equal(reads, 1, "read is not called for --help");
  assert.equal(run(["--sed", "3"]), 2);
  assert.equal(run(["bad"]), 2);
  assert.deepEqual(err, [
    "Unknown flag --sed in deno task x\n\nRun deno task x --help for usage",
    'Invalid folder "bad" in deno task x\n\nRun deno task x --help for usage',
  ]);
  assert.deepEqual(out, ["Usage: deno task x [folder]"]);
  assert.throws(() => run(["boom"]), RangeError);
});
