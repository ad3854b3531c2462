/**
 * The twin's recent commands, newest first: when, what, who, and what
 * became of each.
 *
 * @module
 */
import type { CommandRecord } from "./api_types.ts";
import { formatTimeOfDay } from "./display_format.ts";

function argsText(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(([k, v]) =>
    `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`
  );
  return parts.join(", ");
}

/** The list of recent commands. */
export function CommandHistory(props: { records: readonly CommandRecord[] }) {
  if (props.records.length === 0) return <p class="muted">No commands yet.</p>;
  return (
    <div class="table-scroll">
      <table class="data-table" id="command-history">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Command</th>
            <th scope="col">By</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.records.map((r) => (
            <tr key={r.id} data-command-id={r.id}>
              <td class="mono">{formatTimeOfDay(r.requestedAt)}</td>
              <td>
                <strong>{r.type.replaceAll("_", " ")}</strong>
                {Object.keys(r.args).length > 0 && (
                  <span class="muted args">{argsText(r.args)}</span>
                )}
                {r.comment && <div class="muted">“{r.comment}”</div>}
              </td>
              <td>{r.user}</td>
              <td>
                <span class={`status status-${r.status}`}>{r.status}</span>
                {r.reason && <div class="reason">{r.reason}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
