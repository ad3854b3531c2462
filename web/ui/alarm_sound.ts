/**
 * The optional audible alarm: off until the operator turns it on (the
 * choice is kept in localStorage), then a short two-note tone through
 * WebAudio whenever a new unacknowledged critical or high alarm arrives.
 * An alarm sounds once per activation, never again for the same one;
 * **Silence** stops a tone that plays and treats every alarm heard so far
 * as sounded. The store is per page (no module state).
 *
 * @module
 */
import type { AlarmEventPayload, AlarmView } from "./api_types.ts";

/** localStorage key of the on/off choice. */
export const SOUND_KEY = "fieldtwin.alarmSound";

/** Priorities that sound. */
export const SOUNDING: readonly string[] = ["critical", "high"];

/** What one activation of an alarm is known by: its id and when it became active. */
export function activationKey(a: Pick<AlarmView, "id" | "activeSince" | "since">): string {
  return `${a.id}@${a.activeSince ?? a.since}`;
}

/** The key to sound for `payload`, or undefined when it must stay quiet. */
export function soundFor(
  payload: Pick<AlarmEventPayload, "alarm">,
  heard: ReadonlySet<string>,
): string | undefined {
  const a = payload.alarm;
  if (a.state !== "unacknowledged" || !SOUNDING.includes(a.priority)) return undefined;
  const key = activationKey(a);
  return heard.has(key) ? undefined : key;
}

/** Where the choice is kept (localStorage in the page). */
export interface SoundPrefs {
  /** Read a key. */
  getItem(key: string): string | null;
  /** Write a key. */
  setItem(key: string, value: string): void;
}

/** Something that plays the tone (WebAudio in the page); returns its stop function. */
export type TonePlayer = () => () => void;

/** How long a tone lasts (ms): three notes. */
export const TONE_MS = 1_500;

/** The audible alarm of one page. */
export class AlarmSound {
  /** Activations already sounded (or silenced). */
  readonly heard = new Set<string>();
  /** Tones played since the page opened. */
  played = 0;
  /** Grows with every change, for views. */
  revision = 0;
  #enabled: boolean;
  #stopTone: (() => void) | undefined;
  readonly #prefs: SoundPrefs | undefined;
  readonly #play: TonePlayer;
  readonly #later: (fn: () => void, ms: number) => void;
  readonly #listeners = new Set<() => void>();

  /**
   * A sound over `prefs` (localStorage), `play` (default: a WebAudio tone)
   * and `later` (a timer, default `setTimeout`, that ends the tone).
   */
  constructor(
    prefs: SoundPrefs | undefined,
    play: TonePlayer = webAudioTone(),
    later: (fn: () => void, ms: number) => void = (fn, ms) => void setTimeout(fn, ms),
  ) {
    this.#prefs = prefs;
    this.#play = play;
    this.#later = later;
    this.#enabled = prefs?.getItem(SOUND_KEY) === "on";
  }

  /** Whether the tone is on. */
  get enabled(): boolean {
    return this.#enabled;
  }

  /** Whether a tone plays now. */
  get sounding(): boolean {
    return this.#stopTone !== undefined;
  }

  /** Turn the tone on or off, and remember it. */
  setEnabled(on: boolean): void {
    this.#enabled = on;
    this.#prefs?.setItem(SOUND_KEY, on ? "on" : "off");
    if (!on) this.silence();
    this.#changed();
  }

  /** Mark alarms already standing when the page learns of them, so they never sound. */
  know(alarms: Iterable<AlarmView>): void {
    for (const a of alarms) this.heard.add(activationKey(a));
  }

  /** Hear one alarm event: sounds when on and the alarm is new, critical or high, unacknowledged. */
  hear(payload: Pick<AlarmEventPayload, "alarm">): boolean {
    const key = soundFor(payload, this.heard);
    if (key === undefined) return false;
    this.heard.add(key);
    if (!this.#enabled) return false;
    this.#stopTone?.();
    const stop = this.#play();
    const mine = () => {
      stop();
      if (this.#stopTone === mine) this.#stopTone = undefined;
    };
    this.#stopTone = mine;
    this.#later(() => {
      if (this.#stopTone !== mine) return;
      this.#stopTone = undefined;
      this.#changed();
    }, TONE_MS);
    this.played++;
    this.#changed();
    return true;
  }

  /** Stop a tone that plays now. */
  silence(): void {
    if (!this.#stopTone) return;
    this.#stopTone();
    this.#changed();
  }

  /** Hear every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    this.revision++;
    for (const l of this.#listeners) l();
  }
}

/** Three short notes (880, 660, 880 Hz; 1.5 s in all) through WebAudio; silent without it. */
export function webAudioTone(): TonePlayer {
  let ctx: AudioContext | undefined;
  return () => {
    const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctx) return () => {};
    ctx ??= new Ctx();
    void ctx.resume();
    const t0 = ctx.currentTime;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, t0);
    gain.connect(ctx.destination);
    const oscs = [880, 660, 880].map((f, i) => {
      const o = ctx!.createOscillator();
      o.type = "sine";
      o.frequency.value = f;
      o.connect(gain);
      const at = t0 + i * 0.5;
      gain.gain.setTargetAtTime(0.2, at, 0.01);
      gain.gain.setTargetAtTime(0.0001, at + 0.35, 0.02);
      o.start(at);
      o.stop(at + 0.5);
      return o;
    });
    return () => {
      for (const o of oscs) {
        try {
          o.stop();
        } catch {
          // Already stopped.
        }
      }
      gain.disconnect();
    };
  };
}
