import assert from "node:assert/strict";
import type { AlarmSpec } from "../actors/alarms/alarm_definition.ts";
import { AlarmEngine, type AlarmView } from "../actors/alarms/alarm_engine.ts";
import type { JournalEntry } from "../actors/alarms/alarm_journal.ts";
import { CommandPath } from "../commands/command_path.ts";
import { alarmSettings, alarmSpec, FakeHost } from "../tests/alarm_fixture.ts";
import { openDatabaseFile, openPlantDatabase, plantDatabasePath } from "./plant_database.ts";
import { PlantMemory, type RememberingPlant } from "./plant_memory.ts";

const limit = (twin: string, over: Partial<AlarmSpec> = {}) =>
  alarmSpec({
    twin,
    name: "temp_h",
    unit: "degC",
    condition: { type: "limit", point: "temp", level: "h", limit: 40, deadband: 0 },
    ...over,
  });

/** A fake host with a step hook and a command path, as a runtime has them. */
class Plant implements RememberingPlant {
  readonly host: FakeHost;
  readonly commands: CommandPath;
  readonly #steps = new Set<(now: number) => void>();
  constructor(ids: string[], startMs: number) {
    this.host = new FakeHost(ids, startMs);
    this.commands = new CommandPath({ twin: () => undefined, clock: this.host.clock });
  }
  get clock() {
    return this.host.clock;
  }
  onStep(listener: (now: number) => void): () => void {
    this.#steps.add(listener);
    return () => this.#steps.delete(listener);
  }
  step(): void {
    this.host.clock.advanceBy(1_000);
    for (const l of this.#steps) l(this.host.clock.now());
  }
}

/** A plant whose alarm engine is attached to a memory in `dir`; values set before start are judged at start. */
function start(
  dir: string,
  startMs: number,
  alarms: AlarmSpec[],
  values: Record<string, number> = {},
  capacity = 100,
) {
  const ids = [...new Set(alarms.map((a) => a.twin))];
  const plant = new Plant(ids, startMs);
  for (const [id, temp] of Object.entries(values)) plant.host.twins.get(id)!.values.temp = temp;
  const engine = new AlarmEngine(plant.host, {
    settings: alarmSettings({ journal_capacity: capacity }),
    alarms,
  });
  const memory = new PlantMemory(openPlantDatabase(dir, "p"));
  const report = memory.attach(plant, engine);
  engine.start();
  return { plant, engine, memory, report };
}

const stripped = (v: AlarmView) => ({
  state: v.state,
  active: v.active,
  since: v.since,
  activeSince: v.activeSince,
  shelvedUntil: v.shelvedUntil,
  last: v.last,
});

Deno.test("plant memory: the journal in memory is a window; older entries read from the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-memory-" });
  try {
    const { plant, engine, memory } = start(dir, 0, [limit("a"), limit("b")]);
    const heard: JournalEntry[] = [];
    engine.journal.onAppend((e) => heard.push({ ...e }));
    for (let k = 0; k < 300; k++) {
      plant.host.set(k % 3 ? "a" : "b", { temp: k % 2 ? 45 : 35 });
      plant.step();
    }
    assert.equal(engine.journal.size, 100, "the ring holds 100");
    const all = engine.journal.query({ limit: 10_000 });
    assert.equal(all.length, heard.length);
    assert.ok(heard.length > 100, `${heard.length} entries`);
    assert.deepEqual(all, heard.slice().reverse(), "every entry by value, across the window");
    assert.deepEqual(
      engine.journal.query({ alarms: ["b/temp_h"], limit: 10_000 }),
      heard.filter((e) => e.alarm === "b/temp_h").reverse(),
    );
    const from = heard[5].time, to = heard[20].time;
    assert.deepEqual(
      engine.journal.query({ from, to }),
      heard.filter((e) => e.time >= from && e.time <= to).reverse(),
    );
    assert.equal(memory.stats.entries, heard.length);
    memory.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plant memory: a restart restores operator states, ends due shelves, numbers the journal on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-memory-" });
  try {
    const specs = [
      limit("shelf"),
      limit("early"),
      limit("oos"),
      limit("acked", { realarmS: 600 }),
      limit("gone"),
      limit("rtn"),
      limit("latch", { latching: true }),
    ];
    const first = start(dir, 0, specs);
    const { plant, engine } = first;
    for (const id of ["shelf", "acked", "gone", "rtn", "latch"]) plant.host.set(id, { temp: 50 });
    plant.step();
    const by = { user: "ann", comment: "why" };
    engine.act("shelf/temp_h", "shelve", { ...by, durationS: 600 });
    engine.act("early/temp_h", "shelve", { ...by, durationS: 30 });
    engine.act("oos/temp_h", "remove_from_service", by);
    engine.act("acked/temp_h", "ack", by);
    engine.act("gone/temp_h", "ack", by);
    plant.host.set("rtn", { temp: 30 });
    plant.host.set("latch", { temp: 30 });
    plant.step();
    const before = new Map(engine.ids().map((id) => [id, engine.get(id)!]));
    const journal = engine.journal.query({ limit: 1000 });
    const lastSeq = journal[0].seq;
    first.memory.close();

    // Back a minute later: `gone` and `shelf` have lost their condition meanwhile.
    const second = start(dir, plant.clock.now() + 60_000, specs, {
      shelf: 30,
      acked: 50,
      gone: 30,
      rtn: 30,
      latch: 30,
    });
    const e2 = second.engine;
    assert.deepEqual(second.report.restored.sort(), [
      "acked/temp_h",
      "gone/temp_h",
      "latch/temp_h",
      "oos/temp_h",
      "rtn/temp_h",
      "shelf/temp_h",
    ]);
    assert.deepEqual(second.report.expired, ["early/temp_h"]);
    assert.equal(second.report.journalEntries, lastSeq);
    for (const id of ["oos/temp_h", "acked/temp_h", "rtn/temp_h", "latch/temp_h"]) {
      assert.deepEqual(stripped(e2.get(id)!), stripped(before.get(id)!), id);
    }
    assert.equal(e2.get("latch/temp_h")!.latched, true);
    const shelf = e2.get("shelf/temp_h")!;
    assert.deepEqual(
      [shelf.state, shelf.active, shelf.shelvedUntil, shelf.since],
      [
        "shelved",
        false,
        before.get("shelf/temp_h")!.shelvedUntil,
        before.get("shelf/temp_h")!.since,
      ],
    );
    // The start wrote: the shelve that ended while down, then what the first
    // judging found; nothing for `acked`, whose condition still holds.
    const fresh = e2.journal.query({ limit: 1000 }).filter((x) => x.seq > lastSeq).reverse();
    assert.deepEqual(fresh.map((x) => [x.seq - lastSeq, x.alarm, x.action, x.state]), [
      [1, "early/temp_h", "shelve_expired", "normal"],
      [2, "shelf/temp_h", "clear", "shelved"],
      [3, "gone/temp_h", "clear", "normal"],
    ]);
    assert.deepEqual(
      e2.journal.query({ limit: 1000 }).slice(3),
      journal,
      "the old journal by value",
    );

    // The restored shelve ends when due; the re-alarm of `acked` runs again.
    second.plant.host.clock.advanceBy(
      before.get("shelf/temp_h")!.shelvedUntil! - second.plant.clock.now(),
    );
    assert.deepEqual([e2.get("shelf/temp_h")!.state, e2.get("shelf/temp_h")!.last.action], [
      "normal",
      "shelve_expired",
    ]);
    second.plant.host.clock.advanceBy(600_000);
    assert.equal(e2.get("acked/temp_h")!.state, "unacknowledged");
    second.memory.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plant memory: one transaction per step; an operator action between steps is written at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-memory-" });
  try {
    const { plant, engine, memory } = start(dir, 0, [limit("a")]);
    const batches = memory.stats.batches;
    for (let k = 0; k < 50; k++) plant.host.set("a", { temp: k % 2 ? 35 : 45 });
    plant.step();
    assert.deepEqual([memory.stats.batches - batches, memory.stats.entries], [1, 50]);
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(memory.stats.batches - batches, 1, "nothing left for the task's end");

    engine.act("a/temp_h", "shelve", { user: "bob", comment: "work", durationS: 60 });
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(memory.stats.batches - batches, 2, "written without waiting for a step");
    const other = new PlantMemory(openDatabaseFile(plantDatabasePath(dir, "p")));
    assert.deepEqual(other.alarms.states().map((s) => [s.id, s.state, s.last.user]), [
      ["a/temp_h", "shelved", "bob"],
    ]);
    other.close();
    memory.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plant memory: a failed write keeps what waits and writes it with the next", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldtwin-memory-" });
  try {
    const path = plantDatabasePath(dir, "p");
    openPlantDatabase(dir, "p").close();
    const db = openDatabaseFile(path);
    db.exec("PRAGMA busy_timeout = 0");
    const logs: string[] = [];
    const memory = new PlantMemory(db, { log: (m) => logs.push(m) });
    const plant = new Plant(["a"], 0);
    const engine = new AlarmEngine(plant.host, { settings: alarmSettings(), alarms: [limit("a")] });
    memory.attach(plant, engine);
    engine.start();
    const blocker = openDatabaseFile(path);
    blocker.exec("BEGIN IMMEDIATE");
    plant.host.set("a", { temp: 45 });
    plant.step();
    assert.equal(memory.stats.failures, 1);
    assert.match(logs[0], /alarm journal and command records not written: .*locked/);
    blocker.exec("ROLLBACK");
    blocker.close();
    plant.host.set("a", { temp: 35 });
    plant.step();
    assert.equal(memory.stats.entries, 2);
    assert.deepEqual(
      memory.alarms.query({}, 100).map((e) => e.action),
      ["clear", "activate"],
    );
    memory.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "plant memory: a worker writes the batches; sync and close wait for it",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "fieldtwin-memory-" });
    try {
      const path = plantDatabasePath(dir, "p");
      const plant = new Plant(["a"], 0);
      const engine = new AlarmEngine(plant.host, {
        settings: alarmSettings(),
        alarms: [limit("a")],
      });
      const memory = new PlantMemory(openPlantDatabase(dir, "p"), { worker: true });
      memory.attach(plant, engine);
      engine.start();
      for (let k = 0; k < 40; k++) {
        plant.host.set("a", { temp: k % 2 ? 35 : 45 });
        plant.step();
      }
      engine.act("a/temp_h", "remove_from_service", { user: "ann", comment: "swap" });
      memory.sync();
      const reader = new PlantMemory(openDatabaseFile(path));
      assert.equal(reader.alarms.lastSeq(), 41);
      assert.deepEqual(reader.alarms.states().map((s) => [s.id, s.state]), [
        ["a/temp_h", "out_of_service"],
      ]);
      reader.close();
      engine.act("a/temp_h", "return_to_service", { user: "ann", comment: "done" });
      memory.close();
      const after = new PlantMemory(openDatabaseFile(path));
      assert.deepEqual(
        [after.alarms.lastSeq(), after.alarms.states()],
        [42, []],
        "what close handed over is written before it returns",
      );
      after.close();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
