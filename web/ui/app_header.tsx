/**
 * The page header: plant name, links to the fleet, the alarm list and the
 * journal, the operator's name, stream state, the runtime clock (as the
 * stream tells it; on virtual time it runs at simulation speed), the
 * audible alarm's switch (and **Silence** while a tone plays), and the
 * alarm banner beneath.
 *
 * @module
 */
import { AlarmBanner } from "./alarm_banner.tsx";
import type { AlarmSound } from "./alarm_sound.ts";
import { SoundControl } from "./sound_control.tsx";
import { useApp } from "./app_context.ts";
import { formatClock } from "./display_format.ts";
import { Link } from "./link.tsx";
import { session } from "./auth_session.ts";
import { OperatorField } from "./operator_field.tsx";
import type { Route } from "./route.ts";
import { runtimeNow } from "./value_age.ts";

const CONNECTION_TEXT = {
  connecting: "connecting",
  live: "live",
  reconnecting: "reconnecting",
} as const;

/** The header. */
export function AppHeader(props: { page: Route["page"]; sound?: AlarmSound }) {
  const sound = props.sound;
  const { store, plant, health } = useApp();
  const virtual = health?.clock.virtual;
  const now = runtimeNow(store) || (health ? Date.parse(health.clock.now) : 0);
  return (
    <header class="app-header">
      <div class="brand">
        <Link href="/" current={props.page === "fleet"} title="Fleet overview">
          <span class="brand-name">fieldtwin</span>
        </Link>
        <h1 class="plant-name">{plant?.name ?? "…"}</h1>
        <nav class="header-nav" aria-label="Pages">
          <Link href="/" current={props.page === "fleet"}>Overview</Link>
          <Link href="/alarms" current={props.page === "alarms"}>Alarms</Link>
          <Link href="/alarms/journal" current={props.page === "journal"}>Journal</Link>
          <Link href="/whatif" current={props.page === "whatif"}>What-if</Link>
          <Link href="/replay" current={props.page === "replay"}>Replay</Link>
          <Link href="/reports" current={props.page === "reports"}>Reports</Link>
          {(!session.user || session.user.role === "admin") && (
            <>
              <Link href="/admin/audit" current={props.page === "audit"}>Audit</Link>
              {session.user && (
                <Link href="/admin/users" current={props.page === "users"}>Users</Link>
              )}
            </>
          )}
        </nav>
      </div>
      <div class="header-status">
        {session.user
          ? (
            <span class="user-menu" id="user-menu">
              <span class="user-name">{session.user.user}</span>{" "}
              <span class="user-role" title="Your role decides what you may do">
                {session.user.role}
              </span>{" "}
              <button type="button" class="link-button" onClick={() => session.logout()}>
                Log out
              </button>
            </span>
          )
          : <OperatorField />}
        {sound && <SoundControl sound={sound} />}
        <span
          class={`conn conn-${store.connection}`}
          role="status"
          aria-live="polite"
          id="connection-state"
        >
          {CONNECTION_TEXT[store.connection]}
        </span>
        <span class="clock" title={virtual ? "Simulated (virtual) time, UTC" : "Runtime time, UTC"}>
          <span class="clock-kind">
            {virtual === undefined ? "" : virtual ? "virtual" : "real"}
          </span>{" "}
          <time id="clock" dateTime={now ? new Date(now).toISOString() : undefined}>
            {now ? `${formatClock(now)} UTC` : "—"}
          </time>
        </span>
      </div>
      <AlarmBanner current={props.page === "alarms"} />
    </header>
  );
}
