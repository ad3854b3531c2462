import { equal, match, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import { Random } from "../../simulators/random.ts";
import { evalSkabDir } from "./eval_skab.ts";
import { parseSkabCsv } from "./skab_csv.ts";

const HEADER = "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;" +
  "Thermocouple;Voltage;Volume Flow RateRMS";

/** A SKAB-shaped file: 900 rows at 1 Hz, flow cut by 3 L/min on rows 600-799 when labelled. */
function skabText(seed: number, labelled: boolean): string {
  const rnd = new Random(seed, "skab");
  const lines = [labelled ? `${HEADER};anomaly;changepoint` : HEADER];
  for (let i = 0; i < 900; i++) {
    const bad = labelled && i >= 600 && i < 800;
    const t = new Date(Date.UTC(2020, 2, 9, 10, 0, i)).toISOString().slice(0, 19).replace("T", " ");
    const cells = [
      t,
      0.027 + rnd.normal(0, 0.0005),
      0.04 + rnd.normal(0, 0.0008),
      1.1 + rnd.normal(0, 0.3),
      0.06 + rnd.normal(0, 0.25),
      70 + rnd.normal(0, 0.1),
      25 + rnd.normal(0, 0.01),
      230 + rnd.normal(0, 8),
      32 + rnd.normal(0, 0.5) - (bad ? 3 : 0),
    ].map(String);
    if (labelled) cells.push(bad ? "1.0" : "0.0", i === 600 || i === 800 ? "1.0" : "0.0");
    lines.push(cells.join(";"));
  }
  return lines.join("\n") + "\n";
}

Deno.test("eval-skab scores every CSV under a folder and ends with the summary line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "valve"));
    await Deno.mkdir(join(dir, "free"));
    await Deno.writeTextFile(join(dir, "valve", "0.csv"), skabText(1, true));
    await Deno.writeTextFile(join(dir, "valve", "1.csv"), skabText(2, true));
    await Deno.writeTextFile(join(dir, "free", "free.csv"), skabText(3, false));
    const { lines, total } = await evalSkabDir(dir);
    equal(lines.length, 4);
    match(lines[0], /^free\/free\.csv unlabelled alarm_rate=\d+\.\d\d \(\d+ of 500 test rows/);
    match(lines[1], /^valve\/0\.csv F1=\d\.\d{3} FAR=\d+\.\d\d MAR=\d+\.\d\d tp=\d+ fp=\d+/);
    match(lines[3], /^F1=\d\.\d{3} FAR=\d+\.\d\d MAR=\d+\.\d\d$/);
    // Both labelled files, 500 test rows each, 200 anomalous rows each.
    equal(total!.tp + total!.fn, 400);
    equal(total!.fp + total!.tn, 600);
    ok(total!.tp > 360, `tp ${total!.tp}`);
    // The EWMA's memory keeps some alarms for a few seconds after the fault clears.
    ok(total!.fp < 60, `fp ${total!.fp}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad cell is named by file, line and column", () => {
  const lines = skabText(4, true).split("\n");
  const cells = lines[1].split(";");
  cells[1] = "oops";
  lines[1] = cells.join(";");
  const text = lines.join("\n");
  throws(
    () => parseSkabCsv(text, "x.csv"),
    /^Error: x\.csv: line 2: column "Accelerometer1RMS" is not a number: "oops"$/,
  );
  throws(
    () => parseSkabCsv("a;b\n1;2\n", "y.csv"),
    /y\.csv: line 1: no column "Accelerometer1RMS"/,
  );
});

Deno.test("an empty folder is an error naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(evalSkabDir(dir), new RegExp(`${dir}: no \\.csv files`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
