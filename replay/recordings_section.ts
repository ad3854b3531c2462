/**
 * The `recordings` plant-file section: recorded files that feed twins whose
 * source is `{ "type": "replay" }`, as a Modbus device feeds twins whose
 * source is `modbus`. Twins, points, units and format options are checked
 * at load, with the JSON path and line; the files themselves are read when
 * the replay starts (see recording_loader.ts), where a missing column or a
 * bad row is reported with the file and row.
 *
 * @module
 */
import { z } from "zod";
import { formatPath } from "../plant/json_locator.ts";
import type { PlantSection } from "../plant/plant_section.ts";
import { type RecordingConfig, recordingSchema } from "./recording_config.ts";
import { conversion } from "./unit_conversion.ts";

type Path = (string | number)[];

/** The validated `recordings` section. */
export type RecordingsConfig = RecordingConfig[];

/** The `recordings` section. */
export const recordingsSection: PlantSection<RecordingsConfig> = {
  key: "recordings",
  validate(raw, ctx) {
    const list = z.array(z.unknown()).max(1_000).safeParse(raw);
    if (!list.success) {
      ctx.report(["recordings"], "expected an array of recordings (at most 1,000)");
      return [];
    }
    const out: RecordingsConfig = [];
    const ids = new Map<string, number>();
    const fedBy = new Map<string, string>();
    const fedTwins = new Set<string>();
    list.data.forEach((entry, index) => {
      const path: Path = ["recordings", index];
      const parsed = recordingSchema.safeParse(entry);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.report([...path, ...(issue.path as Path)], issue.message);
        }
        return;
      }
      const r = parsed.data;
      let ok = true;
      const problem = (p: Path, message: string) => {
        ok = false;
        ctx.report(p, `recording "${r.id}": ${message}`);
      };
      if (ids.has(r.id)) {
        problem([...path, "id"], `defined twice (first at recordings[${ids.get(r.id)}])`);
      }
      ids.set(r.id, index);
      if (r.format !== "line" && r[r.format] === undefined) {
        problem(
          [...path, r.format],
          `format "${r.format}" needs a "${r.format}" object with its time_column`,
        );
      }
      for (const other of ["csv", "parquet", "line"] as const) {
        if (other !== r.format && r[other] !== undefined) {
          problem([...path, other], `"${other}" options do not apply to format "${r.format}"`);
        }
      }
      const twinOf = (id: string, p: Path) => {
        const twin = ctx.twins.get(id);
        if (!twin) {
          problem(p, `unknown twin "${id}"`);
          return undefined;
        }
        if (twin.source.type !== "replay") {
          problem(
            p,
            `twin "${id}" has source "${twin.source.type}"; give it "source": {"type": "replay"}`,
          );
          return undefined;
        }
        return twin;
      };
      const points: RecordingConfig["points"] = [];
      r.points.forEach((m, j) => {
        const p: Path = [...path, "points", j];
        const twinId = m.twin ?? r.twin;
        if (twinId === undefined) {
          problem(p, 'name the twin, in the mapping or for the whole recording ("twin")');
          return;
        }
        if (r.format === "line") {
          if (m.field === undefined) problem(p, 'a line-protocol mapping names its "field"');
          if (m.column !== undefined) {
            problem([...p, "column"], "line protocol has fields, not columns");
          }
        } else {
          if (m.column === undefined) problem(p, `a ${r.format} mapping names its "column"`);
          for (const key of ["field", "measurement", "tags"] as const) {
            if (m[key] !== undefined) problem([...p, key], `"${key}" is for line protocol only`);
          }
        }
        const twin = twinOf(twinId, m.twin !== undefined ? [...p, "twin"] : [...path, "twin"]);
        if (!twin) return;
        const spec = ctx.kinds.get(twin.kind)?.points[m.point];
        if (m.extra) {
          if (spec) {
            problem(
              [...p, "point"],
              `"${m.point}" is already a point of kind "${twin.kind}"; drop "extra"`,
            );
            return;
          }
        } else if (!spec) {
          problem(
            [...p, "point"],
            `twin "${twinId}" (${twin.kind}) has no point "${m.point}"; its points: ${
              Object.keys(ctx.kinds.get(twin.kind)?.points ?? {}).join(", ")
            } (or set "extra": true to add it)`,
          );
          return;
        } else if ((spec.type ?? "number") !== "number") {
          problem(
            [...p, "point"],
            `"${m.point}" holds a ${spec.type}; map numeric columns only (use "constants" for a fixed state)`,
          );
          return;
        } else {
          const c = conversion(m.unit, spec.unit);
          if (typeof c === "string") {
            problem([...p, "unit"], `point "${twinId}.${m.point}": ${c}`);
            return;
          }
        }
        const key = `${twinId}.${m.point}`;
        const first = fedBy.get(key);
        if (first) {
          problem([...p, "point"], `point ${key} is already fed by ${first}`);
          return;
        }
        fedBy.set(key, formatPath(p));
        fedTwins.add(twinId);
        points.push({ ...m, twin: twinId });
      });
      for (const [name, value] of Object.entries(r.constants)) {
        const p: Path = [...path, "constants", name];
        if (r.twin === undefined) {
          problem(p, 'constants apply to the recording\'s "twin"; name it');
          break;
        }
        const twin = twinOf(r.twin, [...path, "twin"]);
        if (!twin) break;
        const spec = ctx.kinds.get(twin.kind)?.points[name];
        if (!spec) {
          problem(p, `twin "${r.twin}" (${twin.kind}) has no point "${name}"`);
          continue;
        }
        const held: string = typeof value;
        if ((spec.type ?? "number") !== held) {
          problem(p, `"${name}" holds a ${spec.type ?? "number"}, not a ${typeof value}`);
        }
      }
      if (ok) out.push({ ...r, points, path: formatPath(path) });
    });
    for (const twin of ctx.twins.values()) {
      if (twin.source.type === "replay" && !twin.parent && !fedTwins.has(twin.id)) {
        ctx.report(
          ["recordings"],
          `twin "${twin.id}" has source "replay" but no recording maps a column to it`,
        );
      }
    }
    return out;
  },
};
