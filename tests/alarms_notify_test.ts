/**
 * Webhook notifications against real HTTP servers on 127.0.0.1 that answer
 * 500, 404, 429 or nothing at all, as each test needs: retry with backoff
 * for transient failures only, `Retry-After`, routing by priority and state,
 * de-duplication stamped on delivery, a bounded queue per webhook, and
 * alarm processing that never waits for any of it. Retry waits go through
 * the notifier's `sleep` option, so tests read the waits asked for instead
 * of timing them; every other wait is on a condition.
 */
import assert from "node:assert/strict";
import { AlarmEngine } from "../actors/alarms/alarm_engine.ts";
import { notificationsSchema } from "../actors/notify/notifications_section.ts";
import {
  type NotifierOptions,
  type WebhookBody,
  WebhookNotifier,
} from "../actors/notify/webhook_notifier.ts";
import { alarmSettings, alarmSpec, FakeHost } from "./alarm_fixture.ts";
import { startTestServer } from "./test_server.ts";

/** What an endpoint answers to its n-th request (0-based); `hang` never answers. */
type Answer = { status: number; headers?: Record<string, string> } | "hang";

/** A webhook endpoint on 127.0.0.1 answering as `answer` says. */
function endpoint(answer: (n: number, path: string) => Answer = () => ({ status: 200 })) {
  const received: WebhookBody[] = [];
  const requests: string[] = [];
  const hanging = new Set<() => void>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const a = answer(requests.length, path);
      requests.push(path);
      const body = await req.json() as WebhookBody;
      if (a === "hang") {
        await new Promise<void>((resolve) => hanging.add(resolve));
        return new Response("late", { status: 503 });
      }
      if (a.status < 300) received.push(body);
      return new Response(a.status < 300 ? "ok" : "no", a);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    received,
    requests,
    hanging,
    async close() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
}

/** Resolve once `cond` holds; fail naming `what` after `ms`. */
async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type WebhookInput = Record<string, unknown> & { url: string };

/** An engine over two sites (site-1 critical, site-2 low) notifying `webhooks`. */
function setup(webhooks: WebhookInput[], opts: NotifierOptions = {}) {
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
    webhooks: webhooks.map((w, i) => ({
      name: `hook-${i}`,
      priorities: ["critical", "high"],
      retries: 4,
      backoff_ms: 40,
      dedup_s: 300,
      ...w,
    })),
  });
  const logs: string[] = [];
  const waits: number[] = [];
  const notifier = new WebhookNotifier(config.webhooks, {
    log: (m) => logs.push(m),
    // Retry waits are read, not slept.
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...opts,
  });
  engine.onEvent((p) => notifier.notify(p));
  engine.start();
  /** Annunciate site-1/temp_h again: back to normal, acknowledged, then high `dt` ms later. */
  const annunciate = (dtMs: number, value = 45) => {
    host.set("site-1", { t: 30 });
    if (engine.get("site-1/temp_h")?.state === "returned_unacknowledged") {
      engine.act("site-1/temp_h", "ack", { user: "ann", comment: "" });
    }
    host.clock.advanceBy(dtMs);
    host.set("site-1", { t: value });
  };
  return { host, engine, notifier, logs, waits, annunciate };
}

Deno.test("webhook: a 500 is retried with doubling backoff until the endpoint answers", async () => {
  const ep = endpoint((n) => ({ status: n < 2 ? 500 : 200 }));
  const { host, notifier, waits } = setup([{ url: `${ep.url}/hook` }]);
  try {
    host.set("site-1", { t: 45 });
    await notifier.idle();
    assert.equal(ep.requests.length, 3, "two failures, then success");
    assert.deepEqual(waits, [40, 80], "backoff 40 ms, then 80 ms");
    assert.equal(ep.received.length, 1);
    const body = ep.received[0];
    assert.equal(body.webhook, "hook-0");
    assert.equal(body.entry.alarm, "site-1/temp_h");
    assert.equal(body.entry.state, "unacknowledged");
    assert.equal(body.text, "[CRITICAL] site-1 t 45 degC above H limit 40 degC (unacknowledged)");
    const [s] = notifier.stats();
    assert.deepEqual([s.sent, s.retries, s.failed, s.down], [1, 2, 0, false]);
    assert.equal(s.lastError, "HTTP 500");
  } finally {
    notifier.close();
    await ep.close();
  }
});

Deno.test("webhook: routed by priority and state, de-duplicated within the window", async () => {
  const ep = endpoint();
  const { host, engine, notifier } = setup([{ url: ep.url }]);
  try {
    host.set("site-2", { t: 45 }); // low priority: not routed
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
    await ep.close();
  }
});

Deno.test("webhook: a notification that was never delivered does not de-duplicate the next one", async () => {
  // Both attempts of the first annunciation fail; the endpoint is back for the second.
  const ep = endpoint((n) => ({ status: n < 2 ? 500 : 200 }));
  const { notifier, annunciate, logs } = setup([{ url: ep.url, retries: 1 }]);
  try {
    annunciate(0, 45);
    await notifier.idle();
    assert.equal(notifier.stats()[0].failed, 1);
    assert.match(
      logs[0],
      /gave up on site-1\/temp_h \(unacknowledged\) after 2 attempts: HTTP 500/,
    );
    annunciate(60_000, 47); // within the 300 s window of the failed one
    await notifier.idle();
    assert.deepEqual(ep.received.map((b) => b.entry.value), [47]);
    const [s] = notifier.stats();
    assert.deepEqual([s.sent, s.failed, s.deduplicated, s.down], [1, 1, 0, false]);
    // Now delivered, the same alarm and state within the window is a duplicate.
    annunciate(60_000, 48);
    await notifier.idle();
    assert.equal(notifier.stats()[0].deduplicated, 1);
    assert.equal(ep.requests.length, 3);
  } finally {
    notifier.close();
    await ep.close();
  }
});

Deno.test("webhook: only network errors, 5xx, 408 and 429 are retried; other 4xx are final", async () => {
  const statuses = [400, 401, 403, 404, 410, 422, 408, 429, 500, 503];
  const ep = endpoint((_, path) => ({ status: Number(path.slice(1)) }));
  const { host, notifier, logs } = setup([
    ...statuses.map((s) => ({ url: `${ep.url}/${s}`, retries: 2 })),
    // Nothing listens on port 1 of loopback: connection refused.
    { url: "http://127.0.0.1:1/", retries: 2 },
  ]);
  try {
    host.set("site-1", { t: 45 });
    await notifier.idle();
    const attempts = statuses.map((s) => ep.requests.filter((p) => p === `/${s}`).length);
    assert.deepEqual(attempts, [1, 1, 1, 1, 1, 1, 3, 3, 3, 3]);
    const stats = notifier.stats();
    assert.deepEqual(stats.map((s) => s.failed), statuses.map(() => 1).concat(1));
    assert.deepEqual(stats.map((s) => s.retries), [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2]);
    assert.match(stats[3].lastError!, /^HTTP 404$/);
    assert.ok(logs.some((l) => /"hook-3": gave up .*HTTP 404 is final, not retried/.test(l)));
    assert.ok(stats[10].lastError, "a refused connection is reported");
  } finally {
    notifier.close();
    await ep.close();
  }
});

Deno.test("webhook: Retry-After in seconds or as an HTTP date is honoured, up to max_backoff_ms", async () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const answers: Record<string, Answer> = {
    "/seconds": { status: 429, headers: { "retry-after": "3" } },
    "/date": { status: 503, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" } },
    "/long": { status: 429, headers: { "retry-after": "86400" } },
    "/junk": { status: 429, headers: { "retry-after": "later" } },
  };
  const seen = new Map<string, number>();
  const ep = endpoint((_, path) => {
    seen.set(path, (seen.get(path) ?? 0) + 1);
    return seen.get(path)! === 1 ? answers[path] : { status: 200 };
  });
  for (const path of Object.keys(answers)) {
    const { host, notifier, waits } = setup(
      [{ url: `${ep.url}${path}`, max_backoff_ms: 10_000 }],
      { now: () => now },
    );
    try {
      host.set("site-1", { t: 45 });
      await notifier.idle();
      assert.equal(notifier.stats()[0].sent, 1, path);
      assert.deepEqual(
        waits,
        [{ "/seconds": 3_000, "/date": 7_000, "/long": 10_000, "/junk": 40 }[path]],
        path,
      );
    } finally {
      notifier.close();
    }
  }
  await ep.close();
});

Deno.test("webhook: a hanging endpoint delays neither alarm processing nor another webhook", async () => {
  const dead = endpoint(() => "hang");
  const live = endpoint();
  const { host, engine, notifier } = setup([
    { url: dead.url, timeout_ms: 60_000 },
    { url: live.url },
  ]);
  try {
    for (let k = 0; k < 200; k++) {
      host.clock.advanceBy(1_000);
      host.set("site-1", { t: k % 2 ? 30 : 45 });
    }
    // Synchronously after the loop: every transition was judged and journalled.
    assert.equal(engine.journal.total, 200);
    await waitFor(() => live.received.length === 1, "the live webhook's delivery");
    assert.equal(dead.requests.length, 1, "the dead one holds its first request");
    assert.equal(notifier.stats()[0].sent, 0);
    // 100 annunciations, 300 s window: the live one sent the first, then de-duplicated.
    assert.deepEqual([notifier.stats()[1].sent, notifier.stats()[1].deduplicated], [1, 99]);
  } finally {
    notifier.close();
    await notifier.idle();
    await dead.close();
    await live.close();
  }
});

Deno.test("webhook: a full queue drops its oldest, counted in /metrics lines; the one in flight stays", async () => {
  const dead = endpoint(() => "hang");
  const { notifier, annunciate } = setup([{ url: dead.url, queue: 3, timeout_ms: 60_000 }]);
  try {
    for (let k = 0; k < 10; k++) annunciate(400_000, 45 + k); // outside the window each time
    await waitFor(() => dead.requests.length === 1, "the first request");
    const [s] = notifier.stats();
    assert.deepEqual([s.queued, s.dropped], [3, 6], "1 in flight, 3 waiting, 6 dropped");
    const metrics = notifier.prometheus();
    assert.match(
      metrics,
      /fieldtwin_alarm_notifications_total\{webhook="hook-0",outcome="dropped"\} 6/,
    );
    assert.match(metrics, /fieldtwin_alarm_notifications_queued\{webhook="hook-0"\} 3/);
    // The in-flight one is the first; the survivors are the newest three.
    for (const release of dead.hanging) release();
  } finally {
    notifier.close();
    await notifier.idle();
    await dead.close();
  }
});

Deno.test("webhook: a dead endpoint costs one attempt per notification once it has failed a full retry cycle", async () => {
  const ep = endpoint(() => ({ status: 500 }));
  const { notifier, annunciate, logs } = setup([{ url: ep.url, retries: 2 }]);
  try {
    for (let k = 0; k < 5; k++) annunciate(400_000, 45 + k);
    await notifier.idle();
    // 3 attempts for the first, then 1 each: 7, where a retry cycle each would be 15.
    assert.equal(ep.requests.length, 7);
    const [s] = notifier.stats();
    assert.deepEqual([s.failed, s.retries, s.down], [5, 2, true]);
    assert.match(notifier.prometheus(), /fieldtwin_alarm_webhook_down\{webhook="hook-0"\} 1/);
    assert.equal(logs.length, 1, "going down is logged once");
  } finally {
    notifier.close();
    await ep.close();
  }
});

Deno.test({
  name: "webhook: /metrics of a running server carries the drop counter and queue length",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dead = endpoint(() => "hang");
    const s = await startTestServer({
      name: "notify-metrics",
      twins: [{ id: "rtu-{i}", count: 4, kind: "rtu" }],
      alarms: {
        definitions: [{
          name: "data_age",
          kind: "rtu",
          priority: "high",
          condition: { type: "limit", point: "data_age", h: 30 },
        }],
      },
      notifications: {
        webhooks: [{ name: "pager", url: dead.url, queue: 2, timeout_ms: 60_000 }],
      },
    }, { virtual: true });
    try {
      for (let i = 1; i <= 4; i++) {
        s.runtime.commands.submit(`rtu-${i}`, {
          type: "inject_fault",
          args: { fault: "stale" },
        }, "drill");
      }
      s.runtime.runFor(70_000);
      await waitFor(() => dead.requests.length === 1, "the first request");
      const text = await (await fetch(`${s.url}/metrics`)).text();
      assert.match(
        text,
        /fieldtwin_alarm_notifications_total\{webhook="pager",outcome="dropped"\} 1/,
      );
      assert.match(text, /fieldtwin_alarm_notifications_queued\{webhook="pager"\} 2/);
    } finally {
      await s.close();
      await dead.close();
    }
  },
});
