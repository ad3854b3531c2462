/**
 * CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), table driven because
 * the serial framer and the RTU-over-TCP paths check every frame with it.
 *
 * @module
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/**
 * CRC of `bytes[start, end)`; sent low byte first on the wire.
 *
 * @example
 * ```ts
 * crc16(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a])); // 0xcdc5 (sent as C5 CD)
 * ```
 */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}
