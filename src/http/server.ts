// The one HTTP server: health, Slack (/slack/events) and Teams (/api/messages).
// Every request gets an id and a child logger (req.log); every error response is a
// short JSON body with that id, no stack and no internal detail, logged once.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import type { Logger } from "../logger.ts";

declare module "node:http" {
  interface IncomingMessage {
    /** The request's id: the caller's X-Request-Id where it is a plain one, else a new UUID. */
    id: string;
    /** A logger whose lines carry the request (id, method, path). */
    log: Logger;
  }
  interface ServerResponse {
    /** Why the response is an error: logged on the request's line, never sent. */
    err?: Error;
  }
}

export interface HealthSource {
  isAlive(): Promise<boolean>;
}

/** What /healthz says besides the database: Slack's state, for instance. Never affects the status code. */
export type HealthDetails = () => Record<string, string>;

export interface HttpOptions {
  logger: Logger;
  /** Express's "trust proxy": which proxies' X-Forwarded-For to believe (false: none). */
  trustProxy?: boolean | number | string;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
/** A signed token's shape (signed-tokens.ts): base64url fields, a dot, a base64url HMAC-SHA256. */
const TOKEN_LIKE = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/g;
/** What follows /charts/ or /reports/ (any case: express routes them so): a token however it is spelt. */
const SIGNED_ADDRESS = /^(\/(?:charts|reports)\/).*$/is;

/**
 * A request's path as logged: no query, and no signed token (a chart's or report's address is the credential
 * to fetch it), only the route it was for, whatever extension or spelling it came with.
 */
export function loggedPath(url: string): string {
  return (url.split("?")[0] ?? "").replace(SIGNED_ADDRESS, "$1<token>").replace(TOKEN_LIKE, "<token>");
}

/** What a client reads for an error status: short, the same for everyone, nothing internal. */
export function errorText(status: number): string {
  if (status === 400) return "The request could not be read.";
  if (status === 401 || status === 403) return "Not authorised.";
  if (status === 404) return "Not found.";
  if (status === 405) return "Method not allowed.";
  if (status === 413) return "The request is too large.";
  if (status === 415) return "Unsupported content type.";
  if (status === 429) return "Too many requests; try again shortly.";
  if (status === 501) return "Not supported.";
  if (status === 503) return "Unavailable; try again shortly.";
  return status < 500 ? "The request was refused." : "Something went wrong. It has been logged.";
}

/**
 * Answers `status` with the short JSON body. `cause` (an error, or why the request was refused) goes on
 * the request's one log line, never to the client.
 */
export function sendError(res: express.Response, status: number, cause?: unknown): void {
  if (cause !== undefined) res.err = cause instanceof Error ? cause : new Error(String(cause));
  if (res.headersSent) return;
  res.status(status).json({ error: errorText(status), requestId: res.req.id });
}

export function createHttpApp(database: HealthSource, options: HttpOptions, healthDetails: HealthDetails = () => ({})): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  app.use(requestLog(options.logger));
  app.get("/healthz", async (_req, res) => {
    const alive = await database.isAlive();
    res.status(alive ? 200 : 503).json({ status: alive ? "ok" : "unavailable", database: alive ? "ok" : "unreachable", ...healthDetails() });
  });
  return app;
}

/**
 * Gives each request its id (echoed as X-Request-Id) and a logger, and logs the error responses, one line each
 * with the cause; successful requests are not logged (a busy bot answers thousands). The request's logger is
 * made only when something logs: on a /kpi answer's path nothing is spent on logging.
 */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    req.id = id;
    res.setHeader("x-request-id", id);
    let log: Logger | undefined;
    // No headers: they carry signatures and bearer tokens.
    const requestLogger = () => (log ??= logger.child({ req: { id, method: req.method, path: loggedPath(req.originalUrl ?? req.url) } }));
    Object.defineProperty(req, "log", { get: requestLogger, configurable: true });
    const finished = () => {
      res.off("finish", finished).off("close", finished);
      // A response never finished: the client went away first (nginx's 499).
      const status = res.writableFinished ? res.statusCode : 499;
      if (status < 400 && !res.err) return;
      const level = status >= 500 ? "error" : "warn";
      requestLogger()[level]({ res: { status }, ms: Math.round(performance.now() - started), ...(res.err ? { err: res.err } : {}) }, `${req.method} ${loggedPath(req.originalUrl ?? req.url)} answered ${status}`);
    };
    res.on("finish", finished).on("close", finished);
    next();
  };
}

/** After every route: JSON for unknown paths and for any error a route or body parser raised. */
export function finishHttpApp(app: Express): void {
  app.use(((_req, res) => sendError(res, 404)) as RequestHandler);
  // Client mistakes (bad JSON, too large) are logged as warnings, anything else as errors: once, on the request's line.
  app.use(((error, _req, res, _next) => sendError(res, httpStatusOf(error), error)) as ErrorRequestHandler);
}

function httpStatusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

export async function listen(app: Express, port: number, host: string): Promise<Server> {
  return await new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", (error: NodeJS.ErrnoException) => reject(portProblem(error, port, host) ?? error));
  });
}

/** What the operator can do about a port that cannot be had, in one line, rather than the socket's own error. */
function portProblem(error: NodeJS.ErrnoException, port: number, host: string): Error | null {
  const where = `port ${port} on ${host}`;
  if (error.code === "EADDRINUSE") return new Error(`Cannot listen: ${where} is already in use (another copy of this service, or another program). Stop it, or give this one another port: PORT=${port === 3000 ? 3001 : 3000} npm start.`);
  if (error.code === "EACCES") return new Error(`Cannot listen: ${where} needs privileges this user does not have. Give a port above 1023: PORT=3000 npm start.`);
  if (error.code === "EADDRNOTAVAIL") return new Error(`Cannot listen: ${host} is not an address of this machine. Set HOST to one of its addresses, or 0.0.0.0 for all.`);
  return null;
}
