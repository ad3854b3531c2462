/**
 * Fuzz of the HTTP API: 10,000 random and mutated requests over every
 * endpoint, sent raw over TCP to the real server (tests/test_server.ts) on
 * real time: odd methods, paths with odd escapes and prototype names, query
 * strings, JSON bodies mutated from valid ones, huge headers and user names,
 * bodies shorter than their content-length. Not one answer may be a 5xx (or
 * missing), the plant must keep stepping, and memory must stay flat.
 *
 * The seed is printed; `FUZZ_SEED=<n>` repeats a run, `FUZZ_REQUESTS=<n>`
 * changes its length.
 */
import assert from "node:assert/strict";
import {
  concat,
  Dice,
  example,
  mutateBytes,
  mutateJson,
  PROTOTYPE_NAMES,
} from "./fuzz_mutation.ts";
import { rawRequest } from "./raw_http.ts";
import { startTestServer } from "./test_server.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20260701);
const REQUESTS = Number(Deno.env.get("FUZZ_REQUESTS") ?? 10_000);
const CONCURRENCY = 8;
/** RSS may grow this much over the run (command records and the journal fill up to their caps). */
const RSS_BOUND_MB = 150;

const plant = {
  name: "fuzz-http",
  twins: [
    { id: "rtu-{i}", count: 2, kind: "rtu", params: { assets: ["site-{i}"] } },
    { id: "site-{i}", count: 2, kind: "cooling_site" },
    { id: "well-1", kind: "well" },
    { id: "ps", kind: "pump_station" },
  ],
  calculated: [{
    kind: "cooling_site",
    point: "delta_t",
    expr: "return_temp - supply_temp",
    unit: "K",
  }],
  alarms: {
    definitions: [
      {
        name: "comm",
        kind: "rtu",
        priority: "high",
        condition: { type: "state", point: "comm_ok", in: [false] },
      },
      {
        name: "hot",
        kind: "cooling_site",
        priority: "low",
        condition: { type: "limit", point: "supply_temp", h: 20 },
      },
    ],
  },
};

interface Sent {
  method: string;
  target: string;
  head: string;
  body: Uint8Array;
  declared?: number;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"];
const ODD_SEGMENTS = [
  "%",
  "%zz",
  "%E0%A4%A",
  "%2F",
  "%00",
  "%2e%2e",
  "..",
  ".",
  "%C3%A9",
  "é",
  "a%20b",
  "x".repeat(5_000),
  "",
  "%FF%FE",
  "rtu-1%2Fcomm",
];

Deno.test({
  name:
    `fuzz: ${REQUESTS} random and mutated requests give no 5xx, the plant steps on, memory stays flat`,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    console.log(`fuzz_http seed ${SEED} (FUZZ_SEED=${SEED} repeats this run)`);
    const dice = new Dice(SEED);
    const s = await startTestServer(plant, {
      web: { body: { maxBytes: 1_000_000, timeoutMs: 300 } },
    });
    const port = Number(new URL(s.url).port);
    try {
      // The fuzz starts on a ready plant: before its first step
      // /api/health/ready rightly answers 503, which is no server fault.
      const readyBy = Date.now() + 10_000;
      while (s.runtime.stats.steps === 0) {
        if (Date.now() > readyBy) throw new Error("the plant never stepped");
        await new Promise((r) => setTimeout(r, 20));
      }
      const kinds = await (await fetch(`${s.url}/api/kinds`)).json() as {
        kind: string;
        commands: Record<string, { args: Record<string, unknown> }>;
      }[];
      const twins = await (await fetch(`${s.url}/api/twins`)).json() as {
        id: string;
        kind: string;
      }[];
      const alarmIds = (await (await fetch(`${s.url}/api/alarms?state=all`)).json() as {
        id: string;
      }[]).map((a) => a.id);
      const params = new Map<string, unknown>();
      for (const t of twins) {
        params.set(t.id, (await (await fetch(`${s.url}/api/twins/${t.id}`)).json()).params);
      }
      const generate = requestMaker(dice, { kinds, twins, alarmIds, params });

      // Warm up so the baseline includes the JIT and the first allocations.
      await run(port, 1_000, generate);
      const rssBefore = Deno.memoryUsage().rss;
      const stepsBefore = s.runtime.stats.steps;
      const started = performance.now();
      const failures = await run(port, REQUESTS, generate);
      const seconds = (performance.now() - started) / 1000;
      const stepsAfter = s.runtime.stats.steps;
      const grownMb = (Deno.memoryUsage().rss - rssBefore) / 1e6;
      console.log(
        `fuzz_http: ${REQUESTS} requests in ${
          seconds.toFixed(1)
        } s, ${failures.length} failures, ` +
          `steps ${stepsBefore} -> ${stepsAfter}, RSS ${grownMb >= 0 ? "+" : ""}${
            grownMb.toFixed(0)
          } MB`,
      );
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} answers were 5xx or missing`);
      assert.ok(stepsAfter > stepsBefore, `the plant stopped stepping at step ${stepsAfter}`);
      const live = await fetch(`${s.url}/api/health/live`);
      assert.equal(live.status, 200, await live.text());
      assert.ok(grownMb < RSS_BOUND_MB, `RSS grew ${grownMb.toFixed(0)} MB`);
    } finally {
      await s.close();
    }
  },
});

/** Send `count` requests made by `generate`, a few at a time; returns the ones answered 5xx or not at all. */
async function run(port: number, count: number, generate: () => Sent): Promise<string[]> {
  const failures: string[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const r = generate();
      const res = await rawRequest(port, concat(new TextEncoder().encode(r.head), r.body), {
        timeoutMs: 15_000,
      });
      if (res.status === 0 || res.status >= 500) {
        failures.push(
          `${res.status} ${r.method} ${r.target.slice(0, 120)} ${
            new TextDecoder().decode(r.body.subarray(0, 120))
          } -> ${res.body.slice(0, 200)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

interface Known {
  kinds: { kind: string; commands: Record<string, { args: Record<string, unknown> }> }[];
  twins: { id: string; kind: string }[];
  alarmIds: string[];
  params: Map<string, unknown>;
}

/** A generator of requests, each drawn from `dice`. */
function requestMaker(dice: Dice, known: Known): () => Sent {
  const id = () => {
    const r = dice.int(10);
    if (r < 6) return encodeURIComponent(dice.pick(known.twins).id);
    if (r < 8) return dice.pick(PROTOTYPE_NAMES);
    return dice.pick(ODD_SEGMENTS);
  };
  const alarm = () => {
    const r = dice.int(10);
    if (r < 6 && known.alarmIds.length) return dice.pick(known.alarmIds);
    if (r < 8) return `${dice.pick(known.twins).id}/${dice.pick(PROTOTYPE_NAMES)}`;
    return dice.pick(ODD_SEGMENTS);
  };
  const action = () =>
    dice.chance(0.7)
      ? dice.pick(["ack", "shelve", "unshelve", "out-of-service", "in-service", "reset"])
      : dice.pick([...PROTOTYPE_NAMES, ...ODD_SEGMENTS]);
  const commandBody = () => {
    const twin = dice.pick(known.twins);
    const kind = known.kinds.find((k) => k.kind === twin.kind)!;
    const [type, spec] = dice.pick(Object.entries(kind.commands));
    return { type, args: example(dice, spec.args), comment: "fuzz" };
  };

  const endpoints: [string, () => string, (() => unknown) | undefined][] = [
    ["GET", () => "/api/health", undefined],
    ["GET", () => "/api/health/live", undefined],
    ["GET", () => "/api/health/ready", undefined],
    ["GET", () => "/api/plant", undefined],
    ["GET", () => "/api/kinds", undefined],
    ["GET", () => `/api/twins${query(dice, ["kind", "mode", "parent", "ids"])}`, undefined],
    ["GET", () => `/api/twins/${id()}${query(dice, [])}`, undefined],
    ["GET", () => `/api/twins/${id()}/commands${query(dice, ["limit"])}`, undefined],
    ["GET", () => `/api/commands${query(dice, ["twin", "limit"])}`, undefined],
    [
      "GET",
      () => `/api/commands/${dice.pick(["cmd-000001-x", ...PROTOTYPE_NAMES, ...ODD_SEGMENTS])}`,
      undefined,
    ],
    ["GET", () => `/api/stream${query(dice, ["ids", "kinds"])}`, undefined],
    ["GET", () => "/metrics", undefined],
    ["GET", () => `/api/alarms${query(dice, ["twin", "priority", "state"])}`, undefined],
    [
      "GET",
      () =>
        `/api/alarms/journal${
          query(dice, ["from", "to", "twin", "alarm", "priority", "state", "limit"])
        }`,
      undefined,
    ],
    ["GET", () => "/api/alarms/metrics", undefined],
    ["GET", () => `/api/alarms/${alarm()}${query(dice, [])}`, undefined],
    [
      "GET",
      () => dice.pick(["/", "/app.js", "/app.css", "/twins/x", "/alarms", "/index.html", "/..%2f"]),
      undefined,
    ],
    ["POST", () => `/api/twins/${id()}/commands`, commandBody],
    ["POST", () => `/api/twins/${id()}/stop`, undefined],
    ["POST", () => `/api/twins/${id()}/start`, undefined],
    ["PUT", () => `/api/twins/${id()}/params`, () => known.params.get(dice.pick(known.twins).id)],
    ["POST", () => "/api/alarms/ack", () => ({ ids: [alarm(), alarm()], comment: "fuzz" })],
    [
      "POST",
      () => `/api/alarms/${alarm()}/${action()}`,
      () => ({ comment: "fuzz", duration_s: 60, user: "op" }),
    ],
  ];

  return () => {
    const [method0, target, bodyOf] = dice.pick(endpoints);
    const method = dice.chance(0.1) ? dice.pick(METHODS) : method0;
    let path = target();
    // A share of plain stop/start requests would stop the whole plant; most become reads.
    if (/\/(stop)$/.test(path) && dice.chance(0.7)) path = path.replace(/stop$/, "start");
    let body: Uint8Array = new Uint8Array();
    if (bodyOf && dice.chance(0.95)) {
      let value = bodyOf();
      for (let n = dice.int(3); n > 0; n--) value = mutateJson(dice, value);
      body = new TextEncoder().encode(JSON.stringify(value) ?? "");
      if (dice.chance(0.15) && body.length > 0) body = mutateBytes(dice, body);
    } else if (dice.chance(0.05)) {
      const deep = dice.pick([1_000, 200_000]);
      body = new TextEncoder().encode(dice.pick([
        "x".repeat(dice.pick([10, 1_200_000])),
        `{"type":${"[".repeat(deep)}${"]".repeat(deep)}}`,
      ]));
    }
    const headers = [`host: 127.0.0.1`, "connection: close"];
    const type = dice.pick([
      "application/json",
      "application/json",
      "text/plain",
      "",
      "multipart/form-data; boundary=x",
      "application/xml",
    ]);
    if (type) headers.push(`content-type: ${type}`);
    if (dice.chance(0.3)) headers.push(`x-user: ${user(dice)}`);
    if (dice.chance(0.03)) headers.push(`x-junk: ${"j".repeat(dice.pick([1_000, 60_000]))}`);
    let declared = body.length;
    if (dice.chance(0.03) && body.length > 0) declared += 1 + dice.int(1000); // shorter than declared
    if (dice.chance(0.01)) declared = 50_000_000; // declared huge, little sent
    if (body.length > 0 || method === "POST" || method === "PUT" || dice.chance(0.1)) {
      headers.push(`content-length: ${declared}`);
    }
    return {
      method,
      target: path,
      head: `${method} ${path} HTTP/1.1\r\n${headers.join("\r\n")}\r\n\r\n`,
      body,
      declared,
    };
  };
}

function query(dice: Dice, accepted: string[]): string {
  if (dice.chance(0.4)) return "";
  const parts: string[] = [];
  for (let n = 1 + dice.int(3); n > 0; n--) {
    const key = dice.chance(0.7) && accepted.length ? dice.pick(accepted) : dice.pick([
      "colour",
      "__proto__",
      "constructor",
      "%zz",
      "",
      "limit",
    ]);
    const value = dice.pick([
      "1",
      "0",
      "-5",
      "100001",
      "1e309",
      "abc",
      "rtu-1,site-1",
      "pump,rtu",
      "all",
      "high,critical",
      "2026-01-01T00:00:00Z",
      "%E0%A4%A",
      "%",
      "",
      ...PROTOTYPE_NAMES,
      "x".repeat(3_000),
    ]);
    parts.push(`${key}=${value}`);
  }
  return `?${parts.join("&")}`;
}

function user(dice: Dice): string {
  return dice.pick([
    "op1",
    "Jürgen",
    encodeURIComponent("操作员"),
    "%E0%A4%A",
    "u".repeat(101),
    "u".repeat(60_000),
    "a\u0007b",
    "constructor",
    "__proto__",
    " ",
  ]);
}
