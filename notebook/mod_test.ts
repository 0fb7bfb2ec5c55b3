import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_FRAMEWORK_URL } from "../exercises/starter.ts";
import { check } from "./mod.ts";
import { learnerNotebook, main } from "./generate.ts";

Deno.test("learnerNotebook: title, setup cell importing by URL, then prompt, tagged starter and check cell per exercise", () => {
  const url = "https://example.org/dualgrade/v9/mod.ts";
  const nb = learnerNotebook({ frameworkUrl: url });
  const cells = nb.cells;
  assert.equal(cells[0].cell_type, "markdown");
  assert.match(cells[0].source.join(""), /^# Demystifying Neural Networks/);
  const setup = cells[1].source.join("");
  assert.match(
    setup,
    /import \{ grad, np \} from "https:\/\/example.org\/dualgrade\/v9\/mod.ts";/,
  );
  assert.match(
    setup,
    /import \{ check \} from "https:\/\/example.org\/dualgrade\/v9\/notebook\/mod.ts";/,
  );
  assert.ok(!/from "\.\.?\//.test(JSON.stringify(nb)), "no relative imports");
  const ids = ["01", "02", "03", "04", "05", "06"];
  ids.forEach((id, k) => {
    const [prompt, answer, checkCell] = cells.slice(2 + 3 * k, 5 + 3 * k);
    assert.equal(prompt.cell_type, "markdown");
    assert.match(prompt.source[0], new RegExp(`^## ${id} · `));
    assert.deepEqual(answer.metadata.tags, [`exercise-${id}`]);
    assert.ok(!/^export /m.test(answer.source.join("")), "notebook style");
    assert.match(answer.source.join(""), /not done yet/);
    assert.equal(checkCell.source.join(""), `await check("${id}");`);
  });
  assert.equal(cells.length, 2 + 3 * ids.length);
  assert.match(
    cells[2 + 3 * 2].source.join(""),
    /\$/,
    "the prompt keeps its TeX math",
  );
  assert.deepEqual(
    (nb.metadata as { dualgrade: unknown }).dualgrade,
    { set: "autograd", framework: url },
  );
  assert.throws(
    () => learnerNotebook({ frameworkUrl: "https://example.org/x.ts" }),
    /Invalid framework URL https:\/\/example.org\/x.ts: it must name dualgrade's mod.ts/,
  );
});

Deno.test("deno task notebook writes a notebook and refuses to overwrite it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "autograd.ipynb");
    assert.equal(main([path]), 0);
    const nb = JSON.parse(await Deno.readTextFile(path));
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.metadata.kernelspec.name, "deno");
    assert.equal(nb.metadata.dualgrade.framework, DEFAULT_FRAMEWORK_URL);
    assert.equal(main([path]), 1);
    assert.equal(main([path, "--force"]), 0);
    assert.equal(main([join(dir, "x.txt")]), 2);
    assert.equal(main([path, "--set", "nope", "--force"]), 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check outside the kernel: grades the saved notebook with the command line's pipeline and never throws", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const nb = learnerNotebook();
    // Exercise 01 answered in the notebook's own style; the rest left as started.
    const answer = nb.cells.find((c) =>
      c.metadata.tags?.includes("exercise-01")
    )!;
    answer.source = [
      "const f = (x: number) => np.power(np.subtract(x, 10), 2);\n",
      "const fGrad = (x: number) => 2 * (x - 11);\n",
    ];
    const path = join(dir, "ada.ipynb");
    await Deno.writeTextFile(path, JSON.stringify(nb));

    const report = await check("01", { notebook: path, seed: 4 });
    assert.equal(report.problem, undefined);
    assert.equal(report.maxScore, 6);
    // f's two checks pass, every fGrad check fails: 2 points, from the definition.
    assert.equal(report.score, 2);
    const bundle = report.toMimeBundle();
    const symbol = Symbol.for("Jupyter.display");
    assert.deepEqual(
      (report as unknown as Record<symbol, () => unknown>)[symbol](),
      bundle,
    );
    const numbers = bundle["application/vnd.dualgrade.check+json"] as {
      score: number;
      seed: number;
    };
    assert.equal(numbers.score, 2);
    assert.equal(numbers.seed, 4);
    assert.match(bundle["text/html"] as string, /<table>/);
    // The HTML report's pictures: a curve of f, and one of fGrad.
    const images = (bundle["text/html"] as string).match(
      /<img alt="[^"]*" title="[^"]*" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">/g,
    ) ?? [];
    assert.equal(images.length, 2);
    assert.match(images[0], /alt="f: /);
    assert.match(images[1], /alt="fGrad: /);
    const svg = new TextDecoder().decode(
      Uint8Array.from(
        atob(images[0].split("base64,")[1].slice(0, -2)),
        (c) => c.charCodeAt(0),
      ),
    );
    assert.match(svg, /^<svg /);
    assert.match(String(report), /ada\.ipynb as saved at \d\d:\d\d:\d\d/);
    assert.match(
      bundle["text/html"] as string,
      /fGrad\(3\): expected -14, got -16/,
    );
    assert.match(
      String(report),
      /01 {2}f\(x\) = \(x − 10\)² and its derivative/,
    );
    assert.match(String(report), /cell 4/);

    const unfinished = await check("03", { notebook: path, seed: 4 });
    assert.equal(unfinished.score, 0);
    assert.equal(unfinished.maxScore, 12);
    assert.match(String(unfinished), /not done yet: f1/);

    const nowhere = await check("01", { notebook: join(dir, "none.ipynb") });
    assert.equal(nowhere.score, 0);
    assert.match(nowhere.problem!, /the notebook does not exist/);

    await Deno.writeTextFile(join(dir, "broken.ipynb"), "{");
    const broken = await check("01", { notebook: join(dir, "broken.ipynb") });
    assert.equal(broken.score, 0);
    assert.match(
      broken.problem!,
      /Malformed notebook .*broken\.ipynb: it is not JSON/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
