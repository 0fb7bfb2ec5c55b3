/**
 * The gradebook of a class: `<name>.csv` (one row per learner: points per
 * exercise with its bonus, required total, max, bonus, status, seed,
 * submission hash) and `<name>.jsonl` (one JSON line per learner with the
 * full result). Rows are appended as
 * learners finish, each with one write, so an interrupted run leaves a valid
 * gradebook. `deno task gradebook merge` joins shards.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { randomSeed, SetupError } from "./result.ts";
import {
  readLearnerFile,
  type WalkedEntry,
  walkLearnerFolder,
} from "./_intake.ts";
import { userPath } from "./_paths.ts";
import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
  UsageError,
} from "./_flags.ts";
import { MAX_NOTEBOOK_BYTES } from "../notebook/_ipynb.ts";
import type { GradeResult } from "./result.ts";

export type { GradeResult };

/** The gradebook line format's version. */
export const GRADEBOOK_VERSION = 2;

/**
 * One learner's line in `<name>.jsonl`.
 *
 * @example
 * ```ts
 * import type { GradebookEntry } from "./gradebook.ts";
 * const e: GradebookEntry = {
 *   version: 2, learner: "ada", hash: "ab12", set: "autograd", seed: 7, status: "graded",
 *   score: 40, maxScore: 40, bonus: 0, points: { "01": 6 }, gradedAt: "2026-01-01T00:00:00Z",
 * };
 * ```
 */
export interface GradebookEntry {
  /** {@linkcode GRADEBOOK_VERSION}. */
  version: number;
  /** The learner's id (their folder's name). */
  learner: string;
  /** A hash of the submission's files (names and contents). */
  hash: string;
  /** The exercise set's id. */
  set: string;
  /** The seed hidden points were drawn from. */
  seed: number;
  /**
   * `graded`; `deadline` when the learner's time limit cut grading short (the
   * points are those earned before it, and `--resume` grades them again); or
   * `error` when the submission could not be graded (see `error`).
   */
  status: "graded" | "deadline" | "error";
  /** Required points earned; bonus points are in `bonus`, never here. */
  score: number;
  /** Points of the required checks. */
  maxScore: number;
  /** Bonus points earned. */
  bonus: number;
  /** Points per exercise id, that exercise's bonus points included. */
  points: Record<string, number>;
  /** Why the submission could not be graded. */
  error?: string;
  /** The full result (absent on error). */
  result?: GradeResult;
  /** When it was graded, ISO 8601. */
  gradedAt: string;
}

/**
 * A hash of every file under `folder` (relative names and contents), so a
 * resumed run can tell an unchanged submission. Hidden folders are skipped.
 * A submission that is one file (a notebook) hashes that file's contents.
 *
 * @example
 * ```ts
 * import { hashSubmission } from "./gradebook.ts";
 * const h = await hashSubmission("solutions/autograd");
 * console.log(h.length); // 16
 * ```
 */
export async function hashSubmission(folder: string): Promise<string> {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  // No link is followed and no pipe or device opened: see _intake.ts.
  // A submission may be one notebook file instead of a folder.
  const entries = (await Deno.lstat(folder).catch(() => undefined))?.isFile
    ? [await walkedFile(folder)]
    : await walkLearnerFolder(folder);
  for (const entry of entries) {
    const tag = entry.kind === "file" ? "" : `<${entry.kind}>`;
    parts.push(enc.encode(`${entry.name}\0${tag}`), entry.bytes);
    parts.push(enc.encode("\0"));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** One submitted file as a walked entry, read with the intake's checks. */
async function walkedFile(path: string): Promise<WalkedEntry> {
  const read = await readLearnerFile(
    await Deno.realPath(dirname(path)),
    basename(path),
    MAX_NOTEBOOK_BYTES,
  );
  return {
    name: "",
    kind: "file",
    bytes: read.ok ? read.bytes : new TextEncoder().encode(`<${read.reason}>`),
  };
}

/** A CSV cell: quoted when needed, and never read as a spreadsheet formula. */
function cell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvHeader(exerciseIds: string[]): string {
  return [
    "learner",
    ...exerciseIds,
    "total",
    "max",
    "bonus",
    "status",
    "seed",
    "hash",
  ]
    .map(cell).join(",") + "\n";
}

function csvRow(e: GradebookEntry, exerciseIds: string[]): string {
  return [
    e.learner,
    ...exerciseIds.map((id) => e.points[id] ?? 0),
    e.score,
    e.maxScore,
    e.bonus,
    e.status,
    e.seed,
    e.hash,
  ].map(cell).join(",") + "\n";
}

/**
 * Reads the entries of a `.jsonl` gradebook. A last line cut short by a kill
 * is ignored; any other bad line is an error naming the file and line.
 *
 * @example
 * ```ts ignore
 * import { readEntries } from "./gradebook.ts";
 * const entries = await readEntries("gradebook.jsonl");
 * ```
 */
export async function readEntries(path: string): Promise<GradebookEntry[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw new SetupError(
      `Cannot read the gradebook ${path}: ${(error as Error).message}`,
    );
  }
  // The last piece is "" after a final newline, or a line a kill cut short.
  const complete = text.split("\n").slice(0, -1);
  return complete.filter((l) => l.trim() !== "").map((line, i) => {
    try {
      const e = JSON.parse(line) as GradebookEntry;
      if (
        typeof e.learner !== "string" || typeof e.hash !== "string" ||
        typeof e.seed !== "number"
      ) {
        throw new Error("it is not a gradebook entry");
      }
      return e;
    } catch (error) {
      throw new SetupError(
        `Cannot read the gradebook ${path}: line ${i + 1}: ${
          (error as Error).message
        }`,
      );
    }
  });
}

/**
 * A gradebook open for appending.
 *
 * @example
 * ```ts ignore
 * import { Gradebook } from "./gradebook.ts";
 * const book = await Gradebook.open("out/gradebook", { setId: "autograd", exerciseIds: ["01"], resume: false });
 * ```
 */
export class Gradebook {
  /** The seed every learner of this gradebook is graded with. */
  readonly seed: number;
  readonly #csv: string;
  readonly #jsonl: string;
  readonly #setId: string;
  readonly #exerciseIds: string[];
  readonly #kept: Map<string, GradebookEntry>;

  private constructor(
    base: string,
    setId: string,
    exerciseIds: string[],
    seed: number,
    kept: Map<string, GradebookEntry>,
  ) {
    this.#csv = `${base}.csv`;
    this.#jsonl = `${base}.jsonl`;
    this.#setId = setId;
    this.#exerciseIds = exerciseIds;
    this.seed = seed;
    this.#kept = kept;
  }

  /**
   * Opens (creates, or with `resume` continues) the gradebook at `base`.
   * Without `resume`, an existing gradebook is refused rather than mixed in.
   */
  static async open(
    base: string,
    o: { setId: string; exerciseIds: string[]; resume: boolean; seed?: number },
  ): Promise<Gradebook> {
    base = base.replace(/\.(csv|jsonl)$/, "");
    const jsonl = `${base}.jsonl`;
    const existing = await readEntries(jsonl);
    const exists = await Deno.stat(jsonl).then(() => true, () => false);
    if (exists && !o.resume) {
      throw new SetupError(
        `The gradebook ${jsonl} exists: pass --resume to continue it, or --gradebook <name> to start another`,
      );
    }
    const seeds = new Set(existing.map((e) => e.seed));
    if (seeds.size > 1) {
      throw new SetupError(
        `Cannot resume ${jsonl}: it mixes seeds ${[...seeds].join(", ")}`,
      );
    }
    const recorded = existing.length > 0 ? existing[0].seed : undefined;
    if (recorded !== undefined && o.seed !== undefined && o.seed !== recorded) {
      throw new SetupError(
        `Cannot resume ${jsonl} with --seed ${o.seed}: it was graded with seed ${recorded}`,
      );
    }
    const wrongSet = existing.find((e) => e.set !== o.setId);
    if (wrongSet) {
      throw new SetupError(
        `Cannot resume ${jsonl}: it grades set ${wrongSet.set}, not ${o.setId}`,
      );
    }
    const kept = new Map(existing.map((e) => [e.learner, e]));
    await Deno.mkdir(dirname(jsonl), { recursive: true });
    const book = new Gradebook(
      base,
      o.setId,
      o.exerciseIds,
      recorded ?? o.seed ?? randomSeed(),
      kept,
    );
    book.#rewrite();
    return book;
  }

  /** Whether `learner` is already graded from a submission with `hash`. */
  has(learner: string, hash: string): boolean {
    const e = this.#kept.get(learner);
    return e !== undefined && e.hash === hash && e.status === "graded";
  }

  /** Records one learner, replacing an earlier entry of theirs. */
  append(
    learner: string,
    hash: string,
    result?: GradeResult,
    error?: string,
  ): GradebookEntry {
    const points: Record<string, number> = {};
    for (const ex of result?.exercises ?? []) {
      points[ex.id] = ex.score + ex.bonus;
    }
    const entry: GradebookEntry = {
      version: GRADEBOOK_VERSION,
      learner,
      hash,
      set: this.#setId,
      seed: this.seed,
      status: error !== undefined
        ? "error"
        : result?.deadline
        ? "deadline"
        : "graded",
      score: result?.score ?? 0,
      maxScore: result?.maxScore ?? 0,
      bonus: result?.bonus ?? 0,
      points,
      ...(error === undefined ? {} : { error }),
      ...(result ? { result } : {}),
      gradedAt: new Date().toISOString(),
    };
    // Serialised before anything is kept, so an entry that cannot be written
    // (a result too large for one string) throws here and changes nothing.
    const line = JSON.stringify(entry) + "\n";
    const replacing = this.#kept.has(learner);
    this.#kept.set(learner, entry);
    if (replacing) this.#rewrite();
    else {
      // One synchronous write per file: a kill between them leaves whole lines.
      Deno.writeTextFileSync(this.#jsonl, line, {
        append: true,
      });
      Deno.writeTextFileSync(this.#csv, csvRow(entry, this.#exerciseIds), {
        append: true,
      });
    }
    return entry;
  }

  /** Rewrites both files from the entries kept, atomically (write, then rename). */
  #rewrite(): void {
    const entries = [...this.#kept.values()];
    writeAtomic(
      this.#jsonl,
      entries.map((e) => JSON.stringify(e) + "\n").join(""),
    );
    writeAtomic(
      this.#csv,
      csvHeader(this.#exerciseIds) +
        entries.map((e) => csvRow(e, this.#exerciseIds)).join(""),
    );
  }
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}

/**
 * Joins shards' gradebooks into one. Refuses, naming the files: two shards
 * grading the same learner, and shards of different sets, seeds or
 * exercises.
 *
 * @example
 * ```ts ignore
 * import { mergeGradebooks } from "./gradebook.ts";
 * const n = await mergeGradebooks(["shard-1.jsonl", "shard-2.jsonl"], "gradebook");
 * ```
 */
export async function mergeGradebooks(
  files: string[],
  out: string,
): Promise<number> {
  if (files.length === 0) {
    throw new SetupError("Nothing to merge: name the shards' gradebooks");
  }
  const seen = new Map<string, string>();
  const all: GradebookEntry[] = [];
  let first:
    | { file: string; set: string; seed: number; ids: string }
    | undefined;
  for (const raw of files) {
    const file = raw.replace(/\.csv$/, ".jsonl");
    const exists = await Deno.stat(file).then(() => true, () => false);
    if (!exists) {
      throw new SetupError(`Cannot merge ${raw}: ${file} does not exist`);
    }
    for (const e of await readEntries(file)) {
      const ids = exerciseColumns(e);
      if (!first) first = { file, set: e.set, seed: e.seed, ids };
      if (e.set !== first.set || e.seed !== first.seed) {
        throw new SetupError(
          `Cannot merge ${file} with ${first.file}: they grade ${e.set} with seed ${e.seed} and ${first.set} with seed ${first.seed}`,
        );
      }
      if (e.status !== "error" && first.ids && ids && ids !== first.ids) {
        throw new SetupError(
          `Cannot merge ${file} with ${first.file}: they grade different exercises (${ids} and ${first.ids})`,
        );
      }
      const other = seen.get(e.learner);
      if (other !== undefined) {
        throw new SetupError(
          `Cannot merge: learner ${
            JSON.stringify(e.learner)
          } is in both ${other} and ${file} (overlapping shards)`,
        );
      }
      seen.set(e.learner, file);
      all.push(e);
    }
  }
  all.sort((
    a,
    b,
  ) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
  const ids = first?.ids ? first.ids.split(",") : [];
  const base = out.replace(/\.(csv|jsonl)$/, "");
  await Deno.mkdir(dirname(base + ".jsonl"), { recursive: true });
  writeAtomic(
    `${base}.jsonl`,
    all.map((e) => JSON.stringify(e) + "\n").join(""),
  );
  writeAtomic(
    `${base}.csv`,
    csvHeader(ids) + all.map((e) => csvRow(e, ids)).join(""),
  );
  return all.length;
}

function exerciseColumns(e: GradebookEntry): string {
  return e.result
    ? e.result.exercises.map((x) => x.id).join(",")
    : Object.keys(e.points).join(",");
}

const COMMAND = "deno task gradebook";

/**
 * The flags of `deno task gradebook merge`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { GRADEBOOK_MERGE_FLAGS } from "./gradebook.ts";
 * console.log("out" in GRADEBOOK_MERGE_FLAGS); // true
 * ```
 */
export const GRADEBOOK_MERGE_FLAGS = {
  out: {
    value: "<name>",
    help: "Write <name>.csv and <name>.jsonl (default: gradebook)",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

/**
 * The flags of `deno task gradebook report`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { GRADEBOOK_REPORT_FLAGS } from "./gradebook.ts";
 * console.log("html" in GRADEBOOK_REPORT_FLAGS); // true
 * ```
 */
export const GRADEBOOK_REPORT_FLAGS = {
  html: {
    value: "<file>",
    help:
      "Where to write the class overview (required); the learners' pages go in a folder beside it",
  },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const GRADEBOOK_USAGE =
  `Usage: ${COMMAND} merge <gradebook.jsonl|csv>… [--out <name>]
       ${COMMAND} report <gradebook.jsonl> --html <file>

Joins the gradebooks of a sharded class (deno task grade --batch … --shard i/n)
into <name>.csv and <name>.jsonl (default name: gradebook). Refuses shards
that overlap or were graded with different sets, seeds or exercises.

report writes an HTML class overview (distribution of required points, the
share that passed each exercise and check, the most frequent diagnoses, a
sortable row per learner) and each learner's page in a folder beside it.

Options of merge:
${formatFlags(GRADEBOOK_MERGE_FLAGS)}

Options of report:
${formatFlags(GRADEBOOK_REPORT_FLAGS)}
`;

/**
 * The `deno task gradebook` command line; returns the exit code.
 *
 * @example
 * ```ts
 * import { gradebookMain } from "./gradebook.ts";
 * console.log(await gradebookMain(["--help"], () => {})); // 0
 * ```
 */
export async function gradebookMain(
  args: string[],
  print: (text: string) => void = (t) => console.error(t),
): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "merge") return await mergeCommand(rest, print);
    if (command === "report") return await reportCommand(rest, print);
  } catch (error) {
    if (error instanceof SetupError) {
      print(error.message);
      return 2;
    }
    throw error;
  }
  return readCommandLine(args, {
    command: COMMAND,
    flags: { help: HELP_FLAG },
    usage: GRADEBOOK_USAGE,
    read() {
      throw new UsageError(
        COMMAND,
        `Unknown gradebook command ${
          JSON.stringify(command ?? "")
        }: the commands are merge and report`,
      );
    },
    print,
    printError: print,
  });
}

/** `merge <gradebook>… [--out <name>]`: the shards of a class joined into one gradebook. */
async function mergeCommand(
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const line = readCommandLine(args, {
    command: `${COMMAND} merge`,
    flags: GRADEBOOK_MERGE_FLAGS,
    positionals: { min: 1, what: "the gradebooks to merge" },
    usage: GRADEBOOK_USAGE,
    print,
    printError: print,
  });
  if (typeof line === "number") return line;
  const { values, positionals } = line;
  const files = positionals.map((file) => userPath(file));
  const out = userPath(values.out ?? "gradebook");
  const n = await mergeGradebooks(files, out);
  print(
    `Merged ${n} learners from ${files.length} gradebooks into ${out}.csv and ${out}.jsonl`,
  );
  return 0;
}

/** `report <gradebook.jsonl> --html <file>`: the class overview and a page per learner. */
async function reportCommand(
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const command = `${COMMAND} report`;
  const line = readCommandLine(args, {
    command,
    flags: GRADEBOOK_REPORT_FLAGS,
    positionals: { min: 1, max: 1, what: "one gradebook" },
    usage: GRADEBOOK_USAGE,
    read({ values, positionals }) {
      if (values.html === undefined) {
        throw new UsageError(
          command,
          `Missing --html in ${command}: where to write the class overview`,
        );
      }
      return { file: positionals[0], html: values.html };
    },
    print,
    printError: print,
  });
  if (typeof line === "number") return line;
  const { file, html } = line;
  const entries = await readEntries(file.replace(/\.csv$/, ".jsonl"));
  if (entries.length === 0) {
    print(`Cannot report on ${file}: it holds no learner`);
    return 2;
  }
  const { writeClassReport } = await import("./report/class_html.ts");
  const pages = await writeClassReport(entries, html);
  print(`Wrote ${html} and ${pages} learner pages beside it`);
  return 0;
}

if (import.meta.main) {
  Deno.exit(await gradebookMain(Deno.args));
}
