/**
 * Named hourly ambient profiles for what-if studies (`ambient: { profile:
 * "hot_summer_day" }`): 24 temperatures, degC, at 00:00 ... 23:00, shaped
 * like a clear day's record (coolest just before sunrise, warmest mid
 * afternoon). Documented in docs/whatif.md.
 *
 * @module
 */

/** Profiles by name; each has 24 hourly values, degC. */
export const AMBIENT_PROFILES: Readonly<Record<string, readonly number[]>> = {
  /** A heatwave day: 27 degC at dawn, 41 degC at 15:00. */
  hot_summer_day: [
    29,
    28.3,
    27.7,
    27.3,
    27,
    27,
    27.6,
    29,
    31,
    33.2,
    35.3,
    37.2,
    38.8,
    40,
    40.7,
    41,
    40.6,
    39.6,
    37.9,
    35.8,
    33.8,
    32.2,
    30.9,
    29.9,
  ],
  /** A mild spring or autumn day: 11 degC at dawn, 21 degC at 15:00. */
  mild_day: [
    13,
    12.5,
    12,
    11.6,
    11.3,
    11,
    11.3,
    12,
    13.3,
    14.8,
    16.3,
    17.7,
    18.9,
    19.9,
    20.6,
    21,
    20.8,
    20.1,
    18.9,
    17.4,
    16.1,
    15,
    14.2,
    13.5,
  ],
  /** A cold clear winter day: -12 degC at dawn, -2 degC at 14:00. */
  cold_winter_day: [
    -9,
    -9.6,
    -10.2,
    -10.8,
    -11.3,
    -11.7,
    -12,
    -11.8,
    -10.8,
    -9,
    -7,
    -5.2,
    -3.8,
    -2.6,
    -2,
    -2.3,
    -3.4,
    -4.8,
    -6,
    -6.9,
    -7.5,
    -8,
    -8.4,
    -8.7,
  ],
};

/** Names of the profiles, for schemas and messages. */
export const AMBIENT_PROFILE_NAMES = Object.keys(AMBIENT_PROFILES) as [string, ...string[]];
