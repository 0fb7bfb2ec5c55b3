// mod.ts must work for someone who imports it by URL with no deno.json,
// import map, JSR or npm: serve this repository over HTTP and import it.
import assert from "node:assert/strict";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

function contentType(path: string): string {
  if (path.endsWith(".ts")) return "application/typescript; charset=utf-8";
  if (path.endsWith(".js")) return "application/javascript; charset=utf-8";
  return "application/octet-stream";
}

Deno.test("mod.ts imported from a URL computes a gradient and a hessian", async () => {
  const requested: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const path = normalize(decodeURIComponent(new URL(req.url).pathname));
      requested.push(path);
      const file = join(root, path);
      if (!file.startsWith(root)) {
        return new Response("forbidden", { status: 403 });
      }
      try {
        const body = await Deno.readFile(file);
        return new Response(body, {
          headers: { "content-type": contentType(file) },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  const dir = await Deno.makeTempDir();
  try {
    const program = `
      import { grad, hessian, np } from "http://127.0.0.1:${port}/mod.ts";
      const W = np.array([[0.3, -0.2, 0.1], [0.1, 0.2, 0.1]]);
      const V = np.array([[0.1, -0.3], [0.1, 0.5], [0.2, 0.7]]);
      const [dW] = grad(([w, v]) => np.mean(np.matmul(w, v)))([W, V]);
      const h = hessian((x) => np.multiply(x, np.exp(x)))(0);
      console.log(JSON.stringify({ dW: dW.toArray(), h }));
    `;
    await Deno.writeTextFile(join(dir, "main.ts"), program);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-config",
        "--no-lock",
        `--allow-import=127.0.0.1:${port}`,
        "main.ts",
      ],
      cwd: dir,
      env: { DENO_DIR: join(dir, "cache"), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const got = JSON.parse(new TextDecoder().decode(out.stdout));
    // d mean(W·V)/dW = (1/4)·1₂ₓ₂·Vᵀ: every row is the row sums of V divided by 4.
    const rowSums = [0.1 - 0.3, 0.1 + 0.5, 0.2 + 0.7].map((s) => s / 4);
    for (const row of got.dW) {
      row.forEach((v: number, j: number) =>
        assert.ok(Math.abs(v - rowSums[j]) < 1e-15)
      );
    }
    assert.equal(got.h, 2); // (x eˣ)″ = (x + 2) eˣ = 2 at 0
    assert.ok(requested.includes("/mod.ts"));
    assert.ok(
      requested.every((p) => p.endsWith(".ts")),
      "only TypeScript modules are fetched",
    );
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mod.ts's import graph is relative files only", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "mod.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout));
  const specifiers: string[] = info.modules.map((m: { specifier: string }) =>
    m.specifier
  );
  assert.ok(specifiers.length > 5);
  for (const s of specifiers) {
    assert.match(s, /^file:\/\//, `${s} is not a local file`);
  }
});

Deno.test("deno.json is ready for JSR and a publish dry run passes", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  assert.match(config.name, /^@[a-z0-9-]+\/[a-z0-9-]+$/);
  assert.match(config.version, /^\d+\.\d+\.\d+$/);
  assert.equal(config.license, "MIT");
  assert.equal(config.exports["."], "./mod.ts");
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /Dry run complete/);
  assert.doesNotMatch(text, /_test\.ts/, "tests are not published");
  // Every import can be resolved from the package (grader/_import.ts).
  assert.doesNotMatch(text, /unanalyzable-dynamic-import/);
});
