/**
 * Replays over HTTP: `POST /api/replay` starts a replay of a plant file (or
 * an inline plant) whose twins are fed by its recordings, in a runtime of
 * its own on virtual time (202 with the run); `GET /api/replay` lists runs;
 * `GET /api/replay/{id}` gives progress, position, the recordings' reports
 * and, once done, the expectation results; `GET /api/replay/{id}/twins`
 * the run's twins with their latest values; `POST /api/replay/{id}/control`
 * pauses, resumes, seeks, changes speed or loop; `DELETE /api/replay/{id}`
 * cancels a running replay or forgets a finished one. Plant and recording
 * files are read only under the server's folders. Documented in
 * docs/replay.md and docs/http_api.md.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { PLANT_SECTIONS } from "../../app/plant_sections.ts";
import { loadPlantFile, type Plant, PlantError, validatePlant } from "../../plant/plant_file.ts";
import { expectationsSchema, expectationTime } from "../../replay/expectations.ts";
import { recordingsOf } from "../../replay/plant_recordings.ts";
import { RecordingError, recordingPath } from "../../replay/recording_loader.ts";
import { ReplayInputError } from "../../replay/replay_run.ts";
import { ReplayRuns, RunsBusy, runView } from "../../replay/replay_runs.ts";
import type { KindRegistry } from "../../twins/registry.ts";
import { HttpError, json } from "../http_error.ts";
import { parseBody, readJson } from "../request_body.ts";
import type { Router } from "../router.ts";

/** Options for {@linkcode replayRoutes}. */
export interface ReplayApiOptions {
  /**
   * Folders plant and recording files may be read from; default the
   * working directory, the repository and `../shared/datasets` beside it.
   */
  roots?: readonly string[];
  /** The runs; default a new registry. */
  runs?: ReplayRuns;
}

const time = z.union([z.number(), z.string().min(1).max(64)]);
const speed = z.union([z.literal("max"), z.number().positive().max(1e6)]);

const startBody = z.strictObject({
  plant: z.union([z.string().min(1).max(4_096), z.record(z.string(), z.unknown())]),
  speed: speed.default("max"),
  from: time.optional(),
  to: time.optional(),
  loop: z.boolean().default(false),
  expect: expectationsSchema.optional(),
});

const controlBody = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("pause") }),
  z.strictObject({ action: z.literal("resume") }),
  z.strictObject({ action: z.literal("seek"), to: time }),
  z.strictObject({ action: z.literal("speed"), speed }),
  z.strictObject({ action: z.literal("loop"), loop: z.boolean() }),
]);

/** Register the replay routes; returns the registry (close it on shutdown). */
export function replayRoutes(
  router: Router,
  kinds: KindRegistry,
  opts: ReplayApiOptions = {},
): ReplayRuns {
  const runs = opts.runs ?? new ReplayRuns();
  const repo = new URL("../..", import.meta.url).pathname;
  const roots = (opts.roots ?? [Deno.cwd(), repo, join(repo, "../shared/datasets")])
    .map((r) => resolve(r));
  const held = (id: string) => {
    const h = runs.get(id);
    if (!h) throw new HttpError(404, `no replay with id "${id}"`);
    return h;
  };

  router.on("POST", "/api/replay", async ({ req, limits }) => {
    const body = parseBody(startBody, await readJson(req, limits));
    const plant = await plantOf(body.plant, kinds, roots);
    if (recordingsOf(plant).length === 0) {
      throw new HttpError(
        400,
        `plant: "${plant.name}" has no "recordings" section: nothing to replay`,
      );
    }
    const baseDir = plant.file ? undefined : roots[0];
    for (const r of recordingsOf(plant)) {
      const path = resolve(recordingPath(r, baseDir ?? dirOf(plant.file!)));
      await inside(path, roots, `plant: ${r.path}.file`);
    }
    try {
      const h = await runs.start({
        plant,
        kinds,
        speed: body.speed,
        from: body.from,
        to: body.to,
        loop: body.loop,
        expect: body.expect,
        ...(baseDir ? { baseDir } : {}),
      });
      return json(runView(h), 202);
    } catch (e) {
      if (e instanceof RunsBusy) throw new HttpError(429, e.message);
      if (e instanceof RecordingError || e instanceof ReplayInputError) {
        throw new HttpError(400, e.message);
      }
      throw e;
    }
  }, {
    role: "engineer",
    summary: "Start a replay of a plant's recordings on virtual time",
    body: startBody,
  });

  router.on("GET", "/api/replay", () => json(runs.list().map(runView)), {
    summary: "Replay runs held, newest first",
    query: [],
  });

  router.on("GET", "/api/replay/:id", ({ params }) => json(runView(held(params.id))), {
    summary: "One replay: progress, position, reports, expectation results",
    query: [],
  });

  router.on("GET", "/api/replay/:id/twins", ({ params }) => {
    const h = held(params.id);
    // The run's own twins (not the live plant's), as they stand now: a
    // finished run keeps its last values.
    const twins = [...h.run.started.runtime.twins.values()].map((t) => t.json());
    return new Response(`[${twins.join(",")}]`, {
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  }, { summary: "One replay's twins with their latest replayed values", query: [] });

  router.on("POST", "/api/replay/:id/control", async ({ req, params, limits }) => {
    const h = held(params.id);
    const c = parseBody(controlBody, await readJson(req, limits));
    if (h.final) throw new HttpError(409, `replay "${h.id}" is ${h.final.state}`);
    const run = h.run;
    if (c.action === "pause") run.pause();
    else if (c.action === "resume") run.resume();
    else if (c.action === "speed") run.setSpeed(c.speed);
    else if (c.action === "loop") run.setLoop(c.loop);
    else {
      let at: number;
      try {
        at = expectationTime(c.to, run.feed.start, "to");
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
      run.seek(at);
    }
    return json(runView(h));
  }, {
    role: "engineer",
    summary: "Pause, resume, seek, change speed or loop of a replay",
    body: controlBody,
  });

  router.on("DELETE", "/api/replay/:id", ({ params }) => {
    const h = held(params.id);
    runs.remove(h.id);
    return json(runView(h));
  }, { role: "engineer", summary: "Cancel a running replay, or forget a finished one" });

  return runs;
}

function dirOf(file: string): string {
  return resolve(file, "..");
}

/** The plant a body names: a file under the roots, or an inline plant. */
async function plantOf(
  plant: string | Record<string, unknown>,
  kinds: KindRegistry,
  roots: readonly string[],
): Promise<Plant> {
  try {
    if (typeof plant !== "string") return validatePlant(plant, kinds, PLANT_SECTIONS, "plant");
    const path = isAbsolute(plant) ? plant : resolve(roots[0], plant);
    await inside(path, roots, "plant");
    return await loadPlantFile(path, kinds, PLANT_SECTIONS);
  } catch (e) {
    if (e instanceof PlantError) throw new HttpError(400, `plant: ${e.message}`);
    throw e;
  }
}

/** Throw a 400 unless `path` exists under one of `roots`. */
async function inside(path: string, roots: readonly string[], where: string): Promise<void> {
  const real = await Deno.realPath(path).catch(() => undefined);
  if (!real) throw new HttpError(400, `${where}: no file "${path}"`);
  const ok = await Promise.all(
    roots.map(async (r) => {
      const root = await Deno.realPath(r).catch(() => r);
      return real === root || real.startsWith(root.endsWith("/") ? root : `${root}/`);
    }),
  );
  if (!ok.some(Boolean)) {
    throw new HttpError(
      400,
      `${where}: "${path}" is outside the folders this server reads (${roots.join(", ")})`,
    );
  }
}
