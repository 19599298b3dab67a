// Reads a table file as readTableFile does, in a worker thread with a small heap of its own: a file sent
// in chat is anyone's to craft, and whatever it makes the reader hold is held there. A worker that runs
// out of memory or time ends alone, and the file is refused; the service and every council's answers go on.
import path from "node:path";
import { startTypeScriptWorker } from "../typescript-worker.ts";
import type { ReadAnswer } from "./read-worker.ts";
import { UnreadableFileError, type RawTable } from "./read-table.ts";

/** The reading thread's heap: a 20,000-row table and its shared text fit with room; the service's own heap is not touched. */
export const READ_HEAP_MB = 160;
/** A file this reader takes (50 MB) is read in seconds; one still being read after this is refused. */
const READ_TIMEOUT_MS = 120_000;

export async function readTableApart(file: string, options: { heapMb?: number } = {}): Promise<RawTable> {
  const name = path.basename(file);
  const heapMb = options.heapMb ?? READ_HEAP_MB;
  const worker = startTypeScriptWorker(new URL("./read-worker.ts", import.meta.url), { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(16, Math.max(1, heapMb / 8)) });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<ReadAnswer>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", (error: Error & { code?: string }) =>
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? resolve({ refused: `${name} is refused: reading it needs more memory than a table of indicators does (it may be damaged, or made to harm).` })
          : reject(error),
      );
      worker.once("exit", () => reject(new Error("the reading thread ended without an answer")));
      timer = setTimeout(() => resolve({ refused: `${name} is refused: reading it took more than ${READ_TIMEOUT_MS / 60_000} minutes, far longer than a table of indicators does.` }), READ_TIMEOUT_MS);
      worker.postMessage(file);
    });
    if ("refused" in answer) throw new UnreadableFileError(answer.refused);
    if ("failed" in answer) throw new Error(`reading ${name} failed: ${answer.failed}`);
    return answer.table;
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
