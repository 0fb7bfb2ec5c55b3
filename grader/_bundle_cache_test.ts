// The framework's bundle is built once per content: reused while every file
// it was built from is unchanged, rebuilt when one changes, and the bundle of
// earlier content is found again when the content comes back.
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cachedFrameworkBundle } from "./_bundle.ts";

async function tinyFramework(dir: string, value: number): Promise<void> {
  await Deno.mkdir(join(dir, "core"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "mod.ts"),
    `export { value } from "./core/value.ts";\n`,
  );
  await Deno.writeTextFile(
    join(dir, "core", "value.ts"),
    `export const value: number = ${value};\n`,
  );
  await Deno.writeTextFile(
    join(dir, "core", "_nonfinite.ts"),
    `export function watch(): void {}\n`,
  );
}

Deno.test("framework bundle: reused while its inputs are unchanged, rebuilt when one changes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-bundle-cache-" });
  try {
    // A fresh value, so no earlier run's bundle matches.
    const first = Math.random();
    await tinyFramework(dir, first);
    const mod = join(dir, "mod.ts");
    const a = await cachedFrameworkBundle(mod);
    const aFile = fileURLToPath(a);
    const aInfo = await Deno.stat(aFile);
    assert.match(await Deno.readTextFile(aFile), new RegExp(String(first)));

    // Unchanged: the same file, not written again.
    const again = await cachedFrameworkBundle(mod);
    assert.equal(again, a);
    assert.equal((await Deno.stat(aFile)).ino, aInfo.ino);

    // A file the entry reaches only through an import changes: a new bundle.
    await tinyFramework(dir, first + 1);
    const b = await cachedFrameworkBundle(mod);
    assert.notEqual(b, a);
    assert.match(
      await Deno.readTextFile(fileURLToPath(b)),
      new RegExp(String(first + 1)),
    );

    // Back to the first content: the first bundle, untouched.
    await tinyFramework(dir, first);
    assert.equal(await cachedFrameworkBundle(mod), a);
    assert.equal((await Deno.stat(aFile)).ino, aInfo.ino);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
