/**
 * Which operator actions are controls that halt equipment or production and
 * so need a second, deliberate yes before they are sent: stopping or
 * shutting in a twin, switching a station off, stopping a twin's actor, and
 * taking an alarm out of service. Everything else (setpoints, modes that
 * keep running, starts, resets) is sent at once.
 *
 * @module
 */

/** Command types that halt the equipment whatever their arguments. */
const HALTING: Readonly<Record<string, string>> = {
  stop: "stops it",
  shut_in: "stops its pumping unit; the well stops producing",
  emergency_stop: "stops it at once",
};

/** Command types whose argument values halt the equipment (`set_mode` to `off`). */
const HALTING_ARGS: Readonly<Record<string, { arg: string; values: readonly string[] }>> = {
  set_mode: { arg: "mode", values: ["off"] },
};

/**
 * The question to ask before sending command `type` with `args` to twin
 * `twinId`, or undefined when it may go without one. The question names the
 * twin and says what will happen.
 */
export function commandQuestion(
  twinId: string,
  type: string,
  args: Readonly<Record<string, unknown>> = {},
): string | undefined {
  const halting = HALTING[type];
  if (halting) return `${words(type)} ${twinId}? This ${halting}.`;
  const byArg = HALTING_ARGS[type];
  const value = byArg && args[byArg.arg];
  if (typeof value === "string" && byArg.values.includes(value)) {
    return `Switch ${twinId} ${value}? This stops all its equipment and its automatic control.`;
  }
  return undefined;
}

/** The question before stopping a twin's actor and simulator (always asked). */
export function stopTwinQuestion(twinId: string): string {
  return `Stop twin ${twinId}? Its actor and simulator stop (and its children's); ` +
    "it no longer follows or controls the plant until started again.";
}

/** The question before taking an alarm out of service (always asked). */
export function outOfServiceQuestion(alarmId: string, message: string): string {
  return `Take alarm ${alarmId} (${message}) out of service? ` +
    "It will not annunciate again until returned to service.";
}

function words(type: string): string {
  const s = type.replaceAll("_", " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
