/**
 * Shared set-up of the browser tests: Debian's chromium driven by
 * playwright-core (never a downloaded browser) against the real server.
 *
 * @module
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "./test_server.ts";

const CHROMIUM = "/usr/bin/chromium";
const BUNDLE = new URL("../web/dist/main.js", import.meta.url);

/** Test options for tests that launch a browser (its pipes outlive a test's bookkeeping). */
export const browserTestOptions = { sanitizeResources: false, sanitizeOps: false };

/**
 * Load playwright-core. At load it probes /proc/sys/fs/binfmt_misc for WSL,
 * a path Deno opens only under --allow-all, and the probe's existsSync then
 * throws instead of answering false; answer false so the test task's
 * explicit permissions suffice.
 */
async function loadPlaywright(): Promise<typeof import("playwright-core")> {
  const exists = fs.existsSync;
  fs.existsSync = (path: fs.PathLike) => {
    try {
      return exists(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) return false;
      throw e;
    }
  };
  try {
    return await import("playwright-core");
  } finally {
    fs.existsSync = exists;
  }
}

/** Launch Debian's chromium headless, with the UI bundle built (benchmarks use it too). */
export async function launch(): Promise<Browser> {
  try {
    await Deno.stat(CHROMIUM);
  } catch {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; ` +
        "CI does it through tools/ensure_test_deps.ts). These tests never download a browser.",
    );
  }
  try {
    await Deno.stat(BUNDLE);
  } catch {
    throw new Error("web/dist/main.js is missing: run `deno task build:ui` first");
  }
  const { chromium } = await loadPlaywright();
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Run `fn` with a server on `plant` (started with `serverOpts`, for example
 * on virtual time) and a fresh browser page; fails if the page throws;
 * always cleans up.
 */
export async function withPage(
  plant: unknown,
  fn: (page: Page, server: TestServer) => Promise<void>,
  serverOpts: Parameters<typeof startTestServer>[1] = {},
): Promise<void> {
  const server = await startTestServer(plant, serverOpts);
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await fn(page, server);
    assert.deepEqual(errors, [], "the page threw");
  } finally {
    await browser?.close();
    await server.close();
  }
}
