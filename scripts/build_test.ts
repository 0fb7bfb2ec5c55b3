import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "./build.ts";

Deno.test("the bundle runs under Node and differentiates", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await build(dir);
    const decl = await Deno.readTextFile(r.declarations);
    assert.match(decl, /export \* as np/);
    assert.match(decl, /grad/);
    const url = pathToFileURL(r.bundle).href;
    const program = `
      import { grad, hessian, np } from ${JSON.stringify(url)};
      const f = (x) => np.multiply(x, np.power(np.e, x));
      const g = grad(([x, y]) => np.add(np.power(x, 2), np.multiply(3, y)))([3, 2]);
      console.log(JSON.stringify([grad(f)(7), g, hessian(np.sin)(0.5)]));
    `;
    const out = await new Deno.Command("node", {
      args: ["--input-type=module", "-e", program],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const [d, g, h] = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(d, 8773.065267427666); // the notebook's autograd value
    assert.deepEqual(g, [6, 3]);
    assert.ok(Math.abs(h + Math.sin(0.5)) < 1e-15);
    assert.ok(r.bytes > 10_000);
    assert.ok((await Deno.stat(join(dir, "dualgrade.d.ts"))).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the grader's framework declarations match the sources (else: deno task build:types)", async () => {
  const { frameworkTypes, TYPES_DIR } = await import(
    "../grader/_framework_types.ts"
  );
  const { writeGraderTypes } = await import("./build.ts");
  assert.ok(
    await frameworkTypes(),
    "grader/_types/ is stale: run `deno task build:types` and commit it",
  );
  const dir = await Deno.makeTempDir();
  try {
    await writeGraderTypes(dir);
    const read = async (root: string) => {
      const out: Record<string, string> = {};
      for (const sub of ["", "core", "core/np"]) {
        for await (const e of Deno.readDir(join(root, sub))) {
          if (e.isFile) {
            out[join(sub, e.name)] = await Deno.readTextFile(
              join(root, sub, e.name),
            );
          }
        }
      }
      return out;
    };
    assert.deepEqual(await read(dir), await read(TYPES_DIR));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
