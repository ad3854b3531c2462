/**
 * Browser tests of confirmations and of the alarm list's keyboard focus, in
 * Debian's chromium against the real runtime and server (virtual time):
 * stopping a twin asks in the page first, Cancel leaves it running and
 * Confirm stops it; a halting command asks, a setpoint does not; and in the
 * alarm list an acknowledgement keeps the focus inside the list, even when
 * the acknowledged row leaves it, while the row keeps its activation time
 * beside the acknowledge time; taking an alarm out of service asks first.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { formatClock } from "../web/ui/display_format.ts";
import type { TestServer } from "./test_server.ts";
import { browserTestOptions, withPage } from "./browser_harness.ts";

const opts = browserTestOptions;

const plant = {
  name: "Confirmation test plant",
  seed: 5,
  twins: [
    { id: "site-1", kind: "cooling_site" },
    { id: "rtu-{i}", kind: "rtu", count: 2, params: { stale_after_s: 2, offline_after_s: 120 } },
  ],
  alarms: {
    definitions: [
      {
        name: "comm",
        kind: "rtu",
        priority: "critical",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
    ],
  },
};

async function api<T>(server: TestServer, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text) as T;
}

const running = async (server: TestServer, id: string) =>
  (await api<{ running: boolean }>(server, `/api/twins/${id}`)).running;

const focusInside = (page: Page, selector: string) =>
  page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.activeElement), selector);

Deno.test({
  name: "confirm: stopping a twin asks first; Cancel keeps it running, Confirm stops it",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(2_000);
      await page.goto(`${server.url}/twins/site-1`);
      const stopTwin = page.locator(".lifecycle button", { hasText: "Stop twin" });
      const dialog = page.locator('.lifecycle [role="alertdialog"]');

      // The question names the twin; the focus moves into it (on Cancel).
      await stopTwin.click();
      await dialog.waitFor();
      assert.match((await dialog.textContent())!, /^Stop twin site-1\? Its actor and simulator/);
      assert.equal(await focusInside(page, '.lifecycle [role="alertdialog"]'), true);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Cancel");
      await page.screenshot({ path: "/tmp/fieldtwin_confirm_stop.png", fullPage: true });

      // Cancel: nothing is sent, the focus is back on the button that asked.
      await dialog.locator('[data-confirm="no"]').click();
      await dialog.waitFor({ state: "detached" });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Stop twin");
      assert.equal(await running(server, "site-1"), true, "Cancel leaves it running");

      // Escape cancels as well.
      await stopTwin.press("Enter");
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      assert.equal(await running(server, "site-1"), true);

      // Confirm stops it.
      await stopTwin.click();
      await dialog.locator('[data-confirm="yes"]').click();
      await page.locator(".lifecycle button", { hasText: "Start twin" }).waitFor();
      assert.equal(await running(server, "site-1"), false);
      await page.locator(".lifecycle button", { hasText: "Start twin" }).click();
      await stopTwin.waitFor();
      assert.equal(await running(server, "site-1"), true);

      // A halting command asks too; a setpoint goes at once.
      const supply = page.locator('form[data-command="set_supply_setpoint"]');
      await supply.locator("#cmd-set_supply_setpoint-degC").fill("33");
      await supply.locator('button[type="submit"]').click();
      await supply.locator('[data-status="executed"]').waitFor();
      assert.equal(await page.locator('[role="alertdialog"]').count(), 0, "no question");

      const stop = page.locator('form[data-command="stop"]');
      await stop.locator('button[type="submit"]').click();
      const asked = stop.locator('[role="alertdialog"]');
      assert.equal(
        await asked.locator(".confirm-question").textContent(),
        "Stop site-1? This stops it.",
      );
      await asked.locator('[data-confirm="no"]').click();
      assert.equal(await stop.locator("[data-status]").count(), 0, "nothing was sent");
      rt.runFor(1_000);
      assert.equal(rt.twins.get("site-1")!.mode, "running");
      await stop.locator('button[type="submit"]').click();
      await asked.locator('[data-confirm="yes"]').click();
      await stop.locator('[data-status="executed"]').waitFor();
      rt.runFor(2_000);
      assert.equal(rt.twins.get("site-1")!.mode, "stopped");
    }, { virtual: true }),
});

Deno.test({
  name: "confirm: acknowledging keeps the focus in the alarm list and both times in the row",
  ...opts,
  fn: () =>
    withPage(plant, async (page, server) => {
      const rt = server.runtime;
      rt.runFor(2_000);
      for (const id of ["rtu-1", "rtu-2"]) {
        await api(server, `/api/twins/${id}/commands`, {
          type: "inject_fault",
          args: { fault: "comm_loss" },
        });
      }
      rt.runFor(5_000);
      type Alarm = { state: string; activeSince: number; since: number };
      const raised = await api<Alarm>(server, "/api/alarms/rtu-2/comm");
      assert.equal(raised.state, "unacknowledged");
      // The acknowledgement comes a minute after the activation.
      rt.runFor(60_000);

      await page.goto(`${server.url}/alarms`);
      const row = page.locator('tr[data-alarm="rtu-2/comm"]');
      await row.waitFor();
      await row.locator('button[data-action="ack"]').focus();
      await page.keyboard.press("Enter");
      await page.locator('tr[data-alarm="rtu-2/comm"][data-state="acknowledged"]').waitFor();
      // The focus stays on the row acted on (whose Ack button has gone), in
      // the list; the reply and the stream's update may come in either order.
      await page.waitForFunction(
        () =>
          document.querySelector('tr[data-alarm="rtu-2/comm"]')?.contains(document.activeElement),
        undefined,
        { timeout: 5_000 },
      );
      assert.equal(await focusInside(page, "#alarm-table"), true, "focus stays in the list");
      const acked = await api<Alarm>(server, "/api/alarms/rtu-2/comm");
      assert.equal(acked.activeSince, raised.activeSince, "the activation time is kept");
      assert.equal(acked.since - raised.activeSince >= 60_000, true);
      assert.equal(
        await row.locator(".time-active").textContent(),
        formatClock(raised.activeSince),
      );
      assert.equal(await row.locator(".time-ack time").textContent(), formatClock(acked.since));

      // A row that leaves the list on acknowledgement (its condition has
      // cleared) hands the focus to the list, not to the page.
      await api(server, "/api/twins/rtu-1/commands", { type: "clear_fault", args: {} });
      rt.runFor(5_000);
      const gone = page.locator(
        'tr[data-alarm="rtu-1/comm"][data-state="returned_unacknowledged"]',
      );
      await gone.waitFor();
      await gone.locator('button[data-action="ack"]').focus();
      await page.keyboard.press("Enter");
      await gone.waitFor({ state: "detached" });
      await page.waitForFunction(() =>
        document.querySelector("#alarm-table")?.contains(document.activeElement)
      );
      await page.screenshot({ path: "/tmp/fieldtwin_alarm_times.png", fullPage: true });

      // Out of service asks first; Cancel leaves the alarm as it was.
      await row.locator("button.more").click();
      const panel = page.locator('form.alarm-actions[data-alarm="rtu-2/comm"]');
      await panel.locator(".alarm-comment").fill("radio mast work");
      await panel.locator('button[data-action="out-of-service"]').click();
      const asked = panel.locator('[role="alertdialog"]');
      assert.match(
        (await asked.locator(".confirm-question").textContent())!,
        /^Take alarm rtu-2\/comm \(.+\) out of service\? /,
      );
      await asked.locator('[data-confirm="no"]').click();
      assert.equal((await api<Alarm>(server, "/api/alarms/rtu-2/comm")).state, "acknowledged");
      await panel.locator('button[data-action="out-of-service"]').click();
      await asked.locator('[data-confirm="yes"]').click();
      await row.waitFor({ state: "detached" });
      assert.equal((await api<Alarm>(server, "/api/alarms/rtu-2/comm")).state, "out_of_service");
    }, { virtual: true }),
});
