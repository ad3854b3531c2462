/**
 * Webhook notifications against a real HTTP server on 127.0.0.1 that fails
 * first and then succeeds: retry with backoff, routing by priority and
 * state, de-duplication, and alarm processing that never waits for it.
 */
import assert from "node:assert/strict";
import { AlarmEngine } from "../actors/alarms/alarm_engine.ts";
import { notificationsSchema } from "../actors/notify/notifications_section.ts";
import { type WebhookBody, WebhookNotifier } from "../actors/notify/webhook_notifier.ts";
import { alarmSettings, alarmSpec, FakeHost } from "./alarm_fixture.ts";

/** A webhook endpoint answering 500 to the first `failures` requests, then 200. */
function endpoint(failures: number, delayMs = 0) {
  const received: WebhookBody[] = [];
  const attemptsAt: number[] = [];
  let n = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    attemptsAt.push(performance.now());
    const body = await req.json() as WebhookBody;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (n++ < failures) return new Response("busy", { status: 500 });
    received.push(body);
    return new Response("ok");
  });
  return { url: `http://127.0.0.1:${server.addr.port}/hook`, received, attemptsAt, server };
}

function setup(url: string, over: Record<string, unknown> = {}) {
  const host = new FakeHost(["site-1", "site-2"]);
  const spec = (twin: string, priority: "critical" | "low") =>
    alarmSpec({
      twin,
      name: "temp_h",
      priority,
      unit: "degC",
      condition: { type: "limit", point: "t", level: "h", limit: 40, deadband: 0 },
    });
  const engine = new AlarmEngine(host, {
    settings: alarmSettings(),
    alarms: [spec("site-1", "critical"), spec("site-2", "low")],
  });
  const config = notificationsSchema.parse({
    webhooks: [{
      name: "ops",
      url,
      priorities: ["critical", "high"],
      retries: 4,
      backoff_ms: 40,
      dedup_s: 300,
      ...over,
    }],
  });
  const logs: string[] = [];
  const notifier = new WebhookNotifier(config.webhooks, { log: (m) => logs.push(m) });
  engine.onEvent((p) => notifier.notify(p));
  engine.start();
  return { host, engine, notifier, logs };
}

Deno.test("webhook: a failing endpoint is retried with backoff until it answers", async () => {
  const ep = endpoint(2);
  const { host, notifier } = setup(ep.url);
  try {
    host.set("site-1", { t: 45 });
    await notifier.idle();
    assert.equal(ep.attemptsAt.length, 3, "two failures, then success");
    assert.equal(ep.received.length, 1);
    const body = ep.received[0];
    assert.equal(body.webhook, "ops");
    assert.equal(body.entry.alarm, "site-1/temp_h");
    assert.equal(body.entry.state, "unacknowledged");
    assert.equal(body.text, "[CRITICAL] site-1 t 45 degC above H limit 40 degC (unacknowledged)");
    // Backoff doubles: about 40 ms, then 80 ms.
    const gap1 = ep.attemptsAt[1] - ep.attemptsAt[0];
    const gap2 = ep.attemptsAt[2] - ep.attemptsAt[1];
    assert.ok(gap1 >= 35 && gap2 >= 75 && gap2 > gap1, `gaps ${gap1} ${gap2}`);
    const [s] = notifier.stats();
    assert.deepEqual([s.sent, s.retries, s.failed], [1, 2, 0]);
    assert.equal(s.lastError, "HTTP 500");
  } finally {
    notifier.close();
    await ep.server.shutdown();
  }
});

Deno.test("webhook: routed by priority and state, de-duplicated within the window", async () => {
  const ep = endpoint(0);
  const { host, engine, notifier } = setup(ep.url);
  try {
    host.set("site-2", { t: 45 }); // low priority: not routed to "ops"
    host.set("site-1", { t: 45 });
    host.set("site-1", { t: 30 }); // returned_unacknowledged: not a routed state
    host.clock.advanceBy(60_000);
    host.set("site-1", { t: 45 }); // unacknowledged again within 300 s: de-duplicated
    host.clock.advanceBy(300_000);
    host.set("site-1", { t: 30 });
    engine.act("site-1/temp_h", "ack", { user: "ann", comment: "" });
    host.set("site-1", { t: 46 }); // 360 s after the first: sent again
    await notifier.idle();
    assert.deepEqual(
      ep.received.map((b) => [b.entry.alarm, b.entry.state, b.entry.value]),
      [["site-1/temp_h", "unacknowledged", 45], ["site-1/temp_h", "unacknowledged", 46]],
    );
    assert.equal(notifier.stats()[0].deduplicated, 1);
    assert.match(notifier.prometheus(), /outcome="sent"\} 2/);
  } finally {
    notifier.close();
    await ep.server.shutdown();
  }
});

Deno.test("webhook: a dead endpoint never holds up alarm processing, and is given up on", async () => {
  const ep = endpoint(1_000, 100); // always fails, slowly
  const { host, engine, notifier, logs } = setup(ep.url, { retries: 1, backoff_ms: 10 });
  try {
    const t0 = performance.now();
    for (let k = 0; k < 200; k++) {
      host.clock.advanceBy(1_000);
      host.set("site-1", { t: k % 2 ? 30 : 45 });
    }
    const elapsed = performance.now() - t0;
    assert.ok(elapsed < 200, `200 transitions took ${elapsed} ms beside a 100 ms endpoint`);
    assert.equal(engine.journal.total, 200, "every transition processed at once");
    await notifier.idle();
    const [s] = notifier.stats();
    // 100 annunciations 2 s apart, all within the 300 s de-duplication window: one is sent.
    assert.equal(s.failed, 1);
    assert.equal(s.deduplicated, 99);
    assert.equal(ep.attemptsAt.length, 2, "one attempt and one retry");
    assert.match(
      logs[0],
      /gave up on site-1\/temp_h \(unacknowledged\) after 2 attempts: HTTP 500/,
    );
  } finally {
    notifier.close();
    await ep.server.shutdown();
  }
});
