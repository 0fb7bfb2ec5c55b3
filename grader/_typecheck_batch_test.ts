/**
 * Type checks of a class in few compiler runs: who may share a run, how
 * requests are grouped and answered, and (with the real `deno check`) that a
 * learner's global declarations never reach another learner's diagnostics.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { needsOwnRun, TypecheckBatcher } from "./_typecheck_batch.ts";
import type { TypecheckOptions, TypecheckOutcome } from "./_typecheck.ts";

const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

/** Makes one folder per learner under a scratch folder; returns their paths. */
async function makeLearners(
  learners: Record<string, Record<string, string>>,
): Promise<{ base: string; dirs: Record<string, string> }> {
  const base = await Deno.makeTempDir({ prefix: "dualgrade-tc-" });
  const dirs: Record<string, string> = {};
  for (const [name, files] of Object.entries(learners)) {
    const dir = join(base, name);
    await Deno.mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      await Deno.mkdir(join(dir, file, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, file), text.replaceAll("%MOD%", MOD));
    }
    dirs[name] = dir;
  }
  return { base, dirs };
}

Deno.test("needsOwnRun: only what could reach other learners or leave the folder", async () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ["plain modules importing the framework by path and URL", {
      "01.ts": `import { np } from "%MOD%";\nexport const f = np.exp;\n`,
      "02.ts":
        `import { grad } from "https://example.com/dualgrade/mod.ts";\nimport { h } from "./lib/h.ts";\nexport const g = grad(h);\n`,
      "lib/h.ts": `export const h = (x: number) => x;\n`,
    }, false],
    ["declare global", {
      "01.ts": `declare global { var leaked: number }\nexport {};\n`,
    }, true],
    ["declare module in a helper", {
      "01.ts": `export const a = 1;\n`,
      "lib/aug.ts": `declare module "x" {}\n`,
    }, true],
    ["a triple-slash reference", {
      "01.ts": `/// <reference path="./types.ts" />\nexport const a = 1;\n`,
    }, true],
    ["a declaration file", {
      "01.ts": `export const a = 1;\n`,
      "types.d.ts": `declare const b: number;\n`,
    }, true],
    ["a type-only import leaving the folder", {
      "01.ts":
        `import type { T } from "../other/01.ts";\nexport const a = 1;\n`,
    }, true],
    ["an absolute import", {
      "01.ts": `import "/etc/x.ts";\nexport const a = 1;\n`,
    }, true],
  ];
  for (const [name, files, alone] of cases) {
    const { base, dirs } = await makeLearners({ learner: files });
    try {
      assert.equal(await needsOwnRun(dirs.learner, MOD), alone, name);
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  }
});

Deno.test("TypecheckBatcher: requests made together share one run; each learner gets only their own diagnostics", async () => {
  const { base, dirs } = await makeLearners({
    a: { "01.ts": "export const a = 1;\n" },
    b: { "01.ts": "export const b = 1;\n" },
    c: { "01.ts": "export const c = 1;\n" },
    d: { "01.ts": "declare global { var d: number }\nexport {};\n" },
  });
  const runs: string[][] = [];
  const fake = (files: string[], _o: TypecheckOptions) => {
    runs.push(files);
    return Promise.resolve<TypecheckOutcome>({
      status: "checked",
      diagnostics: files.map((file) => ({
        file,
        line: 1,
        column: 1,
        code: "TS1",
        message: `about ${file}`,
      })),
      note: "",
      ms: 1,
    });
  };
  try {
    const batcher = new TypecheckBatcher({ check: fake });
    const ask = (name: string) =>
      batcher.check([join(dirs[name], "01.ts")], {
        cwd: dirs[name],
        modPath: MOD,
        frameworkSpecifiers: [],
        tmpDir: base,
      });
    const outcomes = await Promise.all(["a", "b", "c", "d"].map(ask));
    assert.equal(batcher.runs, 2);
    assert.deepEqual(runs.map((r) => r.length).sort(), [1, 3]);
    outcomes.forEach((o, i) => {
      const name = ["a", "b", "c", "d"][i];
      assert.deepEqual(o.diagnostics.map((d) => d.file), [
        join(dirs[name], "01.ts"),
      ]);
    });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("TypecheckBatcher: a group whose run failed is checked again one learner at a time", async () => {
  const { base, dirs } = await makeLearners({
    a: { "01.ts": "export const a = 1;\n" },
    b: { "01.ts": "export const b = 1;\n" },
  });
  const sizes: number[] = [];
  const fake = (files: string[]) => {
    sizes.push(files.length);
    const failed = files.length > 1;
    return Promise.resolve<TypecheckOutcome>({
      status: failed ? "unavailable" : "checked",
      diagnostics: [],
      note: failed ? "the type check took too long and was stopped" : "",
      ms: 1,
    });
  };
  try {
    const batcher = new TypecheckBatcher({ check: fake });
    const outcomes = await Promise.all(
      ["a", "b"].map((name) =>
        batcher.check([join(dirs[name], "01.ts")], {
          cwd: dirs[name],
          modPath: MOD,
          frameworkSpecifiers: [],
          tmpDir: base,
        })
      ),
    );
    assert.deepEqual(sizes, [2, 1, 1]);
    assert.deepEqual(outcomes.map((o) => o.status), ["checked", "checked"]);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("TypecheckBatcher: with deno check, one learner's global declaration does not reach another", async () => {
  const { base, dirs } = await makeLearners({
    clean: {
      "01.ts": `import { np } from "%MOD%";\nexport const f = np.exp;\n`,
    },
    wrong: { "01.ts": `export const s: string = 3;\n` },
    declares: {
      "01.ts": `declare global { var leaked: number }\nexport const n = 1;\n`,
    },
    uses: { "01.ts": `export const z: number = leaked;\n` },
  });
  try {
    const batcher = new TypecheckBatcher();
    const names = ["clean", "wrong", "declares", "uses"];
    const outcomes = await Promise.all(
      names.map((name) =>
        batcher.check([join(dirs[name], "01.ts")], {
          cwd: dirs[name],
          modPath: MOD,
          frameworkSpecifiers: [],
          tmpDir: base,
        })
      ),
    );
    assert.equal(batcher.runs, 2);
    const codes = outcomes.map((o) => o.diagnostics.map((d) => d.code));
    assert.deepEqual(codes, [[], ["TS2322"], [], ["TS2304"]]);
    assert.match(
      outcomes[3].diagnostics[0].message,
      /Cannot find name 'leaked'/,
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
