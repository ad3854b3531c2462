/**
 * Every point of a twin, live: value, unit, quality and what it means.
 *
 * @module
 */
import type { PointSpec, TwinView } from "./api_types.ts";
import { displayUnit, formatClock, formatValue } from "./display_format.ts";

/** The points table. */
export function PointsTable(props: { view: TwinView; specs: Record<string, PointSpec> }) {
  const { view, specs } = props;
  const names = [...Object.keys(specs), ...Object.keys(view.points).filter((n) => !(n in specs))];
  let ts = 0;
  for (const n of names) ts = Math.max(ts, view.points[n]?.ts ?? 0);
  return (
    <div class="table-scroll">
      <table class="data-table points" id="points-table">
        <caption class="muted">
          {ts ? `Sampled ${formatClock(ts)} UTC` : "No sample yet"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col" class="num">Value</th>
            <th scope="col">Unit</th>
            <th scope="col">Quality</th>
            <th scope="col" class="col-meaning">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {names.map((n) => {
            const p = view.points[n];
            const quality = p?.quality ?? "bad";
            return (
              <tr key={n} data-point={n} class={specs[n]?.key ? "key-point" : undefined}>
                <th scope="row" title={specs[n]?.description}>{n.replaceAll("_", " ")}</th>
                <td class={`num value q-${quality}`}>{formatValue(p?.value)}</td>
                <td>{displayUnit(p?.unit ?? specs[n]?.unit ?? "")}</td>
                <td>
                  <span class={`quality quality-${quality}`}>{quality}</span>
                </td>
                <td class="muted col-meaning">{specs[n]?.description ?? ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
