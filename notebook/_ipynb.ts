/**
 * Reading a Jupyter notebook (nbformat 4) as untrusted input: size-capped,
 * parsed as JSON only, validated field by field, each problem named with
 * the cell it is in.
 *
 * @module
 */

import { SetupError } from "../grader/result.ts";

/** The largest notebook read: outputs (plots) make notebooks large. */
export const MAX_NOTEBOOK_BYTES = 32 * 1024 * 1024;
/** The largest source of one code cell tagged for an exercise. */
export const MAX_CELL_BYTES = 512 * 1024;
/** The most cells a notebook may have. */
export const MAX_CELLS = 5000;

/** The tag marking the cell holding exercise NN's answer. */
export const EXERCISE_TAG = /^exercise-([A-Za-z0-9_-]{1,32})$/;

/** One cell of a notebook, validated. */
export interface Cell {
  /** 1-based position among all the notebook's cells. */
  number: number;
  /** `code`, `markdown` or `raw`. */
  type: string;
  /** The source text. */
  source: string;
  /** Its tags. */
  tags: string[];
  /** The exercise id of its `exercise-NN` tag, if any. */
  exercise?: string;
}

/** A validated notebook. */
export interface Notebook {
  /** The cells, in order. */
  cells: Cell[];
  /** `metadata.dualgrade` when present (the set and the framework URL). */
  dualgrade: { set?: string; framework?: string };
}

/**
 * Reads and validates a notebook file.
 *
 * @param path The `.ipynb` file.
 * @returns The notebook.
 * @throws SetupError naming what is wrong.
 */
export async function readNotebook(path: string): Promise<Notebook> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch {
    throw new SetupError(
      `Cannot grade ${path}: the notebook does not exist`,
      "missing-folder",
    );
  }
  if (!info.isFile) {
    throw new SetupError(`Cannot grade ${path}: it is not a regular file`);
  }
  if (info.size > MAX_NOTEBOOK_BYTES) {
    throw new SetupError(
      `Cannot grade ${path}: the notebook is ${info.size} bytes, more than the limit of ${MAX_NOTEBOOK_BYTES}`,
    );
  }
  let text: string;
  try {
    const file = await Deno.open(path);
    try {
      const bytes = new Uint8Array(MAX_NOTEBOOK_BYTES + 1);
      let n = 0;
      for (;;) {
        const got = await file.read(bytes.subarray(n));
        if (got === null) break;
        n += got;
        if (n > MAX_NOTEBOOK_BYTES) {
          throw new SetupError(
            `Cannot grade ${path}: the notebook is more than ${MAX_NOTEBOOK_BYTES} bytes`,
          );
        }
      }
      text = new TextDecoder("utf-8", { fatal: true }).decode(
        bytes.subarray(0, n),
      );
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof SetupError) throw error;
    throw new SetupError(
      `Cannot read the notebook ${path}: ${(error as Error).message}`,
    );
  }
  return parseNotebook(text, path);
}

/**
 * Parses and validates a notebook's JSON text.
 *
 * @param text The file's text.
 * @param name The name used in error messages.
 * @returns The notebook.
 * @throws SetupError naming what is wrong.
 */
export function parseNotebook(text: string, name: string): Notebook {
  const fail = (what: string): never => {
    throw new SetupError(
      `Malformed notebook ${name}: ${what}`,
      "malformed-notebook",
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`it is not JSON (${(error as Error).message})`);
  }
  if (!isObject(json)) return fail("it is not a JSON object");
  if (json.nbformat !== 4) {
    return fail(
      json.nbformat === undefined
        ? 'it has no "nbformat" field (a Jupyter notebook has nbformat 4)'
        : `nbformat ${
          JSON.stringify(json.nbformat).slice(0, 20)
        } is not supported (only 4 is)`,
    );
  }
  if (!Array.isArray(json.cells)) return fail('it has no "cells" list');
  if (json.cells.length > MAX_CELLS) {
    return fail(`it has ${json.cells.length} cells, more than ${MAX_CELLS}`);
  }
  const cells: Cell[] = json.cells.map((raw: unknown, i: number) => {
    const where = `cell ${i + 1}`;
    if (!isObject(raw)) return fail(`${where} is not an object`);
    if (typeof raw.cell_type !== "string") {
      return fail(`${where} has no "cell_type"`);
    }
    const source = sourceText(raw.source);
    if (source === undefined) {
      return fail(`${where}'s "source" is neither text nor a list of lines`);
    }
    const metadata = raw.metadata ?? {};
    if (!isObject(metadata)) {
      return fail(`${where}'s "metadata" is not an object`);
    }
    const tags = metadata.tags ?? [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string")) {
      return fail(`${where}'s "metadata.tags" is not a list of strings`);
    }
    const ids = tags.flatMap((t) => {
      const m = EXERCISE_TAG.exec(t);
      return m ? [m[1]] : [];
    });
    if (ids.length > 1) {
      return fail(
        `${where} is tagged for several exercises (${
          ids.map((id) => `exercise-${id}`).join(", ")
        }): tag it for one`,
      );
    }
    const cell: Cell = {
      number: i + 1,
      type: raw.cell_type,
      source,
      tags: tags as string[],
      exercise: ids[0],
    };
    if (cell.exercise !== undefined) {
      if (cell.type !== "code") {
        return fail(
          `${where} is tagged exercise-${cell.exercise} but is a ${cell.type} cell, not a code cell`,
        );
      }
      const bytes = new TextEncoder().encode(source).length;
      if (bytes > MAX_CELL_BYTES) {
        return fail(
          `${where} (exercise-${cell.exercise}) holds ${bytes} bytes, more than the limit of ${MAX_CELL_BYTES}`,
        );
      }
    }
    return cell;
  });
  const seen = new Map<string, number>();
  for (const cell of cells) {
    if (cell.exercise === undefined) continue;
    const first = seen.get(cell.exercise);
    if (first !== undefined) {
      fail(
        `cells ${first} and ${cell.number} are both tagged exercise-${cell.exercise}: keep the tag on one`,
      );
    }
    seen.set(cell.exercise, cell.number);
  }
  const meta = isObject(json.metadata) && isObject(json.metadata.dualgrade)
    ? json.metadata.dualgrade
    : {};
  return {
    cells,
    dualgrade: {
      set: typeof meta.set === "string" ? meta.set : undefined,
      framework: typeof meta.framework === "string"
        ? meta.framework
        : undefined,
    },
  };
}

function sourceText(source: unknown): string | undefined {
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((s) => typeof s === "string")) {
    return source.join("");
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
