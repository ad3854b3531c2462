/**
 * The wall display's alarm counts and the operators' keyboard shortcuts, in
 * Debian's chromium against the real runtime on virtual time. Eight cooling
 * sites in two groups of four, a critical alarm in the second group, a high
 * one in the first and a critical RTU alarm off the wall: the bar counts the
 * alarms of the group on screen apart from the plant's. Space pauses and
 * resumes the cycling, the arrows step through the groups, `?` opens the
 * shortcut help (Esc closes it, the focus returns), `a` opens the alarm
 * centre; none of them fires while typing in a field or while a question is
 * open.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserTestOptions, withPage } from "./browser_harness.ts";
import type { TestServer } from "./test_server.ts";

const T0 = Date.UTC(2026, 0, 1);

const plant = {
  name: "wall-keys-browser",
  start: new Date(T0).toISOString(),
  step_s: 1,
  seed: 5,
  twins: [
    { id: "site-{i:02}", name: "Cooling site {i}", kind: "cooling_site", count: 8 },
    { id: "rtu-{i}", name: "RTU {i}", kind: "rtu", count: 2 },
  ],
  alarms: {
    definitions: [
      {
        name: "comm",
        kind: "rtu",
        priority: "critical",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
      {
        name: "supply_high",
        twin: "site-02",
        priority: "high",
        condition: { type: "limit", point: "supply_temp", h: 1 },
      },
      {
        name: "supply_very_high",
        twin: "site-07",
        priority: "critical",
        condition: { type: "limit", point: "supply_temp", h: 1 },
      },
    ],
  },
};

async function command(server: TestServer, twin: string, type: string, args = {}) {
  const res = await fetch(`${server.url}/api/twins/${twin}/commands`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type, args }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The counts a wall bar's group shows, as `{priority: n}`. */
function counts(page: Page, id: string): Promise<Record<string, number>> {
  return page.locator(`#${id} .wall-alarm`).evaluateAll((els) =>
    Object.fromEntries(
      els.map((e) => [e.getAttribute("data-priority"), Number(e.textContent!.match(/\d+/)![0])]),
    )
  );
}

const groupStart = (page: Page) => page.locator(".wall-grid").getAttribute("data-group-start");

async function waitGroup(page: Page, start: string) {
  await page.waitForFunction(
    (s) => document.querySelector(".wall-grid")?.getAttribute("data-group-start") === s,
    start,
  );
}

Deno.test({
  name: "wall: alarms of the group on screen apart from the plant's; keyboard shortcuts",
  ...browserTestOptions,
  fn: () =>
    withPage(plant, async (page, server) => {
      await command(server, "rtu-1", "inject_fault", { fault: "comm_loss" });
      server.runtime.runFor(30_000);
      const api = await (await fetch(`${server.url}/api/alarms`)).json() as {
        twin: string;
        priority: string;
      }[];
      assert.deepEqual(
        api.map((a) => `${a.twin}:${a.priority}`).sort(),
        ["rtu-1:critical", "site-02:high", "site-07:critical"],
      );

      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.goto(`${server.url}/wall?per=4&every=3600`);
      await page.locator(".wall-grid li.wall-tile").nth(3).waitFor();
      // The group with the critical site comes first: it counts that one alarm only.
      await waitGroup(page, "4");
      await page.waitForFunction(() =>
        document.querySelectorAll("#wall-alarms-plant .wall-alarm").length === 2
      );
      assert.deepEqual(await counts(page, "wall-alarms-group"), { critical: 1 });
      assert.deepEqual(await counts(page, "wall-alarms-plant"), { critical: 2, high: 1 });
      assert.equal(
        await page.locator("#wall-alarms-group .wall-alarms-label").textContent(),
        "on screen",
      );
      assert.equal(
        await page.locator("#wall-alarms-plant .wall-alarms-label").textContent(),
        "plant",
      );

      // → steps to the other group, whose count is its own high alarm.
      await page.keyboard.press("ArrowRight");
      await waitGroup(page, "0");
      await page.waitForFunction(() =>
        document.querySelector("#wall-alarms-group .wall-alarm")?.getAttribute("data-priority") ===
          "high"
      );
      assert.deepEqual(await counts(page, "wall-alarms-group"), { high: 1 });
      assert.deepEqual(await counts(page, "wall-alarms-plant"), { critical: 2, high: 1 });
      // ← steps back.
      await page.keyboard.press("ArrowLeft");
      await waitGroup(page, "4");

      // Space pauses and resumes (the focus is on the page, not a button).
      assert.equal(await page.locator(".wall[data-paused]").count(), 0);
      await page.keyboard.press(" ");
      await page.locator(".wall[data-paused]").waitFor();
      assert.equal(
        await page.getByRole("button", { name: "Resume" }).getAttribute("aria-pressed"),
        "true",
      );
      await page.keyboard.press(" ");
      await page.locator(".wall:not([data-paused])").waitFor();

      // ? shows the help, listing every shortcut; while it is open the wall's keys do nothing.
      await page.keyboard.press("?");
      const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await help.waitFor();
      const keys = await help.locator("kbd").allTextContents();
      for (const k of ["?", "a", "Esc", "Space", "←", "→"]) assert.ok(keys.includes(k), k);
      assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        "Close",
        "the focus is in the help",
      );
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("a");
      assert.equal(await groupStart(page), "4", "no step under the help");
      assert.equal(new URL(page.url()).pathname, "/wall", "no alarm centre under the help");
      await page.keyboard.press("Escape");
      await help.waitFor({ state: "detached" });

      // The sound switch is a field: Space there toggles it and does not pause.
      await page.locator("#alarm-sound").focus();
      const sound = await page.locator("#alarm-sound").isChecked();
      await page.keyboard.press(" ");
      assert.equal(await page.locator("#alarm-sound").isChecked(), !sound);
      await page.keyboard.press(" ");
      assert.equal(await page.locator("#alarm-sound").isChecked(), sound);
      assert.equal(
        await page.getByRole("button", { name: "Pause" }).getAttribute("aria-pressed"),
        "false",
      );

      // a from the wall opens the alarm centre.
      await page.locator("#alarm-sound").blur();
      await page.keyboard.press("a");
      await page.waitForURL(`${server.url}/alarms`);
      await page.locator("tbody tr").first().waitFor();

      // On the overview, typing in Search is typing: no shortcut fires.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(server.url);
      const search = page.getByLabel("Search");
      await search.waitFor();
      await search.click();
      await page.keyboard.type("a?");
      assert.equal(await search.inputValue(), "a?");
      assert.equal(new URL(page.url()).pathname, "/");
      assert.equal(await page.getByRole("dialog").count(), 0);

      // A twin's page streams that twin and the plant's alarms: the banner still names the
      // newest alarm's twin (another twin, its name read once).
      const streams: string[] = [];
      page.on("request", (r) => {
        if (new URL(r.url()).pathname === "/api/stream") streams.push(new URL(r.url()).search);
      });
      await page.goto(`${server.url}/twins/site-01`);
      await page.waitForFunction(() =>
        /^(Cooling site [27]|RTU 1) /.test(
          document.querySelector("#alarm-newest")?.textContent ?? "",
        )
      );
      assert.deepEqual(streams, ["?ids=site-01&alarms=all"]);
      assert.equal(
        await page.locator("#alarm-banner-counts [data-priority=critical] .banner-total")
          .textContent(),
        "2",
      );

      // While a question is open, a does not leave the page; Esc then cancels the question.
      await page.getByRole("button", { name: "Stop twin" }).click();
      await page.getByRole("alertdialog").waitFor();
      await page.keyboard.press("a");
      assert.equal(new URL(page.url()).pathname, "/twins/site-01");
      await page.keyboard.press("Escape");
      await page.getByRole("alertdialog").waitFor({ state: "detached" });
      // And with no question open, ? works here too and gives the focus back when closed.
      await page.getByRole("button", { name: "Stop twin" }).focus();
      await page.keyboard.press("?");
      await help.waitFor();
      await page.keyboard.press("?");
      await help.waitFor({ state: "detached" });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Stop twin");

      // Back on the overview, the stream carries every twin again (a few points of each) and
      // every card shows its key values.
      await page.getByRole("link", { name: "Overview" }).click();
      await page.locator("li.card").nth(server.runtime.twins.size - 1).waitFor();
      assert.match(streams.at(-1)!, /^\?points=diagnosis,diagnosis_confidence,.*key/);
      await page.waitForFunction(() =>
        /\d/.test(
          document.querySelector('li.card[data-twin="site-05"] [data-point="supply_temp"]')
            ?.textContent ?? "",
        )
      );
    }, { virtual: true }),
});
