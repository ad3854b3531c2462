/**
 * Browser tests of the alarm UI against the real runtime, alarm engine and
 * server, driven with playwright-core through Debian's chromium (never a
 * downloaded browser), as tests/browser_test.ts does. A fault injected
 * through the REST API must reach the banner and the list through SSE
 * without a reload; acknowledging from the page must change the alarm's
 * state; a refused action must show the server's own sentence; and a
 * cleared condition must take the alarm out of the active list.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { TestServer } from "./test_server.ts";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const opts = browserTestOptions;

const COMM_DESCRIPTION = "RTU not answering: its assets are blind. Check the radio link and power.";

/** Three RTUs; a critical alarm on lost communication and a low one on old data. */
const plant = {
  name: "Alarm browser test plant",
  seed: 7,
  twins: [
    { id: "rtu-{i}", kind: "rtu", count: 3, params: { stale_after_s: 2, offline_after_s: 120 } },
  ],
  alarms: {
    settings: { max_shelve_s: 3600 },
    definitions: [
      {
        name: "comm",
        kind: "rtu",
        priority: "critical",
        description: COMM_DESCRIPTION,
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
      {
        name: "data_age",
        kind: "rtu",
        priority: "low",
        condition: { type: "limit", point: "data_age", h: 3600 },
      },
    ],
  },
};

/** Send a twin command through the REST API, as another client would. */
async function command(server: TestServer, twin: string, type: string, args = {}) {
  const res = await fetch(`${server.url}/api/twins/${twin}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type, args }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The alarm as the API has it now. */
async function alarmNow(server: TestServer, id: string) {
  const res = await fetch(`${server.url}/api/alarms/${id}`);
  assert.equal(res.status, 200);
  return await res.json() as {
    state: string;
    last: { action: string; user: string | null; comment: string | null };
    journal: { action: string; user: string | null }[];
  };
}

/** Wait (polling the API) until the alarm reaches `state`. */
async function waitForState(server: TestServer, id: string, state: string, timeoutMs = 8_000) {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    last = (await alarmNow(server, id)).state;
    if (last === state) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} is ${last}, not ${state}, after ${timeoutMs} ms`);
}

const bannerCount = (page: Page, priority: string) =>
  page.locator(`.alarm-banner [data-priority="${priority}"]`);

Deno.test({
  name: "alarm UI: a fault reaches banner and list live; ack, refused shelve, clear",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      await page.goto(server.url);
      await page.locator("#connection-state", { hasText: "live" }).waitFor();
      await page.locator("#alarm-newest", { hasText: "no active alarms" }).waitFor();
      assert.equal(await bannerCount(page, "critical").locator(".banner-total").textContent(), "0");
      await page.locator("#operator-name").fill("ann");

      // Another client cuts rtu-2's communication; only the stream tells the page.
      await page.evaluate(() => ((globalThis as Record<string, unknown>).notReloaded = true));
      await command(server, "rtu-2", "inject_fault", { fault: "comm_loss" });
      const critical = bannerCount(page, "critical");
      await critical.locator(".banner-total", { hasText: "1" }).waitFor({ timeout: 8_000 });
      await critical.locator(".banner-unack", { hasText: "1 unack" }).waitFor();
      assert.equal(await bannerCount(page, "high").locator(".banner-total").textContent(), "0");
      // The unacknowledged marker blinks, unless the operator asked for less motion.
      const marker = critical.locator(".banner-unack");
      const animation = () => marker.evaluate((el) => getComputedStyle(el).animationName);
      assert.equal(await animation(), "unack-blink");
      await page.emulateMedia({ reducedMotion: "reduce" });
      assert.equal(await animation(), "none");
      assert.notEqual(await marker.evaluate((el) => getComputedStyle(el).outlineStyle), "none");
      await page.emulateMedia({ reducedMotion: "no-preference" });
      const newest = (await page.locator("#alarm-newest").textContent())!;
      assert.equal(newest, "rtu-2 communication OK: no (alarm at no)");
      assert.equal(
        await page.evaluate(() => (globalThis as Record<string, unknown>).notReloaded),
        true,
      );
      await page.locator("header.app-header").screenshot({
        path: "/tmp/fieldtwin_alarm_banner.png",
      });

      // The banner opens the list, where the alarm waits for acknowledgement.
      await page.locator(".alarm-banner").click();
      assert.equal(new URL(page.url()).pathname, "/alarms");
      const row = page.locator('tr[data-alarm="rtu-2/comm"]');
      await row.waitFor();
      assert.equal(await row.getAttribute("data-state"), "unacknowledged");
      assert.equal(await row.locator(".astate").textContent(), "unacknowledged");
      assert.equal((await row.locator(".prio").textContent())!.trim(), "◆critical");
      assert.equal(await page.locator("tr.alarm-row").count(), 1, "only the one alarm is active");
      await page.screenshot({ path: "/tmp/fieldtwin_alarm_list.png", fullPage: true });

      // One click acknowledges it; the list shows the new state, the journal the operator.
      await row.locator('button[data-action="ack"]').click();
      await page.locator('tr[data-alarm="rtu-2/comm"][data-state="acknowledged"]').waitFor();
      assert.equal(await row.locator(".astate").textContent(), "acknowledged");
      await critical.locator(".banner-unack").waitFor({ state: "detached" });
      assert.equal(await critical.locator(".banner-total").textContent(), "1");
      const acked = await alarmNow(server, "rtu-2/comm");
      assert.deepEqual([acked.state, acked.last.action, acked.last.user], [
        "acknowledged",
        "ack",
        "ann",
      ]);

      // Shelving needs a comment: the page sends it anyway and shows the server's refusal.
      await row.locator("button.more").click();
      const panel = page.locator('form.alarm-actions[data-alarm="rtu-2/comm"]');
      await panel.locator('button[data-action="shelve"]').click();
      const refusal = panel.locator('[role="alert"]');
      await refusal.waitFor();
      const direct = await fetch(`${server.url}/api/alarms/rtu-2/comm/shelve`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ comment: "" }),
      });
      assert.equal(direct.status, 400);
      const { error } = await direct.json();
      assert.match(error, /comment is required/);
      assert.equal(await refusal.textContent(), error);
      assert.equal((await alarmNow(server, "rtu-2/comm")).state, "acknowledged");

      // The detail page: description, state and journal (activate, then ack by ann).
      await row.locator("a.alarm-message").click();
      assert.equal(new URL(page.url()).pathname, "/alarms/rtu-2/comm");
      await page.locator("#alarm-description", { hasText: COMM_DESCRIPTION }).waitFor();
      await page.locator(".alarm-page .twin-head .astate", { hasText: "acknowledged" }).waitFor();
      const journalRows = page.locator("#alarm-journal tbody tr");
      await journalRows.nth(1).waitFor();
      assert.deepEqual(
        await journalRows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action"))),
        ["ack", "activate"],
      );
      assert.match((await journalRows.first().textContent())!, /ann/);
      await page.screenshot({ path: "/tmp/fieldtwin_alarm_detail.png", fullPage: true });

      // The condition clears: acknowledged and clear is normal, live on this page...
      await command(server, "rtu-2", "clear_fault", {});
      await page.locator(".alarm-page .twin-head .astate", { hasText: "normal" }).waitFor({
        timeout: 8_000,
      });
      await page.locator('#alarm-journal tbody tr:first-child[data-action="clear"]').waitFor();
      // ...and it leaves the active list and the banner.
      await page.locator('.header-nav a[href="/alarms"]').click();
      await page.locator("#alarm-empty", { hasText: "No active alarms." }).waitFor();
      assert.equal(await page.locator('tr[data-alarm="rtu-2/comm"]').count(), 0);
      assert.equal(await critical.locator(".banner-total").textContent(), "0");
      assert.equal(
        await page.evaluate(() => (globalThis as Record<string, unknown>).notReloaded),
        true,
      );
    }),
});

Deno.test({
  name: "alarm UI: twin page ack, multi-select ack, shelve with comment, journal page",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      await page.goto(`${server.url}/twins/rtu-1`);
      await page.locator("#connection-state", { hasText: "live" }).waitFor();
      await page.locator("#twin-alarms", { hasText: "No active alarms." }).waitFor();
      for (const id of ["rtu-1", "rtu-2", "rtu-3"]) {
        await command(server, id, "inject_fault", { fault: "comm_loss" });
      }
      await bannerCount(page, "critical").locator(".banner-total", { hasText: "3" }).waitFor({
        timeout: 8_000,
      });
      assert.equal(
        await bannerCount(page, "critical").locator(".banner-unack").textContent(),
        "3 unack",
      );

      // The twin page lists its own alarm above the points, with a one-click ack.
      const own = page.locator('#twin-alarms tr[data-alarm="rtu-1/comm"]');
      await own.waitFor();
      assert.equal(await page.locator("#twin-alarms tr.alarm-row").count(), 1);
      await own.locator('button[data-action="ack"]').click();
      await page.locator('#twin-alarms tr[data-alarm="rtu-1/comm"][data-state="acknowledged"]')
        .waitFor();
      assert.equal(
        await bannerCount(page, "critical").locator(".banner-unack").textContent(),
        "2 unack",
      );

      // The list: tick every unacknowledged alarm and acknowledge them in one request.
      await page.locator('.header-nav a[href="/alarms"]').click();
      await page.locator("tr.alarm-row").nth(2).waitFor();
      const bulk = page.waitForRequest((r) => r.url().endsWith("/api/alarms/ack"));
      await page.locator('thead input[type="checkbox"]').check();
      assert.equal(await page.locator("#ack-selected").textContent(), "Acknowledge selected (2)");
      await page.locator("#bulk-comment").fill("radio mast down");
      await page.locator("#ack-selected").click();
      assert.deepEqual(JSON.parse((await bulk).postData()!).ids.sort(), [
        "rtu-2/comm",
        "rtu-3/comm",
      ]);
      await page.locator("#alarm-status", { hasText: "Acknowledged 2 alarms" }).waitFor();
      await page.locator('tr.alarm-row[data-state="acknowledged"]').nth(2).waitFor();
      await bannerCount(page, "critical").locator(".banner-unack").waitFor({ state: "detached" });

      // Shelve one with a comment and 15 minutes: it moves to the shelved tab.
      const row = page.locator('tr[data-alarm="rtu-3/comm"]');
      await row.locator("button.more").click();
      const panel = page.locator('form.alarm-actions[data-alarm="rtu-3/comm"]');
      await panel.locator(".alarm-comment").fill("mast crew on site");
      await panel.locator(".shelve-duration").selectOption("900");
      await panel.locator('button[data-action="shelve"]').click();
      await page.locator("#alarm-status", { hasText: "rtu-3/comm shelved; now shelved" })
        .waitFor();
      await row.waitFor({ state: "detached" });
      assert.equal(await page.locator("tr.alarm-row").count(), 2);
      const shelved = await alarmNow(server, "rtu-3/comm");
      assert.equal(shelved.state, "shelved");
      assert.equal(shelved.last.comment, "mast crew on site");
      await page.locator('button[data-tab="shelved"]').click();
      assert.match(page.url(), /tab=shelved/);
      await page.locator('tr[data-alarm="rtu-3/comm"][data-state="shelved"]').waitFor();
      assert.equal(await page.locator("tr.alarm-row").count(), 1);
      // The priority filter keeps the address and empties the list for a priority with none.
      await page.locator('[aria-label="Filter by priority"] button[data-priority="low"]').click();
      await page.locator("#alarm-empty", { hasText: "No alarm matches the filters." }).waitFor();
      assert.match(page.url(), /priority=low/);

      // The journal page lists the acknowledgements with user and comment, newest first.
      await page.goto(`${server.url}/alarms/journal?state=acknowledged`);
      const entries = page.locator("#journal-table tbody tr");
      await entries.nth(2).waitFor();
      assert.equal(await entries.count(), 3);
      const text = await entries.allTextContents();
      assert.ok(text.slice(0, 2).every((t) => /radio mast down/.test(t)), text.join("\n"));
      assert.match(text[2], /rtu-1\/comm/);
      // A new matching entry appears without reloading.
      await command(server, "rtu-1", "clear_fault", {});
      await waitForState(server, "rtu-1/comm", "normal");
      await command(server, "rtu-1", "inject_fault", { fault: "comm_loss" });
      await page.goto(`${server.url}/alarms/journal?twin=rtu-1`);
      await bannerCount(page, "critical").locator(".banner-unack", { hasText: "1 unack" })
        .waitFor({ timeout: 8_000 });
      await entries.first().waitFor();
      const before = await entries.count();
      await fetch(`${server.url}/api/alarms/rtu-1/comm/ack`, { method: "POST" });
      await entries.nth(before).waitFor();
      assert.equal(await entries.first().getAttribute("data-action"), "ack");
      // Its message in the alarm list's words; the engine's tag message stays as the tooltip.
      const [newest] = await (await fetch(`${server.url}/api/alarms/journal?twin=rtu-1&limit=1`))
        .json();
      const message = entries.first().locator("td.col-message");
      await message.filter({ hasText: /communication/ }).waitFor();
      assert.equal(await message.getAttribute("title"), newest.message);
      assert.notEqual((await message.textContent())!.trim(), newest.message);
    }),
});
