/**
 * Type-checks learners' modules with `deno check` in a subprocess.
 *
 * esbuild strips types without checking them, so type errors would otherwise
 * go unnoticed. The result is feedback only: it never changes a score. The
 * framework's URL (or jsr: or mapped bare specifier) is mapped to the local
 * mod.ts through a generated import map, and nothing is fetched.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { frameworkTypes } from "./_framework_types.ts";
import { trackChild } from "./_sandbox.ts";

/** One type error in a learner's file. */
export interface TypeDiagnostic {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** The TypeScript code, e.g. `TS2322`, or `error` for a module that cannot be resolved. */
  code: string;
  /** The message. */
  message: string;
}

/** The outcome of a type check. */
export interface TypecheckOutcome {
  /** `checked`, or `unavailable` when `deno check` could not run (see `note`). */
  status: "checked" | "unavailable";
  /** The diagnostics, in the files asked about. */
  diagnostics: TypeDiagnostic[];
  /** Why the check is unavailable. */
  note: string;
  /** Wall time, in milliseconds. */
  ms: number;
}

/** Where and how {@linkcode typecheck} checks. */
export interface TypecheckOptions {
  /** The working directory of `deno check`. */
  cwd: string;
  /** Absolute path of the framework's `mod.ts`. */
  modPath: string;
  /** Names the learner's files use for the framework (URLs, jsr:, bare). */
  frameworkSpecifiers: Iterable<string>;
  /** A private folder for the generated import map. */
  tmpDir: string;
  /** Wall-clock limit; default 60 s. */
  timeoutMs?: number;
  /** Stops the check (a newer save in watch mode has made it stale). */
  signal?: AbortSignal;
}

/** Runs `deno check` on `files`; never throws. */
export async function typecheck(
  files: string[],
  options: TypecheckOptions,
): Promise<TypecheckOutcome> {
  const started = performance.now();
  const done = (
    status: TypecheckOutcome["status"],
    diagnostics: TypeDiagnostic[],
    note = "",
  ) => ({
    status,
    diagnostics,
    note,
    ms: performance.now() - started,
  });
  if (files.length === 0) return done("checked", []);
  const imports: Record<string, string> = {};
  // The framework's declarations, when they match its sources, check faster.
  const types = await frameworkTypes();
  const modUrl = pathToFileURL(types ?? options.modPath).href;
  for (const spec of options.frameworkSpecifiers) imports[spec] = modUrl;
  if (types) imports[pathToFileURL(options.modPath).href] = modUrl;
  const mapPath = join(options.tmpDir, "typecheck-import-map.json");
  try {
    await Deno.writeTextFile(mapPath, JSON.stringify({ imports }));
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "check",
        "--no-config",
        "--quiet",
        "--no-remote",
        "--no-npm",
        `--import-map=${mapPath}`,
        ...files,
      ],
      cwd: options.cwd,
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stop = () => {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already exited.
      }
    };
    const timer = setTimeout(stop, options.timeoutMs ?? 60_000);
    options.signal?.addEventListener("abort", stop);
    if (options.signal?.aborted) stop();
    const untrack = trackChild(child);
    const output = await child.output().finally(() => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", stop);
      untrack();
    });
    const text = new TextDecoder().decode(output.stdout) + "\n" +
      new TextDecoder().decode(output.stderr);
    if (output.success) return done("checked", []);
    const wanted = new Set(files);
    const diagnostics = parseDenoCheck(text).filter((d) => wanted.has(d.file));
    if (diagnostics.length === 0 && output.signal !== null) {
      return done(
        "unavailable",
        [],
        "the type check took too long and was stopped",
      );
    }
    return done("checked", diagnostics);
  } catch (error) {
    return done(
      "unavailable",
      [],
      `deno check could not run: ${(error as Error).message}`,
    );
  }
}

/**
 * Parses `deno check` output (NO_COLOR) into diagnostics.
 *
 * @param text The combined output.
 */
export function parseDenoCheck(text: string): TypeDiagnostic[] {
  return parseLines(text);
}

/** TypeScript's elaboration lines, kept (one per line, indented as given); the source excerpt dropped. */
function elaboration(body: string[]): string {
  const lines = body.filter((l) => l.trim() !== "");
  // The excerpt: a source line followed by a marker line of ^ or ~.
  const marker = lines.findIndex((l) => /^\s*[~^]+\s*$/.test(l));
  const kept = marker > 0 ? lines.slice(0, marker - 1) : lines;
  const indented = kept.filter((l) => /^\s{2,}\S/.test(l));
  return indented.length > 0 ? "\n" + indented.join("\n") : "";
}

function parseLines(text: string): TypeDiagnostic[] {
  const out: TypeDiagnostic[] = [];
  const lines = text.split("\n");
  let pending: { code: string; message: string } | undefined;
  // Lines between a header and its location: TypeScript's elaboration, then the source line and its marker.
  let body: string[] = [];
  for (const raw of lines) {
    // deno-lint-ignore no-control-regex
    const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
    const header = /^(?:error: )?(TS\d+) \[ERROR\]: (.*)$/.exec(line);
    if (header) {
      pending = { code: header[1], message: header[2] };
      body = [];
      continue;
    }
    const plain = /^error: (.*)$/.exec(line);
    if (plain && !/^Type checking failed/.test(plain[1])) {
      pending = { code: "error", message: plain[1] };
      continue;
    }
    const at = /^\s+at (file:\/\/\S+?):(\d+):(\d+)\s*$/.exec(line);
    if (!at && pending) body.push(line);
    if (at && pending) {
      pending.message += elaboration(body);
      let file: string;
      try {
        file = fileURLToPath(at[1]);
      } catch {
        continue;
      }
      out.push({
        file,
        line: Number(at[2]),
        column: Number(at[3]),
        ...pending,
      });
      pending = undefined;
    }
  }
  return out;
}
