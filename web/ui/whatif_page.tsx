/**
 * The what-if page: fork the running plant or a plant file, edit the
 * variants (a JSON editor with quick controls for demand and ambient), run
 * the study with a progress bar per run and overall (cancellable), then
 * compare: a table of every KPI per run with its change against the
 * baseline, a bar chart of one KPI across runs, and the CSV. Recent studies
 * can be reopened. Starting needs the engineer role when logins are on; the
 * server's refusal is shown as it says it.
 *
 * @module
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { getJson, postJson, sendJson } from "./api_client.ts";
import { useApp } from "./app_context.ts";
import { session } from "./auth_session.ts";
import { baseText, compareTable, kpiSeries, percent, type Study } from "./whatif_compare.ts";
import { WhatifChart } from "./whatif_chart.tsx";
import {
  applyQuick,
  buildSpec,
  exampleVariants,
  quickValues,
  variantsJson,
  type WhatifForm,
} from "./whatif_form.ts";

const POLL_MS = 500;

/** Width of the element `ref` holds (it may appear later, as `key` changes), at most 720. */
function useWidth(ref: { current: HTMLElement | null }, key: unknown): number {
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.min(720, el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [key]);
  return width;
}

/** The what-if page. */
export function WhatifPage() {
  const { store } = useApp();
  const kinds = useMemo(() => [...store.twins.values()].map((t) => t.kind), [store.twins.size]);
  const [form, setForm] = useState<WhatifForm>(() => ({
    name: "",
    base: "running",
    plantPath: "",
    from: "initial",
    duration: "24h",
    variantsText: variantsJson(exampleVariants(kinds)),
  }));
  const [formError, setFormError] = useState<{ field: string; error: string } | undefined>();
  const [runError, setRunError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  // Each opening polls afresh, even of the same study (n grows).
  const [opened, setOpened] = useState<{ id: string; n: number } | undefined>();
  const [study, setStudy] = useState<Study | undefined>();
  const [recent, setRecent] = useState<Study[]>([]);
  const [listError, setListError] = useState<string | undefined>();
  const [kpi, setKpi] = useState("energy_kwh");
  const resultsRef = useRef<HTMLElement>(null);
  const width = useWidth(resultsRef, study?.id);

  const loadList = async () => {
    const r = await getJson<Study[]>("/api/whatif");
    if (r.ok) {
      setRecent(r.body ?? []);
      setListError(undefined);
    } else setListError(r.error);
  };
  useEffect(() => {
    loadList();
  }, []);

  // Poll the open study until it ends.
  useEffect(() => {
    if (!opened) return;
    const studyId = opened.id;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const r = await getJson<Study>(`/api/whatif/${encodeURIComponent(studyId)}`);
      if (!live) return;
      if (!r.ok) {
        setRunError(r.error);
        return;
      }
      setStudy(r.body);
      if (r.body!.status === "running") timer = setTimeout(tick, POLL_MS);
      else loadList();
    };
    tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [opened]);

  // Before the stream's first snapshot there are no kinds; refill the untouched example then.
  useEffect(() => {
    const fresh = variantsJson(exampleVariants(kinds));
    setForm((f) =>
      f.variantsText === variantsJson(exampleVariants([])) ? { ...f, variantsText: fresh } : f
    );
  }, [kinds.join(",")]);

  const set = (patch: Partial<WhatifForm>) => setForm({ ...form, ...patch });
  const quick = quickValues(form.variantsText);
  const setQuick = (control: "demandScale" | "ambientOffset", value: number | undefined) => {
    const r = applyQuick(form.variantsText, control, value);
    if (r.ok) {
      set({ variantsText: r.text });
      setFormError(undefined);
    } else setFormError({ field: "variants", error: r.error });
  };

  const run = async (e: Event) => {
    e.preventDefault();
    const built = buildSpec(form);
    if (!built.ok) {
      setFormError({ field: built.field, error: built.error });
      return;
    }
    setFormError(undefined);
    setRunError(undefined);
    setBusy(true);
    const r = await postJson<Study>("/api/whatif", built.spec);
    setBusy(false);
    if (!r.ok) {
      // A 400 names the JSON path inside the spec: it belongs beside the editor.
      setFormError({ field: r.status === 400 ? "variants" : "run", error: r.error ?? "refused" });
      return;
    }
    setStudy(r.body);
    setOpened({ id: r.body!.id, n: (opened?.n ?? 0) + 1 });
    loadList();
  };

  const cancel = async () => {
    if (!study) return;
    const r = await sendJson<Study>("DELETE", `/api/whatif/${encodeURIComponent(study.id)}`);
    if (!r.ok) setRunError(r.error);
    else if (r.body) setStudy(r.body);
  };

  const table = useMemo(() => (study?.results ? compareTable(study.results) : undefined), [
    study?.id,
    study?.results,
  ]);
  const kpiNames = table?.rows.map((r) => r.kpi) ?? [];
  const chosen = kpiNames.includes(kpi) ? kpi : kpiNames[0];
  const series = study?.results && chosen ? kpiSeries(study.results, chosen) : undefined;

  return (
    <section class="whatif-page" aria-labelledby="whatif-title">
      <h2 id="whatif-title">What-if</h2>
      <form class="whatif-form" onSubmit={run} noValidate>
        <fieldset>
          <legend>Plant</legend>
          <label>
            <input
              type="radio"
              name="whatif-base"
              id="whatif-base-running"
              checked={form.base === "running"}
              onChange={() => set({ base: "running" })}
            />{" "}
            the running plant
          </label>
          <label>
            <input
              type="radio"
              name="whatif-base"
              id="whatif-base-file"
              checked={form.base === "file"}
              onChange={() => set({ base: "file" })}
            />{" "}
            a plant file
          </label>
          {form.base === "running" && (
            <div class="whatif-from" role="radiogroup" aria-label="Start the runs">
              <label>
                <input
                  type="radio"
                  name="whatif-from"
                  id="whatif-from-now"
                  checked={form.from === "now"}
                  onChange={() =>
                    set({ from: "now" })}
                />{" "}
                start from now (levels, temperatures, faults and alarms as they are)
              </label>
              <label>
                <input
                  type="radio"
                  name="whatif-from"
                  id="whatif-from-initial"
                  checked={form.from === "initial"}
                  onChange={() =>
                    set({ from: "initial" })}
                />{" "}
                start from the plant file's initial conditions
              </label>
            </div>
          )}
          {form.base === "file" && (
            <input
              type="text"
              id="whatif-plant"
              aria-label="Plant file path"
              placeholder="plants/alarms_example.json"
              value={form.plantPath}
              onInput={(e) => set({ plantPath: e.currentTarget.value })}
            />
          )}
          {formError?.field === "plantPath" && (
            <p class="field-error" role="alert">{formError.error}</p>
          )}
        </fieldset>
        <div class="whatif-row">
          <label>
            Name
            <input
              type="text"
              id="whatif-name"
              placeholder="what-if"
              value={form.name}
              onInput={(e) => set({ name: e.currentTarget.value })}
            />
          </label>
          <label>
            Duration
            <input
              type="text"
              id="whatif-duration"
              size={8}
              value={form.duration}
              aria-describedby="whatif-duration-help"
              onInput={(e) => set({ duration: e.currentTarget.value })}
            />
          </label>
          <span id="whatif-duration-help" class="muted">virtual time: 24h, 90m, 2d</span>
        </div>
        {formError?.field === "duration" && (
          <p class="field-error" role="alert">{formError.error}</p>
        )}
        <fieldset class="whatif-quick">
          <legend>Quick changes to the first variant</legend>
          <label>
            Demand ×{quick.demandScale ?? 1}
            <input
              type="range"
              id="whatif-demand"
              min={0.5}
              max={2}
              step={0.05}
              value={quick.demandScale ?? 1}
              onInput={(e) => {
                const v = Number(e.currentTarget.value);
                setQuick("demandScale", v === 1 ? undefined : v);
              }}
            />
          </label>
          <label>
            Ambient offset (°C)
            <input
              type="number"
              id="whatif-ambient"
              min={-30}
              max={30}
              step={1}
              value={quick.ambientOffset ?? 0}
              onInput={(e) => {
                const v = Number(e.currentTarget.value);
                if (Number.isFinite(v)) setQuick("ambientOffset", v === 0 ? undefined : v);
              }}
            />
          </label>
        </fieldset>
        <label for="whatif-variants">
          Variants (JSON: <code>[{'{ "name", "overrides" }'}]</code>, see docs/whatif.md)
        </label>
        <textarea
          id="whatif-variants"
          rows={10}
          spellcheck={false}
          aria-invalid={formError?.field === "variants"}
          aria-describedby="whatif-variants-error"
          value={form.variantsText}
          onInput={(e) => set({ variantsText: e.currentTarget.value })}
        />
        <p id="whatif-variants-error" class="field-error" role="alert">
          {formError && formError.field !== "plantPath" && formError.field !== "duration"
            ? formError.error
            : ""}
        </p>
        <button type="submit" id="whatif-run" disabled={busy || study?.status === "running"}>
          Run
        </button>
      </form>

      {study && (
        <section class="whatif-study" ref={resultsRef} aria-labelledby="whatif-study-title">
          <h3 id="whatif-study-title">
            {study.name}{" "}
            <span class="muted">({baseText(study.base, study.from)}, {study.duration})</span>
          </h3>
          <p id="whatif-status" data-status={study.status}>
            {study.status}
            {study.error ? `: ${study.error}` : ""}
          </p>
          {runError && <p class="field-error" role="alert">{runError}</p>}
          <div class="whatif-progress">
            <label>
              overall{" "}
              <progress id="whatif-progress" max={100} value={percent(study.progress)}>
                {percent(study.progress)}%
              </progress>{" "}
              {percent(study.progress)}%
            </label>
            {study.runs.map((r) => (
              <label key={r.name}>
                {r.name}{" "}
                <progress max={100} value={percent(r.progress)} data-run={r.name}>
                  {percent(r.progress)}%
                </progress>{" "}
                {percent(r.progress)}%
              </label>
            ))}
          </div>
          {study.status === "running" && (
            <button type="button" id="whatif-cancel" onClick={cancel}>Cancel</button>
          )}
          {table && (
            <>
              <div class="whatif-table-wrap">
                <table class="whatif-table" id="whatif-results">
                  <caption class="visually-hidden">
                    KPIs per run, changes against the baseline
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">KPI</th>
                      {table.runs.map((r) => <th scope="col" key={r}>{r}</th>)}
                    </tr>
                  </thead>
                  <tbody>
                    {table.rows.map((row) => (
                      <tr key={row.kpi} data-kpi={row.kpi}>
                        <th scope="row">
                          {row.kpi}{" "}
                          <span class="muted">{row.unit === "count" ? "" : row.unit}</span>
                        </th>
                        {row.cells.map((c, i) => (
                          <td
                            key={table.runs[i]}
                            data-run={table.runs[i]}
                            data-value={c.value ?? ""}
                          >
                            <span class="kpi-value">{c.text}</span>
                            {c.delta && (
                              <span
                                class={`kpi-delta delta-${
                                  c.sign > 0 ? "up" : c.sign < 0 ? "down" : "same"
                                }`}
                              >
                                {c.delta}
                              </span>
                            )}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div class="whatif-chart-controls">
                <label>
                  Chart{" "}
                  <select
                    id="whatif-kpi"
                    value={chosen}
                    onChange={(e) => setKpi(e.currentTarget.value)}
                  >
                    {kpiNames.map((k) => <option key={k} value={k}>{k}</option>)}
                  </select>
                </label>{" "}
                <a
                  id="whatif-csv"
                  href={session.withToken(`/api/whatif/${encodeURIComponent(study.id)}?format=csv`)}
                  download={`whatif-${study.id}.csv`}
                >
                  Download CSV
                </a>
              </div>
              {series && (
                <WhatifChart
                  kpi={chosen!}
                  unit={series.unit}
                  names={series.names}
                  values={series.values}
                  width={width}
                />
              )}
            </>
          )}
        </section>
      )}

      <section class="whatif-recent" aria-labelledby="whatif-recent-title">
        <h3 id="whatif-recent-title">Recent studies</h3>
        {listError && <p class="field-error" role="alert">{listError}</p>}
        {!recent.length && !listError && <p class="muted">None yet.</p>}
        <ul id="whatif-list">
          {recent.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                class="link-button"
                aria-current={s.id === study?.id ? "true" : undefined}
                onClick={() => {
                  setRunError(undefined);
                  setStudy(s);
                  // Polling fetches its results (the list carries none).
                  setOpened({ id: s.id, n: (opened?.n ?? 0) + 1 });
                }}
              >
                {s.name}
              </button>{" "}
              <span class="muted">
                {s.status}, {baseText(s.base, s.from)}, {s.duration},{" "}
                {s.created_at.slice(0, 16).replace("T", " ")} UTC
              </span>
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
