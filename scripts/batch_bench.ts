/**
 * Whole-process benchmark of batch grading: a class of copies of the
 * reference solutions (every tenth learner with one exercise wrong) graded
 * with `deno task grade --batch`, reporting wall time, learners per second
 * and peak memory (the grader and its sandboxes together, sampled from
 * /proc every 50 ms).
 *
 * Run: `deno run -A scripts/batch_bench.ts [learners=200] [jobs]`
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Writes `n` learners' folders under `dir`; returns how many have an exercise wrong. */
async function makeClass(dir: string, n: number): Promise<number> {
  const solutions = join(repo, "solutions", "autograd");
  const files = [...Deno.readDirSync(solutions)].filter((e) =>
    e.name.endsWith(".ts")
  ).map((e) => e.name);
  const texts = new Map(
    files.map((f) => [f, Deno.readTextFileSync(join(solutions, f))]),
  );
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const learner = join(dir, `learner${String(i).padStart(3, "0")}`);
    await Deno.mkdir(learner, { recursive: true });
    const mod = JSON.stringify(relative(learner, join(repo, "mod.ts")));
    for (const f of files) {
      let text = texts.get(f)!.replaceAll('"../../mod.ts"', mod);
      if (i % 10 === 3 && f === "01.ts") {
        text = text.replace("np.subtract(x, 10)", "np.subtract(x, 9)");
        wrong++;
      }
      await Deno.writeTextFile(join(learner, f), text);
    }
  }
  return wrong;
}

/** Resident memory of `pid` and all its descendants, in bytes (Linux). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      const pages = Number(fields[21]);
      const p = Number(e.name);
      rss.set(p, pages * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), p]);
    } catch {
      // the process ended while being read
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

if (import.meta.main) {
  const n = Number(Deno.args[0] ?? 200);
  const jobs = Deno.args[1];
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-batch-" });
  try {
    const wrong = await makeClass(join(tmp, "class"), n);
    const args = [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      "--allow-sys",
      join(repo, "grader", "cli.ts"),
      "--batch",
      join(tmp, "class"),
      "--gradebook",
      join(tmp, "gradebook"),
      "--seed",
      "1",
      ...(jobs ? ["--jobs", jobs] : []),
    ];
    const started = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args,
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let peak = 0;
    const timer = setInterval(
      () => (peak = Math.max(peak, treeRss(child.pid))),
      50,
    );
    const out = await child.output();
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const rows = Deno.readTextFileSync(join(tmp, "gradebook.csv")).trimEnd()
      .split("\n").slice(1);
    const full = rows.filter((r) => r.split(",")[7] === "43").length;
    console.log(new TextDecoder().decode(out.stdout).trim());
    console.log(
      `| learners | with one exercise wrong | jobs | wall time | learners/s | peak memory (grader + sandboxes) |`,
    );
    console.log(`| --- | --- | --- | --- | --- | --- |`);
    console.log(
      `| ${n} | ${wrong} | ${jobs ?? navigator.hardwareConcurrency} | ${
        seconds.toFixed(1)
      } s | ${(n / seconds).toFixed(1)} | ${(peak / 2 ** 20).toFixed(0)} MiB |`,
    );
    if (rows.length !== n || full !== n - wrong) {
      throw new Error(
        `Expected ${n} rows with ${
          n - wrong
        } full marks, got ${rows.length} rows and ${full}`,
      );
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
