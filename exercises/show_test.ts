import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadExerciseSet } from "./sets.ts";
import { showExercises } from "./show.ts";

const SHOW = fileURLToPath(new URL("./show.ts", import.meta.url));
const set = loadExerciseSet("autograd");
const ANSI = new RegExp(String.fromCharCode(27) + "\\[");

Deno.test("showExercises: the whole set, math left as TeX, code indented, no colour by default", () => {
  const text = showExercises(set);
  for (const ex of set.exercises) {
    assert.ok(text.includes(`Exercise ${ex.id}: ${ex.title}`), ex.id);
  }
  assert.match(text, /^ {4}\\frac\{df\}\{dx\} = 2\(x - 3\)$/m);
  assert.match(text, /^ {4}const funGrad = grad\(fun\);$/m);
  assert.doesNotMatch(text, /```/);
  assert.doesNotMatch(text, ANSI);
  assert.match(text, /^-+$/m);
});

Deno.test("showExercises: one exercise, with its exports and checks", () => {
  const text = showExercises(set, { id: "06" });
  assert.match(text, /^Exercise 06: The derivative of matrix multiplication$/m);
  assert.match(
    text,
    /- `sameResults: boolean` \(value\): Are the results of A and B the same\?/,
  );
  assert.match(text, /- f1Grad at hidden matrices: 1 point \(hidden\)/);
  assert.doesNotMatch(text, /Exercise 05/);
  assert.match(showExercises(set, { id: "05" }), /Checks \(3 bonus points\)/);
});

Deno.test("showExercises: colour on request, a list, an unknown id", () => {
  assert.match(showExercises(set, { id: "01", color: true }), ANSI);
  assert.equal(
    showExercises(set, { list: true }).split("\n")[0],
    "01  f(x) = (x − 10)² and its derivative",
  );
  assert.throws(
    () => showExercises(set, { id: "07" }),
    /^Error: Unknown exercise "07" in the set autograd: known ids are 01, 02, 03, 04, 05, 06$/,
  );
});

async function run(env: Record<string, string>, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", SHOW, ...args],
    env,
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

Deno.test("exercises CLI: prints prompts, honours NO_COLOR, exits 2 on a bad id", async () => {
  const help = await run({}, "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task exercises \[id\]/);
  const one = await run({ NO_COLOR: "1" }, "03", "--color");
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /Erratum/);
  assert.doesNotMatch(one.stdout, ANSI);
  const colored = await run({ NO_COLOR: "" }, "03", "--color");
  assert.match(colored.stdout, ANSI);
  const bad = await run({}, "9");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown exercise "9"/);
});
