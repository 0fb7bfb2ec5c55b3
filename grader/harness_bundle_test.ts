import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSubmission } from "./_bundle.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MOD = join(ROOT, "mod.ts");
const IDS = ["01", "02", "03", "04", "05", "06"];

/** A copy of the reference solutions importing this checkout's mod.ts by a path. */
async function learner(base: string, name: string): Promise<string> {
  const dir = join(base, name);
  await Deno.mkdir(dir);
  for (const id of IDS) {
    const text = await Deno.readTextFile(
      join(ROOT, "solutions", "autograd", `${id}.ts`),
    );
    await Deno.writeTextFile(
      join(dir, `${id}.ts`),
      text.replaceAll('"../../mod.ts"', JSON.stringify(MOD)),
    );
  }
  return dir;
}

/** The specifiers a module imports from (static `import … from "…"` lines). */
function importsOf(code: string): string[] {
  return [...code.matchAll(/^import [^;]* from "([^"]+)";$/gm)].map((m) =>
    m[1]
  );
}

Deno.test("bundles: every learner's bundle imports one shared harness and one framework, and copies neither", async () => {
  const base = await Deno.makeTempDir({ prefix: "dualgrade-harness-" });
  try {
    const codes: string[] = [];
    for (const name of ["ada", "alan"]) {
      const dir = await learner(base, name);
      const bundled = await bundleSubmission(
        dir,
        IDS.map((id) => ({ id, file: join(dir, `${id}.ts`) })),
        { modPath: MOD },
      );
      assert.deepEqual(
        IDS.map((id) => bundled.outcomes.get(id)?.ok),
        IDS.map(() => true),
      );
      codes.push(bundled.code!);
    }
    const harnesses = codes.map((code) =>
      importsOf(code).filter((s) => /\/harness\/[0-9a-f]+\.js$/.test(s))
    );
    assert.equal(harnesses[0].length, 1, "one import of the harness");
    assert.deepEqual(harnesses[1], harnesses[0], "the same harness file");
    const frameworks = new Set(
      codes.flatMap((code) =>
        importsOf(code).filter((s) => !harnesses[0].includes(s))
      ),
    );
    assert.equal(frameworks.size, 1, [...frameworks].join(", "));
    // The harness's own code is not in a learner's bundle.
    for (const code of codes) {
      assert.doesNotMatch(code, /function runParts\(/);
      assert.doesNotMatch(code, /function snapshotShared\(/);
    }
    // The harness file holds the harness and imports only that framework.
    const harness = await Deno.readTextFile(fileURLToPath(harnesses[0][0]));
    assert.match(harness, /async function runParts\(/);
    assert.match(harness, /export \{[^}]*\brunParts\b/);
    assert.deepEqual(new Set(importsOf(harness)), frameworks);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("bundles: a sandbox setup that imports anything but the framework's mod.ts at run time is refused", async () => {
  const base = await Deno.makeTempDir({ prefix: "dualgrade-harness-" });
  try {
    // A framework copy whose setup imports a core module directly: the child
    // would hold a second copy of that module beside the framework's bundle.
    const fw = join(base, "fw");
    const files: Record<string, string> = {
      "mod.ts": "export const one = 1;\n",
      "core/_nonfinite.ts":
        "export const watch = { on: false, first: undefined };\n",
      "core/other.ts": "export const other = 2;\n",
      "grader/_sandbox_setup.ts": [
        'import { one } from "../mod.ts";',
        'import { other } from "../core/other.ts";',
        "export function runParts(parts: unknown[]): number {",
        "  return one + other + parts.length;",
        "}",
        "",
      ].join("\n"),
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(dirname(join(fw, name)), { recursive: true });
      await Deno.writeTextFile(join(fw, name), text);
    }
    const dir = join(base, "learner");
    await Deno.mkdir(dir);
    await Deno.writeTextFile(join(dir, "01.ts"), "export const f = 1;\n");
    const bundled = await bundleSubmission(
      dir,
      [{ id: "01", file: join(dir, "01.ts") }],
      { modPath: join(fw, "mod.ts") },
    );
    const outcome = bundled.outcomes.get("01");
    assert.ok(outcome !== undefined && !outcome.ok);
    assert.match(
      outcome.problems.join("\n"),
      /may import only the framework's mod\.ts at run time, not \.\.\/core\/other\.ts/,
    );
    assert.equal(bundled.code, undefined);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
