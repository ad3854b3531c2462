/**
 * The reports page: pick a report (history of a twin's points, the alarm
 * journal, commands, the audit log for admins) and a time range (the last
 * 24 h or 7 d of the runtime's clock, or given ISO times in UTC), then
 * download it as CSV or as an Excel workbook.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { useApp } from "./app_context.ts";
import { session } from "./auth_session.ts";
import { formatClock } from "./display_format.ts";
import {
  type RangePreset,
  type ReportChoice,
  type ReportKind,
  reportPath,
  reportQuery,
} from "./report_links.ts";
import { useStoreRevision } from "./use_store.ts";
import { runtimeNow } from "./value_age.ts";

const KIND_TEXT: Record<ReportKind, string> = {
  history: "Point history",
  journal: "Alarm journal",
  commands: "Commands",
  audit: "Audit log (admins)",
};

const PRESET_TEXT: Record<RangePreset, string> = {
  "24h": "Last 24 h",
  "7d": "Last 7 days",
  custom: "Custom (UTC)",
};

/** The reports page. */
export function ReportsPage() {
  const { store } = useApp();
  useStoreRevision(store);
  const [choice, setChoice] = useState<ReportChoice>({
    kind: "journal",
    preset: "24h",
    from: "",
    to: "",
    twin: "",
    points: [],
  });
  const set = (patch: Partial<ReportChoice>) => setChoice({ ...choice, ...patch });
  const kinds = (Object.keys(KIND_TEXT) as ReportKind[]).filter((k) =>
    k !== "audit" || !session.user || session.user.role === "admin"
  );
  const now = runtimeNow(store);
  const twin = choice.twin ? store.get(choice.twin) : undefined;
  const asked = reportQuery(choice, now);
  return (
    <section aria-labelledby="reports-title" class="reports-page">
      <h2 id="reports-title">Reports</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Report{" "}
          <select
            id="report-kind"
            value={choice.kind}
            onChange={(e) =>
              set({ kind: (e.currentTarget as HTMLSelectElement).value as ReportKind })}
          >
            {kinds.map((k) => <option key={k} value={k}>{KIND_TEXT[k]}</option>)}
          </select>
        </label>
        <fieldset class="report-range">
          <legend>Time range</legend>
          {(Object.keys(PRESET_TEXT) as RangePreset[]).map((p) => (
            <label key={p}>
              <input
                type="radio"
                name="preset"
                value={p}
                checked={choice.preset === p}
                onChange={() => set({ preset: p })}
              />{" "}
              {PRESET_TEXT[p]}
            </label>
          ))}
          {choice.preset === "custom" && (
            <>
              <label>
                From{" "}
                <input
                  id="report-from"
                  placeholder="2026-12-01T00:00"
                  value={choice.from}
                  onInput={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })}
                />
              </label>
              <label>
                To{" "}
                <input
                  id="report-to"
                  placeholder="2026-12-02T00:00"
                  value={choice.to}
                  onInput={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })}
                />
              </label>
            </>
          )}
          {choice.preset !== "custom" && now > 0 && (
            " "
          )}
          {choice.preset !== "custom" && now > 0 && (
            <span class="muted">— ending {formatClock(now)} UTC (runtime clock)</span>
          )}
        </fieldset>
        {choice.kind === "history" && (
          <fieldset class="report-points">
            <legend>Points</legend>
            <label>
              Twin{" "}
              <select
                id="report-twin"
                value={choice.twin}
                onChange={(e) =>
                  set({ twin: (e.currentTarget as HTMLSelectElement).value, points: [] })}
              >
                <option value="">choose…</option>
                {[...store.twins.keys()].sort().map((id) => (
                  <option key={id} value={id}>{id}</option>
                ))}
              </select>
            </label>
            {twin && Object.keys(twin.points).map((p) => (
              <label key={p}>
                <input
                  type="checkbox"
                  name="point"
                  value={p}
                  checked={choice.points.includes(p)}
                  onChange={(e) =>
                    set({
                      points: (e.currentTarget as HTMLInputElement).checked
                        ? [...choice.points, p]
                        : choice.points.filter((x) => x !== p),
                    })}
                />{" "}
                {p}
              </label>
            ))}
          </fieldset>
        )}
      </form>
      {"missing" in asked
        ? <p class="muted" id="report-missing">{asked.missing}</p>
        : (
          <p class="report-downloads">
            <a
              id="report-csv"
              href={session.withToken(reportPath(choice.kind, "csv", asked.query))}
              download={`${choice.kind}.csv`}
            >
              Download CSV
            </a>{" "}
            <a
              id="report-xlsx"
              href={session.withToken(reportPath(choice.kind, "xlsx", asked.query))}
              download={`${choice.kind}.xlsx`}
            >
              Download Excel
            </a>
          </p>
        )}
    </section>
  );
}
