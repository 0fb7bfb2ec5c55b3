/**
 * A grading result with every kind of outcome, for the report tests: a
 * passed, a failed, a hidden and an optional check, a module that did not
 * load, type errors, and learner-made text full of characters the formats
 * must escape.
 *
 * @module
 */

import { type GradeResult, RESULT_VERSION } from "../result.ts";

const tolerance = { rtol: 1e-5, atol: 1e-8 };

/** A fresh copy of the sample result. */
export function sampleResult(): GradeResult {
  return {
    version: RESULT_VERSION,
    set: { id: "mini", title: "Mini" },
    folder: "/work/learner",
    seed: 42,
    startedAt: "2024-05-01T12:00:00.000Z",
    score: 3,
    maxScore: 8,
    bonus: 1,
    bonusMax: 2,
    passed: false,
    limits: { timeoutMs: 5000, memoryMb: 256, outputLimit: 1048576 },
    typecheck: "checked",
    typecheckNote: "",
    ignoredFiles: ["notes.md"],
    exercises: [
      {
        id: "01",
        title: "A square & its <derivative>",
        file: "/work/learner/01.ts",
        run: "ok",
        problems: [],
        score: 3,
        maxScore: 5,
        bonus: 1,
        bonusMax: 2,
        checks: [
          {
            name: "square at 3",
            export: "square",
            points: 1,
            score: 1,
            passed: true,
            optional: false,
            visibility: "visible",
            tolerance,
            message: "",
            line: 1,
          },
          {
            name: "square at hidden points",
            export: "square",
            points: 2,
            score: 2,
            passed: true,
            optional: false,
            visibility: "hidden",
            tolerance,
            message: "",
            line: 1,
          },
          {
            name: "squareGrad at 3",
            export: "squareGrad",
            points: 2,
            score: 0,
            passed: false,
            optional: false,
            visibility: "visible",
            tolerance,
            message:
              'squareGrad(3) threw Error: bad <input> & "quotes",\nsecond line: 100%',
            line: 4,
            hint: 'grad(square) <is> the derivative & needs no "argument"',
          },
          {
            name: "bonus one",
            export: "extra",
            points: 1,
            score: 1,
            passed: true,
            optional: true,
            visibility: "visible",
            tolerance,
            message: "",
            line: 6,
          },
          {
            name: "bonus two",
            export: "extra2",
            points: 1,
            score: 0,
            passed: false,
            optional: true,
            visibility: "visible",
            tolerance,
            message: "extra2: expected 2, got 3",
            line: 7,
            diagnosis: {
              kind: "constant-factor",
              text:
                "1.5 times the expected value everywhere: one constant factor is off",
            },
          },
        ],
        typeErrors: [{
          file: "/work/learner/01.ts",
          line: 4,
          column: 7,
          code: "TS2322",
          message: "Type 'string' is not assignable to type 'number'.",
        }],
        output: {
          stdout: "debug <b>\x1b[31mred\x1b[0m\x00\n",
          stderr: "",
          truncated: false,
        },
        timings: { startMs: 40, runMs: 5, compareMs: 1 },
      },
      {
        id: "02",
        title: "Values",
        file: "/work/learner/02.ts",
        run: "timeout",
        problems: [
          "Stopped after 5000 ms while loading the module: an endless loop or a wait that never ends?",
        ],
        score: 0,
        maxScore: 3,
        bonus: 0,
        bonusMax: 0,
        checks: [
          {
            name: "answer | table",
            export: "answer",
            points: 3,
            score: 0,
            passed: false,
            optional: false,
            visibility: "visible",
            tolerance,
            message:
              "Stopped after 5000 ms while loading the module: an endless loop or a wait that never ends?",
            line: 1,
          },
        ],
        typeErrors: [],
        output: { stdout: "", stderr: "", truncated: false },
        timings: { startMs: 40, runMs: 4960, compareMs: 0 },
      },
    ],
    timings: {
      planMs: 10,
      bundleMs: 50,
      sandboxMs: 5000,
      typecheckMs: 900,
      totalMs: 5100,
    },
  };
}
