// The one HTTP server: health now; Slack (/slack/events) and Teams (/api/messages) mount here.
import express, { type Express } from "express";
import type { Server } from "node:http";

export interface HealthSource {
  isAlive(): Promise<boolean>;
}

export function createHttpApp(database: HealthSource): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    const alive = await database.isAlive();
    res.status(alive ? 200 : 503).json({ status: alive ? "ok" : "unavailable", database: alive ? "ok" : "unreachable" });
  });
  return app;
}

export async function listen(app: Express, port: number, host: string): Promise<Server> {
  return await new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}
