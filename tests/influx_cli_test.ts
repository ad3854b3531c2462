/**
 * `deno task start` forwarding history to a real VictoriaMetrics through the
 * InfluxDB sink, under the start task's own permissions: settings from the
 * plant file and the command line, errors naming the setting, and points
 * arriving with the metrics on /metrics.
 */
import assert from "node:assert/strict";
import { startTaskPermissions } from "./start_task.ts";
import { VictoriaMetrics } from "./peers/victoria_metrics.ts";

const root = new URL("..", import.meta.url).pathname;

function command(args: string[], env: Record<string, string> = {}, perms: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...perms, "main.ts", "--auth", "off", ...args],
    cwd: root,
    env,
    stdout: "piped",
    stderr: "piped",
  });
}

async function plantFile(dir: string, influx?: unknown): Promise<string> {
  const path = `${dir}/p.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      name: "p",
      twins: [{ id: "site-1", kind: "cooling_site" }],
      // Every sample stored, so points flow at once.
      history: { defaults: { max_interval_s: 0 } },
      ...(influx === undefined ? {} : { influx }),
    }),
  );
  return path;
}

Deno.test("start: a missing InfluxDB setting stops the start, naming it and its flag", async () => {
  const perms = await startTaskPermissions();
  const dir = await Deno.makeTempDir();
  try {
    const plain = await plantFile(dir);
    const noOrg = await command(
      ["--plant", plain, "--port", "0", "--data", dir, "--influx-url", "http://127.0.0.1:1"],
      {},
      perms,
    ).output();
    assert.equal(noOrg.code, 1);
    assert.match(
      new TextDecoder().decode(noOrg.stderr),
      /fieldtwin: InfluxDB: influx\.org is missing: set it in the plant file's influx section or with --influx-org/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("start: history goes to VictoriaMetrics, file settings with command-line overrides", async () => {
  const perms = await startTaskPermissions();
  const vm = await VictoriaMetrics.start();
  const dir = await Deno.makeTempDir();
  // The file names a server that is not there and a wrong bucket; the command line wins.
  const plant = await plantFile(dir, {
    url: "http://127.0.0.1:1",
    org: "ops",
    bucket: "wrong",
    flush_interval_ms: 100,
  });
  const proc = command(
    [
      "--plant",
      plant,
      "--port",
      "0",
      "--data",
      dir,
      "--influx-url",
      vm.url,
      "--influx-bucket",
      "b",
    ],
    { FIELDTWIN_INFLUX_TOKEN: "not-shown-in-ps" },
    perms,
  ).spawn();
  const lines = proc.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    let port = 0;
    while (!port) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`fieldtwin ended early:\n${out}`);
      out += value;
      port = Number(/open http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1] ?? 0);
    }
    assert.match(
      out,
      new RegExp(
        `forwarding history to InfluxDB ${vm.url} \\(org "ops", bucket "b"; buffer ${dir}/p\\.influx-buffer\\.sqlite\\)`,
      ),
    );
    let metrics = "";
    const written = () =>
      Number(/^fieldtwin_influx_written_points_total (\d+)$/m.exec(metrics)?.[1] ?? 0);
    const deadline = Date.now() + 20_000;
    while (written() < 20 || !/^fieldtwin_influx_connected 1$/m.test(metrics)) {
      assert.ok(Date.now() < deadline, `no points written in 20 s:\n${metrics}`);
      await new Promise((r) => setTimeout(r, 100));
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    }
    assert.match(metrics, /^fieldtwin_influx_dropped_points_total 0$/m);
    await vm.forceFlush();
    const series = await vm.export(
      '{__name__="fieldtwin_value",twin="site-1",point="supply_temp"}',
      Date.now() + 86_400_000,
    );
    assert.equal(series.length, 1, JSON.stringify(series));
    assert.equal(series[0].metric.quality, "good");
    assert.ok(series[0].values.length >= 1);
    for (const v of series[0].values) assert.ok(v > 0 && v < 60, `supply_temp ${v}`);
  } finally {
    proc.kill("SIGTERM");
    await lines.cancel();
    await proc.stderr.cancel();
    await proc.status;
    await vm.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});
