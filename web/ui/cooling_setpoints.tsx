/**
 * A cooling site's setpoint proposals on its page: a button asks for one
 * (`POST /api/twins/{site}/cooling_setpoints`), the newest is shown beside
 * the setpoints the site ran when it was made, with the power saving and
 * the rigs' margin below their limit as the simulator settled them, and an
 * Apply button sends its commands through the command path after the
 * operator confirms.
 *
 * @module
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { getJson, postJson } from "./api_client.ts";
import { session } from "./auth_session.ts";
import { roleRefusal } from "./command_panel.tsx";
import { useConfirm } from "./confirm_dialog.tsx";
import {
  applyQuestion,
  type CoolingProposalView,
  proposalSummary,
  setpointRows,
} from "./cooling_setpoints_view.ts";

// Inline, so the panel needs nothing of the shared stylesheet.
const CELL = { padding: "0.1rem 0.6rem", textAlign: "right" } as const;
const DIFFERS = { ...CELL, color: "#b3261e", fontWeight: 600 } as const;

/** The Cooling setpoints section of a cooling site's page. */
export function CoolingSetpoints(props: { id: string }) {
  const { id } = props;
  const base = `/api/twins/${encodeURIComponent(id)}/cooling_setpoints`;
  const [newest, setNewest] = useState<CoolingProposalView | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const confirm = useConfirm();

  const load = useCallback(async () => {
    const r = await getJson<CoolingProposalView[]>(base);
    if (r.ok && r.body) setNewest(r.body[0]);
  }, [base]);
  useEffect(() => {
    load();
  }, [load]);

  const propose = async () => {
    setBusy(true);
    setMessage(undefined);
    const r = await postJson<CoolingProposalView>(base, {});
    setBusy(false);
    if (r.ok && r.body) setNewest(r.body);
    else setMessage({ text: r.error ?? `refused (${r.status})`, error: true });
  };

  const apply = async (v: CoolingProposalView) => {
    setBusy(true);
    for (const c of v.commands) {
      const r = await postJson(`/api/twins/${encodeURIComponent(id)}/commands`, {
        ...c,
        comment: `cooling setpoints ${v.id}`,
      });
      if (!r.ok) {
        setBusy(false);
        return setMessage({ text: `${c.type} refused: ${r.error ?? r.status}`, error: true });
      }
    }
    setBusy(false);
    setMessage({ text: `applied ${v.id}: ${v.commands.length} commands executed`, error: false });
  };

  const byRole = roleRefusal(session.user);
  const p = newest?.proposal;
  return (
    <section aria-labelledby="cooling-setpoints-title" id="cooling-setpoints">
      <h3 id="cooling-setpoints-title">Cooling setpoints</h3>
      <p>
        <button type="button" id="propose-setpoints" onClick={propose} disabled={busy}>
          Propose setpoints
        </button>{" "}
        {message && (
          <span
            class={message.error ? "outcome-error" : "outcome"}
            role={message.error ? "alert" : "status"}
          >
            {message.text}
          </span>
        )}
      </p>
      {!newest && <p class="muted">No proposal yet.</p>}
      {newest && p && (
        <div id="setpoint-proposal" data-proposal={newest.id} data-feasible={String(p.feasible)}>
          <p id="setpoint-summary">
            Proposal {newest.id} for {newest.state.ambientC.toFixed(1)} °C ambient and{" "}
            {newest.state.heatKw.toFixed(0)} kW of rig heat: {proposalSummary(newest)}
          </p>
          <table id="setpoint-table" class="compact">
            <caption>Present setpoints beside the proposal, as the simulator settled them</caption>
            <thead>
              <tr>
                <th scope="col" style={CELL}></th>
                <th scope="col" style={CELL}>Current</th>
                <th scope="col" style={CELL}>Proposed</th>
              </tr>
            </thead>
            <tbody>
              {setpointRows(newest).map((r) => (
                <tr key={r.label}>
                  <th scope="row" style={CELL}>{r.label}</th>
                  <td style={CELL}>{r.current}</td>
                  <td class="proposed" style={r.differs ? DIFFERS : CELL}>{r.proposed}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button
              type="button"
              id="apply-setpoints"
              disabled={busy || !p.feasible || byRole !== undefined}
              title={byRole ?? (p.feasible ? undefined : "the simulator found the rigs too hot")}
              onClick={() =>
                confirm.ask(applyQuestion(id, newest), "Yes, apply", () =>
                  void apply(newest))}
            >
              Apply
            </button>
          </p>
          {confirm.dialog}
        </div>
      )}
    </section>
  );
}
