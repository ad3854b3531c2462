/**
 * The replay page: testers choose a plant file with recordings and a
 * speed, start a replay on the server (`POST /api/replay`), then pause,
 * resume, seek, change speed or loop it, and watch the run's own twins
 * move, with the recordings' report (bad rows, gaps, with row numbers) and
 * the expectation results. The run's id lives in the URL (`?run=`), so a
 * reload keeps watching it.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { getJson, postJson, sendJson } from "./api_client.ts";
import { useApp } from "./app_context.ts";
import { displayUnit, formatValue } from "./display_format.ts";
import { navigate } from "./route.ts";
import type { TwinView } from "../../twins/twin.ts";
import {
  EXAMPLE_PLANTS,
  expectationLine,
  isLive,
  isoTime,
  issueLines,
  type ReplayRunInfo,
  reportSummary,
  seekSpan,
  seekTime,
  SPEEDS,
  startBody,
  twinRows,
} from "./replay_view.ts";

/** How often a live run is read. */
const POLL_MS = 500;

/** The replay page. */
export function ReplayPage(props: { search: string }) {
  const runId = new URLSearchParams(props.search).get("run") ?? undefined;
  return (
    <section class="replay-page" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay</h2>
      <StartForm />
      {runId && <RunView key={runId} id={runId} />}
    </section>
  );
}

function StartForm() {
  const [plant, setPlant] = useState(EXAMPLE_PLANTS[0]);
  const [speed, setSpeed] = useState("10");
  const [loop, setLoop] = useState(false);
  const [expect, setExpect] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const built = startBody({ plant, speed, expect, loop });
    if (!built.ok) {
      setError(built.error);
      return;
    }
    setBusy(true);
    const r = await postJson<ReplayRunInfo>("/api/replay", built.body);
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(undefined);
    navigate(`/replay?run=${encodeURIComponent(r.body!.id)}`);
  };
  return (
    <form class="replay-form" id="replay-form" onSubmit={submit}>
      <label>
        Example plant{" "}
        <select
          id="replay-example"
          value={EXAMPLE_PLANTS.includes(plant) ? plant : ""}
          onChange={(e) => {
            const v = (e.target as HTMLSelectElement).value;
            if (v) setPlant(v);
          }}
        >
          {EXAMPLE_PLANTS.map((p) => <option value={p} key={p}>{p}</option>)}
          <option value="">other (type a path)</option>
        </select>
      </label>
      <label>
        Plant file{" "}
        <input
          id="replay-plant"
          type="text"
          value={plant}
          spellcheck={false}
          onInput={(e) => setPlant((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Speed{" "}
        <select
          id="replay-speed"
          value={speed}
          onChange={(e) => setSpeed((e.target as HTMLSelectElement).value)}
        >
          {SPEEDS.map((s) => <option value={String(s.value)} key={s.label}>{s.label}</option>)}
        </select>
      </label>
      <label class="check">
        <input
          id="replay-loop"
          type="checkbox"
          checked={loop}
          onChange={(e) => setLoop((e.target as HTMLInputElement).checked)}
        />{" "}
        Loop
      </label>
      <details class="replay-expect">
        <summary>Expectations (optional)</summary>
        <textarea
          id="replay-expect"
          rows={4}
          placeholder='{"expect": [{"point": "twin.point", "within": [0, 10]}]}'
          value={expect}
          onInput={(e) => setExpect((e.target as HTMLTextAreaElement).value)}
        />
      </details>
      <button type="submit" id="replay-start" disabled={busy}>Start</button>
      {error && <p class="error-box" role="alert" id="replay-error">{error}</p>}
    </form>
  );
}

function RunView(props: { id: string }) {
  const { keyPoints } = useApp();
  const [run, setRun] = useState<ReplayRunInfo | undefined>();
  const [twins, setTwins] = useState<TwinView[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  // The API does not echo loop after a change; the box keeps what was last sent.
  const [looping, setLooping] = useState<boolean | undefined>();
  const path = `/api/replay/${encodeURIComponent(props.id)}`;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const [r, t] = await Promise.all([
        getJson<ReplayRunInfo>(path),
        getJson<TwinView[]>(`${path}/twins`),
      ]);
      if (!live) return;
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setRun(r.body);
      if (t.ok) setTwins(t.body!);
      // A finished run is read once more (its final values), then left alone.
      if (isLive(r.body)) timer = setTimeout(read, POLL_MS);
    };
    read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [props.id, tick]);

  const control = async (body: Record<string, unknown>) => {
    const r = await postJson<ReplayRunInfo>(`${path}/control`, body);
    if (!r.ok) setError(r.error);
    else {
      setError(undefined);
      setRun(r.body);
    }
  };
  const cancel = async () => {
    const r = await sendJson<ReplayRunInfo>("DELETE", path);
    if (!r.ok) setError(r.error);
    else setTick(tick + 1);
  };

  if (!run) {
    return error
      ? <p class="error-box" role="alert" id="replay-run-error">{error}</p>
      : <p class="muted">Loading the replay…</p>;
  }
  const live = isLive(run);
  const span = seekSpan(run);
  const fraction = span.to > span.from
    ? (run.feed.position - span.from) / (span.to - span.from)
    : 0;
  const rows = twinRows(twins, keyPoints);
  const issues = issueLines(run.reports);
  return (
    <div class="replay-run" id="replay-run" data-state={run.state}>
      <p>
        <strong>{run.plant}</strong> · <span id="replay-state">{run.state}</span> · position{" "}
        <time id="replay-position" dateTime={isoTime(run.feed.position)}>
          {isoTime(run.feed.position)}
        </time>{" "}
        · {run.feed.rowsFed} of {run.feed.rowsTotal} rows · {run.alarmsRaised} alarms raised
      </p>
      <progress id="replay-progress" max={1} value={run.progress}>
        {Math.round(run.progress * 100)} %
      </progress>
      {run.error && <p class="error-box" role="alert">{run.error}</p>}
      {live && (
        <div class="replay-controls">
          {run.state === "paused"
            ? (
              <button
                type="button"
                id="replay-resume"
                onClick={() => control({ action: "resume" })}
              >
                Resume
              </button>
            )
            : (
              <button type="button" id="replay-pause" onClick={() => control({ action: "pause" })}>
                Pause
              </button>
            )}
          <label>
            Speed{" "}
            <select
              id="replay-speed-now"
              value={String(run.speed)}
              onChange={(e) => {
                const v = (e.target as HTMLSelectElement).value;
                control({ action: "speed", speed: v === "max" ? "max" : Number(v) });
              }}
            >
              {SPEEDS.map((s) => <option value={String(s.value)} key={s.label}>{s.label}</option>)}
            </select>
          </label>
          <label class="check">
            <input
              id="replay-loop-now"
              type="checkbox"
              checked={looping ?? run.to === null}
              onChange={(e) => {
                const loop = (e.target as HTMLInputElement).checked;
                setLooping(loop);
                control({ action: "loop", loop });
              }}
            />{" "}
            Loop
          </label>
          <button type="button" id="replay-cancel" onClick={cancel}>Cancel</button>
          <label class="replay-seek">
            Seek{" "}
            <input
              id="replay-seek"
              type="range"
              min={0}
              max={1000}
              value={Math.round(Math.max(0, Math.min(1, fraction)) * 1000)}
              onChange={(e) =>
                control({
                  action: "seek",
                  to: seekTime(run, Number((e.target as HTMLInputElement).value) / 1000),
                })}
            />
          </label>
          <SeekField onSeek={(to) => control({ action: "seek", to })} />
        </div>
      )}
      {error && <p class="error-box" role="alert" id="replay-control-error">{error}</p>}

      <h3>Twins</h3>
      <div class="replay-table-wrap">
        <table class="data-table" id="replay-twins">
          <thead>
            <tr>
              <th>Twin</th>
              <th>Mode</th>
              <th>Latest values (recorded time)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-twin={row.id}>
                <td>{row.id}</td>
                <td>{row.mode}</td>
                <td>
                  {row.cells.map((c) => (
                    <span
                      class={`replay-cell q-${c.quality}`}
                      key={c.point}
                      data-point={c.point}
                      data-value={c.value === null ? "" : String(c.value)}
                      title={c.ts === null ? "no value yet" : isoTime(c.ts)}
                    >
                      {c.point} {formatValue(c.value)}
                      {typeof c.value === "number" && c.unit ? ` ${displayUnit(c.unit)}` : ""}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Report</h3>
      <ul id="replay-report" class="replay-report">
        {run.reports.map((r) => <li key={r.id} class="muted">{reportSummary(r)}</li>)}
        {issues.map((l, i) => (
          <li key={i} data-kind={l.kind} data-row={l.rows}>
            {l.recording} row {l.rows}: {l.kind} ({l.skipped ? "skipped" : "replayed"}) —{" "}
            {l.message}
          </li>
        ))}
      </ul>

      <h3>Expectations</h3>
      {run.expectations === null
        ? (
          <p class="muted" id="replay-expectations">
            {live ? "Checked when the replay ends." : "None given."}
          </p>
        )
        : (
          <ul id="replay-expectations">
            {run.expectations.map((e) => (
              <li key={e.index} class={e.passed ? "pass" : "fail"}>{expectationLine(e)}</li>
            ))}
          </ul>
        )}
    </div>
  );
}

/** A recorded time to seek to: ISO 8601 or `+5m` after the first row. */
function SeekField(props: { onSeek(to: string): void }) {
  const [to, setTo] = useState("");
  return (
    <form
      class="replay-seek-to"
      onSubmit={(e) => {
        e.preventDefault();
        if (to.trim()) props.onSeek(to.trim());
      }}
    >
      <input
        id="replay-seek-to"
        type="text"
        placeholder="+5m or 2020-03-09T10:40:00Z"
        aria-label="Seek to a recorded time"
        value={to}
        onInput={(e) => setTo((e.target as HTMLInputElement).value)}
      />{" "}
      <button type="submit">Go</button>
    </form>
  );
}
