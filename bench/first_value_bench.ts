/**
 * Time from page load to the first live value: headless chromium opens a
 * twin's page (`/twins/site-001`) against the demo plant running on real
 * time, and the figure is navigation start until the points table shows a
 * number (from the twin's detail the app reads as it starts, or from the
 * stream, whichever is in first). Baseline in the same run: the same page's
 * shell with the UI bundle replaced by an empty script, navigation start
 * until its load event (what any page costs before the UI runs; the chunks
 * the shell preloads are empty too); the
 * shell's time to first byte is reported beside it. Rounds alternate; each
 * figure is the median, with the spread in the note.
 *
 * `deno run -A bench/first_value_bench.ts` (`FIRST_VALUE_ROUNDS`, default 7;
 * `FIRST_VALUE_BASELINE_BUNDLE=old/app.js` adds an older single-file build
 * of the UI as a third variant in every round, for a same-run comparison)
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
}

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

/** One load of the twin page: ms from navigation start to the first live value, TTFB and parts. */
async function liveValue(
  browser: Browser,
  url: string,
  bundle?: string,
): Promise<{ ms: number; ttfb: number; parts: Parts }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    if (bundle !== undefined) {
      // An older single-file build in place of the entry; the chunks the shell preloads are empty.
      await page.route(
        /\/[\w-]+\.js$/,
        (r) =>
          r.fulfill({
            body: new URL(r.request().url()).pathname === "/app.js" ? bundle : "",
            contentType: "text/javascript",
          }),
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
  const olderBundle = olderPath ? await Deno.readTextFile(olderPath) : undefined;
  const parts: Parts[] = [];
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
            older.push((await liveValue(browser, url, olderBundle)).ms);
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
