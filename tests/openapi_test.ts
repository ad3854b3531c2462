/**
 * `/api/openapi.json` against the real server: every route the server
 * answers is described, with its least role and the JSON Schema of the body
 * its handler validates; and every described operation answers (no 404 for
 * a missing route, no 405).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./test_server.ts";

const plant = {
  name: "openapi",
  twins: [{ id: "rtu-{i}", count: 2, kind: "rtu" }],
  alarms: {
    definitions: [{
      name: "comm",
      kind: "rtu",
      priority: "high",
      condition: { type: "state", point: "comm_ok", in: [false] },
    }],
  },
};

const opts = { sanitizeResources: false, sanitizeOps: false };

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, {
      "x-required-role": string;
      security: unknown[];
      requestBody?: { content: { "application/json": { schema: Record<string, unknown> } } };
    }>
  >;
}

function concrete(path: string): string {
  return path
    .replace("{twin}/{name}", "rtu-1/comm")
    .replace("/api/alarms/{id}", "/api/alarms/rtu-1%2Fcomm")
    .replace("{id}", "rtu-1")
    .replace(/\{[a-z_]+\}/g, "x");
}

Deno.test({
  name: "the API description lists every route with its role and body schema, and each answers",
  ...opts,
  fn: async () => {
    const s = await startTestServer(plant, { virtual: true });
    try {
      const res = await fetch(`${s.url}/api/openapi.json`);
      assert.equal(res.status, 200);
      const doc = await res.json() as Doc;
      assert.equal(doc.openapi, "3.1.0");

      const routes = s.app.routes().filter((r) => !r.hidden);
      for (const r of routes) {
        const path = r.path.replace(/:([A-Za-z_]+)/g, "{$1}");
        const op = doc.paths[path]?.[r.method.toLowerCase()];
        assert.ok(op, `${r.method} ${r.path} is not described`);
        assert.equal(op["x-required-role"], r.role, `${r.method} ${r.path}`);
        assert.equal(op.security.length === 0, r.role === "public");
      }
      const described = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
      assert.equal(described, routes.length, "nothing described that the router does not route");

      const command = doc.paths["/api/twins/{id}/commands"].post.requestBody!.content[
        "application/json"
      ].schema;
      assert.deepEqual(Object.keys(command.properties as object).sort(), [
        "args",
        "comment",
        "type",
      ]);
      assert.equal(doc.paths["/api/twins/{id}/stop"].post["x-required-role"], "engineer");
      assert.equal(doc.paths["/api/twins/{id}/commands"].post["x-required-role"], "operator");

      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          if (path === "/api/stream") continue; // answers with an endless stream, checked elsewhere
          const r = await fetch(`${s.url}${concrete(path)}`, {
            method: method.toUpperCase(),
            headers: { "content-type": "application/json" },
            body: method === "get" ? undefined : "{}",
          });
          const text = await r.text();
          assert.ok(
            r.status !== 405 && !(r.status === 404 && text.includes("no route for")),
            `${method.toUpperCase()} ${path}: ${r.status} ${text.slice(0, 200)}`,
          );
        }
      }
    } finally {
      await s.close();
    }
  },
});
