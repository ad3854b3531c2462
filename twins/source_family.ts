/**
 * Code generated per kind of twin (alarm scans, calculated points, history
 * offers, twin JSON) is shared only by twins fed alike. Twins fed by different sources
 * (a simulator, a Modbus device) fill their tables in different orders, so
 * V8 gives the tables different hidden classes, and one function reading
 * both reads every number through a polymorphic load that boxes it into a
 * new heap object: the demo's one Modbus-fed cooling site made the code
 * shared with 150 simulated sites allocate on every read and run up to
 * three times slower. Each family gets a function of its own, and the
 * family goes into the function's text, since V8 shares what it learns
 * between functions made from identical text.
 *
 * @module
 */

/** What feeds a twin, as its generated code is shared: the source's type, `none` without one. */
export function sourceFamily(
  twin: { readonly source?: { readonly type: string } } | undefined,
): string {
  return twin?.source?.type ?? "none";
}

/** A comment line naming `family`, to put in the text of a function generated for it. */
export function familyLine(family: string): string {
  return `// twins fed by ${JSON.stringify(family).replace(/[^A-Za-z0-9_"-]/g, "_")}`;
}
