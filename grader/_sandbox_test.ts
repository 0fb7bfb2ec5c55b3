/**
 * How a finished sandbox run is classified, from its facts alone: one row per
 * way a child can end, with the status and message a learner sees, and
 * whether a part's result stands when it shared its process. How frames are
 * read: malformed ones are refused with a reason. And real runs of one
 * learner's parts in one process: what stands, what is rerun alone.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSubmission, stopBundler } from "./_bundle.ts";
import {
  applyErrFrame,
  applyFrame,
  classifyRun,
  DEFAULT_LIMITS,
  isSettled,
  type Limits,
  type RunFacts,
  type RunOptions,
  RunState,
  type RunStatus,
  runSubmission,
  type SandboxRun,
} from "./_sandbox.ts";
import type { Frame } from "./_wire.ts";
import { readFrame } from "./_wire.ts";

const LIMITS = { timeoutMs: 1500, memoryMb: 64, outputLimit: 1000 };

/** A child that loaded the module, answered nothing more and exited with 0. */
const BASE: RunFacts = {
  done: false,
  exports: { f: "function" },
  pendingExport: "f",
  malformed: "",
  stderr: "",
  exitStatus: { code: 0, signal: null },
};

const boom = { name: "Error", message: "Boom", stack: "" };

const TABLE: [string, Partial<RunFacts>, RunStatus, RegExp][] = [
  [
    "every probe reported",
    {
      done: true,
      pendingExport: undefined,
    },
    "done",
    /^$/,
  ],
  [
    "reported done, but a frame was malformed",
    {
      done: true,
      pendingExport: undefined,
      malformed: "a result frame was not valid JSON",
    },
    "crashed",
    /^The sandbox sent malformed results: a result frame was not valid JSON$/,
  ],
  [
    "killed at the time limit while loading",
    {
      killedFor: "timeout",
      exports: undefined,
      exitStatus: { code: 137, signal: "SIGKILL" },
    },
    "timeout",
    /^Stopped after 1500 ms while loading the module: an endless loop/,
  ],
  [
    "killed at the time limit in a call",
    { killedFor: "timeout", exitStatus: { code: 137, signal: "SIGKILL" } },
    "timeout",
    /^Stopped after 1500 ms while running f:/,
  ],
  [
    "killed at the learner's deadline in a call",
    { killedFor: "deadline", exitStatus: { code: 137, signal: "SIGKILL" } },
    "deadline",
    /^Not graded: grading this learner reached its time limit of 120 s in all while running f$/,
  ],
  [
    "killed at the learner's deadline while loading",
    {
      killedFor: "deadline",
      exports: undefined,
      exitStatus: { code: 137, signal: "SIGKILL" },
    },
    "deadline",
    /^Not graded: .* time limit of 120 s in all while loading the module$/,
  ],
  [
    "killed for printing too much",
    { killedFor: "output-limit", exitStatus: { code: 137, signal: "SIGKILL" } },
    "output-limit",
    /^Stopped while running f: it printed more than 1000 bytes$/,
  ],
  [
    "killed for returning too large a value",
    { killedFor: "too-large", pendingExport: undefined },
    "crashed",
    /^Stopped after the last check: it returned a value too large to send back$/,
  ],
  [
    "threw while loading",
    { done: true, exports: undefined, importError: boom },
    "import-error",
    /^The module threw while loading: Error: Boom$/,
  ],
  [
    "an ArrayBuffer too large while loading",
    {
      exports: undefined,
      importError: {
        name: "RangeError",
        message: "Array buffer allocation failed",
        stack: "",
      },
    },
    "out-of-memory",
    /^Ran out of memory while loading the module: RangeError: Array buffer allocation failed \(memory limit about 1152 MB in all\)$/,
  ],
  [
    "Deno.exit while loading",
    { exports: undefined, exit: { code: 3, phase: "import", export: "" } },
    "exit",
    /^The module called Deno\.exit\(3\) while loading: solutions must return values/,
  ],
  [
    "Deno.exit in a call",
    { exit: { code: 0, phase: "probe", export: "f" } },
    "exit",
    /^The module called Deno\.exit\(0\) in f:/,
  ],
  [
    "an uncaught error",
    { uncaught: { phase: "probe", error: boom } },
    "crashed",
    /^An uncaught error ended the process while running f: Error: Boom$/,
  ],
  [
    "the heap ran out",
    {
      stderr:
        "\n<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed\n",
      exitStatus: { code: 133, signal: "SIGTRAP" },
    },
    "out-of-memory",
    /^Ran out of memory while running f \(heap limit 64 MB\)$/,
  ],
  [
    "a top-level await that never resolved",
    {
      exports: undefined,
      stderr: "error: Top-level await promise never resolved\n",
      exitStatus: { code: 1, signal: null },
    },
    "import-error",
    /^The module never finished loading: a top-level await never resolved$/,
  ],
  [
    "malformed frames and no done",
    { malformed: "a result frame named a probe that does not exist" },
    "crashed",
    /^The sandbox sent malformed results: a result frame named a probe/,
  ],
  [
    "killed by a signal from outside",
    { exitStatus: { code: 143, signal: "SIGTERM" } },
    "crashed",
    /^The process was killed by SIGTERM while running f$/,
  ],
  [
    "exited with an error line on stderr",
    {
      stderr:
        "Compiling\n\x1b[31merror\x1b[0m: Uncaught Boom\n    at file:///b.js:1:7\n",
      exitStatus: { code: 1, signal: null },
    },
    "crashed",
    /^The process exited with code 1 while running f: error: Uncaught Boom$/,
  ],
  [
    "exited quietly after every probe, before done",
    { pendingExport: undefined },
    "crashed",
    /^The process exited with code 0 after the last check$/,
  ],
];

for (const [name, facts, status, message] of TABLE) {
  Deno.test(`classifyRun: ${name}`, () => {
    const verdict = classifyRun({ ...BASE, ...facts }, LIMITS);
    assert.equal(verdict.status, status);
    assert.match(verdict.message, message);
  });
}

const SETTLED: [string, Partial<RunFacts>, boolean][] = [
  ["it ended", { done: true, pendingExport: undefined }, true],
  ["it ended after its module threw", {
    done: true,
    exports: undefined,
    importError: boom,
  }, true],
  ["stopped at the time limit in its own call", { killedFor: "timeout" }, true],
  ["stopped for its output in its own call", {
    killedFor: "output-limit",
  }, true],
  ["stopped for a value too large", { killedFor: "too-large" }, true],
  ["stopped at the deadline in its own call", { killedFor: "deadline" }, true],
  ["stopped at the deadline while loading", {
    exports: undefined,
    killedFor: "deadline",
  }, false],
  ["Deno.exit in its own call", {
    exit: { code: 0, phase: "probe", export: "f" },
  }, true],
  ["stopped at the time limit while loading", {
    exports: undefined,
    killedFor: "timeout",
  }, false],
  ["Deno.exit while loading", {
    exports: undefined,
    exit: { code: 0, phase: "import", export: "" },
  }, false],
  ["an uncaught error", { uncaught: { phase: "probe", error: boom } }, false],
  ["out of memory", { stderr: "Reached heap limit" }, false],
  [
    "malformed frames",
    { malformed: "a result frame was not valid JSON" },
    false,
  ],
  ["not begun", { exports: undefined }, false],
];

for (const [name, facts, settled] of SETTLED) {
  Deno.test(`isSettled: ${name}: ${settled ? "stands" : "rerun alone"}`, () => {
    assert.equal(isSettled({ ...BASE, ...facts }), settled);
  });
}

Deno.test("classifyRun: a kill reason outranks what the frames said", () => {
  const verdict = classifyRun({
    ...BASE,
    killedFor: "timeout",
    exit: { code: 0, phase: "probe", export: "f" },
    uncaught: { phase: "probe", error: boom },
  }, LIMITS);
  assert.equal(verdict.status, "timeout");
});

Deno.test("readFrame: reads each tag and refuses malformed frames with a reason", () => {
  assert.deepEqual(readFrame(`{"t":"start"}`), { t: "start" });
  assert.deepEqual(
    readFrame(`{"t":"loaded","exports":{"f":"function","n":3}}`),
    { t: "loaded", exports: { f: "function" } },
  );
  assert.deepEqual(
    readFrame(`{"t":"probe","i":2,"ok":true,"value":["n",4]}`),
    { t: "probe", i: 2, ok: true, value: ["n", 4] },
  );
  assert.deepEqual(
    readFrame(`{"t":"exit","code":1,"phase":"import","export":""}`),
    { t: "exit", code: 1, phase: "import", export: "" },
  );
  const long = "x".repeat(5000);
  const thrown = readFrame(
    `{"t":"import-error","error":{"name":"E","message":"${long}"}}`,
  );
  assert.equal(
    thrown.t === "import-error" && thrown.error.message.length,
    2000,
  );
  const refused: [string, RegExp][] = [
    ["{", /not valid JSON/],
    ["[1]", /not an object/],
    [`{"t":"probe","i":-1,"ok":true}`, /probe that does not exist/],
    [`{"t":"probe","i":1.5,"ok":true}`, /probe that does not exist/],
    [`{"t":"score","points":100}`, /unknown tag "score"/],
  ];
  for (const [json, reason] of refused) {
    assert.throws(() => readFrame(json), reason, json);
  }
});

// ---- Frames: what each does to a run's state, one case per row ----

/** Two parts, of one and two probes. */
const twoParts = () =>
  new RunState([
    { part: 0, probes: [{ export: "f", args: [1] }] },
    { part: 1, probes: [{ export: "g", args: [1] }, { export: "g" }] },
  ]);
const reply: Frame = readFrame(`{"t":"probe","i":0,"ok":true,"value":["n",4]}`);

const FRAMES: [string, Frame[], string, (run: RunState) => void][] = [
  [
    "a part begun, loaded, replied, ended, then done",
    [
      { t: "start" },
      { t: "part", k: 0 },
      { t: "loaded", exports: { f: "function" } },
      reply,
      { t: "end", k: 0 },
      { t: "done" },
    ],
    "",
    (run) => {
      const [first, second] = run.parts;
      assert.equal(run.startedAt, 1);
      assert.deepEqual([first.begun, first.ended, second.begun], [
        true,
        true,
        false,
      ]);
      assert.deepEqual(first.exports, { f: "function" });
      assert.deepEqual(first.replies[0], { ok: true, value: 4 });
      assert.equal(run.done, true);
    },
  ],
  [
    "frames go to the part begun last",
    [
      { t: "part", k: 0 },
      { t: "end", k: 0 },
      { t: "part", k: 1 },
      { t: "import-error", error: boom },
    ],
    "",
    (run) => {
      assert.equal(run.current, run.parts[1]);
      assert.equal(run.parts[0].importError, undefined);
      assert.deepEqual(run.parts[1].importError, boom);
    },
  ],
  [
    "a part that does not exist",
    [{ t: "part", k: 2 }],
    "a result frame named a part that does not exist",
    () => {},
  ],
  [
    "a part begun twice",
    [{ t: "part", k: 0 }, { t: "part", k: 0 }],
    "a result frame named a part that does not exist",
    () => {},
  ],
  [
    "the end of a part not running",
    [
      { t: "part", k: 0 },
      { t: "end", k: 1 },
    ],
    "a result frame ended a part that was not running",
    (run) => {
      assert.equal(run.parts[0].ended, false);
    },
  ],
  [
    "a probe past the part's last",
    [
      { t: "part", k: 0 },
      { ...reply, i: 1 } as Frame,
    ],
    "a result frame named a probe that does not exist",
    () => {},
  ],
];

for (const [name, frames, malformed, check] of FRAMES) {
  Deno.test(`applyFrame: ${name}`, () => {
    const run = twoParts();
    const effects = frames.map((f) => applyFrame(run, f, 1));
    assert.equal(run.malformed, malformed);
    // Only a part's beginning restarts the time limit; only done ends the child.
    frames.forEach((f, i) => {
      if (run.malformed !== "") return;
      const expected = f.t === "part"
        ? "part-began"
        : f.t === "done"
        ? "results-complete"
        : undefined;
      assert.equal(effects[i], expected, f.t);
    });
    check(run);
  });
}

Deno.test("applyErrFrame: stderr carries only the beginnings of parts", () => {
  const run = twoParts();
  applyErrFrame(run, { t: "part", k: 1 });
  assert.equal(run.currentErr, run.parts[1]);
  assert.equal(run.malformed, "");
  applyErrFrame(run, { t: "done" });
  assert.equal(
    run.malformed,
    "a frame on stderr was not the beginning of a part",
  );
});

// ---- One process per learner: runs of real bundles ----

const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

/**
 * Bundles the modules `files` (name → source) as one learner's parts, in
 * order, and runs them with one probe per entry of `probes` (export, args).
 */
async function runParts(
  files: Record<string, string>,
  probes: Record<string, [string, unknown[] | undefined][]>,
  options: RunOptions & { limits?: Partial<Limits> } = {},
): Promise<SandboxRun[]> {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-parts-" });
  try {
    const learner = join(dir, "learner");
    const work = join(dir, "work");
    await Deno.mkdir(learner);
    await Deno.mkdir(work);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(
        join(learner, name),
        text.replaceAll("%MOD%", MOD),
      );
    }
    const ids = Object.keys(probes);
    const bundles = await bundleSubmission(
      learner,
      ids.map((id) => ({ id, file: join(learner, `${id}.ts`) })),
      { modPath: MOD },
    );
    assert.ok(bundles.code, "no bundle");
    const path = join(dir, "bundle.js");
    await Deno.writeTextFile(path, bundles.code);
    const parts = ids.map((id) => {
      const outcome = bundles.outcomes.get(id)!;
      assert.ok(outcome.ok, `${id} did not bundle`);
      return {
        part: outcome.part,
        probes: probes[id].map(([name, args]) => ({ export: name, args })),
      };
    });
    return await runSubmission(
      path,
      parts,
      { ...DEFAULT_LIMITS, ...options.limits },
      work,
      options,
    );
  } finally {
    await stopBundler();
    await Deno.remove(dir, { recursive: true });
  }
}

const SQUARE = `export const square = (x: number) => x * x;\n`;
const values = (run: SandboxRun) =>
  run.replies.map((r) => r?.ok === true ? r.value : r);

Deno.test("runSubmission: a learner's exercises run in one process, each module loaded in its turn", async () => {
  const runs = await runParts({
    "a.ts": SQUARE,
    "b.ts": `import { grad, np } from "%MOD%";\n` +
      `export const cube = (x: number) => np.power(x, 3);\n` +
      `export const cubeGrad = grad(cube);\n`,
    "c.ts": `await 0;\nexport const late = 5;\n`,
  }, {
    a: [["square", [3]]],
    b: [["cube", [2]], ["cubeGrad", [2]]],
    c: [["late", undefined]],
  });
  assert.deepEqual(runs.map((r) => r.status), ["done", "done", "done"]);
  assert.deepEqual(runs.map((r) => r.alone), [false, false, false]);
  assert.deepEqual(runs.map(values), [[9], [8, 12], [5]]);
});

Deno.test("runSubmission: a module that throws while loading costs only the parts that import it", async () => {
  const runs = await runParts({
    "shared.ts": `export const k = 2;\nthrow new Error("Broken helper");\n`,
    "a.ts": `import { k } from "./shared.ts";\nexport const f = () => k;\n`,
    "b.ts": SQUARE,
    "c.ts": `import { k } from "./shared.ts";\nexport const g = () => k;\n`,
  }, {
    a: [["f", []]],
    b: [["square", [4]]],
    c: [["g", []]],
  });
  assert.deepEqual(runs.map((r) => r.status), [
    "import-error",
    "done",
    "import-error",
  ]);
  assert.match(
    runs[0].message,
    /^The module threw while loading: Error: Broken helper$/,
  );
  assert.match(runs[2].message, /Broken helper/);
  assert.deepEqual(runs.map((r) => r.alone), [false, false, false]);
  assert.deepEqual(values(runs[1]), [16]);
});

Deno.test("runSubmission: output goes to the part that printed it, and the output limit holds per part", async () => {
  const chatty = (name: string) =>
    `console.log("${name} out " + "x".repeat(580));\n` +
    `console.error("${name} err");\n` +
    `export const f = () => { console.log("${name} call"); return 1; };\n`;
  const runs = await runParts(
    { "a.ts": chatty("alpha"), "b.ts": chatty("beta") },
    { a: [["f", []]], b: [["f", []]] },
    { limits: { outputLimit: 1000 } },
  );
  assert.deepEqual(runs.map((r) => r.status), ["done", "done"]);
  assert.deepEqual(runs.map((r) => r.alone), [false, false]);
  assert.match(runs[0].stdout, /^alpha out x{580}\nalpha call\n$/);
  assert.equal(runs[0].stderr, "alpha err\n");
  assert.match(runs[1].stdout, /^beta out x{580}\nbeta call\n$/);
  assert.equal(runs[1].stderr, "beta err\n");
});

Deno.test("runSubmission: a part stopped in its own call keeps its result; the parts after it run alone", async () => {
  const runs = await runParts({
    "a.ts": SQUARE,
    "b.ts": `export const spin = (): number => { for (;;) { /* spin */ } };\n` +
      `export const one = () => 1;\n`,
    "c.ts": `export const bye = (): number => Deno.exit(3);\n`,
    "d.ts": SQUARE,
  }, {
    a: [["square", [2]]],
    b: [["one", []], ["spin", []]],
    c: [["bye", []]],
    d: [["square", [5]]],
  }, { limits: { timeoutMs: 1000 } });
  assert.deepEqual(runs.map((r) => r.status), [
    "done",
    "timeout",
    "exit",
    "done",
  ]);
  assert.match(runs[1].message, /^Stopped after 1000 ms while running spin/);
  assert.deepEqual(values(runs[1]).slice(0, 1), [1]);
  assert.match(runs[2].message, /Deno\.exit\(3\) in bye/);
  // b stood in the shared process; c and d, not begun, ran alone.
  assert.deepEqual(runs.map((r) => r.alone), [false, false, true, true]);
  assert.deepEqual(values(runs[3]), [25]);
});

Deno.test("runSubmission: running out of memory is rerun alone, so it costs only the part that did it", async () => {
  const runs = await runParts({
    "a.ts": `const hoard: number[][] = [];\n` +
      `export const grow = () => { for (;;) hoard.push(new Array(1 << 20).fill(1.5)); };\n`,
    "b.ts": SQUARE,
  }, {
    a: [["grow", []]],
    b: [["square", [3]]],
  }, { limits: { memoryMb: 64 } });
  assert.equal(runs[0].status, "out-of-memory");
  assert.equal(runs[0].alone, true);
  assert.equal(runs[1].status, "done");
  assert.equal(runs[1].alone, true);
  assert.deepEqual(values(runs[1]), [9]);
});

Deno.test("runSubmission: a part that changes shared built-ins keeps its result; the parts after it run alone", async () => {
  const runs = await runParts({
    "a.ts": `Array.prototype.map = () => { throw new Error("patched"); };\n` +
      SQUARE,
    "b.ts": `export const doubled = () => [1, 2].map((x) => 2 * x);\n`,
  }, {
    a: [["square", [3]]],
    b: [["doubled", []]],
  });
  assert.deepEqual(runs.map((r) => r.status), ["done", "done"]);
  assert.deepEqual(runs.map((r) => r.alone), [false, true]);
  assert.deepEqual(values(runs[1]), [[2, 4]]);
});

Deno.test("runSubmission: isolate runs every part alone", async () => {
  const runs = await runParts(
    { "a.ts": SQUARE, "b.ts": SQUARE },
    { a: [["square", [1]]], b: [["square", [2]]] },
    { isolate: true, concurrency: 2 },
  );
  assert.deepEqual(runs.map((r) => r.alone), [true, true]);
  assert.deepEqual(runs.map(values), [[1], [4]]);
});

/** Resolves once a sandbox child of this process has spent a second of CPU time (polled with ps). */
async function sandboxSpinning(): Promise<void> {
  for (;;) {
    const ps = await new Deno.Command("ps", {
      args: ["-e", "-o", "ppid=,time=,args="],
      stdout: "piped",
    }).output();
    const spinning = new TextDecoder().decode(ps.stdout).split("\n").some(
      (line) => {
        const [ppid, time] = line.trim().split(/\s+/);
        return Number(ppid) === Deno.pid && time !== "00:00:00" &&
          line.includes("--disallow-code-generation-from-strings");
      },
    );
    if (spinning) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("runSubmission: the learner's deadline kills the running part; what ended stands, nothing is rerun", async () => {
  const deadline = new AbortController();
  // Parts run in turn: once the child spins in b's loop, a has ended.
  const spinning = sandboxSpinning().then(() => deadline.abort());
  const runs = await runParts({
    "a.ts": SQUARE,
    "b.ts": SQUARE + "while (true) {}\n",
    "c.ts": SQUARE,
  }, {
    a: [["square", [3]]],
    b: [["square", [4]]],
    c: [["square", [5]]],
  }, {
    signal: deadline.signal,
    limits: { timeoutMs: 600_000, learnerTimeoutMs: 90_000 },
  });
  await spinning;
  assert.deepEqual(runs.map((r) => r.status), ["done", "deadline", "deadline"]);
  assert.deepEqual(values(runs[0]), [9]);
  assert.equal(
    runs[1].message,
    "Not graded: grading this learner reached its time limit of 90 s in all while loading the module",
  );
  assert.equal(
    runs[2].message,
    "Not graded: grading this learner reached its time limit of 90 s in all before it could run",
  );
  assert.deepEqual(runs[2].replies, []);
});

Deno.test("runSubmission: past the learner's deadline, nothing is started", async () => {
  const deadline = new AbortController();
  deadline.abort();
  const runs = await runParts(
    { "a.ts": SQUARE, "b.ts": SQUARE },
    { a: [["square", [1]]], b: [["square", [2]]] },
    { signal: deadline.signal },
  );
  assert.deepEqual(runs.map((r) => r.status), ["deadline", "deadline"]);
  assert.deepEqual(runs.map((r) => r.timings.startMs), [0, 0]);
});
