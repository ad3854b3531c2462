/**
 * Time from page load to the first live value: headless chromium opens a
 * twin's page (`/twins/site-001`) against the demo plant running on real
 * time, and the figure is navigation start until the points table shows a
 * number (from the twin's detail the app reads as it starts, or from the
 * stream, whichever is in first). Baseline in the same run: the same page's
 * shell with the UI bundle replaced by an empty script, navigation start
 * until its load event (what any page costs before the UI runs; the chunks
 * the shell preloads are empty too); the
 * shell's time to first byte is reported beside it. Also from the same
 * loads: when the stream's first message (its snapshot) is in and how large
 * it is, and the page's steady main-thread cost once settled (Chromium's
 * task and script time per second). Rounds alternate; each figure is the
 * median, with the spread in the note.
 *
 * `deno run -A bench/first_value_bench.ts` (`FIRST_VALUE_ROUNDS`, default 7;
 * `FIRST_VALUE_BASELINE_BUNDLE=old/app.js` adds an older single-file build
 * of the UI as a third variant in every round, for a same-run comparison;
 * a folder, `old/`, is a code-split build: its `main.js` and its chunks)
 *
 * @module
 */
import type { Browser } from "playwright-core";
import { type BenchResult, benchResult } from "./bench_result.ts";
import { launch } from "../tests/browser_harness.ts";
import { startTestServer } from "../tests/test_server.ts";

const ROUNDS = Number(Deno.env.get("FIRST_VALUE_ROUNDS") ?? 7);
const TWIN = "site-001";
const POINT = "supply_temp";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const spread = (xs: number[]) =>
  `median ${Math.round(median(xs))}, min ${Math.round(Math.min(...xs))}, max ${
    Math.round(Math.max(...xs))
  }, rounds ${JSON.stringify(xs.map(Math.round))}`;

/** Where a load's time went: ms from navigation start until each part was in. */
interface Parts {
  /** The UI bundle received. */
  bundle: number;
  /** The kinds (GET /api/kinds) asked for: the bundle has run as far as the app's start. */
  asked: number;
  /** The kinds received. */
  kinds: number;
  /** The stream's first message (the snapshot) received. */
  snapshot: number;
  /** Characters of that first message's data. */
  snapshotChars: number;
  /** Main-thread script time per second of wall time once the page has settled, ms. */
  scriptMsPerS: number;
  /** Main-thread task time (script, style, layout, paint) per second once settled, ms. */
  taskMsPerS: number;
}

/** Settle this long after the first message, then measure the steady cost over the next. */
const SETTLE_MS = 2_000, STEADY_MS = 4_000;

/**
 * Notes when the stream's first message arrives and how large it is: the
 * page's `EventSource` is wrapped before the UI runs (the benchmark's own
 * instrument, not part of the UI).
 */
const STREAM_PROBE = `(() => {
  const Native = globalThis.EventSource;
  if (!Native) return;
  globalThis.__firstStream = { at: NaN, chars: NaN };
  globalThis.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener("snapshot", (ev) => {
        const probe = globalThis.__firstStream;
        if (Number.isNaN(probe.at)) {
          probe.at = performance.now();
          probe.chars = ev.data.length;
        }
      });
    }
  };
})();`;

/** An older build of the UI: its entry and, for a code-split build, its chunks by file name. */
interface OlderBuild {
  entry: string;
  chunks: Map<string, string>;
}

/** A single-file build (`old/app.js`) or a code-split build's folder (`old/`, entry `main.js`). */
async function readOlderBuild(path: string): Promise<OlderBuild> {
  if (!(await Deno.stat(path)).isDirectory) {
    return { entry: await Deno.readTextFile(path), chunks: new Map() };
  }
  const chunks = new Map<string, string>();
  for await (const e of Deno.readDir(path)) {
    if (e.isFile && e.name.endsWith(".js")) {
      chunks.set(e.name, await Deno.readTextFile(`${path}/${e.name}`));
    }
  }
  const entry = chunks.get("main.js");
  if (entry === undefined) throw new Error(`${path} holds no main.js (the build's entry)`);
  return { entry, chunks };
}

/** One load of the twin page: ms from navigation start to the first live value, TTFB and parts. */
async function liveValue(
  browser: Browser,
  url: string,
  bundle?: OlderBuild,
): Promise<{ ms: number; ttfb: number; parts: Parts }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    if (bundle !== undefined) {
      // An older build in place of the entry, with its own chunks; others (the current
      // build's, which the shell preloads) are empty.
      await page.route(
        /\/[\w-]+\.js$/,
        (r) => {
          const path = new URL(r.request().url()).pathname;
          return r.fulfill({
            body: path === "/app.js" ? bundle.entry : bundle.chunks.get(path.slice(1)) ?? "",
            contentType: "text/javascript",
          });
        },
      );
    }
    await page.addInitScript(STREAM_PROBE);
    await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
    const done = await page.waitForFunction(
      (point) => {
        const cell = document.querySelector(`tr[data-point="${point}"] td.value`);
        return cell && /\d/.test(cell.textContent ?? "") ? performance.now() : false;
      },
      POINT,
      { polling: "raf", timeout: 60_000 },
    );
    const ms = await done.jsonValue() as number;
    const ttfb = await page.evaluate(() =>
      (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart
    );
    const parts: Parts = await page.evaluate(() => {
      const at = (part: string, field: "responseEnd" | "responseStart" | "startTime") => {
        const e = performance.getEntriesByType("resource").find((r) => r.name.includes(part)) as
          | PerformanceResourceTiming
          | undefined;
        return e ? e[field] : NaN;
      };
      return {
        bundle: at("/app.js", "responseEnd"),
        asked: at("/api/kinds", "startTime"),
        kinds: at("/api/kinds", "responseEnd"),
        snapshot: NaN,
        snapshotChars: NaN,
        scriptMsPerS: NaN,
        taskMsPerS: NaN,
      };
    });
    // The first message lands after the first value; wait for it (bounded).
    const stream = await page.waitForFunction(
      () => {
        const probe = (globalThis as { __firstStream?: { at: number; chars: number } })
          .__firstStream;
        return probe && !Number.isNaN(probe.at) ? probe : false;
      },
      undefined,
      { polling: 50, timeout: 60_000 },
    ).then((h) => h.jsonValue() as Promise<{ at: number; chars: number }>);
    parts.snapshot = stream.at;
    parts.snapshotChars = stream.chars;
    // The page's steady cost: what the stream's frames (each second) and the page's own
    // reads cost the main thread, from Chromium's own counters.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const metrics = async () =>
      new Map((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    await page.waitForTimeout(SETTLE_MS);
    const before = await metrics();
    await page.waitForTimeout(STEADY_MS);
    const after = await metrics();
    const perS = (name: string) =>
      ((after.get(name) ?? NaN) - (before.get(name) ?? NaN)) * 1000 / (STEADY_MS / 1000);
    parts.scriptMsPerS = perS("ScriptDuration");
    parts.taskMsPerS = perS("TaskDuration");
    return { ms, ttfb, parts };
  } finally {
    await page.close();
  }
}

/** One load of the shell with an empty bundle: ms from navigation start to its load event. */
async function shellLoad(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    // The entry and the chunks the shell preloads beside it (the bundle is code-split).
    await page.route(
      /\/[\w-]+\.js$/,
      (r) => r.fulfill({ body: "", contentType: "text/javascript" }),
    );
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    return await page.evaluate(() =>
      (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).loadEventEnd
    );
  } finally {
    await page.close();
  }
}

/** Run the benchmark; one result per figure. */
export async function runFirstValueBench(): Promise<BenchResult[]> {
  const text = await Deno.readTextFile(new URL("../plants/demo.json", import.meta.url));
  // Port 0: no clash with a plant already serving the demo's Modbus slave.
  const plant = JSON.parse(text.replaceAll("15020", "0"));
  const server = await startTestServer(plant);
  const twins = server.runtime.twins.size;
  const browser = await launch();
  const url = `${server.url}/twins/${TWIN}`;
  const live: number[] = [], ttfb: number[] = [], shell: number[] = [], older: number[] = [];
  const olderPath = Deno.env.get("FIRST_VALUE_BASELINE_BUNDLE");
  const olderBundle = olderPath ? await readOlderBuild(olderPath) : undefined;
  const parts: Parts[] = [], olderParts: Parts[] = [];
  try {
    // One warm-up of each, so the first round does not pay for chromium's own start.
    await liveValue(browser, url);
    await shellLoad(browser, url);
    for (let round = 0; round < ROUNDS; round++) {
      const variants = round % 2 ? ["shell", "live", "older"] : ["older", "live", "shell"];
      for (const variant of variants) {
        if (variant === "shell") shell.push(await shellLoad(browser, url));
        else if (variant === "older") {
          if (olderBundle !== undefined) {
            const r = await liveValue(browser, url, olderBundle);
            older.push(r.ms);
            olderParts.push(r.parts);
          }
        } else {
          const r = await liveValue(browser, url);
          live.push(r.ms);
          ttfb.push(r.ttfb);
          parts.push(r.parts);
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const part = (k: keyof Parts) => Math.round(median(parts.map((p) => p[k])));
  const olderResult = olderBundle === undefined ? [] : [
    benchResult(
      "first_live_value_vs_older_ms",
      median(live),
      "ms",
      median(older),
      `the same first live value (${spread(live)}) beside an older build of the UI, ` +
        `${olderPath}, loaded the same way in the same rounds (${spread(older)})`,
    ),
    benchResult(
      "first_stream_message_vs_older_ms",
      median(parts.map((p) => p.snapshot)),
      "ms",
      median(olderParts.map((p) => p.snapshot)),
      `the stream's first message (${spread(parts.map((p) => p.snapshot))}, ` +
        `${Math.round(median(parts.map((p) => p.snapshotChars)) / 1000)} KB) beside the older ` +
        `build's in the same rounds (${spread(olderParts.map((p) => p.snapshot))}, ` +
        `${Math.round(median(olderParts.map((p) => p.snapshotChars)) / 1000)} KB)`,
    ),
    benchResult(
      "twin_page_steady_task_vs_older_ms_per_s",
      median(parts.map((p) => p.taskMsPerS)),
      "ms/s",
      median(olderParts.map((p) => p.taskMsPerS)),
      `main-thread task time per second on /twins/${TWIN} from ${SETTLE_MS / 1000} s after ` +
        `the first message for ${STEADY_MS / 1000} s (${
          spread(parts.map((p) => p.taskMsPerS))
        }; script ${spread(parts.map((p) => p.scriptMsPerS))}) beside the older build's ` +
        `(${spread(olderParts.map((p) => p.taskMsPerS))}; script ${
          spread(olderParts.map((p) => p.scriptMsPerS))
        })`,
    ),
  ];
  return [
    ...olderResult,
    benchResult(
      "first_live_value_ms",
      median(live),
      "ms",
      median(shell),
      `${twins}-twin demo plant on real time, /twins/${TWIN}: navigation start until the ` +
        `points table shows ${POINT} (${spread(live)}); baseline: the same ` +
        `shell with an empty UI bundle until its load event (${spread(shell)}); medians of ` +
        `the parts (resource timing): bundle in at ${part("bundle")} ms, the app asks for the ` +
        `kinds at ${part("asked")} ms and has them at ${part("kinds")} ms`,
    ),
    benchResult(
      "first_live_value_ttfb_ms",
      median(ttfb),
      "ms",
      median(shell),
      `time to first byte of the twin page's shell in the same loads (${spread(ttfb)}); ` +
        "baseline: the shell's load event with an empty bundle",
    ),
    benchResult(
      "first_stream_message_ms",
      median(parts.map((p) => p.snapshot)),
      "ms",
      median(shell),
      `navigation start until the stream's first message (its snapshot) is in, same loads ` +
        `(${spread(parts.map((p) => p.snapshot))}); baseline: the shell's load event with an ` +
        "empty bundle",
    ),
    benchResult(
      "twin_page_steady_task_ms_per_s",
      median(parts.map((p) => p.taskMsPerS)),
      "ms/s",
      null,
      `main-thread task time per second on /twins/${TWIN} from ${SETTLE_MS / 1000} s after ` +
        `the first message for ${STEADY_MS / 1000} s (${
          spread(parts.map((p) => p.taskMsPerS))
        }; script alone ${spread(parts.map((p) => p.scriptMsPerS))})`,
    ),
    benchResult(
      "first_stream_message_kb",
      median(parts.map((p) => p.snapshotChars)) / 1000,
      "KB",
      null,
      `characters of the snapshot's data on /twins/${TWIN} (the first message), in thousands`,
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runFirstValueBench()) console.log(JSON.stringify(r));
}
