/**
 * An hourly station plan as a table: each pump's speed in the plan, beside
 * what the applied schedule runs that hour (when one is applied), the
 * current hour marked and hours that differ in red. Used for the newest
 * on-demand schedule and for the periodic plan on a station's page.
 *
 * @module
 */
import type { PlanRow } from "./schedule_view.ts";

// Inline, so the plan needs nothing of the shared stylesheet.
const CELL = { padding: "0.1rem 0.6rem", textAlign: "right" } as const;
const NOW_ROW = { background: "#fff4d6", fontWeight: 600 } as const;
const DIFFERS = { ...CELL, color: "#b3261e" } as const;

/** Props of {@linkcode PlanTable}. */
export interface PlanTableProps {
  /** Element id of the table. */
  id: string;
  /** Caption. */
  caption: string;
  /** Pump suffixes, in column order. */
  pumps: readonly string[];
  /** The rows (schedule_view.ts `planRows`). */
  rows: readonly PlanRow[];
  /** Whether a schedule is applied (adds its columns). */
  applied: boolean;
  /** Word for the plan's columns ("proposed", "periodic"); also the plan cells' class, `plan-<word>`. */
  word: string;
}

/** The hourly table of a plan beside the applied schedule. */
export function PlanTable(props: PlanTableProps) {
  const { id, caption, pumps, rows, applied, word } = props;
  return (
    <div style={{ overflowX: "auto" }}>
      <table id={id} class="compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" style={CELL}>Hour</th>
            {pumps.map((p) => <th key={`p${p}`} scope="col" style={CELL}>{p} {word}</th>)}
            {applied &&
              pumps.map((p) => <th key={`a${p}`} scope="col" style={CELL}>{p} applied</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.hour}
              data-hour={r.hour}
              class={r.now ? "plan-now" : undefined}
              aria-current={r.now ? "time" : undefined}
              style={r.now ? NOW_ROW : undefined}
            >
              <th scope="row" style={CELL}>{String(r.hour).padStart(2, "0")}:00</th>
              {r.proposed.map((t, i) => (
                <td
                  key={`p${i}`}
                  class={r.differs ? `plan-${word} differs` : `plan-${word}`}
                  style={r.differs ? DIFFERS : CELL}
                >
                  {t}
                </td>
              ))}
              {applied &&
                r.applied.map((t, i) => <td key={`a${i}`} class="plan-applied" style={CELL}>{t}
                </td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
