import assert from "node:assert/strict";
import type { PointValues } from "../simulator.ts";
import { CoolingSiteSimulator } from "./cooling_site_simulator.ts";
import { COOLING_SITE_DEFAULTS, type CoolingSiteConfig } from "./site_config.ts";
import { assertContinues } from "../snapshot_round_trip.ts";

// A site with no variation, no ambient noise and a flat 22 degC ambient, so
// steady states are exact and hand calculations apply.
const QUIET: CoolingSiteConfig = {
  ...COOLING_SITE_DEFAULTS,
  variation: 0,
  ambient_noise_c: 0,
  ambient_amplitude_c: 0,
};

// Hand-calculation constants for the default site.
const RHO = 1030, CP = 3.7;
const LOAD_KW = 200 * 3.5 * 0.97; // 679 kW into the coolant
const FLOW_M3H = 90 * 0.8; // 72 m3/h at the 80 % pump setpoint
const G_KW_PER_K = (FLOW_M3H / 3600) * RHO * CP; // 76.22 kW/K
const HOT_LEG_KJ_PER_K = 0.35 * 2 * RHO * CP; // 2668 kJ/K

const close = (a: number, b: number, tol: number, what = "") =>
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);

/** A site under test with its own clock and a live copy of its points. */
class Bench {
  readonly sim: CoolingSiteSimulator;
  readonly v: PointValues = {};
  t = 0;

  constructor(over: Partial<CoolingSiteConfig> = {}, seed = 1, base = QUIET) {
    this.sim = new CoolingSiteSimulator({ id: "site-1", config: { ...base, ...over }, seed });
    this.sim.read("site-1", this.v);
  }

  run(seconds: number, each?: (v: PointValues) => void): this {
    for (let i = 0; i < seconds; i++) {
      this.t += 1;
      this.sim.step(1, this.t);
      this.sim.read("site-1", this.v);
      each?.(this.v);
    }
    return this;
  }

  cmd(type: string, args: Record<string, unknown> = {}): string | undefined {
    return this.sim.actuate("site-1", { type, args });
  }

  num(name: string): number {
    return this.v[name] as number;
  }

  inspect(name: string): number {
    return this.sim.inspect()[name] as number;
  }
}

Deno.test("steady state: heat rejected = heat load, rig dT = Q / (m_dot cp), powers by hand", () => {
  const b = new Bench({ shell_loss_kw_per_k: 0 }).run(3600);
  close(b.num("it_power"), 700, 1e-9, "IT power");
  close(b.num("heat_load"), LOAD_KW, 1e-9, "heat load");
  close(b.num("coolant_flow"), FLOW_M3H, 1e-9, "flow");
  close(b.num("heat_rejected"), LOAD_KW, 0.001 * LOAD_KW, "rejected");
  // 679 kW / 76.22 kW/K = 8.908 K across the rigs.
  close(b.num("return_temp") - b.num("supply_temp"), LOAD_KW / G_KW_PER_K, 0.01, "rig dT");
  close(LOAD_KW / G_KW_PER_K, 8.908, 0.001);
  close(b.num("supply_temp"), 40, 0.05, "supply");
  close(b.num("ambient_temp"), 22, 1e-9, "ambient");

  // Pump 7.5 kW * 0.8^3 = 3.84 kW; fans 10 * 2.5 kW * n^3.
  const n = b.num("fan_speed") / 100;
  close(b.num("pump_power"), 3.84, 1e-9, "pump power");
  close(b.num("fan_power"), 25 * n ** 3, 1e-9, "fan power");
  close(b.num("pue"), (700 + 25 * n ** 3 + 3.84) / 700, 1e-9, "pue");
  assert.ok(n > 0.2 && n < 0.6, `a 22 degC day needs part-speed fans, got ${n}`);

  // The dry cooler by hand from the fan speed: airflow 60 n + 1.8 m3/s,
  // UA = 100 / (0.75 (V/60)^-0.7 + 0.25 (72/90)^-0.8), counter-flow e-NTU.
  const airflow = 60 * n + 1.8;
  const cAir = 1.2 * 1.006 * airflow;
  const ua = 100 / (0.75 * (airflow / 60) ** -0.7 + 0.25 * 0.8 ** -0.8);
  const cMin = Math.min(cAir, G_KW_PER_K), cMax = Math.max(cAir, G_KW_PER_K);
  const ntu = ua / cMin, cr = cMin / cMax;
  const eff = (1 - Math.exp(-ntu * (1 - cr))) / (1 - cr * Math.exp(-ntu * (1 - cr)));
  const duty = eff * cMin * (b.num("return_temp") - 22);
  close(duty, b.num("heat_rejected"), 0.002 * LOAD_KW, "cooler duty");
  close(b.inspect("cooler_ua_kw_per_k"), ua, 1e-9, "UA");
  assert.deepEqual([b.v.hashrate, b.v.rigs_online, b.v.rig_throttle], [40_000, 200, 100]);
});

Deno.test("affinity laws at the site: flow ~ speed, power ~ speed^3 for pump and fans", () => {
  const b = new Bench();
  assert.equal(b.cmd("set_control_mode", { mode: "manual" }), undefined);
  b.cmd("set_pump_setpoint", { pct: 50 });
  b.cmd("set_fan_setpoint", { pct: 40 });
  b.run(60);
  const q50 = b.num("coolant_flow"), p50 = b.num("pump_power");
  const f40 = b.num("fan_power"), air40 = b.inspect("airflow_m3s");
  b.cmd("set_pump_setpoint", { pct: 100 });
  b.cmd("set_fan_setpoint", { pct: 80 });
  b.run(60);
  close(q50, 45, 1e-9, "flow at 50 %");
  close(b.num("coolant_flow") / q50, 2, 1e-9, "flow ratio");
  close(b.num("pump_power") / p50, 8, 1e-9, "pump power ratio");
  close(b.num("pump_power"), 7.5, 1e-9, "rated pump power");
  close(b.num("fan_power") / f40, 8, 1e-9, "fan power ratio");
  close(f40, 25 * 0.4 ** 3, 1e-9, "fan power at 40 %");
  // Fan airflow doubles; the 1.8 m3/s of natural draft does not.
  close((b.inspect("airflow_m3s") - 1.8) / (air40 - 1.8), 2, 1e-9, "airflow ratio");
});

Deno.test("energy balance: stored heat change = integral of (heat load - heat rejected), within 1 %", () => {
  // Full defaults: seeded variation, ambient cycle and noise.
  const b = new Bench({}, 9, COOLING_SITE_DEFAULTS);
  b.cmd("set_control_mode", { mode: "manual" });
  const phase = (fanPct: number, pumpPct: number) => {
    b.cmd("set_fan_setpoint", { pct: fanPct });
    b.cmd("set_pump_setpoint", { pct: pumpPct });
    const e0 = b.inspect("stored_energy_kj");
    let net = 0;
    b.run(1800, (v) => net += (v.heat_load as number) - (v.heat_rejected as number));
    const stored = b.inspect("stored_energy_kj") - e0;
    return { stored, net };
  };
  const warming = phase(10, 60);
  const cooling = phase(100, 100);
  assert.ok(warming.stored > 20_000, `fans at 10 % must warm the loop: ${warming.stored} kJ`);
  assert.ok(cooling.stored < -20_000, `fans at 100 % must cool it: ${cooling.stored} kJ`);
  for (const { stored, net } of [warming, cooling]) close(stored, net, 0.01 * Math.abs(stored));
});

Deno.test("daily ambient cycle: 28 degC at 15:00, 16 degC at 03:00; fans work harder in the afternoon", () => {
  const b = new Bench({ ambient_amplitude_c: 6 });
  b.run(3 * 3600);
  close(b.num("ambient_temp"), 16, 1e-9, "03:00");
  const nightFan = b.num("fan_speed"), nightPue = b.num("pue");
  b.run(12 * 3600);
  close(b.num("ambient_temp"), 28, 1e-9, "15:00");
  assert.ok(b.num("fan_speed") > nightFan + 15, `${b.num("fan_speed")} vs ${nightFan}`);
  assert.ok(b.num("pue") > nightPue);
  close(b.num("supply_temp"), 40, 0.5, "supply held");
});

Deno.test("PI control holds the supply within 0.5 K all day, and follows a setpoint change", () => {
  const b = new Bench({ ambient_amplitude_c: 6, ambient_noise_c: 0.3 }, 3);
  let worst = 0;
  b.run(86_400, (v) => worst = Math.max(worst, Math.abs((v.supply_temp as number) - 40)));
  assert.ok(worst < 0.5, `worst deviation ${worst} K`);
  const fanBefore = b.num("fan_speed");
  assert.equal(b.cmd("set_supply_setpoint", { degC: 37 }), undefined);
  b.run(1800);
  close(b.num("supply_temp"), 37, 0.5, "30 min after the step");
  b.run(1800);
  close(b.num("supply_temp"), 37, 0.1, "1 h after the step");
  assert.ok(b.num("fan_speed") > fanBefore, "a colder supply needs more air");
  assert.equal(b.v.supply_setpoint, 37);
});

Deno.test("fan_failure in auto: supply rises, then the 7 remaining fans run 10/7 faster", () => {
  const b = new Bench().run(600);
  const n0 = b.num("fan_speed"), p0 = b.num("fan_power");
  assert.equal(b.cmd("inject_fault", { fault: "fan_failure", severity: 0.3 }), undefined);
  let peak = 0;
  b.run(7200, (v) => peak = Math.max(peak, v.supply_temp as number));
  assert.equal(b.v.fans_failed, 3);
  assert.ok(peak > 40.3 && peak < 42, `transient peak ${peak}`);
  close(b.num("supply_temp"), 40, 0.05, "held again");
  // Same heat, same temperatures -> same airflow from 7 fans: n' = n 10/7,
  // and fan power 7 (n 10/7)^3 / (10 n^3) = (10/7)^2 = 2.04.
  close(b.num("fan_speed") / n0, 10 / 7, 0.005, "speed ratio");
  close(b.num("fan_power") / p0, (10 / 7) ** 2, 0.02, "fan power ratio");
});

Deno.test("fan_failure in manual: nothing compensates, supply settles several K higher", () => {
  const b = new Bench().run(600);
  b.cmd("set_control_mode", { mode: "manual" });
  b.cmd("inject_fault", { fault: "fan_failure", severity: 0.3 });
  b.run(7200);
  const rise = b.num("supply_temp") - 40;
  assert.ok(rise > 1 && rise < 10, `rise ${rise} K`);
  close(b.num("heat_rejected"), b.num("heat_load"), 0.005 * LOAD_KW, "new steady state");
});

Deno.test("pump_failure: flow collapses, rig outlet climbs at Q / C_hot, rigs throttle then trip", () => {
  const b = new Bench().run(600);
  const ret0 = b.num("return_temp"), sup0 = b.num("supply_temp");
  b.cmd("inject_fault", { fault: "pump_failure" });
  b.run(10);
  assert.equal(b.num("coolant_flow"), 0);
  assert.equal(b.num("pump_power"), 0);
  assert.equal(b.v.pumps_failed, 1);
  // Hot leg alone: (679 - 0.25 kW/K * 27 K) / 2668 kJ/K = 0.252 K/s -> +2.5 K in 10 s.
  const rate = (LOAD_KW - 0.25 * (ret0 - 22)) / HOT_LEG_KJ_PER_K;
  close(b.num("return_temp") - ret0, 10 * rate, 0.03 * 10 * rate, "first 10 s");
  b.run(50);
  assert.ok(b.num("rig_throttle") < 100, `throttling at ${b.num("return_temp")} degC`);
  assert.ok(b.num("hashrate") < 40_000);
  b.run(240);
  assert.ok(b.num("rigs_tripped") > 0, "rigs protect themselves");
  assert.ok(b.num("heat_load") < 0.5 * LOAD_KW);
  assert.ok(b.num("return_temp") - b.num("supply_temp") > 15);
  close(b.num("supply_temp"), sup0, 0.5, "the cold leg, cut off, barely moves");
});

Deno.test("pump_failure with two pumps: one pump carries 77 % of the flow", () => {
  const b = new Bench({ pumps: 2 }).run(600);
  b.cmd("inject_fault", { fault: "pump_failure", severity: 0.5 });
  b.run(7200);
  const frac = Math.sqrt(1.3 / 2.2);
  close(b.num("coolant_flow"), FLOW_M3H * frac, 1e-9, "flow");
  close(b.num("pump_power"), 7.5 * (0.8 * frac) ** 3, 1e-9, "pump power");
  assert.equal(b.v.pumps_failed, 1);
  // Auto still holds the supply; the rigs see a bigger dT: 8.9 K / 0.769 = 11.6 K.
  close(b.num("supply_temp"), 40, 0.1, "supply");
  close(b.num("return_temp") - b.num("supply_temp"), LOAD_KW / (G_KW_PER_K * frac), 0.15, "dT");
});

Deno.test("exchanger_fouling: UA halves over an hour; auto needs more fan, manual runs a wider approach", () => {
  const auto = new Bench().run(600);
  const n0 = auto.num("fan_speed");
  auto.cmd("inject_fault", { fault: "exchanger_fouling", severity: 0.5 });
  auto.run(7200);
  close(auto.num("supply_temp"), 40, 0.1, "auto holds supply");
  assert.ok(auto.num("fan_speed") > n0 + 10, `fan ${n0} -> ${auto.num("fan_speed")}`);

  const manual = new Bench().run(600);
  manual.cmd("set_control_mode", { mode: "manual" });
  const ua0 = manual.inspect("cooler_ua_kw_per_k"), approach0 = manual.inspect("approach_temp");
  manual.cmd("inject_fault", { fault: "exchanger_fouling", severity: 0.5 });
  manual.run(1800);
  close(manual.inspect("fouling"), 0.25, 1e-9, "half way through the build-up");
  manual.run(5400);
  close(manual.inspect("cooler_ua_kw_per_k"), ua0 / 2, 1e-9, "UA");
  const rise = manual.inspect("approach_temp") - approach0;
  assert.ok(rise > 2 && rise < 15, `approach ${approach0} -> +${rise} K`);
});

Deno.test("sensor_drift: the sensor reads low, so the true supply climbs by the drift", () => {
  const b = new Bench().run(600);
  const n0 = b.num("fan_speed"), ret0 = b.num("return_temp");
  b.cmd("inject_fault", { fault: "sensor_drift", severity: 0.5 });
  b.run(3600);
  // 0.5 * 10 K/h for 1 h = 5 K low.
  close(b.inspect("sensor_drift"), -5, 1e-6, "drift");
  close(b.num("supply_temp"), 40, 0.5, "measured");
  close(b.inspect("true_supply_temp"), 45, 0.5, "true");
  close(b.num("return_temp") - ret0, 5, 0.5, "return follows the true supply");
  assert.ok(b.num("fan_speed") < n0, "controller slows the fans");
  b.cmd("clear_fault", { fault: "sensor_drift" });
  assert.equal(b.inspect("sensor_drift"), 0);
  b.run(3600);
  close(b.inspect("true_supply_temp"), 40, 0.1, "recalibrated");
  assert.equal(b.num("supply_temp"), b.inspect("true_supply_temp"));
});

Deno.test("stop and start: everything off, loop cools slowly; rigs boot over rig_boot_s", () => {
  const b = new Bench().run(600);
  assert.equal(b.cmd("stop"), undefined);
  b.run(30);
  assert.equal(b.v.running, false);
  for (const p of ["it_power", "heat_load", "hashrate", "coolant_flow", "fan_power", "pue"]) {
    assert.equal(b.num(p), 0, p);
  }
  const warm = b.num("return_temp");
  b.run(3600);
  assert.ok(b.num("return_temp") < warm && b.num("return_temp") > 22, "slow loss to ambient");
  assert.match(b.cmd("stop")!, /already stopped/);
  assert.equal(b.cmd("start"), undefined);
  assert.match(b.cmd("start")!, /already running/);
  b.run(60);
  close(b.num("rigs_online"), 100, 1, "half booted at 60 s");
  b.run(60);
  assert.equal(b.num("rigs_online"), 200);
  b.run(7200);
  close(b.num("supply_temp"), 40, 0.1, "back at setpoint");
});

Deno.test("commands: manual fan setpoint only in manual, bumpless transfer, bad input explained", () => {
  const b = new Bench().run(60);
  assert.match(b.cmd("set_fan_setpoint", { pct: 50 })!, /auto/);
  const n = b.num("fan_speed");
  b.cmd("set_control_mode", { mode: "manual" });
  b.run(5);
  close(b.num("fan_speed"), n, 1e-9, "no bump into manual");
  assert.equal(b.v.control_mode, "manual");
  assert.equal(b.cmd("set_fan_setpoint", { pct: 70 }), undefined);
  b.run(10);
  assert.equal(b.num("fan_speed"), 70);
  b.cmd("set_control_mode", { mode: "auto" });
  b.run(1);
  close(b.num("fan_speed"), 70, 1, "no bump back into auto");
  assert.match(b.cmd("inject_fault", { fault: "meteor" })!, /unknown/);
  assert.match(b.cmd("inject_fault", { fault: "fan_failure", severity: 0 })!, /severity/);
  assert.match(b.cmd("set_control_mode", { mode: "cruise" })!, /auto/);
  assert.match(b.cmd("launch")!, /does not understand/);
  for (const t of ["enter_maintenance", "exit_maintenance", "reset"]) {
    assert.equal(b.cmd(t), undefined);
  }
  b.cmd("inject_fault", { fault: "fan_failure", severity: 1 });
  b.run(5);
  assert.deepEqual([b.v.fans_failed, b.v.fan_speed, b.v.fan_power], [10, 0, 0]);
  b.cmd("clear_fault");
  b.run(20);
  assert.equal(b.v.fans_failed, 0);
  assert.ok(b.num("fan_speed") > 0);
});

Deno.test("determinism: one seed gives identical points; another seed gives another site", () => {
  const trace = (seed: number) => {
    const b = new Bench({}, seed, COOLING_SITE_DEFAULTS);
    const out: string[] = [];
    b.run(3600, (v) => out.push(JSON.stringify(v)));
    b.cmd("inject_fault", { fault: "fan_failure" });
    b.run(1800, (v) => out.push(JSON.stringify(v)));
    return out;
  };
  const a = trace(42), again = trace(42), other = trace(43);
  assert.deepEqual(a, again);
  assert.notDeepEqual(a, other);
});

Deno.test("variation: 150 seeded sites differ by up to 5 % and +-3 K ambient, counts of fans fixed", () => {
  const rigs = new Set<number>();
  for (let seed = 0; seed < 150; seed++) {
    const c = new CoolingSiteSimulator({ id: `site-${seed}`, config: COOLING_SITE_DEFAULTS, seed })
      .config;
    assert.ok(c.rigs >= 190 && c.rigs <= 210, `rigs ${c.rigs}`);
    assert.ok(Math.abs(c.ambient_mean_c - 22) <= 3, `ambient ${c.ambient_mean_c}`);
    assert.ok(Math.abs(c.cooler_ua_kw_per_k / 100 - 1) <= 0.05);
    assert.equal(c.fans, 10);
    rigs.add(c.rigs);
  }
  assert.ok(rigs.size > 10, `only ${rigs.size} distinct rig counts`);
});

Deno.test("snapshot: a restored site continues bit for bit, faults, drift, noise and PI included", () => {
  const config = { ...COOLING_SITE_DEFAULTS, variation: 0.05 };
  const a = new CoolingSiteSimulator({ id: "s", config, seed: 11 });
  a.actuate("s", { type: "inject_fault", args: { fault: "sensor_drift", severity: 1 } });
  a.actuate("s", { type: "inject_fault", args: { fault: "fan_failure", severity: 0.3 } });
  a.actuate("s", { type: "set_supply_setpoint", args: { degC: 31 } });
  for (let t = 1; t <= 1800; t++) a.step(1, 40_000 + t);
  const b = new CoolingSiteSimulator({ id: "s", config, seed: 11 });
  const last = assertContinues(a, b, {
    fromS: 41_800,
    steps: 600,
    each: (sim, i) => {
      if (i === 300) sim.actuate("s", { type: "clear_fault", args: { fault: "fan_failure" } });
    },
  });
  assert.equal(last.s.supply_setpoint, 31);
  assert.equal(last.s.fans_failed, 0);
});

Deno.test("snapshot: a setpoint its params set differently (an override) wins over the running one", () => {
  const a = new CoolingSiteSimulator({ id: "s", config: QUIET, seed: 1 });
  a.actuate("s", { type: "set_supply_setpoint", args: { degC: 31 } });
  a.actuate("s", { type: "set_pump_setpoint", args: { pct: 70 } });
  a.step(1, 1);
  const b = new CoolingSiteSimulator({
    id: "s",
    config: { ...QUIET, supply_setpoint_c: 28 },
    seed: 1,
  });
  b.restore(structuredClone(a.snapshot()));
  const out: PointValues = {};
  b.read("s", out);
  assert.equal(out.supply_setpoint, 28);
  assert.equal(b.inspect().fan_command, a.inspect().fan_command);
  assert.throws(() => b.restore({ model: "pump" }), /"pump" simulator given to a "cooling_site"/);
});
