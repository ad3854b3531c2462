/**
 * The audit log viewer: who did what, to what, when and how it ended,
 * newest first, filtered by user and time range, with a CSV download of
 * the same selection.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api_client.ts";
import { session } from "./auth_session.ts";
import { formatClock } from "./display_format.ts";
import { navigate } from "./route.ts";

/** An audit entry as `GET /api/audit` gives it. */
interface AuditRow {
  id: number;
  ts: number;
  user: string;
  action: string;
  target: string;
  args: unknown;
  status: number;
  outcome: string;
}

/** The query of the page's URL, as `/api/audit` takes it. */
export function auditQuery(search: string): URLSearchParams {
  const given = new URLSearchParams(search);
  const q = new URLSearchParams();
  for (const key of ["user", "from", "to"]) {
    const v = given.get(key);
    if (v) q.set(key, v);
  }
  q.set("limit", "500");
  return q;
}

/** The audit page. */
export function AuditPage(props: { search: string }) {
  const q = auditQuery(props.search);
  const [rows, setRows] = useState<AuditRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    getJson<AuditRow[]>(`/api/audit?${q}`).then((r) => {
      if (r.ok) {
        setRows(r.body);
        setError(undefined);
      } else setError(r.error);
    });
  }, [props.search]);
  const csv = new URLSearchParams(q);
  csv.set("format", "csv");
  csv.delete("limit");
  return (
    <section aria-labelledby="audit-title" class="admin-page">
      <h2 id="audit-title">Audit log</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget as HTMLFormElement);
          const next = new URLSearchParams();
          for (const key of ["user", "from", "to"]) {
            const v = String(data.get(key) ?? "").trim();
            if (v) next.set(key, v);
          }
          navigate(`/admin/audit${next.size ? `?${next}` : ""}`, true);
        }}
      >
        <label>
          User <input id="audit-user" name="user" value={q.get("user") ?? ""} />
        </label>
        <label>
          From (UTC) <input name="from" placeholder="2026-12-01" value={q.get("from") ?? ""} />
        </label>
        <label>
          To (UTC) <input name="to" placeholder="2026-12-02T12:00" value={q.get("to") ?? ""} />
        </label>
        <button type="submit">Filter</button>
        <a id="audit-csv" href={session.withToken(`/api/audit?${csv}`)} download="audit.csv">
          Download CSV
        </a>
      </form>
      {error && <p class="error-box" role="alert">{error}</p>}
      {rows && rows.length === 0 && <p class="muted">No entries for this selection.</p>}
      {rows && rows.length > 0 && (
        <table class="data-table" id="audit-table">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">User</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Arguments</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-status={r.status}>
                <td>{formatClock(r.ts)}</td>
                <td>{r.user}</td>
                <td>{r.action}</td>
                <td>{r.target}</td>
                <td>
                  <code>{r.args === null ? "" : JSON.stringify(r.args)}</code>
                </td>
                <td>{r.status < 400 ? r.outcome : `${r.status}: ${r.outcome}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
