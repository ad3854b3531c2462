/**
 * One recorder, several writers: the embedded store first, then each
 * forwarding sink (InfluxDB), all handed the same batches. The samples are
 * captured once (the recording policy and the rollups run once per sample,
 * not once per writer).
 *
 * The store decides: if it refuses a batch, no sink gets it and the
 * recorder retries the whole batch later. A sink that refuses a batch after
 * the store took it cannot be retried without writing the store twice, so
 * the tee reports those samples to the sink as lost (the InfluxDB sink
 * counts them as dropped) and logs once per failing episode; a sink never
 * holds the store back.
 *
 * @module
 */
import type {
  HistoryStore,
  HistoryWriter,
  PointSample,
  SampleColumns,
  WriteOptions,
} from "./history_store.ts";

/** A writer behind the tee that can be told of samples it refused. */
export interface ForwardingWriter extends HistoryWriter {
  /** `samples` samples this writer refused were not retried. */
  lost?(samples: number, error: Error): void;
}

/** The samples `start` to `end` of a batch in columns as objects, for a writer without `writeColumns`. */
function samplesOf(batch: SampleColumns, start: number, end: number): PointSample[] {
  const out: PointSample[] = [];
  for (let i = start; i < end; i++) {
    out.push({
      twin: batch.twin(i),
      point: batch.point(i),
      unit: batch.unit(i),
      ts: batch.ts(i),
      value: batch.value(i),
      quality: batch.quality(i),
    });
  }
  return out;
}

/**
 * A writer that hands every batch to `primary` (when given), then to each
 * sink. It has the primary's `rollupsOf`, `syncToDisk` and `prune`, so a
 * recorder treats it as the primary. Closing it closes nothing: the writers
 * belong to whoever opened them.
 */
export function teeWriter(
  primary: HistoryWriter | HistoryStore | undefined,
  sinks: readonly ForwardingWriter[],
  log: (message: string) => void = (m) => console.error(m),
): HistoryWriter {
  const failing = new Set<ForwardingWriter>();
  const forward = (n: number, each: (sink: ForwardingWriter) => void) => {
    for (const sink of sinks) {
      try {
        each(sink);
        if (failing.delete(sink)) log("history: the sink takes samples again");
      } catch (e) {
        sink.lost?.(n, e as Error);
        if (!failing.has(sink)) {
          failing.add(sink);
          log(`history: a sink refused ${n} samples; they are lost to it: ${(e as Error).message}`);
        }
      }
    }
  };
  const tee: HistoryWriter & Record<string, unknown> = {
    write(samples: readonly PointSample[], opts?: WriteOptions): void {
      primary?.write(samples, opts);
      forward(samples.length, (sink) => sink.write(samples, opts));
    },
    writeColumns(batch: SampleColumns, start: number, end: number, opts?: WriteOptions): void {
      if (primary?.writeColumns) primary.writeColumns(batch, start, end, opts);
      else primary?.write(samplesOf(batch, start, end), opts);
      forward(end - start, (sink) => {
        if (sink.writeColumns) sink.writeColumns(batch, start, end, opts);
        else sink.write(samplesOf(batch, start, end), opts);
      });
    },
    close(): void {},
  };
  // Only what the primary has, since a recorder asks with `in`.
  const p = primary as unknown as Record<string, unknown> | undefined;
  for (const name of ["rollupsOf", "syncToDisk", "prune"]) {
    const f = p?.[name];
    if (typeof f === "function") tee[name] = f.bind(primary);
  }
  return tee;
}
