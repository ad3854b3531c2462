/**
 * The fleet page's first render on the demo plant (348 twins) in headless
 * chromium, with the cards' sparklines, beside a baseline in the same run:
 * by default the same page with the sparklines' history reads refused (no
 * reads, nothing drawn), or, with `FLEET_BASELINE_BUNDLE=path/to/app.js`,
 * an older build of the UI served in place of the current one (for a
 * before/after). The plant records an hour of history on virtual time
 * first. Rounds alternate; each figure is the median.
 *
 * `deno run -A bench/fleet_render_bench.ts`
 *
 * @module
 */
import type { Page } from "playwright-core";
import { type BenchResult, benchResult } from "./bench_result.ts";
import { launch } from "../tests/browser_harness.ts";
import { startTestServer } from "../tests/test_server.ts";

const ROUNDS = Number(Deno.env.get("FLEET_ROUNDS") ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Load the fleet page; ms from navigation start until every card is in the page, and until the visible sparklines are drawn. */
async function firstRender(page: Page, url: string, twins: number, sparks: boolean) {
  // Main-thread busy time, which other load on the machine disturbs less than wall time.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return 1000 * (metrics.find((m: { name: string }) => m.name === "TaskDuration")?.value ?? NaN);
  };
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  const cards = await page.waitForFunction(
    (n) => document.querySelectorAll("li.card").length === n ? performance.now() : false,
    twins,
    { polling: "raf", timeout: 60_000 },
  );
  const cardsMs = await cards.jsonValue() as number;
  const cardsTaskMs = await busy();
  let sparkMs = NaN;
  if (sparks) {
    const drawn = await page.waitForFunction(
      () =>
        document.querySelectorAll("canvas.spark[data-values]").length >= 20
          ? performance.now()
          : false,
      undefined,
      { polling: "raf", timeout: 60_000 },
    );
    sparkMs = await drawn.jsonValue() as number;
  }
  return { cardsMs, sparkMs, cardsTaskMs };
}

/** Run the benchmark; one result per figure. */
export async function runFleetRenderBench(): Promise<BenchResult[]> {
  const text = await Deno.readTextFile(new URL("../plants/demo.json", import.meta.url));
  // Port 0: no clash with a plant already serving the demo's Modbus slave.
  const plant = JSON.parse(text.replaceAll("15020", "0"));
  const server = await startTestServer(plant, { virtual: true, recordHistory: true });
  const twins = server.runtime.twins.size;
  server.runtime.runFor(3_600_000);
  server.recorder!.flush();
  const baselineBundle = Deno.env.get("FLEET_BASELINE_BUNDLE");
  const browser = await launch();
  const now = { cards: [] as number[], spark: [] as number[], task: [] as number[] };
  const base = { cards: [] as number[], task: [] as number[] };
  let requests = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 ? ["base", "now"] : ["now", "base"]) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        if (variant === "base") {
          if (baselineBundle) {
            const body = await Deno.readTextFile(baselineBundle);
            await page.route(
              "**/app.js",
              (r) => r.fulfill({ body, contentType: "text/javascript" }),
            );
          } else {
            await page.route("**/api/history**", (r) => r.abort());
          }
          const r = await firstRender(page, server.url, twins, false);
          base.cards.push(r.cardsMs);
          base.task.push(r.cardsTaskMs);
        } else {
          page.on("request", (r) => {
            if (r.url().includes("/api/history")) requests++;
          });
          const r = await firstRender(page, server.url, twins, true);
          now.cards.push(r.cardsMs);
          now.task.push(r.cardsTaskMs);
          now.spark.push(r.sparkMs);
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const what = baselineBundle
    ? `baseline: the UI bundle ${baselineBundle}`
    : "baseline: the same page with history reads refused (no sparklines drawn)";
  return [
    benchResult(
      "fleet_first_render_ms",
      median(now.cards),
      "ms",
      median(base.cards),
      `${twins} twins, every card in the page, from navigation start; ${what}; ` +
        `rounds ${JSON.stringify(now.cards.map(Math.round))} vs ${
          JSON.stringify(base.cards.map(Math.round))
        }`,
    ),
    benchResult(
      "fleet_first_render_main_thread_ms",
      median(now.task),
      "ms",
      median(base.task),
      `main-thread busy time (CDP TaskDuration) until every card is in the page; ${what}; ` +
        `rounds ${JSON.stringify(now.task.map(Math.round))} vs ${
          JSON.stringify(base.task.map(Math.round))
        }`,
    ),
    benchResult(
      "fleet_sparklines_drawn_ms",
      median(now.spark),
      "ms",
      median(now.cards),
      `20+ sparklines drawn, beside all cards in the page; ${
        requests / ROUNDS
      } history requests per page load; rounds ${JSON.stringify(now.spark.map(Math.round))}`,
    ),
  ];
}

if (import.meta.main) {
  for (const r of await runFleetRenderBench()) console.log(JSON.stringify(r));
}
