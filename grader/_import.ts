/**
 * Loads a module the grader is pointed at at run time (a course's exercise
 * set, a reference solution) by its URL. The import is written as a template
 * with the scheme spelled out, which `deno publish` can analyze: a plain
 * `import(url)` is reported as an unanalyzable dynamic import, and the
 * modules it loads are files or web modules that need no rewriting anyway.
 *
 * @module
 */

/**
 * Imports the module at `url` (`file:`, `https:` or `http:`).
 *
 * @param url The module's URL.
 * @returns The module's namespace.
 * @throws Error naming the URL when its scheme is another.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importModule } from "./_import.ts";
 * const mod = await importModule(new URL("./_import.ts", import.meta.url));
 * assert.equal(typeof mod.importModule, "function");
 * ```
 */
export async function importModule(
  url: URL,
): Promise<Record<string, unknown>> {
  const rest = `${url.pathname}${url.search}`;
  switch (url.protocol) {
    case "file:":
      return await import(`file://${url.host}${rest}`);
    case "https:":
      return await import(`https://${url.host}${rest}`);
    case "http:":
      return await import(`http://${url.host}${rest}`);
  }
  throw new Error(
    `Cannot load the module ${url.href}: only file, https and http modules load`,
  );
}
