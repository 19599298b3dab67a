// A table file a chat platform holds (Slack's url_private_download, a Teams download link), fetched
// into a temporary file and read as `kpi import` reads a file on disk: streamed to disk with a size
// limit rather than held in memory, read in a thread of its own (read-apart.ts), and removed once read. What goes wrong is said in a sentence.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { readTableApart } from "./read-apart.ts";
import { UnreadableFileError, type RawTable } from "./read-table.ts";

/** How long fetching a file may take: 50 MB at a slow council connection, with room. */
const FETCH_TIMEOUT_MS = 120_000;

class TooBig extends Error {}

export interface FetchOptions {
  headers?: Record<string, string>;
  maxBytes: number;
  /** Said when the link is refused or gone (a Teams link lasts a short while): what to do instead. */
  gone: string;
  /** Who holds the file, where a redirect is refused (Slack: its link is given the bot token, and it is fetched from there only). */
  refuseRedirects?: string;
}

/** The file's name as a file on disk: its own name without anything a path would read, so the reader's messages name it. */
const diskName = (name: string) => path.basename(name).replace(/[^\w.\-() ]/g, "_").slice(-120) || "table";

export async function fetchTable(url: string, name: string, options: FetchOptions): Promise<RawTable | string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers, redirect: options.refuseRedirects ? "manual" : "follow", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    return `${name} could not be fetched just now: please try again in a minute.`;
  }
  if (options.refuseRedirects && response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const location = response.headers.get("location") ?? "";
    const elsewhere = URL.canParse(location, url) ? new URL(location, url).host : "another address";
    return `${name} could not be fetched: ${options.refuseRedirects} sent it on to ${elsewhere}, and the bot fetches files from ${options.refuseRedirects} only.`;
  }
  if ([401, 403, 404, 410].includes(response.status)) {
    await response.body?.cancel();
    return `${name} could not be fetched: ${options.gone}`;
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return `${name} could not be fetched just now (HTTP ${response.status}): please try again in a minute.`;
  }
  // Slack answers a download it does not allow with its sign-in page, not an error.
  if (/text\/html/i.test(response.headers.get("content-type") ?? "") && !/\.html?$/i.test(name)) {
    await response.body.cancel();
    return `${name} could not be fetched: the chat service answered with a web page instead of the file (the app may lack the permission to read files).`;
  }
  const tooBig = `${name} is bigger than ${options.maxBytes / 1048576} MB; files up to that size are imported here (bigger ones with kpi import).`;
  if (Number(response.headers.get("content-length") ?? 0) > options.maxBytes) {
    await response.body.cancel();
    return tooBig;
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), "kpi-import-"));
  try {
    const file = path.join(dir, diskName(name));
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done(bytes > options.maxBytes ? new TooBig() : null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), limit, createWriteStream(file));
    } catch (error) {
      if (error instanceof TooBig) return tooBig;
      return `${name} could not be fetched just now (the download broke off): please try again in a minute.`;
    }
    try {
      return await readTableApart(file);
    } catch (error) {
      if (error instanceof UnreadableFileError) return error.message;
      throw error;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
