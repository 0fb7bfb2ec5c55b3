// dist/dualgrade.js in a real browser: Debian's headless Chromium loads a page
// served over HTTP from 127.0.0.1 that imports the bundle and writes gradients
// into the DOM, read back with --dump-dom. The same page opened from file://
// computes nothing (Chromium refuses module scripts there), which is why the
// README says to serve the bundle. Expected values are closed forms.

import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "./build.ts";

const CHROMIUM = "/usr/bin/chromium";

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>dualgrade</title></head>
<body><pre id="out">not run</pre>
<script type="module">
  import { grad, hessian, np } from "./dualgrade.js";
  const f = (x) => np.multiply(x, np.exp(x));
  const g = grad(([x, y]) => np.add(np.power(x, 2), np.multiply(3, y)))([3, 2]);
  const W = np.array([[1, 2], [3, 4]]);
  const dW = grad((w) => np.mean(np.matmul(w, w)))(W);
  document.getElementById("out").textContent = JSON.stringify({
    d: grad(f)(7),
    g,
    h: hessian(np.sin)(0.5),
    dW: dW.toArray(),
  });
</script></body></html>
`;

/** Runs headless Chromium on a URL and returns the DOM it dumps. */
async function dumpDom(url: string): Promise<string> {
  const profile = await Deno.makeTempDir({ prefix: "dualgrade-chromium-" });
  try {
    const out = await new Deno.Command(CHROMIUM, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        "--dump-dom",
        url,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dom = new TextDecoder().decode(out.stdout);
    assert.equal(
      out.code,
      0,
      `chromium exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`,
    );
    return dom;
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

/** The text of the page's <pre id="out">. */
function output(dom: string): string {
  const m = /<pre id="out">([^<]*)<\/pre>/.exec(dom);
  assert.ok(m, `no output element in:\n${dom}`);
  return m[1].replaceAll("&quot;", '"').replaceAll("&amp;", "&");
}

Deno.test("browser: dist/dualgrade.js served over HTTP computes gradients in headless Chromium; from file:// it does not load", async () => {
  assert.ok(
    (await Deno.stat(CHROMIUM).catch(() => null))?.isFile,
    `${CHROMIUM} is missing (.ci/run installs Debian's chromium)`,
  );
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-browser-" });
  const requests: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const name = new URL(req.url).pathname.slice(1) || "index.html";
      requests.push(name);
      if (!/^[\w.-]+$/.test(name)) return new Response("no", { status: 404 });
      try {
        const body = await Deno.readFile(join(dir, name));
        const type = name.endsWith(".js")
          ? "text/javascript; charset=utf-8"
          : "text/html; charset=utf-8";
        return new Response(body, { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  try {
    await build(dir);
    await Deno.writeTextFile(join(dir, "index.html"), PAGE);
    const { port } = server.addr as Deno.NetAddr;

    const result = JSON.parse(
      output(await dumpDom(`http://127.0.0.1:${port}/index.html`)),
    );
    assert.ok(requests.includes("dualgrade.js"), requests.join(", "));
    // d/dx x·eˣ = (1 + x)·eˣ: at 7 the seed notebook's autograd prints
    // 8773.065267427666; Chromium computes ...668, one unit in the last place away.
    assert.ok(Math.abs(result.d - 8773.065267427666) <= 1e-12 * 8773);
    assert.deepEqual(result.g, [6, 3]); // ∇(x² + 3y) = (2x, 3)
    assert.ok(Math.abs(result.h + Math.sin(0.5)) < 1e-15); // sin″ = −sin
    // ∂/∂W mean(W·W) = (Wᵀ·J + J·Wᵀ)/4 with J all ones: closed form per entry.
    const W = [[1, 2], [3, 4]];
    const expected = W.map((_, i) =>
      W.map((_, j) => (W[j][0] + W[j][1] + W[0][i] + W[1][i]) / 4)
    );
    assert.deepEqual(result.dW, expected);

    // The same page from file:// never runs its module script.
    const fromFile = output(
      await dumpDom(pathToFileURL(join(dir, "index.html")).href),
    );
    assert.equal(fromFile, "not run");
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
