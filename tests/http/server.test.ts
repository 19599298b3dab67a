// The HTTP server's error responses: short JSON with the request id, nothing internal,
// one brief log line each, whatever raised them (an unknown path, a route that throws,
// a route that refuses).
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, finishHttpApp, listen, sendError } from "../../src/http/server.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";

const INTERNAL = "connect ECONNREFUSED /srv/kpi/node_modules/pg/lib/client.js";

describe("HTTP error responses", () => {
  let server: Server;
  let log: MemoryLog;
  let base: string;
  beforeAll(async () => {
    log = memoryLog("info");
    const app = createHttpApp({ isAlive: async () => true }, { logger: log.logger });
    app.get("/throws", () => {
      throw new Error(INTERNAL);
    });
    app.get("/refuses", (_req, res) => sendError(res, 403, `refused because ${INTERNAL}`));
    // Answers only after a while: long enough for its caller to give up first.
    app.get("/slow", (_req, res) => void setTimeout(() => res.json({ ok: true }), 500));
    app.get("/fine", (_req, res) => void res.json({ ok: true }));
    finishHttpApp(app);
    server = await listen(app, 0, "127.0.0.1");
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** The response's body and the lines logged about it (waiting for the first: it is written once the response finishes). */
  async function request(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, { headers });
    const text = await response.text();
    const id = response.headers.get("x-request-id");
    const about = () => log.entries().filter((e) => (e.req as { id?: string } | undefined)?.id === id);
    for (let waited = 0; about().length === 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { response, text, body: JSON.parse(text) as Record<string, unknown>, lines: about() };
  }

  for (const [path, status, level] of [
    ["/nowhere", 404, 40],
    ["/refuses", 403, 40],
    ["/throws", 500, 50],
  ] as const) {
    it(`${path}: a short JSON ${status}, nothing internal, one brief line`, async () => {
      const { response, text, body, lines } = await request(path);
      expect(response.status).toBe(status);
      expect(Object.keys(body).sort()).toEqual(["error", "requestId"]);
      expect(body.requestId).toBe(response.headers.get("x-request-id"));
      expect(text).not.toMatch(/ECONNREFUSED|node_modules|\bat \w/);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level, res: { status } });
      expect(JSON.stringify(lines[0])).not.toContain('"stack"');
    });
  }

  it("logs the cause of a failure or refusal on that line (not to the client)", async () => {
    expect((await request("/throws")).lines[0]).toMatchObject({ err: { type: "Error", message: INTERNAL } });
    expect((await request("/refuses")).lines[0]).toMatchObject({ err: { message: `refused because ${INTERNAL}` } });
  });

  it("logs nothing for a successful request, and one warning, 499, for a request whose caller went away before the answer", async () => {
    expect((await request("/fine", { "x-request-id": "fine-1" })).lines).toEqual([]);
    await fetch(`${base}/slow`, { headers: { "x-request-id": "gone-1" }, signal: AbortSignal.timeout(100) }).catch(() => null);
    const about = () => log.entries().filter((e) => (e.req as { id?: string } | undefined)?.id === "gone-1");
    for (let waited = 0; about().length === 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(about()).toHaveLength(1);
    expect(about()[0]).toMatchObject({ level: 40, res: { status: 499 }, req: { method: "GET", path: "/slow" }, msg: "GET /slow answered 499" });
  });

  it("keeps a caller's request id when it is well formed, and replaces it otherwise", async () => {
    expect((await request("/nowhere", { "x-request-id": "lb-4711.abc" })).body.requestId).toBe("lb-4711.abc");
    expect((await request("/nowhere", { "x-request-id": "<script>" })).body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
