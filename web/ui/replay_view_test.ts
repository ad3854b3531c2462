import assert from "node:assert/strict";
import type { RecordingReport } from "../../replay/recording.ts";
import type { TwinView } from "../../twins/twin.ts";
import type { KeyPoint } from "./api_types.ts";
import {
  expectationLine,
  issueLines,
  parseSpeed,
  type ReplayRunInfo,
  reportSummary,
  seekTime,
  startBody,
  twinRows,
} from "./replay_view.ts";

const T0 = Date.parse("2021-05-01T00:00:00Z");

function run(to: number | null): ReplayRunInfo {
  return {
    id: "r",
    plant: "p",
    state: "running",
    speed: 10,
    progress: 0.5,
    feed: {
      position: T0 + 60_000,
      start: T0,
      end: T0 + 3_600_000,
      offset: 0,
      rowsFed: 60,
      rowsTotal: 3600,
      loops: 0,
      paused: false,
      finished: false,
    },
    to,
    reports: [],
    alarmsRaised: 0,
    expectations: null,
    error: null,
  };
}

Deno.test("parseSpeed takes max or a positive number", () => {
  assert.equal(parseSpeed("max"), "max");
  assert.equal(parseSpeed("60"), 60);
  assert.equal(parseSpeed("0"), undefined);
  assert.equal(parseSpeed("fast"), undefined);
});

Deno.test("startBody builds the request or names the bad field", () => {
  assert.deepEqual(
    startBody({ plant: " plants/skab_replay.json ", speed: "10", expect: "", loop: false }),
    { ok: true, body: { plant: "plants/skab_replay.json", speed: 10, loop: false } },
  );
  const withExpect = startBody({
    plant: "a.json",
    speed: "max",
    expect: '{"expect": []}',
    loop: true,
  });
  assert.deepEqual(withExpect, {
    ok: true,
    body: { plant: "a.json", speed: "max", loop: true, expect: { expect: [] } },
  });
  const noPlant = startBody({ plant: " ", speed: "1", expect: "", loop: false });
  assert.equal(noPlant.ok, false);
  assert.match((noPlant as { error: string }).error, /^plant: /);
  const badJson = startBody({ plant: "a.json", speed: "1", expect: "{", loop: false });
  assert.match((badJson as { error: string }).error, /^expectations: not JSON/);
});

Deno.test("seekTime maps a slider fraction onto the recorded span, clamped, to whole seconds", () => {
  assert.equal(seekTime(run(null), 0), T0);
  assert.equal(seekTime(run(null), 0.5), T0 + 1_800_000);
  assert.equal(seekTime(run(null), 2), T0 + 3_600_000);
  assert.equal(seekTime(run(null), 1 / 3), T0 + 1_200_000);
  // A run that stops early: the slider ends there; Infinity (a loop) is the file's end.
  assert.equal(seekTime(run(T0 + 600_000), 1), T0 + 600_000);
  assert.equal(seekTime(run(Infinity), 1), T0 + 3_600_000);
});

Deno.test("twinRows shows key points first, then fed points, and leaves out points never fed", () => {
  const twin: TwinView = {
    id: "p1",
    name: "p1",
    kind: "pump",
    mode: "running",
    running: true,
    source: "replay",
    version: 3,
    points: {
      flow: { value: 12.5, unit: "m3/h", quality: "good", ts: T0 + 5000 },
      head: { value: null, unit: "m", quality: "bad", ts: 0 },
      vibration: { value: null, unit: "mm/s", quality: "bad", ts: 0 },
      motor_temp: { value: 71, unit: "degC", quality: "uncertain", ts: T0 },
    },
  };
  const keys = new Map<string, KeyPoint[]>([[
    "pump",
    [{ name: "head", spec: { unit: "m" } }] as unknown as KeyPoint[],
  ]]);
  const [row] = twinRows([twin], keys);
  assert.equal(row.id, "p1");
  assert.equal(row.mode, "running");
  assert.deepEqual(row.cells.map((c) => c.point), ["head", "flow", "motor_temp"]);
  assert.equal(row.cells[0].ts, null);
  assert.equal(row.cells[1].value, 12.5);
  assert.equal(row.cells[1].ts, T0 + 5000);
  assert.equal(row.cells[2].quality, "uncertain");
});

Deno.test("issueLines and reportSummary keep each row number and count what is not listed", () => {
  const report: RecordingReport = {
    id: "rec",
    file: "/x/rec.csv",
    rows: 100,
    accepted: 98,
    skipped: 2,
    counts: { bad_number: 3, gap: 1 },
    issues: [
      {
        kind: "bad_number",
        row: 7,
        line: 8,
        column: "flow",
        skipped: true,
        message: "not a number",
      },
      { kind: "empty", row: 20, until: 24, column: "flow", skipped: false, message: "empty" },
      { kind: "gap", row: 50, skipped: false, message: "gap of 30 s" },
    ],
    periodMs: 1000,
    first: T0,
    last: T0 + 99_000,
  };
  assert.deepEqual(issueLines([report]).map((l) => [l.kind, l.rows, l.skipped]), [
    ["bad_number", "7", true],
    ["empty", "20-24", false],
    ["gap", "50", false],
  ]);
  assert.equal(reportSummary(report), "rec: 98 of 100 rows readable, 4 issues, 1 more not listed");
  assert.equal(
    reportSummary({ ...report, counts: {}, issues: [] }),
    "rec: 98 of 100 rows readable, no issues",
  );
});

Deno.test("expectationLine says pass or FAIL and the recorded time", () => {
  assert.equal(
    expectationLine({
      index: 0,
      what: "p1.flow within [1, 2]",
      passed: false,
      at: T0,
      detail: "was 3",
    }),
    "FAIL: p1.flow within [1, 2] (failed at 2021-05-01T00:00:00.000Z): was 3",
  );
  assert.equal(
    expectationLine({ index: 1, what: "alarm raised", passed: true, at: null, detail: "" }),
    "pass: alarm raised",
  );
});
