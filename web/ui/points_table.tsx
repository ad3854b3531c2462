/**
 * Every point of a twin, live: value, unit, quality, how old the value is
 * (against the runtime clock) and what it means. A stale value (the server
 * turns a point that got no sample for a few scan periods `uncertain`)
 * shows its age in the warning colour, a bad one in the alarm colour.
 *
 * @module
 */
import type { PointSpec, TwinView } from "./api_types.ts";
import { displayUnit, formatClock, formatValue } from "./display_format.ts";
import { formatAge, pointAge } from "./value_age.ts";

/**
 * The points table; `now` is the runtime clock (epoch ms), 0 when not yet
 * known, and `virtual` says that clock is virtual time.
 */
export function PointsTable(
  props: { view: TwinView; specs: Record<string, PointSpec>; now: number; virtual?: boolean },
) {
  const { view, specs, now } = props;
  const names = [...Object.keys(specs), ...Object.keys(view.points).filter((n) => !(n in specs))];
  return (
    <div class="table-scroll">
      <table class="data-table points" id="points-table">
        <caption class="muted">
          {now
            ? `Runtime clock ${formatClock(now)} UTC${props.virtual ? " (virtual time)" : ""}`
            : "No sample yet"}
        </caption>
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col" class="num">Value</th>
            <th scope="col">Unit</th>
            <th scope="col">Quality</th>
            <th scope="col">Age</th>
            <th scope="col" class="col-meaning">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {names.map((n) => {
            const p = view.points[n];
            const quality = p?.quality ?? "bad";
            const age = pointAge(p, now);
            return (
              <tr key={n} data-point={n} class={specs[n]?.key ? "key-point" : undefined}>
                <th scope="row" title={specs[n]?.description}>{n.replaceAll("_", " ")}</th>
                <td class={`num value q-${quality}`}>{formatValue(p?.value)}</td>
                <td>{displayUnit(p?.unit ?? specs[n]?.unit ?? "")}</td>
                <td>
                  <span class={`quality quality-${quality}`}>{quality}</span>
                </td>
                <td
                  class={`age age-${quality}`}
                  data-age-ms={age}
                  title={p?.ts ? `sampled ${formatClock(p.ts)} UTC` : "never sampled"}
                >
                  {formatAge(age)}
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
