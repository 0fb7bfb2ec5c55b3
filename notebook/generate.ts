/**
 * `deno task notebook <file.ipynb> [options]`: writes a learner's Jupyter
 * notebook (Deno kernel) from an exercise set's definitions, as the starter
 * folder is written: a title cell, a cell importing dualgrade by URL, then
 * per exercise the prompt as Markdown, a code cell tagged `exercise-NN`
 * holding the starter (names and types, bodies that throw "not done yet"),
 * and a check cell running `await check("NN")`.
 *
 * @module
 */

import {
  type Flag,
  formatFlags,
  HELP_FLAG,
  readCommandLine,
  UsageError,
} from "../grader/_flags.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_FRAMEWORK_URL, starterModule } from "../exercises/starter.ts";
import { DEFAULT_SET_ID, loadExerciseSet } from "../exercises/sets.ts";
import type { Exercise, ExerciseSet } from "../exercises/types.ts";

/**
 * Options of {@linkcode learnerNotebook}.
 *
 * @example
 * ```ts
 * import type { NotebookOptions } from "./generate.ts";
 * const options: NotebookOptions = { frameworkUrl: "https://example.com/dualgrade/v1/mod.ts" };
 * ```
 */
export interface NotebookOptions {
  /** The exercise set; default the autograd set. */
  set?: ExerciseSet;
  /** The URL of dualgrade's `mod.ts`; the notebook API is `notebook/mod.ts` beside it. */
  frameworkUrl?: string;
}

/**
 * The learner's notebook for a set, as nbformat 4 JSON.
 *
 * @param options The set and the framework's URL.
 * @returns The notebook, ready to write to a `.ipynb` file.
 *
 * @example
 * ```ts
 * import { learnerNotebook } from "./generate.ts";
 * import assert from "node:assert/strict";
 * const nb = learnerNotebook();
 * const tagged = nb.cells.filter((c) => c.metadata.tags?.includes("exercise-03"));
 * assert.equal(tagged.length, 1);
 * assert.match(tagged[0].source.join(""), /throw new Error\("not done yet: f1Grad"\)/);
 * ```
 */
export function learnerNotebook(
  options: NotebookOptions = {},
): { cells: NotebookCell[]; [key: string]: unknown } {
  const set = options.set ?? loadExerciseSet(DEFAULT_SET_ID);
  cellCount = 0;
  const modUrl = options.frameworkUrl ?? DEFAULT_FRAMEWORK_URL;
  checkModUrl(modUrl);
  const apiUrl = new URL("notebook/mod.ts", modUrl).href;
  const types = ["Tensor", "Dual", "HyperDual", "NestedNumbers", "Value"]
    .filter((t) =>
      set.exercises.some((ex) =>
        Object.values(ex.exports).some((spec) =>
          new RegExp(`\\b${t}\\b`).test(spec.type)
        )
      )
    );
  const cells: NotebookCell[] = [
    markdown(
      `# ${set.title}\n\n` +
        "Each exercise has a prompt, a code cell for your answer and a check cell. " +
        'Replace each body that throws "not done yet" with your answer, keeping the ' +
        "names and types, then run the check cell below it: it grades that exercise " +
        "exactly as your submission will be graded, and shows your points and what " +
        "to change.\n\n" +
        "- Keep each answer in the cell tagged `exercise-NN` (the tag is in the cell's " +
        "metadata; JupyterLab shows it in the property inspector): only those cells are graded.\n" +
        "- A check grades the notebook as saved: save (Ctrl+S) before running a check cell.\n" +
        "- Hand in this `.ipynb` file.",
    ),
    code(
      [
        `import { grad, np } from ${JSON.stringify(modUrl)};`,
        ...(types.length > 0
          ? [
            `import type { ${types.join(", ")} } from ${
              JSON.stringify(modUrl)
            };`,
          ]
          : []),
        `import { check } from ${JSON.stringify(apiUrl)};`,
      ].join("\n"),
      ["setup"],
    ),
  ];
  for (const ex of set.exercises) {
    cells.push(
      markdown(`## ${ex.id} · ${ex.title}\n\n${ex.prompt.trim()}`),
      code(starterCell(ex, modUrl), [`exercise-${ex.id}`]),
      code(`await check(${JSON.stringify(ex.id)});`, [`check-${ex.id}`]),
    );
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: "deno",
        display_name: "Deno",
        language: "typescript",
      },
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        pygments_lexer: "typescript",
        nb_converter: "script",
        version: "5",
      },
      dualgrade: { set: set.id, framework: modUrl },
    },
    cells,
  };
}

/**
 * One notebook cell as nbformat 4 stores it.
 *
 * @example
 * ```ts
 * import type { NotebookCell } from "./generate.ts";
 * const cell: NotebookCell = { cell_type: "markdown", id: "a1", metadata: {}, source: ["# Hi"] };
 * ```
 */
export interface NotebookCell {
  /** `code` or `markdown`. */
  cell_type: "code" | "markdown";
  /** The cell id (nbformat 4.5). */
  id: string;
  /** Its tags. */
  metadata: { tags?: string[] };
  /** Its lines. */
  source: string[];
  /** Code cells only. */
  outputs?: unknown[];
  /** Code cells only. */
  execution_count?: null;
}

/** The starter module in notebook style: no header, imports from the setup cell, no `export`. */
function starterCell(ex: Exercise, modUrl: string): string {
  const module = starterModule(ex, modUrl);
  const body = module.replace(/^\/\*\*[\s\S]*?@module\s*\*\/\n/, "")
    .split("\n")
    .filter((line) => !line.startsWith("import "))
    .map((line) => line.replace(/^export /, ""))
    .join("\n")
    .trim();
  return `// Exercise ${ex.id}: keep the names and types, replace the bodies.\n${body}\n`;
}

let cellCount = 0;

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function markdown(text: string): NotebookCell {
  return {
    cell_type: "markdown",
    id: `cell-${++cellCount}`,
    metadata: {},
    source: lines(text),
  };
}

function code(text: string, tags: string[]): NotebookCell {
  return {
    cell_type: "code",
    id: `cell-${++cellCount}`,
    metadata: { tags },
    source: lines(text),
    outputs: [],
    execution_count: null,
  };
}

function checkModUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid framework URL ${url}: it is not a URL`);
  }
  if (!/^(https?|file):$/.test(parsed.protocol)) {
    throw new Error(
      `Invalid framework URL ${url}: a notebook imports dualgrade over http(s) or from a file URL`,
    );
  }
  if (!parsed.pathname.endsWith("/mod.ts")) {
    throw new Error(
      `Invalid framework URL ${url}: it must name dualgrade's mod.ts`,
    );
  }
}

const COMMAND = "deno task notebook";

/**
 * The flags of `deno task notebook`: what it accepts and what its `--help` lists.
 *
 * @example
 * ```ts
 * import { NOTEBOOK_FLAGS } from "./generate.ts";
 * console.log("framework-url" in NOTEBOOK_FLAGS); // true
 * ```
 */
export const NOTEBOOK_FLAGS = {
  set: {
    value: "<id>",
    help: `The exercise set (default: ${DEFAULT_SET_ID})`,
  },
  "framework-url": {
    value: "<url>",
    help:
      `The URL of dualgrade's mod.ts the notebook imports (default: ${DEFAULT_FRAMEWORK_URL})`,
  },
  force: { help: "Overwrite the file if it exists" },
  help: HELP_FLAG,
} as const satisfies Record<string, Flag>;

const USAGE = `Usage: ${COMMAND} <file.ipynb> [options]

Writes a learner's Jupyter notebook for Deno's kernel: a title cell, a cell
importing dualgrade by URL, and per exercise the prompt, a code cell tagged
exercise-NN with the starter, and a check cell (await check("NN")).

Options:
${formatFlags(NOTEBOOK_FLAGS)}`;

/**
 * Runs `deno task notebook` and returns the exit code.
 *
 * @param args The command-line arguments.
 * @returns 0 written, 1 not written, 2 a usage error.
 *
 * @example
 * ```ts
 * import { main } from "./generate.ts";
 * console.log(main(["--help"])); // 0
 * ```
 */
export function main(args: string[]): number {
  const parsed = readCommandLine(args, {
    command: COMMAND,
    flags: NOTEBOOK_FLAGS,
    positionals: { min: 1, max: 1, what: "one .ipynb file to write" },
    usage: USAGE,
    read(line) {
      if (!line.positionals[0].endsWith(".ipynb")) {
        throw new UsageError(
          COMMAND,
          `Expected one .ipynb file to write in ${COMMAND}, got ${
            JSON.stringify(line.positionals[0])
          }`,
        );
      }
      return line;
    },
  });
  if (typeof parsed === "number") return parsed;
  const v = parsed.values;
  const file = parsed.positionals[0];
  let text: string;
  try {
    const set = loadExerciseSet(v.set ?? DEFAULT_SET_ID);
    text = JSON.stringify(
      learnerNotebook({ set, frameworkUrl: v["framework-url"] }),
      null,
      1,
    ) + "\n";
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const path = resolve(file);
  if (existsSync(path) && !v.force) {
    console.error(
      `Cannot write ${path}: it already exists (pass --force to overwrite it)`,
    );
    return 1;
  }
  try {
    Deno.writeTextFileSync(path, text);
  } catch (error) {
    console.error(`Cannot write ${path}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`Wrote ${path}`);
  return 0;
}

if (import.meta.main) {
  Deno.exit(main(Deno.args));
}
