/**
 * A small driver for a headless Chromium over the DevTools protocol, for the
 * HTML report's browser tests and screenshots: it launches the system's
 * `chromium` (never downloads one), opens pages, records every request a
 * page makes, evaluates expressions, and takes screenshots.
 *
 * @module
 */

/** Where the system Chromium is looked for, in order. */
const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** The system Chromium's path, or undefined when there is none. */
export function findChromium(): string | undefined {
  const env = Deno.env.get("CHROMIUM");
  for (const path of env ? [env, ...CANDIDATES] : CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // Not there.
    }
  }
  return undefined;
}

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
};

/** A running headless Chromium. */
export class Browser {
  #child: Deno.ChildProcess;
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<
    number,
    {
      resolve: (r: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();
  #listeners = new Set<(m: Message) => void>();
  #profile: string;

  private constructor(
    child: Deno.ChildProcess,
    ws: WebSocket,
    profile: string,
  ) {
    this.#child = child;
    this.#ws = ws;
    this.#profile = profile;
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      if (message.id !== undefined) {
        const waiter = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) {
          waiter?.reject(new Error(`Chromium: ${message.error.message}`));
        } else waiter?.resolve(message.result ?? {});
      } else for (const listen of this.#listeners) listen(message);
    };
  }

  /** Launches a headless Chromium with a fresh profile and no background networking. */
  static async launch(path = findChromium()): Promise<Browser> {
    if (path === undefined) {
      throw new Error(
        "Cannot launch Chromium: none found (apt-get install chromium)",
      );
    }
    const profile = await Deno.makeTempDir({ prefix: "dualgrade-chromium-" });
    const child = new Deno.Command(path, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--hide-scrollbars",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // Chromium says where it listens on stderr: wait for that line.
    const reader = child.stderr.pipeThrough(new TextDecoderStream())
      .getReader();
    let seen = "";
    let url: string | undefined;
    while (url === undefined) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(
          `Chromium exited before listening: ${seen.slice(-500)}`,
        );
      }
      seen += value;
      url = /DevTools listening on (ws:\/\/\S+)/.exec(seen)?.[1];
    }
    // Keep draining stderr so Chromium never blocks on a full pipe.
    (async () => {
      try {
        while (!(await reader.read()).done) { /* drain */ }
      } catch { /* closed */ }
    })();
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () =>
        reject(new Error(`Cannot connect to Chromium at ${url}`));
    });
    return new Browser(child, ws, profile);
  }

  /** Sends a DevTools command and waits for its result. */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  /** Listens to events; returns a function that stops listening. */
  on(listen: (m: Message) => void): () => void {
    this.#listeners.add(listen);
    return () => this.#listeners.delete(listen);
  }

  /**
   * Opens `url` in a new tab and waits for its load event; every request the
   * page makes (the document's own included) is in `requests`.
   */
  async open(
    url: string,
    options: { javascript?: boolean; width?: number; height?: number } = {},
  ): Promise<Page> {
    const { targetId } = await this.send("Target.createTarget", {
      url: "about:blank",
    }) as { targetId: string };
    const { sessionId } = await this.send("Target.attachToTarget", {
      targetId,
      flatten: true,
    }) as { sessionId: string };
    const page = new Page(this, targetId, sessionId);
    await page.send("Page.enable");
    await page.send("Network.enable");
    await page.send("Runtime.enable");
    await page.send("Emulation.setDeviceMetricsOverride", {
      width: options.width ?? 1100,
      height: options.height ?? 900,
      deviceScaleFactor: 1,
      mobile: false,
    });
    if (options.javascript === false) {
      await page.send("Emulation.setScriptExecutionDisabled", { value: true });
    }
    await page.navigate(url);
    return page;
  }

  /** Closes the browser and removes its profile. */
  async close(): Promise<void> {
    try {
      await Promise.race([
        this.send("Browser.close"),
        this.#child.status,
      ]);
    } catch {
      // Already closing.
    }
    this.#ws.close();
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    await this.#child.status;
    await Deno.remove(this.#profile, { recursive: true }).catch(() => {});
  }
}

/** One tab. */
export class Page {
  /** Every URL the page requested, in order. */
  readonly requests: string[] = [];
  /** Console errors and exceptions the page produced. */
  readonly errors: string[] = [];
  #browser: Browser;
  #targetId: string;
  #sessionId: string;
  #stop: () => void;
  #loaded: (() => void) | undefined;

  constructor(browser: Browser, targetId: string, sessionId: string) {
    this.#browser = browser;
    this.#targetId = targetId;
    this.#sessionId = sessionId;
    this.#stop = browser.on((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === "Network.requestWillBeSent") {
        const request = m.params?.request as { url: string };
        this.requests.push(request.url);
      } else if (m.method === "Page.loadEventFired") {
        this.#loaded?.();
      } else if (m.method === "Runtime.exceptionThrown") {
        this.errors.push(JSON.stringify(m.params?.exceptionDetails));
      } else if (
        m.method === "Runtime.consoleAPICalled" && m.params?.type === "error"
      ) {
        this.errors.push(JSON.stringify(m.params?.args));
      }
    });
  }

  /** Sends a command to this tab. */
  send(
    method: string,
    params: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    return this.#browser.send(method, params, this.#sessionId);
  }

  /** Navigates and waits for the load event. */
  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => this.#loaded = resolve);
    const r = await this.send("Page.navigate", { url }) as {
      errorText?: string;
    };
    if (r.errorText) throw new Error(`Cannot open ${url}: ${r.errorText}`);
    await loaded;
  }

  /** Evaluates an expression in the page (even with scripts disabled) and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `Evaluation failed: ${
          r.exceptionDetails.exception?.description ?? r.exceptionDetails.text
        }`,
      );
    }
    return r.result.value;
  }

  /** A PNG of the whole page (at most `maxHeight` pixels of it), or of the element matching `selector`. */
  async screenshot(
    selector?: string,
    maxHeight = Infinity,
  ): Promise<Uint8Array> {
    let clip: Record<string, number> | undefined;
    if (selector) {
      const box = await this.evaluate<
        { x: number; y: number; width: number; height: number } | null
      >(`(() => { const e = document.querySelector(${
        JSON.stringify(selector)
      }); if (!e) return null; const r = e.getBoundingClientRect();
        return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; })()`);
      if (box === null) throw new Error(`No element matches ${selector}`);
      clip = { ...box, scale: 1 };
    } else {
      const size = await this.evaluate<{ width: number; height: number }>(
        "({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })",
      );
      clip = {
        x: 0,
        y: 0,
        width: size.width,
        height: Math.min(size.height, maxHeight),
        scale: 1,
      };
    }
    const { data } = await this.send("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      clip,
    }) as { data: string };
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }

  /** The page printed to PDF (as the browser's print would). */
  async pdf(): Promise<Uint8Array> {
    const { data } = await this.send("Page.printToPDF", {
      printBackground: true,
    }) as { data: string };
    return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    this.#stop();
    await this.#browser.send("Target.closeTarget", {
      targetId: this.#targetId,
    });
  }
}
