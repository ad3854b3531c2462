/**
 * Which commands a twin would take in its current state, so a UI can offer
 * only those. The twin's machine is the judge, as it is for a submitted
 * command (see command_path.ts); commands that touch only the equipment
 * (`machine: false`) are taken whenever the twin runs.
 *
 * @module
 */
import { z } from "zod";
import type { CommandSpec } from "../twins/kind.ts";
import type { Twin } from "../twins/twin.ts";

/** At most this many argument combinations are tried per command. */
const MAX_PROBES = 64;

/**
 * The command types `twin` accepts now, in its kind's order; none while it
 * is stopped. A command whose machine guard looks at an argument with a
 * fixed set of values (a station's `set_mode` to a mode other than the
 * current one) counts as accepted when one of those values is.
 */
export function acceptedCommands(twin: Twin): string[] {
  if (!twin.running || !twin.actor) return [];
  const snapshot = twin.actor.getSnapshot();
  const out: string[] = [];
  for (const [type, spec] of Object.entries(twin.def.commands)) {
    if (spec.machine === false || argProbes(spec).some((args) => snapshot.can({ ...args, type }))) {
      out.push(type);
    }
  }
  return out;
}

/**
 * Argument objects to ask the machine about: every combination of the
 * arguments that have a fixed set of values (enums, literals, booleans);
 * other arguments are left out, since no guard here reads a free number.
 */
export function argProbes(spec: CommandSpec): Record<string, unknown>[] {
  let probes: Record<string, unknown>[] = [{}];
  const shape = spec.args instanceof z.ZodObject ? spec.args.shape : {};
  for (const [name, field] of Object.entries(shape as Record<string, z.ZodType>)) {
    const values = finiteValues(field);
    if (!values) continue;
    const next: Record<string, unknown>[] = [];
    for (const p of probes) {
      for (const v of values) next.push(v === undefined ? p : { ...p, [name]: v });
    }
    if (next.length > MAX_PROBES) break;
    probes = next;
  }
  return probes;
}

/** The values a schema allows when they are few (undefined among them when optional). */
function finiteValues(schema: z.ZodType): unknown[] | undefined {
  if (schema instanceof z.ZodOptional) {
    const inner = finiteValues(schema.unwrap() as z.ZodType);
    return inner && [undefined, ...inner];
  }
  if (schema instanceof z.ZodEnum) return schema.options;
  if (schema instanceof z.ZodLiteral) return [...schema.values];
  if (schema instanceof z.ZodBoolean) return [true, false];
  return undefined;
}
