import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "npm:yaml@2.9.1";
import { isFrameworkSpecifier } from "../grader/_bundle.ts";
import { autograd } from "./autograd/set.ts";
import {
  DEFAULT_FRAMEWORK_URL,
  DEFAULT_REPOSITORY,
  DEFAULT_VERSION,
  repoPins,
  starterModule,
  writeLearnerRepo,
  writeStarter,
} from "./starter.ts";

const STARTER = fileURLToPath(new URL("./starter.ts", import.meta.url));
const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

async function withTempDir(
  body: (dir: string) => Promise<void> | void,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeStarter: one module per exercise and a README, importing this checkout's mod.ts", async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, "learner");
    const written = writeStarter(target);
    assert.deepEqual(
      written.map((p) => p.slice(target.length + 1)),
      ["01.ts", "02.ts", "03.ts", "04.ts", "05.ts", "06.ts", "README.md"],
    );
    const m01 = await Deno.readTextFile(join(target, "01.ts"));
    const spec = /import \{ grad, np \} from "([^"]+)";/.exec(m01)?.[1];
    assert.ok(spec?.startsWith("../"), `relative import, got ${spec}`);
    assert.equal(
      fileURLToPath(new URL(spec!, pathToFileURL(join(target, "01.ts")))),
      MOD,
    );
    const readme = await Deno.readTextFile(join(target, "README.md"));
    // deno fmt rewraps the prompts' paragraphs: compare words, not lines.
    const words = (text: string) => text.trim().split(/\s+/).join(" ");
    for (const ex of autograd.exercises) {
      assert.ok(readme.includes(`## Exercise ${ex.id}: ${ex.title}`));
      assert.ok(
        words(readme).includes(words(ex.prompt)),
        `README holds the prompt of ${ex.id}`,
      );
    }
    assert.match(readme, /In all: 40 points \+ 3 bonus\./);
  });
});

Deno.test('writeStarter: every export throws "not done yet" when called or read; the modules import cleanly', async () => {
  await withTempDir(async (dir) => {
    writeStarter(dir);
    for (const ex of autograd.exercises) {
      const mod = await import(pathToFileURL(join(dir, `${ex.id}.ts`)).href);
      assert.deepEqual(Object.keys(mod).sort(), Object.keys(ex.exports).sort());
      for (const [name, spec] of Object.entries(ex.exports)) {
        const message = (error: unknown) =>
          error instanceof Error && error.message === `not done yet: ${name}`;
        if (spec.kind === "function") {
          assert.equal(typeof mod[name], "function");
          assert.throws(() => mod[name](1), message);
        } else {
          const value = mod[name];
          assert.throws(() => String(value), message);
          assert.throws(() => JSON.stringify(value), message);
          assert.throws(() => Object.keys(value), message);
          assert.throws(() => Object.getPrototypeOf(value), message);
          assert.throws(() => value.shape, message);
        }
      }
    }
  });
});

Deno.test("writeStarter: the starter type-checks", async () => {
  await withTempDir(async (dir) => {
    writeStarter(dir);
    const files = autograd.exercises.map((ex) => join(dir, `${ex.id}.ts`));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", ...files],
      stderr: "piped",
    })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  });
});

Deno.test("writeStarter: refuses to overwrite, writing nothing, unless forced", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "03.ts"), "// mine\n");
    await Deno.writeTextFile(join(dir, "README.md"), "mine\n");
    assert.throws(
      () => writeStarter(dir),
      new RegExp(
        `^Error: Cannot write the starter into ${dir}: 03\\.ts, README\\.md already exist: pass --force`,
      ),
    );
    assert.equal(await Deno.readTextFile(join(dir, "03.ts")), "// mine\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "03.ts",
      "README.md",
    ]);
    writeStarter(dir, { force: true });
    assert.match(
      await Deno.readTextFile(join(dir, "03.ts")),
      /not done yet: f3Grad/,
    );
  });
});

Deno.test("starterModule: a framework URL is used as it is; types and value stand-ins", () => {
  const ex06 = autograd.exercises.find((e) => e.id === "06")!;
  const source = starterModule(
    ex06,
    "https://example.com/dualgrade@0.1.0/mod.ts",
  );
  assert.match(
    source,
    /^import \{ grad, np \} from "https:\/\/example\.com\/dualgrade@0\.1\.0\/mod\.ts";$/m,
  );
  assert.match(
    source,
    /^import type \{ Tensor, Value \} from "https:\/\/example\.com\/dualgrade@0\.1\.0\/mod\.ts";$/m,
  );
  assert.match(
    source,
    /^export const sameResults: boolean = notDoneYet\("sameResults"\);$/m,
  );
  assert.match(
    source,
    /^export const f1Grad: \(args: Tensor\[\]\) => Tensor\[\] = \(\) => \{$/m,
  );
  // By-hand exercises need no AD import.
  const ex02 = autograd.exercises.find((e) => e.id === "02")!;
  assert.doesNotMatch(starterModule(ex02, "../mod.ts"), /import/);
});

Deno.test("writeStarter: --framework as a path is made relative to the folder", async () => {
  await withTempDir(async (dir) => {
    writeStarter(join(dir, "a", "b"), { framework: join(dir, "fw", "mod.ts") });
    assert.match(
      await Deno.readTextFile(join(dir, "a", "b", "01.ts")),
      /from "\.\.\/\.\.\/fw\/mod\.ts";/,
    );
  });
});

async function run(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", STARTER, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

Deno.test("starter CLI: --help, usage errors, refusal and --force", async () => {
  const help = await run("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task starter <dir>/);
  const none = await run();
  assert.equal(none.code, 2);
  assert.match(
    none.stderr,
    /Expected one folder in deno task starter, got none/,
  );
  const badSet = await run("x", "--set", "nope");
  assert.equal(badSet.code, 2);
  assert.match(badSet.stderr, /Unknown exercise set "nope"/);
  await withTempDir(async (dir) => {
    const first = await run(dir, "--framework", "https://example.com/mod.ts");
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Wrote 7 files/);
    const again = await run(dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exist: pass --force to overwrite them/);
    const forced = await run(dir, "--force");
    assert.equal(forced.code, 0, forced.stderr);
  });
});

// --- A learner's repository (--repo) ---

const DENO_JSON = fileURLToPath(new URL("../deno.json", import.meta.url));

function repoFiles(dir: string, written: string[]): string[] {
  return written.map((p) => relative(dir, p).split(sep).join("/"));
}

// deno-lint-ignore no-explicit-any
function workflowOf(dir: string): any {
  return parseYaml(
    Deno.readTextFileSync(join(dir, ".github", "workflows", "grade.yml")),
  );
}

Deno.test("DEFAULT_FRAMEWORK_URL pins this checkout's version, and the grader takes it for the framework", async () => {
  const { version } = JSON.parse(await Deno.readTextFile(DENO_JSON));
  assert.equal(DEFAULT_VERSION, `v${version}`);
  assert.equal(DEFAULT_REPOSITORY, "dualgrade/dualgrade");
  assert.equal(
    DEFAULT_FRAMEWORK_URL,
    `https://raw.githubusercontent.com/dualgrade/dualgrade/v${version}/mod.ts`,
  );
  assert.ok(isFrameworkSpecifier(DEFAULT_FRAMEWORK_URL));
  assert.ok(isFrameworkSpecifier(repoPins({ version: "v9.9.9" }).frameworkUrl));
});

Deno.test("writeLearnerRepo: the files of a repository ready to push", async () => {
  await withTempDir(async (dir) => {
    const written = writeLearnerRepo(dir);
    assert.deepEqual(repoFiles(dir, written), [
      ".github/workflows/grade.yml",
      ".gitignore",
      "README.md",
      "deno.json",
      ...autograd.exercises.map((ex) => `solutions/${ex.id}.ts`),
    ]);
    for (const path of written) {
      const text = await Deno.readTextFile(path);
      assert.doesNotMatch(
        text,
        /(?<!\$)\{\{/,
        `${path}: every placeholder filled in`,
      );
    }

    // deno.json: the framework by URL at the pinned version, and the learner's tasks.
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    assert.deepEqual(config.imports, { dualgrade: DEFAULT_FRAMEWORK_URL });
    assert.ok(config.imports.dualgrade.includes(`/${DEFAULT_VERSION}/`));
    assert.deepEqual(Object.keys(config.tasks).sort(), [
      "check",
      "exercises",
      "get-grader",
      "grade",
      "test",
    ]);
    assert.equal(
      config.tasks["get-grader"],
      `git clone --depth 1 --branch ${DEFAULT_VERSION} https://github.com/${DEFAULT_REPOSITORY}.git .dualgrade`,
    );
    assert.equal(
      config.tasks.grade,
      'deno task --config .dualgrade/deno.json grade "$PWD/solutions" --set autograd',
    );
    assert.deepEqual(config.exclude, [".dualgrade/"]);

    // The starter modules import the framework by the mapped name.
    for (const ex of autograd.exercises) {
      assert.equal(
        await Deno.readTextFile(join(dir, "solutions", `${ex.id}.ts`)),
        starterModule(ex, "dualgrade"),
      );
    }

    // README: how to work, self-check, CI, and every prompt.
    const readme = await Deno.readTextFile(join(dir, "README.md"));
    assert.ok(readme.startsWith(`# ${autograd.title}\n`));
    for (
      const heading of [
        "## How to work",
        "## Check your work before you push",
        "## What the Grade workflow does",
      ]
    ) {
      assert.ok(readme.includes(`\n${heading}\n`), heading);
    }
    assert.ok(readme.includes("deno task get-grader"));
    assert.ok(readme.includes(DEFAULT_FRAMEWORK_URL));
    assert.ok(readme.includes("In all: 40 points + 3 bonus."));
    for (const ex of autograd.exercises) {
      assert.ok(readme.includes(`## Exercise ${ex.id}: ${ex.title}`));
      assert.ok(
        readme.includes(ex.prompt.trim()),
        `README holds the prompt of ${ex.id}`,
      );
    }

    const gitignore = await Deno.readTextFile(join(dir, ".gitignore"));
    assert.ok(gitignore.split("\n").includes(".dualgrade/"));
  });
});

Deno.test("writeLearnerRepo: the workflow grades solutions/ with the pinned grader on push and pull_request", async () => {
  await withTempDir((dir) => {
    writeLearnerRepo(dir);
    const workflow = workflowOf(dir);
    assert.deepEqual(Object.keys(workflow.on).sort(), [
      "pull_request",
      "push",
      "workflow_dispatch",
    ]);
    assert.deepEqual(workflow.permissions, { contents: "read" });
    assert.equal(String(workflow.env.DENO_VERSION), "2.9.6");
    assert.match(
      workflow.env.MIN_SCORE,
      /^\$\{\{ inputs\.min-score \|\| vars\.DUALGRADE_MIN_SCORE \|\| '100%' \}\}$/,
    );
    const steps = workflow.jobs.grade.steps;
    const checkouts = steps.filter((s: { uses?: string }) =>
      s.uses === "actions/checkout@v4"
    );
    assert.equal(checkouts.length, 2);
    assert.deepEqual(checkouts[1].with, {
      repository: DEFAULT_REPOSITORY,
      ref: DEFAULT_VERSION,
      path: ".dualgrade",
      "persist-credentials": false,
    });
    const install = steps.find((s: { run?: string }) =>
      s.run?.includes("npm install")
    );
    assert.equal(install.run, 'npm install --global "deno@${DENO_VERSION}"');
    const grade = steps.find((s: { id?: string }) => s.id === "grade");
    assert.equal(
      grade.run,
      'deno task --config .dualgrade/deno.json grade "$GITHUB_WORKSPACE/solutions" --set autograd --min-score "$MIN_SCORE"',
    );
    assert.ok(steps.indexOf(install) < steps.indexOf(grade));
    assert.ok(steps.indexOf(checkouts[1]) < steps.indexOf(grade));
  });
});

Deno.test("writeLearnerRepo: the starter modules type-check against this checkout's mod.ts under the mapped name", async () => {
  await withTempDir(async (dir) => {
    writeLearnerRepo(dir);
    const map = join(dir, "import_map.json");
    await Deno.writeTextFile(
      map,
      JSON.stringify({ imports: { dualgrade: pathToFileURL(MOD).href } }),
    );
    const files = autograd.exercises.map((ex) =>
      join(dir, "solutions", `${ex.id}.ts`)
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "check",
        "--quiet",
        "--no-config",
        "--no-remote",
        `--import-map=${map}`,
        ...files,
      ],
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  });
});

Deno.test("repoPins: --version and --framework-url pin the URL, the grader checkout and the clone task together", async () => {
  assert.deepEqual(repoPins({ version: "v0.2.0" }), {
    version: "v0.2.0",
    repository: "dualgrade/dualgrade",
    frameworkUrl:
      "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.2.0/mod.ts",
  });
  assert.deepEqual(
    repoPins({
      frameworkUrl:
        "https://raw.githubusercontent.com/course/dualgrade-fork/v1.2.3/mod.ts",
    }),
    {
      version: "v1.2.3",
      repository: "course/dualgrade-fork",
      frameworkUrl:
        "https://raw.githubusercontent.com/course/dualgrade-fork/v1.2.3/mod.ts",
    },
  );
  assert.deepEqual(
    repoPins({
      frameworkUrl: "https://cdn.example.edu/dualgrade/0.3.0/mod.ts",
      version: "v0.3.0",
    }),
    {
      version: "v0.3.0",
      repository: "dualgrade/dualgrade",
      frameworkUrl: "https://cdn.example.edu/dualgrade/0.3.0/mod.ts",
    },
  );
  assert.throws(
    () =>
      repoPins({
        frameworkUrl: "https://cdn.example.edu/dualgrade/0.3.0/mod.ts",
      }),
    /^Error: Cannot tell the version from the framework URL https:\/\/cdn\.example\.edu\/dualgrade\/0\.3\.0\/mod\.ts: pass --version/,
  );
  assert.throws(
    () => repoPins({ frameworkUrl: DEFAULT_FRAMEWORK_URL, version: "v0.2.0" }),
    /^Error: Conflicting versions: the framework URL .* pins v0\.1\.0 but --version says v0\.2\.0$/,
  );
  for (
    const url of [
      "https://example.com/lib/mod.ts",
      "https://example.com/dualgrade/index.ts",
      "file:///dualgrade/mod.ts",
      'https://x/dualgrade"/mod.ts',
    ]
  ) {
    assert.throws(
      () => repoPins({ frameworkUrl: url, version: "v1" }),
      /^Error: Invalid framework URL /,
      url,
    );
  }
  assert.throws(
    () => repoPins({ version: "v1 && rm -rf ~" }),
    /^Error: Invalid version "v1 && rm -rf ~": expected a git tag/,
  );
  assert.throws(
    () => repoPins({ repository: "just-a-name" }),
    /^Error: Invalid repository "just-a-name": expected a GitHub repository as owner\/name/,
  );

  await withTempDir(async (dir) => {
    writeLearnerRepo(dir, { version: "v0.2.0" });
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    assert.equal(
      config.imports.dualgrade,
      "https://raw.githubusercontent.com/dualgrade/dualgrade/v0.2.0/mod.ts",
    );
    assert.match(config.tasks["get-grader"], / --branch v0\.2\.0 /);
    const checkout = workflowOf(dir).jobs.grade.steps.find((
      s: { with?: { path?: string } },
    ) => s.with?.path === ".dualgrade");
    assert.equal(checkout.with.ref, "v0.2.0");
  });
});

Deno.test("writeLearnerRepo: refuses to overwrite, writing nothing, unless forced", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "solutions"));
    await Deno.writeTextFile(join(dir, "deno.json"), "{}\n");
    await Deno.writeTextFile(join(dir, "solutions", "02.ts"), "// mine\n");
    assert.throws(
      () => writeLearnerRepo(dir),
      new RegExp(
        `^Error: Cannot write the repository into ${dir}: deno\\.json, solutions/02\\.ts already exist: pass --force to overwrite them$`,
      ),
    );
    assert.equal(await Deno.readTextFile(join(dir, "deno.json")), "{}\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "deno.json",
      "solutions",
    ]);
    assert.deepEqual(
      [...Deno.readDirSync(join(dir, "solutions"))].map((e) => e.name),
      ["02.ts"],
    );
    writeLearnerRepo(dir, { force: true });
    assert.match(
      await Deno.readTextFile(join(dir, "solutions", "02.ts")),
      /not done yet: fPrime/,
    );
    assert.ok(
      JSON.parse(await Deno.readTextFile(join(dir, "deno.json"))).imports
        .dualgrade,
    );
  });
});

Deno.test("writeLearnerRepo: a customized template: every file rendered, unknown placeholders refused, no mapping means URL imports", async () => {
  await withTempDir(async (dir) => {
    const template = join(dir, "template");
    await Deno.mkdir(join(template, "docs"), { recursive: true });
    await Deno.writeTextFile(
      join(template, "docs", "NOTES.md"),
      "{{title}} at {{ version }}; keep ${{ github.sha }}\n",
    );
    await Deno.writeFile(
      join(template, "logo.bin"),
      new Uint8Array([0xff, 0xfe, 0x7b, 0x7b]),
    );
    const out = join(dir, "out");
    const written = writeLearnerRepo(out, { template, version: "v0.4.0" });
    assert.deepEqual(repoFiles(out, written), [
      "docs/NOTES.md",
      "logo.bin",
      ...autograd.exercises.map((ex) => `solutions/${ex.id}.ts`),
    ]);
    assert.equal(
      await Deno.readTextFile(join(out, "docs", "NOTES.md")),
      `${autograd.title} at v0.4.0; keep \${{ github.sha }}\n`,
    );
    assert.deepEqual(
      await Deno.readFile(join(out, "logo.bin")),
      new Uint8Array([0xff, 0xfe, 0x7b, 0x7b]),
    );
    // No deno.json maps a name to the framework: the modules import the URL.
    assert.match(
      await Deno.readTextFile(join(out, "solutions", "01.ts")),
      /^import \{ grad, np \} from "https:\/\/raw\.githubusercontent\.com\/dualgrade\/dualgrade\/v0\.4\.0\/mod\.ts";$/m,
    );

    await Deno.writeTextFile(
      join(template, "docs", "NOTES.md"),
      "{{teacher}}\n",
    );
    assert.throws(
      () => writeLearnerRepo(join(dir, "out2"), { template }),
      /^Error: Cannot render the template file docs\/NOTES\.md: unknown placeholder \{\{teacher\}\}: known are \{\{title\}\}/,
    );
    assert.throws(
      () =>
        writeLearnerRepo(join(dir, "out3"), { template: join(dir, "nope") }),
      /^Error: Cannot read the template folder /,
    );
  });
});

Deno.test("starter CLI --repo: writes, refuses, forces; repo options are usage errors without --repo", async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, "learner-repo");
    const first = await run(target, "--repo", "--version", "v0.1.0");
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^Wrote 10 files to .*learner-repo:\n {2}\.github\/workflows\/grade\.yml\n/,
    );
    assert.match(
      first.stdout,
      /every push is graded by \.github\/workflows\/grade\.yml/,
    );
    const again = await run(target, "--repo");
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /^Cannot write the repository into .*: \.github\/workflows\/grade\.yml, \.gitignore, README\.md, deno\.json, solutions\/01\.ts/,
    );
    const forced = await run(target, "--repo", "--force");
    assert.equal(forced.code, 0, forced.stderr);

    const notRepo = await run(join(dir, "x"), "--version", "v0.2.0");
    assert.equal(notRepo.code, 2);
    assert.match(
      notRepo.stderr,
      /^Invalid arguments: --version applies only with --repo/,
    );
    const both = await run(
      join(dir, "x"),
      "--repo",
      "--framework",
      "../mod.ts",
    );
    assert.equal(both.code, 2);
    assert.match(
      both.stderr,
      /--framework applies only without --repo: with --repo, pass --framework-url/,
    );
    const badUrl = await run(
      join(dir, "x"),
      "--repo",
      "--framework-url",
      "https://example.com/mod.ts",
    );
    assert.equal(badUrl.code, 2);
    assert.match(
      badUrl.stderr,
      /^Invalid framework URL https:\/\/example\.com\/mod\.ts: /,
    );
    assert.equal(existsSync(join(dir, "x")), false);
  });
  const help = await run("--help");
  assert.match(help.stdout, /--repo/);
  assert.match(
    help.stdout,
    new RegExp(`default: ${DEFAULT_VERSION.replaceAll(".", "\\.")}`),
  );
});

Deno.test("writeLearnerRepo: the template's file list (for a remote copy, which cannot list a folder) is the folder's", async () => {
  const { LEARNER_REPO_FILES, readShippedTemplate, readTemplateTree } =
    await import("../templates/_render.ts");
  const folder = fileURLToPath(
    new URL("../templates/learner-repo", import.meta.url),
  );
  const onDisk = readTemplateTree(folder);
  assert.deepEqual([...LEARNER_REPO_FILES].sort(), [...onDisk.keys()]);
  assert.deepEqual(
    await readShippedTemplate("templates/learner-repo", LEARNER_REPO_FILES),
    onDisk,
  );
});
