/**
 * Paths the user typed: relative to the directory the command was typed
 * in. Deno tasks run in their config's directory, so `INIT_CWD` (which
 * `deno task` sets to the original one) is preferred to the process's.
 * No imports beyond `node:path`, so every command line may use it.
 *
 * @module
 */

import { isAbsolute, resolve } from "node:path";

/**
 * The directory the command was typed in: `INIT_CWD` under `deno task`,
 * else the process's working directory.
 *
 * @example
 * ```ts
 * import { invocationDir } from "./_paths.ts";
 * console.log(typeof invocationDir()); // "string"
 * ```
 */
export function invocationDir(): string {
  let init: string | undefined;
  try {
    init = Deno.env.get("INIT_CWD");
  } catch {
    // No --allow-env: the process's directory.
  }
  return init !== undefined && init !== "" && isAbsolute(init)
    ? init
    : Deno.cwd();
}

/**
 * Resolves a path the user typed against {@linkcode invocationDir}.
 *
 * @example
 * ```ts
 * import { userPath } from "./_paths.ts";
 * console.log(userPath("/abs/set.ts")); // "/abs/set.ts"
 * ```
 */
export function userPath(path: string): string {
  return resolve(invocationDir(), path);
}
