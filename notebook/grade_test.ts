import assert from "node:assert/strict";
import { join } from "node:path";
import { batchMain } from "../grader/batch.ts";
import { hashSubmission } from "../grader/gradebook.ts";
import { main } from "../grader/cli.ts";
import { stopBundler } from "../grader/_bundle.ts";
import { SetupError } from "../grader/result.ts";
import { gradeHandedIn, gradeNotebook, parseNotebook } from "./grade.ts";
import { scanCell } from "./_scan.ts";

const MOD_URL =
  "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.1.0/mod.ts";
const SOLUTIONS = new URL("../solutions/autograd/", import.meta.url);
const IDS = ["01", "02", "03", "04", "05", "06"];

type RawCell = Record<string, unknown>;

function code(source: string, tags: string[] = []): RawCell {
  return {
    cell_type: "code",
    execution_count: null,
    metadata: { tags },
    outputs: [],
    // As Jupyter stores it: a list of lines.
    source: source.split(/(?<=\n)/),
  };
}

function notebook(cells: RawCell[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells,
  });
}

/** The reference solutions, each cell a whole module importing mod.ts by URL. */
async function referenceCells(): Promise<RawCell[]> {
  return await Promise.all(IDS.map(async (id) =>
    code(
      (await Deno.readTextFile(new URL(`${id}.ts`, SOLUTIONS)))
        .replaceAll("../../mod.ts", MOD_URL),
      [`exercise-${id}`],
    )
  ));
}

async function inTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "notebook-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("scanCell finds top-level imports, declarations and exports only", () => {
  const cases: [string, string[], boolean][] = [
    ["const a = 1, b = 2;\nlet c: Map<string, number> = new Map();", [
      "a",
      "b",
      "c",
    ], false],
    [
      "function f(x: number) {\n  const inner = 1;\n  return x;\n}",
      ["f"],
      false,
    ],
    ["async function* g() {}\nclass K {}", ["g", "K"], false],
    ["const { a, b: [c, d = 2], ...e } = obj;", ["a", "c", "d", "e"], false],
    [
      "const s = `const no = ${1}`; // const no2 = 1\n/* let no3 */",
      ["s"],
      false,
    ],
    ["const r = /const no = '/g;\nconst t = 'x';", ["r", "t"], false],
    ["export const f = 1;\nconst g = 2;", ["f", "g"], true],
    [
      "const f: (x: number) => number = (x) =>\n  x + 1;\nconst g = 2",
      ["f", "g"],
      false,
    ],
  ];
  for (const [source, names, exports] of cases) {
    const scan = scanCell(source);
    assert.deepEqual([...scan.declared.keys()], names, source);
    assert.equal(scan.exports, exports, source);
  }
  const scan = scanCell(
    'import def, { a as b, type T } from "./x.ts";\nimport * as ns from \'y\';\nimport "z";\nconst m = import("q");',
  );
  assert.deepEqual(scan.imports, [
    {
      specifier: "./x.ts",
      bindings: [
        { imported: "default", local: "def", typeOnly: false },
        { imported: "a", local: "b", typeOnly: false },
        { imported: "T", local: "T", typeOnly: true },
      ],
    },
    {
      specifier: "y",
      bindings: [{ imported: "*", local: "ns", typeOnly: false }],
    },
    { specifier: "z", bindings: [] },
  ]);
  assert.equal(scanCell("function f() {}\n").declared.get("f"), 1);
  assert.equal(scanCell("\n\nconst g = 1;\n").declared.get("g"), 3);
});

Deno.test("malformed notebooks are refused, naming what is wrong", () => {
  const cases: [string, RegExp][] = [
    ["{not json", /Malformed notebook nb\.ipynb: it is not JSON/],
    ["[]", /it is not a JSON object/],
    [JSON.stringify({ cells: [] }), /no "nbformat" field/],
    [JSON.stringify({ nbformat: 3, cells: [] }), /nbformat 3 is not supported/],
    [JSON.stringify({ nbformat: 4 }), /no "cells" list/],
    [JSON.stringify({ nbformat: 4, cells: [7] }), /cell 1 is not an object/],
    [
      JSON.stringify({
        nbformat: 4,
        cells: [{ cell_type: "code", source: 3 }],
      }),
      /cell 1's "source" is neither text nor a list of lines/,
    ],
    [
      JSON.stringify({
        nbformat: 4,
        cells: [{ cell_type: "code", source: "", metadata: { tags: "x" } }],
      }),
      /cell 1's "metadata.tags" is not a list of strings/,
    ],
    [
      notebook([code("", ["exercise-01"]), code("", ["exercise-01"])]),
      /cells 1 and 2 are both tagged exercise-01/,
    ],
    [
      notebook([code("", ["exercise-01", "exercise-02"])]),
      /cell 1 is tagged for several exercises \(exercise-01, exercise-02\)/,
    ],
    [
      notebook([{
        cell_type: "markdown",
        metadata: { tags: ["exercise-01"] },
        source: "",
      }]),
      /cell 1 is tagged exercise-01 but is a markdown cell, not a code cell/,
    ],
    [
      notebook([code("x".repeat(600 * 1024), ["exercise-01"])]),
      /cell 1 \(exercise-01\) holds 614400 bytes, more than the limit/,
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseNotebook(text, "nb.ipynb"), (e: Error) => {
      assert.ok(e instanceof SetupError, text.slice(0, 40));
      assert.equal(e.reason, "malformed-notebook");
      assert.match(e.message, message);
      return true;
    });
  }
});

Deno.test("a notebook whose tagged cells hold the reference solutions, each a module importing mod.ts by URL, grades to full marks; untagged cells never run", async () => {
  await inTmp(async (dir) => {
    const path = join(dir, "ref.ipynb");
    await Deno.writeTextFile(
      path,
      notebook([
        { cell_type: "markdown", metadata: {}, source: "# Autograd" },
        // Untagged: were it run, its exit would end the sandbox.
        code(`import { np } from "${MOD_URL}";\nDeno.exit(3);\n`),
        ...await referenceCells(),
      ]),
    );
    const result = await gradeNotebook(path, { seed: 5, typecheck: false });
    await stopBundler();
    assert.equal(result.maxScore, 40);
    assert.equal(result.bonusMax, 3);
    assert.equal(result.score, 40);
    assert.equal(result.bonus, 3);
    assert.equal(result.folder, path);
    assert.deepEqual(result.exercises.map((e) => e.cell), [3, 4, 5, 6, 7, 8]);
    assert.ok(result.exercises.every((e) => e.file === path && e.run === "ok"));
  });
});

Deno.test("notebook-style cells: declarations are exported, other cells' imports apply, messages name the cell and its lines", async () => {
  await inTmp(async (dir) => {
    const path = join(dir, "ada.ipynb");
    await Deno.writeTextFile(
      path,
      notebook([
        code(`import { grad, np } from "${MOD_URL}";\nimport "${MOD_URL}";\n`),
        code(
          "// exercise 1\nfunction f(x: number) {\n  return np.power(np.subtract(x, 10), 2);\n}\nconst fGrad = grad(f);\n",
          ["exercise-01"],
        ),
        code("const x: number = 1;\n", ["scratch"]),
        code(
          "const f1 = (x: number) => np.multiply(x, np.exp(x));\n\nconst f1Grad = grad(f1);\nconst f2 = (x: number): number => x.foo;\n",
          ["exercise-03"],
        ),
      ]),
    );
    const result = await gradeNotebook(path, {
      seed: 5,
      only: ["01", "02", "03"],
    });
    const [e01, e02, e03] = result.exercises;
    assert.equal(e01.score, e01.maxScore);
    assert.equal(e01.cell, 2);
    assert.equal(e01.checks.find((c) => c.export === "fGrad")!.line, 5);
    assert.equal(e01.checks.find((c) => c.export === "f")!.line, 2);

    assert.equal(e02.run, "missing");
    assert.equal(e02.cell, undefined);
    assert.match(
      e02.problems[0],
      /No code cell tagged exercise-02 in ada\.ipynb/,
    );
    assert.match(e02.checks[0].message, /No code cell tagged exercise-02/);

    assert.equal(e03.cell, 4);
    const f1 = e03.checks.filter((c) =>
      c.export === "f1" || c.export === "f1Grad"
    );
    assert.ok(f1.length > 0 && f1.every((c) => c.passed));
    assert.equal(e03.checks.find((c) => c.export === "f1Grad")!.line, 3);
    const missing = e03.checks.find((c) => c.export === "f3")!;
    assert.match(
      missing.message,
      /Missing export f3\b.*\(the module exports f1, f1Grad, f2\)/,
    );
    assert.deepEqual(
      e03.typeErrors.map((t) => [t.file, t.line, t.code]),
      [[path, 4, "TS2339"]],
    );

    assert.ok(!JSON.stringify(result).includes("dualgrade-notebook-"));

    await Deno.writeTextFile(
      path,
      notebook([
        code("# not a cell to run", ["scratch"]),
        code("const f = (x: number) => {\n  return x +;\n};\n", [
          "exercise-04",
        ]),
      ]),
    );
    const broken = await gradeNotebook(path, { seed: 5, only: ["04"] });
    await stopBundler();
    const [e04] = broken.exercises;
    assert.equal(e04.run, "bundle-error");
    assert.match(e04.problems[0], /^Cannot bundle ada\.ipynb cell 2: .*line 2/);
    assert.ok(e04.typeErrors.every((t) => t.file === path));
    // The syntax error is said once, by the bundle, not again as a type error.
    assert.deepEqual(
      e04.typeErrors.filter((t) => t.code === "error"),
      [],
    );
    assert.ok(!JSON.stringify(broken).includes("dualgrade-notebook-"));
  });
});

Deno.test("the command line grades a notebook file and a folder holding one; batch grades folders of notebooks", async () => {
  await inTmp(async (dir) => {
    const cells = await referenceCells();
    const full = notebook(cells);
    const broken = notebook(cells.map((c, i) =>
      i === 0
        ? code(
          (c.source as string[]).join("").replace(
            "np.subtract(x, 10)",
            "np.subtract(x, 11)",
          ),
          ["exercise-01"],
        )
        : c
    ));
    await Deno.writeTextFile(join(dir, "ref.ipynb"), full);
    const out: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      isTerminal: false,
      env: () => undefined,
    };
    assert.equal(
      await main([join(dir, "ref.ipynb"), "--json", "-", "--no-typecheck"], io),
      0,
    );
    const json = JSON.parse(out.find((t) => t.startsWith("{"))!);
    assert.equal(json.score, 40);
    assert.equal(json.bonus, 3);
    assert.equal(json.exercises[0].cell, 1);
    assert.match(out.join(""), /\n {4}cell 1\n/);
    out.length = 0;
    assert.equal(await main([join(dir, "ref.ipynb"), "--watch"], io), 2);
    assert.match(
      out.join(""),
      /Cannot watch .*ref\.ipynb: --watch regrades a folder of modules; in a notebook, run its check cells/,
    );

    const cls = join(dir, "class");
    for (const [id, text] of [["ada", full], ["bob", broken]]) {
      await Deno.mkdir(join(cls, id), { recursive: true });
      await Deno.writeTextFile(join(cls, id, "submission.ipynb"), text);
    }
    // A notebook file directly in the class folder is a learner too.
    await Deno.writeTextFile(join(cls, "cyd.ipynb"), broken);
    const cydHash = await hashSubmission(join(cls, "cyd.ipynb"));
    assert.equal(await hashSubmission(join(cls, "cyd.ipynb")), cydHash);
    assert.notEqual(await hashSubmission(join(cls, "bob")), cydHash);
    assert.notEqual(
      await hashSubmission(join(cls, "ada")),
      await hashSubmission(join(cls, "bob")),
    );
    const single = await gradeHandedIn(join(cls, "bob"), {
      seed: 3,
      only: ["01"],
      typecheck: false,
    });
    assert.ok(single.score < single.maxScore);
    const book = join(dir, "book");
    assert.equal(
      await batchMain(
        ["--batch", cls, "--gradebook", book, "--seed", "9", "--jobs", "2"],
        io,
      ),
      0,
    );
    const rows = (await Deno.readTextFile(`${book}.csv`)).trimEnd().split("\n")
      .map((l) => l.split(","));
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    assert.deepEqual(byName.ada.slice(1, 11), [
      "6",
      "3",
      "12",
      "6",
      "3",
      "13",
      "40",
      "40",
      "3",
      "graded",
    ]);
    assert.ok(Number(byName.bob[1]) < 6);
    assert.deepEqual(byName["cyd.ipynb"].slice(1, 11), byName.bob.slice(1, 11));
    assert.equal(byName["cyd.ipynb"].at(-1), cydHash);
    assert.equal(byName.bob[2], "3");
  });
});
