import { dayFromHour } from "./rolling_day.ts";
import assert from "node:assert/strict";
import { stationParams } from "../twins/pump_station/params.ts";
import { loadStation, scheduleTable } from "./cli.ts";
import { confirm } from "./optimize_station.ts";
import { DEFAULT_TARIFF } from "./tariff.ts";

Deno.test("loadStation reads plant files, params files and random stations, naming errors", async () => {
  const plant = await loadStation(
    new URL("../plants/station_epanet.json", import.meta.url).pathname,
  );
  assert.equal(plant.pumps.length, 2);
  assert.equal((await loadStation("random:3")).model, "epanet");
  const dir = await Deno.makeTempDir();
  try {
    const bad = `${dir}/bad.json`;
    await Deno.writeTextFile(bad, JSON.stringify({ tank: { diameter_m: -1 } }));
    await assert.rejects(() => loadStation(bad), /bad\.json: params\.tank\.diameter_m/);
    await assert.rejects(
      () => loadStation(new URL("../plants/station_epanet.json", import.meta.url).pathname, "nope"),
      /no pump station with id "nope"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the schedule table shows each hour's pumps, level and energy", () => {
  const cfg = stationParams.parse({
    model: "epanet",
    pumps: [{ suffix: "a", initial_status: "running" }, { suffix: "b", vfd: true }],
  });
  const schedule = Array.from({ length: 24 }, (_, h) => [h < 12 ? 1 : 0, h === 3 ? 0.8 : 0]);
  const lines = scheduleTable(cfg, confirm(cfg, schedule, DEFAULT_TARIFF), DEFAULT_TARIFF);
  assert.equal(lines.length, 25);
  assert.match(lines[0], /hour\s+price\s+a\s+b\s+level_m\s+kWh/);
  assert.match(lines[4], /^\s+3\s+0\.080\s+on\s+0\.80\s+[\d.]+\s+[\d.]+$/);
  assert.match(lines[13], /^\s+12\s+0\.140\s+-\s+-\s+[\d.]+\s+0\.0$/);
});

Deno.test("the schedule table of a day planned from 17:00 shows clock hours and their prices", () => {
  const base = stationParams.parse({ model: "epanet", pumps: [{ suffix: "a" }] });
  const { config, tariff } = dayFromHour(base, DEFAULT_TARIFF, 17);
  const schedule = Array.from({ length: 24 }, () => [1]);
  const lines = scheduleTable(config, confirm(config, schedule, tariff), tariff, 17);
  assert.match(lines[1], /^\s+17\s+0\.300\s/);
  assert.match(lines[8], /^\s+0\s+0\.080\s/);
  assert.match(lines[24], /^\s+16\s+0\.140\s/);
});

Deno.test("optimize-station refuses a start hour outside the day", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      "optimization/cli.ts",
      "random:1",
      "--start-hour",
      "24",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 2);
  assert.match(new TextDecoder().decode(out.stderr), /--start-hour must be an hour 0-23, got "24"/);
});
