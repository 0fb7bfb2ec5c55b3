/**
 * Grading a submitted Jupyter notebook: the code cells tagged `exercise-NN`
 * become the modules `NN.ts` of a temporary learner folder, which the
 * grader grades as any other (same bundler, sandbox, checks and messages);
 * the result then points at the notebook's cells instead of the temporary
 * files. Nothing of the notebook runs in this process.
 *
 * A tagged cell is either a whole module (it has a top-level `export`: its
 * exports are what is graded) or notebook style (top-level declarations, no
 * `export`: every name it declares is exported). The import declarations of
 * the notebook's other code cells apply to it, for the names it uses and
 * does not declare itself. Generated lines are appended after the cell's
 * own, so line N of a module is line N of its cell. Untagged cells are never
 * run: only their import declarations are read.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { type GradeOptions, gradeSubmission } from "../grader/grade.ts";
import type { GradeResult } from "../grader/result.ts";
import { DEFAULT_SET_ID, loadExerciseSet } from "../exercises/sets.ts";
import { type Cell, type Notebook, readNotebook } from "./_ipynb.ts";
import { type CellScan, importText, scanCell } from "./_scan.ts";

export { parseNotebook, readNotebook } from "./_ipynb.ts";
export type { Cell, Notebook } from "./_ipynb.ts";

/**
 * The module made from one tagged cell.
 *
 * @example
 * ```ts
 * import type { CellModule } from "./grade.ts";
 * const m: CellModule = {
 *   id: "01", cell: 3, style: "notebook", source: "const f = 1;\nexport { f };\n",
 *   declared: new Map([["f", 1]]), lines: 1,
 * };
 * ```
 */
export interface CellModule {
  /** The exercise id. */
  id: string;
  /** The cell's 1-based number in the notebook. */
  cell: number;
  /** `module` when the cell exports, else `notebook` (its declarations are exported). */
  style: "module" | "notebook";
  /** The module's source: the cell's lines, then generated imports and exports. */
  source: string;
  /** Names the cell declares at the top level, with their lines. */
  declared: Map<string, number>;
  /** How many lines the cell itself has. */
  lines: number;
}

/**
 * Turns a notebook's tagged cells into modules, one per exercise id.
 *
 * @param notebook The validated notebook.
 * @returns The modules by exercise id.
 *
 * @example
 * ```ts
 * import { notebookModules, parseNotebook } from "./grade.ts";
 * import assert from "node:assert/strict";
 * const nb = parseNotebook(JSON.stringify({
 *   nbformat: 4, metadata: {}, cells: [
 *     { cell_type: "code", metadata: {}, source: 'import { np } from "https://x.org/dualgrade/mod.ts";' },
 *     { cell_type: "code", metadata: { tags: ["exercise-01"] }, source: "const f = (x: number) => np.square(x);" },
 *   ],
 * }), "demo.ipynb");
 * const m = notebookModules(nb).get("01")!;
 * assert.equal(m.style, "notebook");
 * assert.match(m.source, /^const f = .*\nimport \{ np \} from "https:\/\/x.org\/dualgrade\/mod.ts";\nexport \{ f \};\n$/);
 * ```
 */
export function notebookModules(notebook: Notebook): Map<string, CellModule> {
  const code = notebook.cells.filter((c) => c.type === "code");
  const scans = new Map<Cell, CellScan>(
    code.map((c) => [c, scanCell(c.source)]),
  );
  const modules = new Map<string, CellModule>();
  for (const cell of code) {
    if (cell.exercise === undefined) continue;
    const scan = scans.get(cell)!;
    const bound = new Set<string>(scan.declared.keys());
    for (const decl of scan.imports) {
      for (const b of decl.bindings) bound.add(b.local);
    }
    const added: string[] = [];
    for (const other of code) {
      if (other === cell) continue;
      for (const decl of scans.get(other)!.imports) {
        const keep = decl.bindings.filter((b) =>
          !bound.has(b.local) && uses(cell.source, b.local)
        );
        for (const b of keep) bound.add(b.local);
        if (keep.length > 0) added.push(importText(decl, keep));
      }
    }
    const tail = [...added];
    const style = scan.exports ? "module" : "notebook";
    if (style === "notebook" && scan.declared.size > 0) {
      tail.push(`export { ${[...scan.declared.keys()].join(", ")} };`);
    }
    const lines = cell.source.split("\n").length;
    modules.set(cell.exercise, {
      id: cell.exercise,
      cell: cell.number,
      style,
      source: cell.source + "\n" + tail.map((t) => t + "\n").join(""),
      declared: scan.declared,
      lines,
    });
  }
  return modules;
}

/**
 * Grades a notebook: its cells tagged `exercise-NN`, through the same
 * pipeline as a solutions folder.
 *
 * @param path The `.ipynb` file.
 * @param options As for `gradeSubmission`.
 * @returns The result; each exercise's `file` is the notebook and `cell` the cell it came from.
 * @throws SetupError on a malformed notebook (the message names what is wrong) or a bad set.
 *
 * @example
 * ```ts ignore
 * import { gradeNotebook } from "./grade.ts";
 * const result = await gradeNotebook("ada.ipynb", { seed: 1 });
 * console.log(`${result.score}/${result.maxScore}`);
 * ```
 */
export async function gradeNotebook(
  path: string,
  options: GradeOptions = {},
): Promise<GradeResult> {
  const notebook = await readNotebook(path);
  const modules = notebookModules(notebook);
  const tmp = await Deno.makeTempDir({ prefix: "dualgrade-notebook-" });
  try {
    for (const m of modules.values()) {
      await Deno.writeTextFile(join(tmp, `${m.id}.ts`), m.source);
    }
    const set = options.plan?.set ?? options.set ??
      loadExerciseSet(DEFAULT_SET_ID);
    const places: Places = {
      notebook: resolve(path),
      exerciseIds: new Set(set.exercises.map((e) => e.id)),
      folders: [tmp, await Deno.realPath(tmp)],
      modules,
    };
    const onScores = options.onScores;
    const result = await gradeSubmission(tmp, {
      ...options,
      onScores: onScores &&
        ((scores) => onScores(pointAtCells(scores, places))),
    });
    return pointAtCells(result, places);
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * The notebook a learner's folder holds instead of modules: its path when
 * the folder has exactly one `.ipynb` file and no `.ts`, `.js` or `.mts`
 * module, else undefined.
 *
 * @param folder A learner's folder.
 * @returns The notebook's path, or undefined.
 *
 * @example
 * ```ts
 * import { notebookIn } from "./grade.ts";
 * console.log(await notebookIn("solutions/autograd")); // undefined
 * ```
 */
export async function notebookIn(folder: string): Promise<string | undefined> {
  const notebooks: string[] = [];
  try {
    for await (const e of Deno.readDir(folder)) {
      if (e.name.startsWith(".")) continue;
      if (/\.(ts|js|mts)$/.test(e.name)) return undefined;
      if (e.name.endsWith(".ipynb")) notebooks.push(e.name);
    }
  } catch {
    return undefined;
  }
  return notebooks.length === 1 ? join(folder, notebooks[0]) : undefined;
}

interface Places {
  notebook: string;
  exerciseIds: Set<string>;
  folders: string[];
  modules: Map<string, CellModule>;
}

/** Rewrites a folder's result so that it names the notebook and its cells. */
function pointAtCells(result: GradeResult, places: Places): GradeResult {
  const name = basename(places.notebook);
  const exercises = result.exercises.map((ex) => {
    const m = places.modules.get(ex.id);
    const where = m === undefined ? name : `${name} cell ${m.cell}`;
    const ownFile = new RegExp(
      `(?<![\\w/.-])${escapeRegExp(ex.id)}\\.ts\\b`,
      "g",
    );
    const relabel = (text: string) => {
      let out = text;
      for (const folder of places.folders) {
        out = out.replaceAll(`${folder}/${ex.id}.ts`, where)
          .replaceAll(folder, name);
      }
      return out.replace(ownFile, where);
    };
    let problems = ex.problems.map(relabel);
    const missing = m === undefined
      ? `No code cell tagged exercise-${ex.id} in ${name}: add the tag exercise-${ex.id} to the cell holding your answer`
      : undefined;
    if (missing !== undefined) problems = [missing];
    return {
      ...ex,
      file: places.notebook,
      cell: m?.cell,
      problems,
      checks: ex.checks.map((c) => ({
        ...c,
        message: missing !== undefined && c.message !== ""
          ? missing
          : relabel(c.message),
        line: m?.style === "notebook"
          ? (m.declared.get(c.export) ?? 1)
          : Math.min(c.line, m?.lines ?? 1),
      })),
      typeErrors: ex.typeErrors.map((t) => ({
        ...t,
        file: places.notebook,
        message: relabel(t.message),
      })),
    };
  });
  const ignored = [...places.modules.values()]
    .filter((m) => !places.exerciseIds.has(m.id))
    .map((m) => `cell ${m.cell} (exercise-${m.id})`);
  return {
    ...result,
    folder: places.notebook,
    ignoredFiles: ignored,
    exercises,
  };
}

/** Whether `name` occurs in `source` as an identifier (not after a dot). */
function uses(source: string, name: string): boolean {
  const escaped = name.replace(/\$/g, "\\$");
  return new RegExp(`(?<![\\w$.])${escaped}(?![\\w$])`).test(source);
}

/**
 * Grades what a learner handed in: a `.ipynb` file, a folder holding only a
 * notebook (see {@linkcode notebookIn}), or a folder of modules.
 *
 * @param path The notebook or the folder.
 * @param options As for `gradeSubmission`.
 * @returns The result.
 *
 * @example
 * ```ts
 * import { gradeHandedIn } from "./grade.ts";
 * const result = await gradeHandedIn("solutions/autograd", { only: ["01"], seed: 1, typecheck: false });
 * console.log(result.score === result.maxScore); // true
 * ```
 */
export async function gradeHandedIn(
  path: string,
  options: GradeOptions = {},
): Promise<GradeResult> {
  if (path.endsWith(".ipynb")) return await gradeNotebook(path, options);
  const notebook = await notebookIn(path);
  return notebook === undefined
    ? await gradeSubmission(path, options)
    : await gradeNotebook(notebook, options);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
