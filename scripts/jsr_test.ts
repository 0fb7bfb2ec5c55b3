// The command-line entry points deno.json exports run from the package as a
// remote module, the way `deno run jsr:@dualgrade/dualgrade/<entry>` loads
// them: this repository served over HTTP, run with no configuration, no
// lockfile and an empty cache. (mod_test.ts checks `deno publish --dry-run`.)
import assert from "node:assert/strict";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** deno.json's exports that are commands (a module ending in `import.meta.main`). */
async function commandExports(): Promise<[string, string][]> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const out: [string, string][] = [];
  for (
    const [name, path] of Object.entries(
      config.exports as Record<string, string>,
    )
  ) {
    const source = await Deno.readTextFile(join(ROOT, path));
    if (/^if \(import\.meta\.main\)/m.test(source)) out.push([name, path]);
  }
  return out;
}

Deno.test("jsr: the command-line entry points are exported, each with its usage", async () => {
  const commands = Object.fromEntries(await commandExports());
  assert.equal(commands["./gradebook"], "./grader/gradebook.ts");
  assert.equal(commands["./prompts"], "./exercises/show.ts");
});

Deno.test("jsr: each exported command runs as a remote module and prints its usage", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const path = normalize(decodeURIComponent(new URL(req.url).pathname));
      const file = join(ROOT, path);
      if (!file.startsWith(ROOT)) return new Response("no", { status: 403 });
      try {
        return new Response(await Deno.readFile(file), {
          headers: {
            "content-type": file.endsWith(".ts")
              ? "application/typescript; charset=utf-8"
              : "application/octet-stream",
          },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  const cache = await Deno.makeTempDir();
  try {
    const commands = await commandExports();
    assert.ok(commands.length >= 2);
    for (const [name, path] of commands) {
      const url = `http://127.0.0.1:${port}/${path.slice(2)}`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--no-lock", "-A", url, "--help"],
        cwd: cache,
        env: { DENO_DIR: join(cache, "deno"), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `${name} (${url}):\n${text}`);
      assert.match(text, /Usage: /, name);
    }
  } finally {
    await server.shutdown();
    await Deno.remove(cache, { recursive: true });
  }
});
