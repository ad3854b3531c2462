/**
 * Which server a buffer file's points belong to. The buffer file records its
 * target (URL without credentials, org, bucket); a sink that starts with a
 * different target never sends the old target's points to the new one.
 *
 * On start, {@linkcode claimBuffer} looks at `<data>/<plant>.influx-buffer.sqlite`:
 * - no target recorded (a file from before targets were recorded) or the
 *   same target: the file is used as it is;
 * - another target and no points: the file is deleted;
 * - another target with points: the file is renamed to
 *   `<plant>.influx-buffer.<old target>.sqlite` (kept, not sent) and the
 *   log says so in one line naming both targets and the number of points.
 *
 * Then, when a file kept for the current target exists and the buffer file
 * is free, it becomes the buffer file again and its points are sent first:
 * going back to the old target forwards what was kept for it. Deleting a
 * kept file drops its points. Every start names the kept files that still
 * hold points, so they are not forgotten.
 *
 * @module
 */
import { PointBuffer } from "./point_buffer.ts";

/** Where a sink writes: what decides whether buffered points may be sent. */
export interface InfluxTarget {
  /** Server base URL without credentials, query or trailing slash. */
  readonly url: string;
  /** Organization. */
  readonly org: string;
  /** Bucket. */
  readonly bucket: string;
}

/** The target of sink settings; the URL loses any user and password in it. */
export function influxTarget(cfg: { url: string; org: string; bucket: string }): InfluxTarget {
  let url: string;
  try {
    const u = new URL(cfg.url);
    url = `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, "");
  } catch {
    url = cfg.url.replace(/\/\/[^/@]*@/, "//").replace(/\/+$/, "");
  }
  return { url, org: cfg.org, bucket: cfg.bucket };
}

/** A target as the log names it: `http://host:8086 (org "ops", bucket "fieldtwin")`. */
export function describeTarget(t: InfluxTarget): string {
  return `${t.url} (org "${t.org}", bucket "${t.bucket}")`;
}

/** The text recorded in the buffer file for `t`. */
function targetKey(t: InfluxTarget): string {
  return JSON.stringify([t.url, t.org, t.bucket]);
}

/** 32-bit FNV-1a of `s` in hex: keeps kept-file names of targets that read alike apart. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The file that keeps the points of `target` while the plant writes
 * elsewhere: `<plant>.influx-buffer.<host_port>_<org>_<bucket>-<hash>.sqlite`
 * beside the buffer file at `bufferPath`.
 */
export function keptBufferPath(bufferPath: string, target: InfluxTarget): string {
  let hostPath = target.url;
  try {
    const u = new URL(target.url);
    hostPath = u.host + u.pathname;
  } catch {
    // Not a URL: its text as it is.
  }
  const slug = `${hostPath}_${target.org}_${target.bucket}`
    .replace(/[^A-Za-z0-9.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80);
  return `${bufferPath.replace(/\.sqlite$/, "")}.${slug}-${fnv1a(targetKey(target))}.sqlite`;
}

/** The SQLite files of a database at `path`, the database first. */
const FILES = (path: string) => [path, `${path}-wal`, `${path}-shm`];

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Move a closed database with its WAL (which may hold committed rows) to `to`. */
function moveDatabase(from: string, to: string): void {
  for (const [i, f] of FILES(from).entries()) {
    if (exists(f)) Deno.renameSync(f, FILES(to)[i]);
  }
}

function removeDatabase(path: string): void {
  for (const f of FILES(path)) if (exists(f)) Deno.removeSync(f);
}

/** Recorded target and points of the buffer file at `path`. */
function inspect(path: string): { target: InfluxTarget | undefined; points: number } {
  const buf = new PointBuffer(path, { limitPoints: Infinity, chunkPoints: 1 });
  try {
    const key = buf.target;
    if (key === undefined) return { target: undefined, points: buf.points };
    const [url, org, bucket] = JSON.parse(key) as string[];
    return { target: { url, org, bucket }, points: buf.points };
  } finally {
    buf.close();
  }
}

/**
 * Make the buffer file at `bufferPath` belong to `target` (see the module
 * doc); the sink opens it afterwards and records the target with
 * {@linkcode recordTarget}. Returns the file the old points were kept in,
 * if any.
 */
export function claimBuffer(
  bufferPath: string,
  target: InfluxTarget,
  log: (message: string) => void,
): string | undefined {
  let keptIn: string | undefined;
  if (exists(bufferPath)) {
    const held = inspect(bufferPath);
    if (held.target && targetKey(held.target) !== targetKey(target)) {
      if (held.points === 0) {
        removeDatabase(bufferPath);
      } else {
        keptIn = keptBufferPath(bufferPath, held.target);
        // Only when a kept file was restored and then failed to move back; never overwrite one.
        for (let n = 2; exists(keptIn); n++) {
          keptIn = keptBufferPath(bufferPath, held.target).replace(/\.sqlite$/, `.${n}.sqlite`);
        }
        moveDatabase(bufferPath, keptIn);
        log(
          `influx: ${held.points} points buffered for ${describeTarget(held.target)} are not ` +
            `sent to the new target ${describeTarget(target)}; kept in ${keptIn} (start with the ` +
            `old target to send them, delete the file to drop them)`,
        );
      }
    }
  }
  const mine = keptBufferPath(bufferPath, target);
  if (!exists(bufferPath) && exists(mine)) {
    moveDatabase(mine, bufferPath);
    log(`influx: points kept for ${describeTarget(target)} in ${mine} are sent again`);
  }
  remindKept(bufferPath, keptIn, log);
  return keptIn;
}

/** Name, on every start, the files still keeping points for other targets (but `justKept`). */
function remindKept(
  bufferPath: string,
  justKept: string | undefined,
  log: (message: string) => void,
): void {
  const slash = bufferPath.lastIndexOf("/");
  const dir = slash < 0 ? "." : bufferPath.slice(0, slash) || "/";
  const prefix = bufferPath.slice(slash + 1).replace(/\.sqlite$/, ".");
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const path = `${dir}/${name}`;
    if (!name.startsWith(prefix) || !name.endsWith(".sqlite")) continue;
    if (path === justKept || name === bufferPath.slice(slash + 1)) continue;
    try {
      const held = inspect(path);
      if (held.points > 0 && held.target) {
        log(
          `influx: ${held.points} points for ${
            describeTarget(held.target)
          } still wait in ${path} ` +
            `(start with that target to send them, delete the file to drop them)`,
        );
      }
    } catch {
      // Not a buffer file of ours: none of this sink's business.
    }
  }
}

/** Record `target` in an open buffer as the one its points belong to. */
export function recordTarget(buffer: PointBuffer, target: InfluxTarget): void {
  const key = targetKey(target);
  if (buffer.target !== key) buffer.setTarget(key);
}
