/**
 * Watch mode: a save regrades only the exercise whose file changed, scores
 * first, then type feedback; the test waits for each event, never for time.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type WatchEvent, watchSubmission } from "./watch.ts";
import { exerciseSet as mini } from "./testdata/mini/set.ts";

const MOD = fileURLToPath(new URL("../mod.ts", import.meta.url));

const square = (body: string, extra = "") =>
  `import { grad, np } from ${JSON.stringify(MOD)};\n` +
  `export const square = (x: number) => ${body};\n` +
  `export const squareGrad = grad(square);\n` + extra;

const values = `import { np } from ${JSON.stringify(MOD)};\n` +
  `export const answer = 42;\nexport const flag = true;\n` +
  `export const M = np.array([[1, 2], [3, 4]]);\nexport const bonus = 7;\n`;

/** Saves a file the way editors do: a temporary file renamed over it. */
async function save(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path + ".tmp", text);
  await Deno.rename(path + ".tmp", path);
}

/** Events in arrival order; `next` waits for the next one of a kind. */
function eventQueue() {
  const events: WatchEvent[] = [];
  const waiting: (() => void)[] = [];
  let read = 0;
  return {
    push(event: WatchEvent) {
      events.push(event);
      waiting.splice(0).forEach((wake) => wake());
    },
    async next<K extends WatchEvent["kind"]>(
      kind: K,
    ): Promise<Extract<WatchEvent, { kind: K }>> {
      for (;;) {
        while (read < events.length) {
          const event = events[read++];
          if (event.kind === kind) {
            return event as Extract<WatchEvent, { kind: K }>;
          }
        }
        await new Promise<void>((wake) => waiting.push(wake));
      }
    },
  };
}

Deno.test("watch: a save regrades only its exercise, scores first, then its type errors", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dualgrade-watch-" });
  const stop = new AbortController();
  const queue = eventQueue();
  try {
    await Deno.writeTextFile(join(dir, "01.ts"), square("np.add(x, x)"));
    await Deno.writeTextFile(join(dir, "02.ts"), values);
    const watching = watchSubmission(dir, {
      set: mini,
      seed: 1,
      signal: stop.signal,
      onEvent: (e) => queue.push(e),
    });

    const first = await queue.next("graded");
    assert.deepEqual(first.regraded, ["01", "02"]);
    // square(x) = 2x: every check of 01 fails.
    assert.equal(first.result.exercises[0].score, 0);
    assert.equal(first.result.exercises[1].score, 4);
    assert.equal(first.result.typecheck, "pending");
    const firstTypes = await queue.next("types");
    assert.equal(firstTypes.result.typecheck, "checked");
    assert.deepEqual(firstTypes.result.exercises[0].typeErrors, []);

    // Fix square, and add a type error in the same save.
    await save(
      join(dir, "01.ts"),
      square("np.multiply(x, x)", `export const s: string = 3;\n`),
    );
    const second = await queue.next("graded");
    assert.deepEqual(second.regraded, ["01"]);
    assert.equal(second.result.exercises[0].score, 4);
    assert.equal(second.result.score, 8);
    // Exercise 02 was not run again: its result is the first grading's.
    assert.strictEqual(
      second.result.exercises[1],
      firstTypes.result.exercises[1],
    );
    const secondTypes = await queue.next("types");
    assert.deepEqual(
      secondTypes.result.exercises[0].typeErrors.map((t) => [t.code, t.line]),
      [["TS2322", 4]],
    );

    // A new helper module regrades every exercise.
    await save(join(dir, "helper.ts"), `export const k = 1;\n`);
    const third = await queue.next("graded");
    assert.deepEqual(third.regraded, ["01", "02"]);

    stop.abort();
    await watching;
  } finally {
    stop.abort();
    await Deno.remove(dir, { recursive: true });
  }
});
