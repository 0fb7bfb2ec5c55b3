/**
 * Reads a template folder and fills in its `{{name}}` placeholders. GitHub
 * Actions expressions (`${{ … }}`) are left alone, so a workflow template
 * reads as the workflow it becomes.
 *
 * @module
 */

import { join, relative, sep } from "node:path";
import { readFrameworkFile } from "../grader/_framework_files.ts";

/**
 * The files of `templates/learner-repo/`, listed because a remote copy of
 * dualgrade (the published package) cannot list a folder; a test checks the
 * list against the folder. (`gitignore` is written as `.gitignore`: the
 * published package leaves out files named `.gitignore`.)
 */
export const LEARNER_REPO_FILES: readonly string[] = [
  ".github/workflows/grade.yml",
  "README.md",
  "deno.json",
  "gitignore",
];

/** `{{name}}` not preceded by `$`. */
const PLACEHOLDER = /(?<!\$)\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Fills in the placeholders of one template file.
 *
 * @param text The template's text.
 * @param values The value of each placeholder.
 * @param name The file's path in the template, for error messages.
 * @throws Error naming the file and the placeholder when a placeholder has no value.
 *
 * @example
 * ```ts
 * import { renderText } from "./_render.ts";
 * const text = renderText("ref: {{version}} # ${{ github.sha }}", { version: "v0.1.0" }, "grade.yml");
 * console.log(text); // "ref: v0.1.0 # ${{ github.sha }}"
 * ```
 */
export function renderText(
  text: string,
  values: Record<string, string>,
  name: string,
): string {
  return text.replace(PLACEHOLDER, (_match, key: string) => {
    if (!Object.hasOwn(values, key)) {
      throw new Error(
        `Cannot render the template file ${name}: unknown placeholder {{${key}}}: known are ${
          Object.keys(values).map((k) => `{{${k}}}`).join(", ")
        }`,
      );
    }
    return values[key];
  });
}

/**
 * Every file under `dir`, by its path relative to `dir` with `/` separators,
 * sorted. Text files (UTF-8) come back as strings, others as bytes.
 *
 * @param dir The template folder.
 * @throws Error naming the folder when it cannot be read or holds no file.
 *
 * @example
 * ```ts
 * import { fileURLToPath } from "node:url";
 * import { readTemplateTree } from "./_render.ts";
 * const files = readTemplateTree(fileURLToPath(new URL("./learner-repo", import.meta.url)));
 * console.log(files.has(".github/workflows/grade.yml")); // true
 * ```
 */
export function readTemplateTree(
  dir: string,
): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  const walk = (folder: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(folder)];
    } catch (error) {
      throw new Error(
        `Cannot read the template folder ${folder}: ${
          (error as Error).message
        }`,
      );
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.isFile) {
        const bytes = Deno.readFileSync(path);
        const name = relative(dir, path).split(sep).join("/");
        try {
          files.set(
            name,
            new TextDecoder("utf-8", { fatal: true }).decode(bytes),
          );
        } catch {
          files.set(name, bytes);
        }
      }
    }
  };
  walk(dir);
  if (files.size === 0) {
    throw new Error(`Cannot use the template folder ${dir}: it holds no file`);
  }
  return new Map([...files].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A template shipped with dualgrade, read through the framework's file
 * loader (from disk, Deno's cache or the web, wherever this copy is), as
 * {@linkcode readTemplateTree} gives a folder: every file text, by its path
 * with `/`, sorted.
 *
 * @param folder The template's folder relative to dualgrade's root.
 * @param names The template's files.
 *
 * @example
 * ```ts
 * import { LEARNER_REPO_FILES, readShippedTemplate } from "./_render.ts";
 * const files = await readShippedTemplate("templates/learner-repo", LEARNER_REPO_FILES);
 * console.log(files.has("deno.json")); // true
 * ```
 */
export async function readShippedTemplate(
  folder: string,
  names: readonly string[],
): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>();
  for (const name of [...names].sort()) {
    files.set(name, await readFrameworkFile(`${folder}/${name}`));
  }
  return files;
}
