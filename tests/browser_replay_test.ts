/**
 * The replay page against the real server: a generated 1 Hz recording with
 * one bad row is started at 60x; pausing holds the position (two readings
 * equal), resuming moves it, the run's twin shows the recording's value at
 * its recorded time, a seek lands where asked, and the bad row appears in
 * the report with its row number. Saves replay_desktop.png and
 * replay_phone.png in tests/screenshots/.
 *
 * @module
 */
import assert from "node:assert/strict";
import { logInThroughPage, memoryAuth } from "./auth_fixture.ts";
import { join } from "node:path";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const SHOTS = new URL("./screenshots/", import.meta.url);
const T0 = Date.parse("2021-05-01T00:00:00Z");
const ROWS = 600;
const BAD_ROW = 7;
/** The flow of data row `r` (1-based): distinct for every row, exact in binary. */
const flowOf = (r: number) => 10 + r / 4;

const serverPlant = { name: "Replay page test", seed: 3, twins: [{ id: "p0", kind: "pump" }] };

Deno.test({
  name:
    "browser: replay page starts a recording, pauses, resumes, slows, seeks, cancels and shows the twin's recorded value and the bad row",
  ...browserTestOptions,
  fn: async () => {
    // Under the working directory: the server reads plant files only there.
    const dir = await Deno.makeTempDir({ dir: Deno.cwd(), prefix: ".replay-ui-test-" });
    try {
      const lines = ["t,flow"];
      for (let r = 1; r <= ROWS; r++) {
        lines.push(`${T0 + (r - 1) * 1000},${r === BAD_ROW ? "n/a" : flowOf(r)}`);
      }
      await Deno.writeTextFile(join(dir, "rec.csv"), lines.join("\n") + "\n");
      const plantFile = join(dir, "plant.json");
      await Deno.writeTextFile(
        plantFile,
        JSON.stringify({
          name: "ui-replay",
          twins: [{ id: "p1", kind: "pump", source: { type: "replay" } }],
          recordings: [{
            id: "rec",
            file: "rec.csv",
            format: "csv",
            twin: "p1",
            csv: { time_column: "t", time_format: "epoch_ms" },
            points: [{ column: "flow", point: "flow", unit: "m3/h" }],
          }],
        }),
      );

      await withPage(serverPlant, async (page, server) => {
        let reads = 0;
        page.on("request", (req) => {
          if (/\/api\/replay\/[^/]+\/twins$/.test(new URL(req.url()).pathname)) reads++;
        });
        /** Wait until the page has read the run `n` more times. */
        const morePolls = async (n: number) => {
          const target = reads + n;
          for (let i = 0; reads < target; i++) {
            if (i > 200) throw new Error(`the page stopped reading the run (${reads} reads)`);
            await page.waitForTimeout(50);
          }
        };
        const position = async () =>
          Date.parse((await page.locator("#replay-position").getAttribute("datetime"))!);

        await page.goto(`${server.url}/replay`);
        await page.fill("#replay-plant", "/nowhere/plant.json");
        await page.click("#replay-start");
        await page.locator("#replay-error").filter({ hasText: "no file" }).waitFor();

        await page.fill("#replay-plant", plantFile);
        await page.selectOption("#replay-speed", "60");
        await page.click("#replay-start");
        await page.locator("#replay-state").filter({ hasText: "running" }).waitFor();
        await page.waitForFunction(
          () =>
            document.querySelector("#replay-twins [data-point=flow]")?.getAttribute("data-value"),
          null,
          { timeout: 10_000 },
        );

        await page.click("#replay-pause");
        await page.locator("#replay-state").filter({ hasText: "paused" }).waitFor();
        await morePolls(1);
        const held = await position();
        await morePolls(2);
        assert.equal(await position(), held, "a paused replay holds its position");

        // The twin's value is the recording's at the value's recorded time,
        // which is the last row at or before the position.
        const cell = page.locator("#replay-twins tr[data-twin=p1] [data-point=flow]");
        const value = Number(await cell.getAttribute("data-value"));
        const ts = Date.parse((await cell.getAttribute("title"))!);
        const row = (ts - T0) / 1000 + 1;
        assert.ok(Number.isInteger(row) && row >= 1 && row <= ROWS, `row ${row}`);
        assert.equal(value, flowOf(row), `flow at ${new Date(ts).toISOString()}`);
        assert.ok(ts <= held && held - ts <= 1000, `value at ${ts}, position ${held}`);

        await page.click("#replay-resume");
        await page.waitForFunction(
          (h) =>
            Date.parse(document.querySelector("#replay-position")!.getAttribute("datetime")!) > h,
          held,
          { timeout: 10_000 },
        );

        // Slower first, so the two minutes left after the seek last a while.
        await page.selectOption("#replay-speed-now", "10");
        await page.waitForFunction(
          () => (document.querySelector("#replay-speed-now") as HTMLSelectElement)?.value === "10",
        );
        await page.fill("#replay-seek-to", "+8m");
        await page.press("#replay-seek-to", "Enter");
        await page.waitForFunction(
          (t) =>
            Date.parse(document.querySelector("#replay-position")!.getAttribute("datetime")!) >= t,
          T0 + 8 * 60_000,
          { timeout: 10_000 },
        );

        // Paused again, so a slow machine cannot reach the end before the cancel.
        await page.click("#replay-pause");
        await page.locator("#replay-state").filter({ hasText: "paused" }).waitFor();

        const bad = page.locator(`#replay-report li[data-row="${BAD_ROW}"]`);
        await bad.waitFor();
        assert.match(await bad.innerText(), new RegExp(`row ${BAD_ROW}: bad_number \\(skipped\\)`));
        assert.match(
          await page.locator("#replay-report").innerText(),
          new RegExp(`rec: ${ROWS - 1} of ${ROWS} rows readable, 1 issue`),
        );

        await Deno.mkdir(SHOTS, { recursive: true });
        await page.screenshot({
          path: new URL("replay_desktop.png", SHOTS).pathname,
          fullPage: true,
        });
        // At phone width nothing pushes the page sideways (the table scrolls in its box).
        await page.setViewportSize({ width: 390, height: 800 });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 390, `page is ${wide} px wide at 390`);
        await page.screenshot({
          path: new URL("replay_phone.png", SHOTS).pathname,
          fullPage: true,
        });

        await page.click("#replay-cancel");
        await page.locator("#replay-state").filter({ hasText: "cancelled" }).waitFor();
      }, { virtual: true });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "browser: replay page shows the server's refusal to a viewer",
  ...browserTestOptions,
  fn: async () => {
    const { auth, security, close } = memoryAuth();
    await auth.createUser("setup", "vera", "viewer", "vera-password-1");
    try {
      await withPage(serverPlant, async (page, server) => {
        await page.goto(`${server.url}/replay`);
        await logInThroughPage(page, "vera", "vera-password-1");
        await page.locator("#replay-start").waitFor();
        await page.click("#replay-start");
        await page.locator("#replay-error").filter({
          hasText: 'user "vera" (role viewer) may not POST /api/replay; it needs the engineer role',
        }).waitFor();
        assert.equal(await page.locator("#replay-run").count(), 0, "nothing started");
      }, {
        virtual: true,
        web: { security },
      });
    } finally {
      close();
    }
  },
});
