// Opens the indicator database on SQLite (embedded default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { providerOf, redactUrl, sqliteFilePath, type Provider } from "../config/database-url.ts";

// Both clients come from the same models (prisma/models.prisma), so one type serves.
export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: Provider;
  /** The URL without its password, for messages. */
  safeUrl: string;
  isAlive(): Promise<boolean>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  readonly safeUrl: string;

  constructor(safeUrl: string, reason: string) {
    super(`Cannot open the database at ${safeUrl}: ${reason}`);
    this.safeUrl = safeUrl;
    this.name = "DatabaseUnavailableError";
  }
}

export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  const safeUrl = redactUrl(url);
  let db: Db;
  try {
    // Each provider's client and driver take a tenth of a second or more to load: only the one in use is.
    if (provider === "sqlite") {
      const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client.ts"), import("@prisma/adapter-better-sqlite3")]);
      const file = sqliteFilePath(url);
      if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
      db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file }) });
    } else {
      const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("../generated/postgresql/client.ts"), import("@prisma/adapter-pg")]);
      db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
    }
  } catch (error) {
    throw new DatabaseUnavailableError(safeUrl, shortReason(error));
  }
  const isAlive = async () => {
    try {
      await db.$queryRawUnsafe("SELECT 1");
      return true;
    } catch {
      return false;
    }
  };
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    await db.$disconnect().catch(() => undefined);
    throw new DatabaseUnavailableError(safeUrl, shortReason(error));
  }
  return { db, provider, safeUrl, isAlive, close: () => db.$disconnect() };
}

/** The cause of a driver error in one line, with anything that looks like a URL password removed. */
export function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Prisma puts the driver's own words last: "... Message: `Can't reach database server at db:5432`".
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const last = lines.at(-1) ?? "unknown error";
  const reason = /Message: `(.*)`/.exec(last)?.[1] ?? last;
  return reason.replace(/\/\/([^:/@\s]+):[^@\s]*@/g, "//$1:****@").slice(0, 300);
}

/** SQLite's "database is locked": another process (the service, the kpi command) holds the write lock. */
function lockedByAnotherWriter(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).meta?.driverAdapterError?.cause;
  return cause?.originalCode === "SQLITE_BUSY";
}

/**
 * Runs a write transaction again while SQLite says another process holds the write lock: a transaction
 * that has read, then writes while another writes, is refused at once rather than made to wait. The
 * transactions given here are safe to run again (each checks what is there first). PostgreSQL waits by itself.
 */
export async function retryWhenLocked<T>(write: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !lockedByAnotherWriter(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
