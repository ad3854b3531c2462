/**
 * Modbus exception codes and what they mean, worded for a command status an
 * operator reads (Modbus Application Protocol v1.1b3, section 7).
 *
 * @module
 */

/** Exception code: the function code is not supported by the device. */
export const ILLEGAL_FUNCTION = 0x01;
/** Exception code: the address (or address + count) is not valid on the device. */
export const ILLEGAL_DATA_ADDRESS = 0x02;
/** Exception code: a value in the request is not acceptable. */
export const ILLEGAL_DATA_VALUE = 0x03;
/** Exception code: the device failed while performing the action. */
export const SLAVE_DEVICE_FAILURE = 0x04;
/** Exception code: accepted, but it takes long; the result is not known yet. */
export const ACKNOWLEDGE = 0x05;
/** Exception code: the device is busy with a long command; try again later. */
export const SLAVE_DEVICE_BUSY = 0x06;
/** Exception code: the gateway has no path to the target unit. */
export const GATEWAY_PATH_UNAVAILABLE = 0x0a;
/** Exception code: the gateway's target unit did not answer. */
export const GATEWAY_TARGET_FAILED = 0x0b;

const MEANINGS: Readonly<Record<number, string>> = {
  [ILLEGAL_FUNCTION]: "illegal function (the device does not support this function code)",
  [ILLEGAL_DATA_ADDRESS]: "illegal data address (the register or coil does not exist)",
  [ILLEGAL_DATA_VALUE]: "illegal data value (the device refused the value)",
  [SLAVE_DEVICE_FAILURE]: "slave device failure (the device failed performing the action)",
  [ACKNOWLEDGE]: "acknowledge (accepted for long processing; the result is not known yet)",
  [SLAVE_DEVICE_BUSY]: "slave device busy (try again later)",
  0x08: "memory parity error",
  [GATEWAY_PATH_UNAVAILABLE]: "gateway path unavailable (no route to the unit)",
  [GATEWAY_TARGET_FAILED]: "gateway target device failed to respond",
};

/**
 * The status text of an exception: `Modbus exception 02: illegal data address (...)`.
 *
 * @example
 * ```ts
 * exceptionText(2); // "Modbus exception 02: illegal data address (the register or coil does not exist)"
 * ```
 */
export function exceptionText(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(2, "0");
  return `Modbus exception ${hex}: ${MEANINGS[code] ?? "unknown exception code"}`;
}
