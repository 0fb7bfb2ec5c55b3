/**
 * Serves a folder over HTTP from 127.0.0.1 (a free port), read-only, every
 * path under `prefix`, the way a copy of dualgrade is reached by URL: tests
 * run the framework as remote modules from it.
 */
import { join, normalize } from "node:path";

/** A running server: its base URL (ending in `/`) and how to stop it. */
export interface Served {
  base: string;
  shutdown(): Promise<void>;
}

/** Serves the files under `root` at `http://127.0.0.1:<port><prefix>`. */
export function serveFolder(root: string, prefix = "/"): Served {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (!path.startsWith(prefix)) {
        return new Response("not found", { status: 404 });
      }
      const file = normalize(join(root, path.slice(prefix.length)));
      if (!file.startsWith(normalize(root))) {
        return new Response("no", { status: 403 });
      }
      try {
        return new Response(await Deno.readFile(file), {
          headers: {
            "content-type": /\.[cm]?ts$/.test(file)
              ? "application/typescript; charset=utf-8"
              : "application/octet-stream",
          },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const { port } = server.addr as Deno.NetAddr;
  return {
    base: `http://127.0.0.1:${port}${prefix}`,
    shutdown: () => server.shutdown(),
  };
}
