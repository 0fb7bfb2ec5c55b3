/**
 * Learner-file intake: every file of a learner's folder is checked here
 * before anyone reads it.
 *
 * A file is read only when `lstat` says it is a regular file, or a symbolic
 * link whose real path stays inside the folder and is a regular file, and its
 * size is under a cap. Pipes, sockets and devices are refused before they are
 * opened (opening a named pipe for reading blocks until someone writes to it;
 * `/dev/zero` never ends). The open file is checked again with `fstat` and
 * read only up to the cap, so a file swapped between the check and the read
 * still cannot be more than the cap.
 *
 * Hashing a submission ({@linkcode walkLearnerFolder}) follows no link: a
 * symbolic link is hashed by its link text, anything else that is not a
 * regular file by its kind, and the walk itself is capped in depth and
 * entries.
 *
 * @module
 */

import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** The largest learner file read, in bytes (a module of these exercises is a few KB). */
export const MAX_FILE_BYTES = 256 * 1024;
/** The largest `deno.json(c)` read, in bytes. */
export const MAX_CONFIG_BYTES = 64 * 1024;
/** How deep a submission's folders are walked. */
export const MAX_WALK_DEPTH = 8;
/** How many entries of a submission are hashed; past it the rest is summarised. */
export const MAX_WALK_ENTRIES = 5000;

/** Why a learner file was not read. */
export type IntakeReason =
  | "missing"
  | "outside"
  | "not-a-file"
  | "too-large"
  | "unreadable";

/** A learner file's contents, or why it was not read. */
export type IntakeResult =
  | { ok: true; bytes: Uint8Array; real: string }
  | { ok: false; reason: IntakeReason; message: string; why: string };

/** Whether `path` is `dir` or inside it (both absolute, normalised). */
export function isInside(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function kindOf(info: Deno.FileInfo): string {
  if (info.isFile) return "a file";
  if (info.isDirectory) return "a folder";
  if (info.isSymlink) return "a symbolic link";
  if (info.isFifo) return "a named pipe";
  if (info.isCharDevice || info.isBlockDevice) return "a device";
  if (info.isSocket) return "a socket";
  return "not a regular file";
}

/**
 * Reads one learner file after checking it (see the module doc).
 *
 * @param folder The learner's folder, as a real path (`Deno.realPath`).
 * @param path The file, absolute or relative to `folder`.
 * @param maxBytes The size cap; default {@linkcode MAX_FILE_BYTES}.
 */
export function readLearnerFile(
  folder: string,
  path: string,
  maxBytes: number = MAX_FILE_BYTES,
): Promise<IntakeResult> {
  return checkAndRead(folder, path, maxBytes, (p) => Deno.realPath(p));
}

/** {@linkcode readLearnerFile}, finding real paths with `realPath`. */
async function checkAndRead(
  folder: string,
  path: string,
  maxBytes: number,
  realPath: (path: string) => Promise<string>,
): Promise<IntakeResult> {
  const full = isAbsolute(path) ? path : resolve(folder, path);
  const name = isInside(folder, full) ? relative(folder, full) : full;
  const refuse = (reason: IntakeReason, why: string): IntakeResult => ({
    ok: false,
    reason,
    message: `${name} ${why}`,
    why,
  });
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(full);
  } catch {
    return refuse("missing", "does not exist");
  }
  let real = full;
  if (info.isSymlink) {
    try {
      real = await realPath(full);
    } catch {
      return refuse("missing", "is a symbolic link to nothing");
    }
    if (!isInside(folder, real)) {
      return refuse(
        "outside",
        "is a symbolic link leading outside the solutions folder",
      );
    }
    try {
      info = await Deno.lstat(real);
    } catch {
      return refuse("missing", "is a symbolic link to nothing");
    }
  } else {
    // A folder on the way may itself be a link.
    try {
      real = join(
        await realPath(dirname(full)),
        full.slice(dirname(full).length + 1),
      );
    } catch {
      return refuse("missing", "does not exist");
    }
    if (!isInside(folder, real)) {
      return refuse(
        "outside",
        "is reached through a symbolic link leading outside the solutions folder",
      );
    }
  }
  if (!info.isFile) {
    return refuse(
      "not-a-file",
      `is ${kindOf(info)}, not a regular file: only regular files are read`,
    );
  }
  if (info.size > maxBytes) {
    return refuse(
      "too-large",
      `is too large: ${info.size} bytes, the limit is ${maxBytes}`,
    );
  }
  let file: Deno.FsFile;
  try {
    file = await Deno.open(real, { read: true });
  } catch (error) {
    return refuse("unreadable", `cannot be read: ${(error as Error).message}`);
  }
  try {
    const opened = await file.stat();
    if (!opened.isFile) {
      return refuse(
        "not-a-file",
        "is not a regular file: only regular files are read",
      );
    }
    const bytes = await readCapped(file, opened.size, maxBytes);
    if (bytes === undefined) {
      return refuse(
        "too-large",
        `is too large: the limit is ${maxBytes} bytes`,
      );
    }
    return { ok: true, bytes, real };
  } catch (error) {
    return refuse("unreadable", `cannot be read: ${(error as Error).message}`);
  } finally {
    file.close();
  }
}

/**
 * Reads an open file to its end, or undefined past `maxBytes`. The buffer
 * starts at the size `fstat` gave and grows only if the file grew since:
 * allocating the cap (256 KB) for every read of a few-KB module was most of
 * the grader's garbage in a batch.
 *
 * @param file What to read from (an open `Deno.FsFile`).
 * @param size The size `fstat` gave.
 * @param maxBytes The cap.
 */
export async function readCapped(
  file: { read(into: Uint8Array): Promise<number | null> },
  size: number,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  let buffer = new Uint8Array(Math.min(size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) return undefined;
      const grown = new Uint8Array(Math.min(2 * length, maxBytes + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const n = await file.read(buffer.subarray(length));
    if (n === null) break;
    length += n;
  }
  return buffer.slice(0, length);
}

/**
 * One learner's files for one grading: each read passes the checks of
 * {@linkcode readLearnerFile}, once per file and cap, and every later read
 * of the same file gets the same result, so the bytes bundled, shown and
 * located are the same bytes. Real paths of folders are found once.
 *
 * A cache lives as long as one grading of one learner (a few hundred
 * milliseconds); a file or folder changed meanwhile is seen as it was when
 * first read, as if it had changed after the grading.
 *
 * @example
 * ```ts
 * import { LearnerFiles } from "./_intake.ts";
 * import assert from "node:assert/strict";
 * const files = new LearnerFiles(await Deno.realPath("solutions/autograd"));
 * const first = await files.readText("01.ts");
 * assert.ok(first.ok);
 * assert.equal(await files.readText("01.ts"), first);
 * ```
 */
export class LearnerFiles {
  /** The learner's folder, as a real path. */
  readonly folder: string;
  #realPaths = new Map<string, Promise<string>>();
  #reads = new Map<string, Promise<IntakeResult>>();
  #texts = new Map<string, Promise<IntakeText>>();

  /** @param folder The learner's folder, as a real path (`Deno.realPath`). */
  constructor(folder: string) {
    this.folder = folder;
  }

  /** `Deno.realPath(path)`, found once per path. */
  realPath(path: string): Promise<string> {
    let real = this.#realPaths.get(path);
    if (real === undefined) {
      real = Deno.realPath(path);
      real.catch(() => {});
      this.#realPaths.set(path, real);
    }
    return real;
  }

  /** {@linkcode readLearnerFile} in this folder, once per file and cap. */
  read(path: string, maxBytes: number = MAX_FILE_BYTES): Promise<IntakeResult> {
    const key = `${maxBytes}:${resolve(this.folder, path)}`;
    let read = this.#reads.get(key);
    if (read === undefined) {
      read = checkAndRead(this.folder, path, maxBytes, (p) => this.realPath(p));
      this.#reads.set(key, read);
    }
    return read;
  }

  /** {@linkcode readLearnerText} in this folder, once per file and cap. */
  readText(
    path: string,
    maxBytes: number = MAX_FILE_BYTES,
  ): Promise<IntakeText> {
    const key = `${maxBytes}:${resolve(this.folder, path)}`;
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = this.read(path, maxBytes).then((read) =>
        decodeRead(this.folder, path, read)
      );
      this.#texts.set(key, text);
    }
    return text;
  }
}

/** A learner file as UTF-8 text, or why it was not read. */
export type IntakeText =
  | { ok: true; text: string; real: string }
  | {
    ok: false;
    reason: IntakeReason | "not-text";
    message: string;
    why: string;
  };

/**
 * Reads one learner file as UTF-8 text, after the checks of
 * {@linkcode readLearnerFile}.
 */
export async function readLearnerText(
  folder: string,
  path: string,
  maxBytes: number = MAX_FILE_BYTES,
): Promise<IntakeText> {
  return decodeRead(
    folder,
    path,
    await readLearnerFile(folder, path, maxBytes),
  );
}

/** A read's bytes as UTF-8 text, or why they are not. */
function decodeRead(
  folder: string,
  path: string,
  read: IntakeResult,
): IntakeText {
  if (!read.ok) return read;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
    return { ok: true, text, real: read.real };
  } catch {
    const full = isAbsolute(path) ? path : resolve(folder, path);
    return {
      ok: false,
      reason: "not-text",
      message: `${relative(folder, full)} is not valid UTF-8 text`,
      why: "is not valid UTF-8 text",
    };
  }
}

/** One entry of a learner's folder as hashing sees it. */
export interface WalkedEntry {
  /** Path relative to the folder, with `/` separators. */
  name: string;
  /** What it is: `folder` is one too deep to walk. */
  kind: "file" | "symlink" | "folder" | "other";
  /** A regular file's contents; a link's text; or a note (kind, size) for the rest. */
  bytes: Uint8Array;
}

/**
 * Every entry under `folder`, sorted by name, without following any link:
 * regular files by contents (capped: a larger file by its size and
 * modification time), symbolic links by their link text, anything else by
 * its kind. Hidden folders are skipped unless `hidden` is set; with
 * `contents: false`, regular files come without their contents.
 */
export async function walkLearnerFolder(
  folder: string,
  maxBytes: number = MAX_FILE_BYTES * 8,
  options: { hidden?: boolean; contents?: boolean } = {},
): Promise<WalkedEntry[]> {
  const hidden = options.hidden ?? false;
  const contents = options.contents ?? true;
  const enc = new TextEncoder();
  const out: WalkedEntry[] = [];
  let seen = 0;
  let root: string;
  try {
    root = await Deno.realPath(folder);
  } catch {
    return out;
  }
  // Folders' real paths are found once for the whole walk.
  const files = new LearnerFiles(root);
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = [];
      for await (const e of Deno.readDir(dir)) {
        if (++seen > MAX_WALK_ENTRIES) break;
        entries.push(e);
      }
    } catch {
      return;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const e of entries) {
      if (!hidden && e.name.startsWith(".") && e.isDirectory) continue;
      const path = join(dir, e.name);
      const name = relative(root, path).split(sep).join("/");
      if (e.isDirectory) {
        if (depth < MAX_WALK_DEPTH) await walk(path, depth + 1);
        else {out.push({
            name,
            kind: "folder",
            bytes: enc.encode("<deep folder>"),
          });}
        continue;
      }
      if (e.isSymlink) {
        const text = await Deno.readLink(path).catch(() => "<unreadable link>");
        out.push({ name, kind: "symlink", bytes: enc.encode(text) });
        continue;
      }
      let info: Deno.FileInfo;
      try {
        info = await Deno.lstat(path);
      } catch {
        out.push({ name, kind: "other", bytes: enc.encode("<gone>") });
        continue;
      }
      if (!info.isFile) {
        out.push({
          name,
          kind: "other",
          bytes: enc.encode(`<${kindOf(info)}>`),
        });
        continue;
      }
      if (!contents) {
        out.push({ name, kind: "file", bytes: new Uint8Array(0) });
        continue;
      }
      if (info.size > maxBytes) {
        out.push({
          name,
          kind: "file",
          bytes: enc.encode(
            `<${info.size} bytes, modified ${info.mtime?.getTime() ?? 0}>`,
          ),
        });
        continue;
      }
      const read = await files.read(path, maxBytes);
      out.push({
        name,
        kind: "file",
        bytes: read.ok ? read.bytes : enc.encode(`<${read.reason}>`),
      });
    }
  };
  await walk(root, 0);
  if (seen > MAX_WALK_ENTRIES) {
    out.push({
      name: "",
      kind: "other",
      bytes: enc.encode(`<more than ${MAX_WALK_ENTRIES} entries>`),
    });
  }
  return out;
}
