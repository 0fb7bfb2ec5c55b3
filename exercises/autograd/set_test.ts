import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { planExercise } from "../plan.ts";
import { isClose } from "../_test_close.ts";
import { autograd } from "./set.ts";

async function reference(id: string): Promise<Record<string, unknown>> {
  return await import(new URL(`${id}.ts`, autograd.solutions).href);
}

Deno.test("autograd set: exercises 01 … 06, with a reference module each", () => {
  assert.deepEqual(autograd.exercises.map((e) => e.id), [
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
  ]);
  for (const ex of autograd.exercises) {
    assert.ok(
      existsSync(fileURLToPath(new URL(`${ex.id}.ts`, autograd.solutions))),
      `${ex.id}.ts is missing`,
    );
  }
});

Deno.test("autograd set: every solution module exports exactly what its exercise declares, of the right kind", async () => {
  for (const ex of autograd.exercises) {
    const mod = await reference(ex.id);
    assert.deepEqual(
      Object.keys(mod).sort(),
      Object.keys(ex.exports).sort(),
      `exports of ${ex.id}.ts`,
    );
    for (const [name, spec] of Object.entries(ex.exports)) {
      assert.equal(
        typeof mod[name] === "function" ? "function" : "value",
        spec.kind,
        `${ex.id}.ts ${name}`,
      );
    }
  }
});

Deno.test("autograd set: the reference solutions pass every check at several seeds", async () => {
  for (const ex of autograd.exercises) {
    const mod = await reference(ex.id);
    for (const seed of [1, 2, 3, 1e9]) {
      for (const check of planExercise(ex, mod, seed)) {
        for (const p of check.probes) {
          const value = mod[p.export];
          const actual = p.args
            ? (value as (...a: unknown[]) => unknown)(...p.args)
            : value;
          assert.ok(
            isClose(
              actual,
              p.expected,
              check.tolerance.rtol,
              check.tolerance.atol,
            ),
            `${ex.id} ${check.name} at ${JSON.stringify(p.args)}: ${
              JSON.stringify(actual)
            } ≠ ${JSON.stringify(p.expected)}`,
          );
        }
      }
    }
  }
});

Deno.test("autograd set: a wrong by-hand derivative fails its hidden check", () => {
  const ex = autograd.exercises.find((e) => e.id === "02")!;
  const hidden = planExercise(ex, {}, 4).find((c) =>
    c.name === "fPrime at hidden points"
  )!;
  const wrong = (x: number) => 2 * x - 10;
  assert.ok(
    hidden.probes.some((p) =>
      !isClose(wrong(p.args![0] as number), p.expected, 1e-5, 1e-8)
    ),
  );
  const right = (x: number) => 2 * (x - 10);
  assert.ok(
    hidden.probes.every((p) =>
      isClose(right(p.args![0] as number), p.expected, 1e-5, 1e-8)
    ),
  );
});

Deno.test("autograd set: points add up per exercise, with 05 a bonus only", () => {
  const totals = autograd.exercises.map((ex) => {
    const required = ex.checks.filter((c) => !c.optional).reduce(
      (s, c) => s + c.points,
      0,
    );
    const bonus = ex.checks.filter((c) => c.optional).reduce(
      (s, c) => s + c.points,
      0,
    );
    return [ex.id, required, bonus];
  });
  assert.deepEqual(totals, [
    ["01", 6, 0],
    ["02", 3, 0],
    ["03", 12, 0],
    ["04", 6, 0],
    ["05", 0, 3],
    ["06", 13, 0],
  ]);
  // Partial credit: every graded exercise has several checks.
  for (const ex of autograd.exercises) assert.ok(ex.checks.length >= 2, ex.id);
});

Deno.test("autograd set: the prompts state both errata of the notebook", () => {
  const prompt = (id: string) =>
    autograd.exercises.find((e) => e.id === id)!.prompt;
  assert.match(
    prompt("03"),
    /C\) \$f\(x\) = \\ln\(2 \+ x\) \+ cos\^2\(x\)\$ at \$x = -0\.5\$/,
  );
  assert.match(
    prompt("03"),
    /Erratum: the notebook's code for C computes \$\\ln\(2 \+ x\) \+ \\cos\(\\cos\(x\)\)\$/,
  );
  assert.match(prompt("06"), /B\) \$f\(W, V\) = mean\(V \\cdot W\)\$/);
  assert.match(
    prompt("06"),
    /Erratum: the notebook lists \$mean\(W \\cdot V\)\$ twice/,
  );
  // TeX keeps single backslashes; backticks are unescaped.
  assert.match(prompt("01"), /\\frac\{df\}\{dx\} = 2\(x - 3\)/);
  assert.ok(!prompt("01").includes("\\`"));
});

Deno.test("autograd set: the reference solutions fit the declared export types", async () => {
  const lines: string[] = [];
  lines.push(
    `import type { Tensor, Value } from ${
      JSON.stringify(new URL("../../mod.ts", import.meta.url).href)
    };`,
  );
  for (const ex of autograd.exercises) {
    const alias = `r${ex.id}`;
    lines.push(
      `import * as ${alias} from ${
        JSON.stringify(new URL(`${ex.id}.ts`, autograd.solutions).href)
      };`,
    );
    for (const [name, spec] of Object.entries(ex.exports)) {
      lines.push(
        `export const ${alias}_${name}: ${spec.type} = ${alias}.${name};`,
      );
    }
  }
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("autograd set: the prompts' code examples run and print what their comments say", async () => {
  const mod = new URL("../../mod.ts", import.meta.url).href;
  let blocks = 0;
  for (const ex of autograd.exercises) {
    for (const [, code] of ex.prompt.matchAll(/```ts\n([\s\S]*?)```/g)) {
      blocks++;
      const body = code.replace(/^import \{ grad, np \} from "[^"]+";.*$/m, "");
      const source = `import { grad, np } from ${
        JSON.stringify(mod)
      };\nvoid grad, np;\n${body}`;
      const expected = [...body.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)]
        .map((m) => m[1]);
      const file = await Deno.makeTempFile({ suffix: ".ts" });
      try {
        await Deno.writeTextFile(file, source);
        const out = await new Deno.Command(Deno.execPath(), {
          args: ["run", "--quiet", file],
          stdout: "piped",
          stderr: "piped",
          env: { NO_COLOR: "1" },
        }).output();
        const text = new TextDecoder();
        assert.equal(out.code, 0, `${ex.id}: ${text.decode(out.stderr)}`);
        assert.deepEqual(
          text.decode(out.stdout).trim().split("\n").filter((l) => l !== ""),
          expected,
          ex.id,
        );
      } finally {
        await Deno.remove(file);
      }
    }
  }
  assert.equal(blocks, 3);
});
