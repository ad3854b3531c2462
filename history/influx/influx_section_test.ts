import assert from "node:assert/strict";
import { parsePlant, PlantError } from "../../plant/plant_file.ts";
import { loadKinds } from "../../twins/registry.ts";
import {
  INFLUX_DEFAULTS,
  type InfluxSection,
  influxSection,
  resolveInfluxConfig,
} from "./influx_section.ts";

const kinds = await loadKinds();

function parse(influx: unknown) {
  const text = JSON.stringify(
    { name: "p", twins: [{ id: "well-1", kind: "well" }], influx },
    null,
    2,
  );
  return parsePlant(text, kinds, [influxSection], "plant.json");
}

function problems(influx: unknown): string[] {
  try {
    parse(influx);
  } catch (e) {
    assert.ok(e instanceof PlantError, String(e));
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("expected the plant to be rejected");
}

Deno.test("influx section: a whole section loads as written", () => {
  const section = {
    url: "http://127.0.0.1:8086",
    org: "ops",
    bucket: "twins",
    batch_size: 100,
    flush_interval_ms: 250,
    buffer_limit_points: 1000,
  };
  assert.deepEqual(parse(section).sections.influx, section);
});

Deno.test("influx section: bad settings are errors at their JSON path", () => {
  const found = problems({
    url: "127.0.0.1:8086",
    batch_size: 0,
    flush_interval_ms: "1s",
    colour: "red",
  });
  assert.ok(found.some((p) => p.startsWith("influx.url: must be an http or https URL")), found[0]);
  assert.ok(found.some((p) => p.startsWith("influx.batch_size:")), found.join("; "));
  assert.ok(found.some((p) => p.startsWith("influx.flush_interval_ms:")), found.join("; "));
  assert.ok(found.some((p) => p.includes("colour")), found.join("; "));
  assert.deepEqual(problems({ batch_size: 500, buffer_limit_points: 100 }), [
    "influx.buffer_limit_points: must be at least batch_size",
  ]);
  assert.deepEqual(problems({ retry_min_ms: 5000, retry_max_ms: 100 }), [
    "influx.retry_max_ms: must be at least retry_min_ms",
  ]);
});

Deno.test("influx config: no section and no --influx-url means no sink", () => {
  assert.equal(resolveInfluxConfig(undefined, {}), undefined);
  assert.equal(resolveInfluxConfig(undefined, { envToken: "t" }), undefined);
});

Deno.test("influx config: the command line overrides the file; the flag beats the environment", () => {
  const file: InfluxSection = {
    url: "http://file:8086",
    token: "file-token",
    org: "file-org",
    bucket: "file-bucket",
    batch_size: 10,
  };
  assert.deepEqual(resolveInfluxConfig(file, {}), {
    url: "http://file:8086",
    token: "file-token",
    org: "file-org",
    bucket: "file-bucket",
    measurement: "fieldtwin",
    batchSize: 10,
    flushIntervalMs: INFLUX_DEFAULTS.flushIntervalMs,
    bufferLimitPoints: INFLUX_DEFAULTS.bufferLimitPoints,
    retryMinMs: INFLUX_DEFAULTS.retryMinMs,
    retryMaxMs: INFLUX_DEFAULTS.retryMaxMs,
    timeoutMs: INFLUX_DEFAULTS.timeoutMs,
  });
  const over = resolveInfluxConfig(file, {
    url: "https://cli:8086",
    org: "cli-org",
    bucket: "cli-bucket",
    envToken: "env-token",
  })!;
  assert.deepEqual(
    [over.url, over.org, over.bucket, over.token, over.batchSize],
    ["https://cli:8086", "cli-org", "cli-bucket", "env-token", 10],
  );
  assert.equal(resolveInfluxConfig(file, { token: "cli", envToken: "env" })!.token, "cli");
  // The command line alone is enough.
  const cli = resolveInfluxConfig(undefined, { url: "http://h:1", org: "o", bucket: "b" })!;
  assert.deepEqual([cli.url, cli.token, cli.batchSize], ["http://h:1", "", 5000]);
});

Deno.test("influx config: a missing or wrong setting names the path and the flag", () => {
  assert.throws(
    () => resolveInfluxConfig({ url: "http://h:1", org: "o" }, {}),
    /influx\.bucket is missing: .*--influx-bucket/,
  );
  assert.throws(
    () => resolveInfluxConfig(undefined, { url: "http://h:1", bucket: "b" }),
    /influx\.org is missing: .*--influx-org/,
  );
  assert.throws(
    () => resolveInfluxConfig({ org: "o", bucket: "b" }, {}),
    /influx\.url is missing: .*--influx-url/,
  );
  assert.throws(
    () => resolveInfluxConfig(undefined, { bucket: "b" }),
    /influx\.url is missing/,
  );
  assert.throws(
    () => resolveInfluxConfig(undefined, { url: "ftp://h" }),
    /--influx-url must be an http or https URL, got "ftp:\/\/h"/,
  );
});
