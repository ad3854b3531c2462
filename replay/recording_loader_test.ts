import assert from "node:assert/strict";
import { parquetWriteBuffer } from "hyparquet-writer";
import { join } from "node:path";
import { PLANT_SECTIONS } from "../app/plant_sections.ts";
import { PlantError, validatePlant } from "../plant/plant_file.ts";
import { loadKinds } from "../twins/registry.ts";
import { loadPlantRecordings } from "./plant_recordings.ts";
import { parseTime, RecordingError } from "./recording_loader.ts";

const kinds = await loadKinds();

/** A pump fed by `recording`, whose file sits in `dir`. */
function plantWith(dir: string, recording: Record<string, unknown>) {
  const file = join(dir, "plant.json");
  const plant = validatePlant(
    {
      name: "replay-test",
      twins: [{ id: "p1", kind: "pump", source: { type: "replay" } }],
      recordings: [{ id: "rec", twin: "p1", ...recording }],
    },
    kinds,
    PLANT_SECTIONS,
    file,
  );
  return { ...plant, file };
}

const CSV_ROWS = [
  "datetime;Current;Pressure;Volume Flow RateRMS",
  "2020-03-09 10:00:00;1.5;1.0;32",
  "2020-03-09 10:00:01;1.6;1.1;31.5",
  "2020-03-09 10:00:02;abc;1.2;31", // row 3: bad number
  "2020-03-09 10:00:03;1.7;1.3", // row 4: a column short
  "2020-03-09 10:00:00;1.7;1.3;30", // row 5: time goes back
  "2020-03-09 10:00:03;1.8;;30", // row 6: empty pressure, replayed
  "2020-03-09 10:00:03;1.8;1.4;30", // row 7: repeated time
  "2020-03-09 10:01:00;1.9;1.5;29", // row 8: after a 57 s gap
  "2020-03-09 10:01:01;2.0;1.6;28",
  "not a time;2.0;1.6;28", // row 10: bad time
];

const csvMapping = {
  format: "csv",
  file: "run.csv",
  csv: { delimiter: ";", time_column: "datetime" },
  points: [
    { column: "Current", point: "motor_current", unit: "A" },
    { column: "Pressure", point: "discharge_pressure", unit: "bar" },
    { column: "Volume Flow RateRMS", point: "flow", unit: "L/min" },
  ],
};

Deno.test("CSV: bad rows are skipped and reported by row and line, gaps and empty cells too", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "run.csv"), CSV_ROWS.join("\n") + "\n");
    const [rec] = await loadPlantRecordings(plantWith(dir, csvMapping), kinds);
    const r = rec.report;
    assert.equal(r.rows, 10);
    assert.equal(r.accepted, 5);
    assert.equal(r.skipped, 5);
    const summary = r.issues.map((i) => [i.kind, i.row, i.line, i.skipped]);
    assert.deepEqual(summary, [
      ["bad_number", 3, 4, true],
      ["missing_column", 4, 5, true],
      ["time_back", 5, 6, true],
      ["empty", 6, 7, false],
      ["repeated_time", 7, 8, true],
      ["gap", 8, 9, false],
      ["bad_time", 10, 11, true],
    ]);
    assert.match(r.issues[0].message, /column "Current": "abc" is not a number/);
    assert.match(r.issues[5].message, /57 s without a row/);
    assert.deepEqual([...rec.rows], [1, 2, 6, 8, 9]);
    assert.equal(rec.times[0], Date.parse("2020-03-09T10:00:00Z"));
    // bar -> kPa and L/min -> m3/h, converted once at load.
    assert.ok(Math.abs(rec.values[1][0] - 100) < 1e-9);
    assert.ok(Math.abs(rec.values[2][0] - 1.92) < 1e-9);
    assert.ok(Number.isNaN(rec.values[1][2]), "an empty cell stays empty, never filled");
    assert.equal(r.periodMs, 1000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CSV: a mapped column the file lacks names the file, the column and the mapping", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "run.csv"), "datetime;Current\n2020-03-09 10:00:00;1\n");
    await assert.rejects(
      () => loadPlantRecordings(plantWith(dir, csvMapping), kinds),
      (e: unknown) => {
        assert.ok(e instanceof RecordingError);
        assert.match(
          e.message,
          /run\.csv has no column "Pressure" \(mapped at recordings\[0\]\.points\[1\]\.column\); its columns: datetime, Current/,
        );
        return true;
      },
    );
    await assert.rejects(
      () => loadPlantRecordings(plantWith(dir, { ...csvMapping, file: "nothing.csv" }), kinds),
      /recording "rec": .*nothing\.csv: .*No such file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("line protocol: lines in series order replay in time order; bad lines are reported", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const s = 1_700_000_000;
    await Deno.writeTextFile(
      join(dir, "run.lp"),
      [
        "# exported by series",
        `pump,unit=p1 current=1.5,flow=30 ${s}000000000`,
        `pump,unit=p1 current=1.6,flow=31 ${s + 1}000000000`,
        `pump,unit=p2 current=9 ${s}000000000`, // another unit: not mapped
        `pump,unit=p1 current=oops ${s + 2}000000000`, // line 5
        `pump,unit=p1 current=1.7`, // line 6: no time
        `press,unit=p1 discharge=2.5 ${s}500000000`,
      ].join("\n"),
    );
    const plant = plantWith(dir, {
      format: "line",
      file: "run.lp",
      points: [
        { measurement: "pump", tags: { unit: "p1" }, field: "current", point: "motor_current" },
        { measurement: "pump", tags: { unit: "p1" }, field: "flow", point: "flow", unit: "L/min" },
        { measurement: "press", field: "discharge", point: "discharge_pressure", unit: "bar" },
      ],
    });
    const [rec] = await loadPlantRecordings(plant, kinds);
    assert.deepEqual([...rec.times], [s * 1000, s * 1000 + 500, s * 1000 + 1000]);
    assert.deepEqual([...rec.rows], [2, 7, 3]);
    assert.equal(rec.values[0][0], 1.5);
    assert.ok(Number.isNaN(rec.values[2][0]), "the pump line carries no discharge field");
    assert.equal(rec.values[2][1], 250);
    assert.deepEqual(rec.report.issues.map((i) => [i.kind, i.line]), [
      ["bad_line", 5],
      ["bad_time", 6],
    ]);
    assert.match(rec.report.issues[0].message, /field "current": "oops" is not a number/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("plant file: mapping errors name the JSON path", () => {
  const bad = (recording: Record<string, unknown>) => {
    try {
      plantWith("/tmp", recording);
    } catch (e) {
      assert.ok(e instanceof PlantError);
      return e.message;
    }
    assert.fail("expected a PlantError");
  };
  assert.match(
    bad({ ...csvMapping, points: [{ column: "x", point: "nope" }] }),
    /recordings\[0\]\.points\[0\]\.point: .*has no point "nope"/,
  );
  assert.match(
    bad({ ...csvMapping, points: [{ column: "x", point: "flow", unit: "bar" }] }),
    /recordings\[0\]\.points\[0\]\.unit: .*cannot convert "bar" to "m3\/h"/,
  );
  assert.match(
    bad({ ...csvMapping, csv: undefined }),
    /recordings\[0\]\.csv: .*needs a "csv" object/,
  );
  assert.match(
    bad({ ...csvMapping, constants: { running: "yes" } }),
    /constants\.running: .*holds a boolean, not a string/,
  );
});

Deno.test("times: ISO with or without a zone, epoch units", () => {
  assert.equal(parseTime("2020-03-09 10:14:33", "iso", "Z"), Date.parse("2020-03-09T10:14:33Z"));
  assert.equal(
    parseTime("2020-03-09 10:14:33", "iso", "+03:00"),
    Date.parse("2020-03-09T07:14:33Z"),
  );
  assert.equal(
    parseTime("2020-03-09T10:14:33.5Z", "iso", "+03:00"),
    Date.parse("2020-03-09T10:14:33.500Z"),
  );
  assert.equal(parseTime("1583748873", "epoch_s", "Z"), 1583748873000);
  assert.equal(parseTime("1583748873000000", "epoch_us", "Z"), 1583748873000);
  assert.ok(Number.isNaN(parseTime("March 9", "iso", "Z")));
  assert.ok(Number.isNaN(parseTime("12a", "epoch_ms", "Z")));
});

Deno.test("Parquet: a generated 3W-like file: Pa to kPa, empty cells in runs, a time going back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const t0 = Date.parse("2017-09-17T14:00:00Z");
    const n = 50;
    const times = Array.from({ length: n }, (_, i) => new Date(t0 + (i === 30 ? 28 : i) * 1000));
    const pdg = Array.from({ length: n }, (_, i) => (i >= 10 && i < 15 ? null : 23_400_000 + i));
    const klass = Array.from({ length: n }, (_, i) => (i < 20 ? null : 3));
    await Deno.writeFile(
      join(dir, "well.parquet"),
      new Uint8Array(parquetWriteBuffer({
        columnData: [
          { name: "timestamp", data: times, type: "TIMESTAMP" },
          { name: "P-PDG", data: pdg, type: "DOUBLE" },
          { name: "class", data: klass, type: "INT32" },
        ],
      })),
    );
    const plant = validatePlant(
      {
        name: "parquet-test",
        twins: [{ id: "w", kind: "flowing_well", source: { type: "replay" } }],
        recordings: [{
          id: "w-rec",
          file: "well.parquet",
          format: "parquet",
          parquet: { time_column: "timestamp" },
          twin: "w",
          points: [
            { column: "P-PDG", point: "pdg_pressure", unit: "Pa" },
            { column: "class", point: "event_class" },
          ],
        }],
      },
      kinds,
      PLANT_SECTIONS,
      join(dir, "plant.json"),
    );
    const [rec] = await loadPlantRecordings({ ...plant, file: join(dir, "plant.json") }, kinds);
    assert.equal(rec.report.rows, 50);
    assert.equal(rec.report.accepted, 49);
    assert.equal(rec.times[0], t0);
    assert.ok(Math.abs(rec.values[0][0] - 23_400) < 1e-9, "Pa shown in kPa");
    assert.deepEqual(
      rec.report.issues.map((i) => [i.kind, i.row, i.until, i.column]),
      [
        ["empty", 1, 20, "class"],
        ["empty", 11, 15, "P-PDG"],
        ["time_back", 31, undefined, undefined],
      ],
    );
    assert.match(
      rec.report.issues[2].message,
      /14:00:28\.000Z is before the previous row's 2017-09-17T14:00:29\.000Z/,
    );
    assert.equal(rec.values[1][20], 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("corrupt files: a broken CSV quote and a Parquet file that is not Parquet name the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      join(dir, "run.csv"),
      'datetime;Current;Pressure;Volume Flow RateRMS\n2020-03-09 10:00:00;1;1;32\n"2020-03-09 10:00:01;1;1;32\n',
    );
    await assert.rejects(
      () => loadPlantRecordings(plantWith(dir, csvMapping), kinds),
      /recording "rec": .*run\.csv line 3: not CSV as configured: .*quote/i,
    );
    await Deno.writeFile(
      join(dir, "x.parquet"),
      new TextEncoder().encode("PAR1 this is not parquet"),
    );
    await assert.rejects(
      () =>
        loadPlantRecordings(
          plantWith(dir, {
            format: "parquet",
            file: "x.parquet",
            parquet: { time_column: "t" },
            points: [{ column: "flow", point: "flow" }],
          }),
          kinds,
        ),
      (e: unknown) => {
        assert.ok(e instanceof RecordingError);
        assert.match(e.message, /recording "rec": .*x\.parquet: /);
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
