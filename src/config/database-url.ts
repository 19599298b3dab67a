// What a DATABASE_URL names, shared by the app and prisma.config.ts.
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/** The SQLite file a file: URL names, relative paths taken from the working directory. */
export function sqliteFilePath(url: string): string {
  const file = url.slice("file:".length).split("?")[0] ?? "";
  return file === ":memory:" ? file : path.resolve(file);
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:****@");
  }
}
