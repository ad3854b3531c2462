import assert from "node:assert/strict";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { eval3wDir } from "./eval_3w.ts";
import { generatedWellSignals } from "./generated_well_recording.ts";
import { W3_SIGNALS } from "./w3_parquet.ts";

Deno.test("eval-3w --online: a generated 3W file replayed through a twin: online class, and its delay after the labelled onset", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const n = 10_800, onset = 7_800;
    const s = generatedWellSignals({ seconds: n, onset, event: 3, seed: 3 });
    const t0 = Date.parse("2019-01-01T00:00:00Z");
    await Deno.writeFile(
      join(dir, "3_generated.parquet"),
      new Uint8Array(parquetWriteBuffer({
        columnData: [
          {
            name: "timestamp",
            data: Array.from({ length: n }, (_, i) => new Date(t0 + i * 1000)),
            type: "TIMESTAMP",
          },
          ...W3_SIGNALS.map((c) => ({ name: c, data: Array.from(s[c]), type: "DOUBLE" as const })),
          // The label: 0, then the transient (103) from the onset; only the delay reads it.
          {
            name: "class",
            data: Array.from({ length: n }, (_, i) => (i < onset ? 0 : 103)),
            type: "INT32",
          },
        ],
      })),
    );
    const [line, accuracy] = await eval3wDir(dir, undefined, true);
    assert.equal(accuracy, "accuracy=1.000");
    const m =
      /^3_generated\.parquet 3 online=3 named_after=(\d+)min labelled_onset=130min delay=(\d+)min changes=120min:0,(\d+)min:3$/
        .exec(line);
    assert.ok(m, line);
    const delay = Number(m[2]);
    assert.ok(delay > 0 && delay <= 60, `delay ${delay} min`);
    assert.equal(Number(m[1]), 130 + delay);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
