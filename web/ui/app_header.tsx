/**
 * The page header: plant name, link home, stream state and the runtime clock
 * (the newest sample time, which on virtual time runs at simulation speed).
 *
 * @module
 */
import { useApp } from "./app_context.ts";
import { formatClock } from "./display_format.ts";
import { Link } from "./link.tsx";

const CONNECTION_TEXT = {
  connecting: "connecting",
  live: "live",
  reconnecting: "reconnecting",
} as const;

/** The header. */
export function AppHeader(props: { onFleet: boolean }) {
  const { store, plant, health } = useApp();
  const virtual = health?.clock.virtual;
  const now = store.latestTs || (health ? Date.parse(health.clock.now) : 0);
  return (
    <header class="app-header">
      <div class="brand">
        <Link href="/" current={props.onFleet} title="Fleet overview">
          <span class="brand-name">fieldtwin</span>
        </Link>
        <h1 class="plant-name">{plant?.name ?? "…"}</h1>
      </div>
      <div class="header-status">
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
    </header>
  );
}
