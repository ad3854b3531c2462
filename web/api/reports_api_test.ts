import assert from "node:assert/strict";
import { handleRequest } from "../handle_request.ts";
import { json } from "../http_error.ts";
import { Router } from "../router.ts";
import { reportRoutes } from "./reports_api.ts";

/** A router with a stand-in journal of `n` entries and the reports over it. */
function routerWith(n: number, maxXlsxRows: number): Router {
  const router = new Router();
  router.on(
    "GET",
    "/api/alarms/journal",
    () =>
      json(Array.from({ length: n }, (_, i) => ({ seq: i + 1, time: i * 1000, alarm: "a/b_h" }))),
  );
  reportRoutes(router, { maxXlsxRows });
  return router;
}

/** Answer `path` as the server would (auth off). */
function call(router: Router, path: string): Promise<Response> {
  return handleRequest(router, new Request(new URL(path, "http://127.0.0.1:8000")));
}

Deno.test("reports: an Excel report over the row cap is refused and CSV still answers", async () => {
  const router = routerWith(6, 5);
  let res = await call(router, "/api/reports/journal.xlsx");
  assert.equal(res.status, 400);
  assert.equal(
    (await res.json()).error,
    "this journal report has 6 rows; an Excel report holds at most 5: narrow the range or " +
      "download it as CSV",
  );
  res = await call(router, "/api/reports/journal.csv");
  assert.equal(res.status, 200);
  assert.equal((await res.text()).split("\r\n").length, 1 + 6 + 1);
  res = await call(routerWith(5, 5), "/api/reports/journal.xlsx");
  assert.equal(res.status, 200);
  await res.body?.cancel();
});
