/**
 * An RTU's register map: where each asset point sits in the holding
 * registers, with the point's live value from the stream.
 *
 * @module
 */
import { useApp } from "./app_context.ts";
import { formatWithUnit } from "./display_format.ts";
import { Link } from "./link.tsx";
import { twinPath } from "./route.ts";

/** One register map row as the RTU simulator reports it. */
export interface RegisterRow {
  /** Asset twin id. */
  asset: string;
  /** Point name. */
  point: string;
  /** Holding-register address. */
  address: number;
  /** Encoding. */
  type: string;
}

/** Whether `v` is a register map. */
export function isRegisterMap(v: unknown): v is RegisterRow[] {
  return Array.isArray(v) &&
    v.every((r) =>
      r && typeof r === "object" && typeof r.address === "number" && typeof r.asset === "string"
    );
}

/** The register table. */
export function RegisterMapTable(props: { rows: RegisterRow[] }) {
  const { store } = useApp();
  if (props.rows.length === 0) {
    return <p class="muted">The register map is empty (no assets, or no scan yet).</p>;
  }
  return (
    <div class="table-scroll scroll-tall">
      <table class="data-table" aria-label="Register map">
        <thead>
          <tr>
            <th scope="col" class="num">Address</th>
            <th scope="col">Type</th>
            <th scope="col">Asset</th>
            <th scope="col">Point</th>
            <th scope="col" class="num">Value</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const p = store.get(r.asset)?.points[r.point];
            return (
              <tr key={`${r.address}`}>
                <td class="num mono">{r.address}</td>
                <td>{r.type}</td>
                <td>
                  <Link href={twinPath(r.asset)}>{r.asset}</Link>
                </td>
                <td>{r.point}</td>
                <td class="num">{p ? formatWithUnit(p.value, p.unit) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
