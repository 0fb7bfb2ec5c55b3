// A starter folder and the tools around it: a fresh starter passes
// `deno fmt --check`, `deno lint` and `deno check` where a learner works (a
// folder of their own, with no configuration), and a starter folder inside
// this checkout, however broken its code, changes nothing for the project's
// own fmt, lint and test discovery (deno.json lists the project's folders).

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeLearnerRepo, writeStarter } from "./starter.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

async function deno(args: string[], cwd: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("starter: a fresh starter passes deno fmt --check, deno lint and deno check in the learner's folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-starter-" });
  try {
    writeStarter(dir);
    const modules = [...Deno.readDirSync(dir)].map((e) => e.name).filter((
      n,
    ) => n.endsWith(".ts")).sort();
    assert.equal(modules.length, 6);
    for (
      const args of [["fmt", "--check"], ["lint"], ["check", ...modules]]
    ) {
      const run = await deno(args, dir);
      assert.equal(run.code, 0, `deno ${args.join(" ")}:\n${run.text}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("starter: a fresh learner repository passes deno fmt --check and deno lint", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-repo-" });
  try {
    writeLearnerRepo(dir);
    for (const args of [["fmt", "--check"], ["lint"]]) {
      const run = await deno(args, dir);
      assert.equal(run.code, 0, `deno ${args.join(" ")}:\n${run.text}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The "Checked N files" count of a run. */
function checked(text: string): number {
  const m = /Checked (\d+) files?/.exec(text);
  assert.ok(m, text);
  return Number(m[1]);
}

Deno.test("starter: a starter folder inside the checkout, broken or not, changes nothing for the project's fmt, lint and tests", async () => {
  const name = `learner-work-${crypto.randomUUID().slice(0, 8)}`;
  const dir = join(REPO, name);
  const before = {
    fmt: checked((await deno(["fmt", "--check"], REPO)).text),
    lint: checked((await deno(["lint"], REPO)).text),
  };
  try {
    writeStarter(dir);
    // A learner's work in progress: unformatted, lint errors, type errors,
    // a failing test and a README code block that does not compile.
    await Deno.writeTextFile(
      join(dir, "01.ts"),
      'import { grad } from "../mod.ts";\nexport const f   = (x:number)=>{ var unused = 1; return x }\nexport const fGrad: number = "no";\n',
    );
    await Deno.writeTextFile(
      join(dir, "scratch_test.ts"),
      'Deno.test("mine", () => { const n: number = "not yet"; throw n; });\n',
    );
    await Deno.writeTextFile(
      join(dir, "README.md"),
      '# Notes\n\n```ts\nconst x: number = "not a number";\n```\n',
    );
    const fmt = await deno(["fmt", "--check"], REPO);
    assert.doesNotMatch(fmt.text, new RegExp(name));
    assert.equal(checked(fmt.text), before.fmt);
    const lint = await deno(["lint"], REPO);
    assert.doesNotMatch(lint.text, new RegExp(name));
    assert.equal(checked(lint.text), before.lint);
    // Test discovery: deno test type-checks every module and Markdown code
    // block it would run (the suite's own are cached by now). The folder's
    // README block and test do not compile: were they discovered, this would
    // fail naming them.
    const test = await deno(["test", "--doc", "--no-run"], REPO);
    assert.doesNotMatch(test.text, new RegExp(name));
    assert.equal(test.code, 0, test.text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("starter: deno.json's fmt, lint and test include every folder and file of the project", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(REPO, "deno.json")));
  const excluded: string[] = config.exclude;
  for (const entry of Deno.readDirSync(REPO)) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = entry.isDirectory ? `${entry.name}/` : entry.name;
    if (!entry.isDirectory && !/\.(ts|md|json)$/.test(entry.name)) continue;
    if (excluded.includes(path) || path === "deno.lock") continue;
    if (entry.isDirectory && !hasSources(join(REPO, entry.name))) continue;
    const tools = path.endsWith(".json")
      ? ["fmt", "lint"]
      : ["fmt", "lint", "test"];
    for (const tool of tools) {
      assert.ok(
        config[tool].include.includes(path),
        `deno.json ${tool}.include lists ${path}`,
      );
    }
  }
});

/** Whether a folder holds TypeScript or Markdown tracked by the project. */
function hasSources(dir: string): boolean {
  const git = new Deno.Command("git", {
    args: ["ls-files", "--", dir],
    cwd: REPO,
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  return git.success &&
    new TextDecoder().decode(git.stdout).split("\n").some((f) =>
      /\.(ts|md)$/.test(f)
    );
}
