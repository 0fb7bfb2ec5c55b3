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

import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { confine } from "./_confine.ts";
import { frameworkTypes } from "./_framework_types.ts";
import { isInside, walkLearnerFolder } from "./_intake.ts";
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
  /** Stops the check (a newer save in watch mode has made it stale, or the learner's deadline passed). */
  signal?: AbortSignal;
  /** V8 heap limit of `deno check`, in MB; default {@linkcode TYPECHECK_HEAP_MB}. */
  memoryMb?: number;
}

/** The default heap limit of the type check, in MB (checking these exercises takes about 150). */
export const TYPECHECK_HEAP_MB = 768;

/**
 * Where the import map sends every file a learner's module may not read: a
 * folder that does not exist, so `deno check` says "Cannot find module"
 * naming it, and reads nothing.
 */
const REFUSED = "file:///outside-the-solutions-folder/";

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
  const heapMb = Math.max(
    8,
    Math.floor(options.memoryMb ?? TYPECHECK_HEAP_MB),
  );
  const timeoutMs = options.timeoutMs ?? 60_000;
  const mapPath = join(options.tmpDir, "typecheck-import-map.json");
  try {
    const map = await isolatingImportMap(files, options);
    await Deno.writeTextFile(mapPath, JSON.stringify(map));
    const command = confine(Deno.execPath(), [
      "check",
      "--no-config",
      "--quiet",
      "--no-remote",
      "--no-npm",
      `--v8-flags=--max-old-space-size=${heapMb}`,
      `--import-map=${mapPath}`,
      ...files,
    ], {
      cpuSeconds: 2 * timeoutMs / 1000 + 10,
      dataKb: (1024 + 4 * heapMb) * 1024,
    });
    const child = new Deno.Command(command.program, {
      args: command.args,
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
    const timer = setTimeout(stop, timeoutMs);
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
    if (options.signal?.aborted) {
      return done("unavailable", [], "the type check was stopped");
    }
    const wanted = new Set(files);
    const diagnostics = parseDenoCheck(text).filter((d) => wanted.has(d.file));
    if (diagnostics.length === 0) {
      // Beyond its limits the check is stopped: feedback, never points.
      if (/out of memory|heap limit|Failed to reserve/i.test(text)) {
        return done(
          "unavailable",
          [],
          `the type check needed more than its ${heapMb} MB of memory and was stopped`,
        );
      }
      if (output.signal !== null) {
        return done(
          "unavailable",
          [],
          `the type check took longer than ${
            timeoutMs / 1000
          } s (or its CPU time) and was stopped`,
        );
      }
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

/** An import map (with scopes) as `deno check --import-map` reads it. */
interface ImportMap {
  imports: Record<string, string>;
  scopes: Record<string, Record<string, string>>;
}

/**
 * The import map that confines the check: each learner folder (the folder of
 * each file checked) is a scope that may read only its own files and the
 * framework; every other file URL goes to {@linkcode REFUSED}, for type-only
 * imports and `typeof import("…")` as for any other. Inside a folder, a
 * symbolic link leading out, a pipe or device, and a folder too deep to walk
 * are refused by exact entries.
 */
async function isolatingImportMap(
  files: string[],
  options: TypecheckOptions,
): Promise<ImportMap> {
  // The framework's declarations, when they match its sources, check faster.
  const root = dirname(options.modPath);
  const types = await frameworkTypes(root);
  const modUrl = pathToFileURL(types ?? options.modPath).href;
  const framework: Record<string, string> = {};
  for (const spec of options.frameworkSpecifiers) framework[spec] = modUrl;
  framework[pathToFileURL(options.modPath).href] = modUrl;
  const own = (path: string) => {
    const url = pathToFileURL(path).href;
    return url.endsWith("/") ? url : url + "/";
  };
  if (types) {
    framework[own(dirname(types))] = own(dirname(types));
  } else {
    framework[own(join(root, "core"))] = own(join(root, "core"));
  }
  const imports: Record<string, string> = { "file:///": REFUSED, ...framework };
  const scopes: ImportMap["scopes"] = {};
  const folders = new Set(files.map((f) => dirname(f)));
  for (const folder of folders) {
    let real: string;
    try {
      real = await Deno.realPath(folder);
    } catch {
      continue;
    }
    const scope: Record<string, string> = { ...imports };
    for (const root of new Set([folder, real])) scope[own(root)] = own(root);
    for (
      const entry of await walkLearnerFolder(real, undefined, {
        hidden: true,
        contents: false,
      })
    ) {
      if (entry.kind === "file" || entry.name === "") continue;
      const path = join(real, entry.name);
      if (entry.kind === "symlink") {
        const target = await Deno.realPath(path).catch(() => "");
        const info = target === "" ? undefined : await Deno.stat(target).catch(
          () => undefined,
        );
        if (isInside(real, target) && info !== undefined && info.isFile) {
          continue;
        }
      }
      for (const root of new Set([folder, real])) {
        const url = pathToFileURL(join(root, entry.name)).href;
        scope[entry.kind === "folder" ? own(join(root, entry.name)) : url] =
          REFUSED + encodeURIComponent(entry.name);
      }
    }
    for (const root of new Set([folder, real])) scopes[own(root)] = scope;
  }
  return { imports, scopes };
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
