/**
 * `GET /api/reports/{kind}.csv` and `.xlsx`: history, the alarm journal,
 * commands and the audit log for a time range, as a download. Each report asks
 * the JSON route it is built on through the same router (so it validates the
 * same parameters and holds the same rows) and writes one table as CSV or as
 * an Excel workbook. Documented in docs/http_api.md.
 *
 * @module
 */
import { type ReportTable, tableCsv, tableOfRecords } from "../../reports/report_table.ts";
import { buildWorkbook, XLSX_TYPE } from "../../reports/report_workbook.ts";
import { HttpError } from "../http_error.ts";
import { type RouteContext, routeQuery, type Router } from "../router.ts";
import type { Role } from "../../security/roles.ts";
import { parseTime } from "./history_api.ts";

/** One kind of report: the JSON route it reads and how its answer becomes a table. */
interface ReportKind {
  /** Least role; the same as the JSON route's. */
  role: Role;
  /** What it holds, for the API description. */
  summary: string;
  /** Query parameters, as the JSON route takes them (plus from/to for commands). */
  query: readonly string[];
  /** The JSON route's path. */
  source: string;
  /** Parameters kept here rather than passed on. */
  ownParams?: readonly string[];
  /** The JSON answer as a table. */
  table(answer: unknown, q: Map<string, string>): ReportTable;
}

// The records' fields (actors/alarms/alarm_journal.ts, commands/command_path.ts,
// security/audit_log.ts), so an empty report has its header.
const JOURNAL_HEADER = [
  "seq",
  "time",
  "alarm",
  "twin",
  "priority",
  "state",
  "previous",
  "active",
  "action",
  "value",
  "limit",
  "message",
  "user",
  "comment",
];
const COMMAND_HEADER = [
  "id",
  "twin",
  "type",
  "args",
  "user",
  "comment",
  "status",
  "reason",
  "requestedAt",
  "completedAt",
];
const AUDIT_HEADER = ["id", "ts", "user", "action", "target", "args", "status", "outcome"];

/** The report kinds, by the name in the URL. */
export const REPORT_KINDS: Record<string, ReportKind> = {
  history: {
    role: "viewer",
    summary: "point history (one row per sample or bucket)",
    query: ["twin", "point", "series", "from", "to", "step", "limit"],
    source: "/api/history",
    table: historyTable,
  },
  journal: {
    role: "viewer",
    summary: "the alarm journal",
    query: ["from", "to", "twin", "alarm", "priority", "state", "limit"],
    source: "/api/alarms/journal",
    table: (answer) => tableOfRecords("journal", answer as object[], JOURNAL_HEADER),
  },
  commands: {
    role: "viewer",
    summary: "command records requested in the range, newest first",
    query: ["twin", "from", "to", "limit"],
    source: "/api/commands",
    ownParams: ["from", "to"],
    table: (answer, q) => {
      const from = q.has("from") ? parseTime(q.get("from")!, "from") : -Infinity;
      const to = q.has("to") ? parseTime(q.get("to")!, "to") : Infinity;
      const rows = (answer as { requestedAt: number }[])
        .filter((r) => r.requestedAt >= from && r.requestedAt <= to);
      return tableOfRecords("commands", rows, COMMAND_HEADER);
    },
  },
  audit: {
    role: "admin",
    summary: "the audit log, newest first",
    query: ["from", "to", "user", "limit"],
    source: "/api/audit",
    table: (answer) => tableOfRecords("audit", answer as object[], AUDIT_HEADER),
  },
};

/**
 * Most rows in an Excel report. exceljs builds the whole file at once on the
 * event loop (about 4.6 s for 100,000 rows of six columns on a busy 2-core
 * machine, 0.4 s for 10,000), so a larger report is refused and CSV, which
 * costs a tenth of that, is offered instead.
 */
export const MAX_XLSX_ROWS = 50_000;

/** Options for {@linkcode reportRoutes}. */
export interface ReportOptions {
  /** Most rows in an Excel report; default {@linkcode MAX_XLSX_ROWS}. */
  maxXlsxRows?: number;
}

/** Add the report downloads to `router`, which must also hold the JSON routes they read. */
export function reportRoutes(router: Router, opts: ReportOptions = {}): void {
  const maxXlsxRows = opts.maxXlsxRows ?? MAX_XLSX_ROWS;
  for (const [name, kind] of Object.entries(REPORT_KINDS)) {
    for (const format of ["csv", "xlsx"] as const) {
      router.on("GET", `/api/reports/${name}.${format}`, async (ctx) => {
        const q = ctx.query;
        const table = kind.table(await readSource(router, ctx, kind), q);
        if (format === "xlsx" && table.rows.length > maxXlsxRows) {
          throw new HttpError(
            400,
            `this ${name} report has ${table.rows.length} rows; an Excel report holds at most ` +
              `${maxXlsxRows}: narrow the range${name === "history" ? ", set ?step" : ""} ` +
              `or download it as CSV`,
          );
        }
        const headers = {
          "content-disposition": `attachment; filename="${fileName(name, q, format)}"`,
          "cache-control": "no-store",
        };
        return format === "csv"
          ? new Response(tableCsv(table), {
            headers: { ...headers, "content-type": "text/csv; charset=utf-8" },
          })
          : new Response(await buildWorkbook(table), {
            headers: { ...headers, "content-type": XLSX_TYPE },
          });
      }, {
        role: kind.role,
        summary: `Report: ${kind.summary}, as ${format === "csv" ? "CSV" : "an Excel workbook"}`,
        query: kind.query,
      });
    }
  }
}

/** The JSON answer of the route a report is built on, asked with the report's parameters. */
async function readSource(router: Router, ctx: RouteContext, kind: ReportKind): Promise<unknown> {
  const url = new URL(kind.source, ctx.url);
  for (const [k, v] of ctx.url.searchParams) {
    if (k !== "access_token" && !kind.ownParams?.includes(k)) url.searchParams.append(k, v);
  }
  const req = new Request(url, { headers: { accept: "application/json" } });
  const match = router.match(req, url);
  if (!match || !("handler" in match)) {
    throw new HttpError(404, `this server has no ${kind.source}, so no such report`);
  }
  const res = await match.handler({
    ...ctx,
    req,
    url,
    params: match.params,
    query: routeQuery(url, match.query),
  });
  const body = await res.json();
  if (!res.ok) throw new HttpError(res.status, body?.error ?? `${kind.source}: ${res.status}`);
  return body;
}

/** History's answer: one row per sample (or bucket) with its point named on it. */
function historyTable(answer: unknown): ReportTable {
  const a = answer as {
    columns: string[];
    series: { twin: string; point: string; unit: string | null; rows: unknown[][] }[];
  };
  const rest = a.columns.slice(1);
  const rows = a.series.flatMap((s) =>
    s.rows.map((r) => ({
      twin: s.twin,
      point: s.point,
      unit: s.unit,
      time: r[0],
      ...Object.fromEntries(rest.map((c, i) => [c, r[i + 1]])),
    }))
  );
  return tableOfRecords("history", rows, ["twin", "point", "unit", "time", ...rest]);
}

/** `journal_2026-01-01T00-00-00Z_2026-01-02T00-00-00Z.xlsx`: the range in the name, file-safe. */
function fileName(kind: string, q: Map<string, string>, format: string): string {
  const part = (p: string) =>
    q.has(p) ? `_${new Date(parseTime(q.get(p)!, p)).toISOString().replace(/:/g, "-")}` : "";
  return `${kind}${part("from")}${part("to")}.${format}`;
}
