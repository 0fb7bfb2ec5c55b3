/**
 * How a finished sandbox run is classified, from its facts alone: one row per
 * way a child can end, with the status and message a learner sees. And how
 * frames are read: malformed ones are refused with a reason.
 */

import assert from "node:assert/strict";
import { classifyRun, type RunFacts, type RunStatus } from "./_sandbox.ts";
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
    { exports: undefined, importError: boom },
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
