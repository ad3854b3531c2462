/**
 * The audible alarm's switch and, while a tone plays, its **Silence**
 * button; in the header of every page and on the wall display's bar.
 *
 * @module
 */
import type { AlarmSound } from "./alarm_sound.ts";

/** The switch and the silence button of `sound`. */
export function SoundControl(props: { sound: AlarmSound }) {
  const sound = props.sound;
  return (
    <span class="sound-control">
      <label class="sound-toggle" title="Play a tone when a new critical or high alarm arrives">
        <input
          type="checkbox"
          id="alarm-sound"
          checked={sound.enabled}
          onChange={(e) => sound.setEnabled(e.currentTarget.checked)}
        />{" "}
        alarm sound
      </label>
      {sound.sounding && (
        <button
          type="button"
          class="silence"
          id="alarm-silence"
          onClick={() => sound.silence()}
        >
          Silence
        </button>
      )}
    </span>
  );
}
