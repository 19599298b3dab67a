// Reads a table file as readTableFile does, in a worker thread with a small heap of its own: a file sent
// in chat is anyone's to craft, and whatever it makes the reader hold is held there. A worker that runs
// out of memory or time ends alone, and the file is refused; the service and every council's answers go on.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ReadAnswer } from "./read-worker.ts";
import { UnreadableFileError, type RawTable } from "./read-table.ts";

/** The reading thread's heap: a 20,000-row table and its shared text fit with room; the service's own heap is not touched. */
export const READ_HEAP_MB = 160;
/** A file this reader takes (50 MB) is read in seconds; one still being read after this is refused. */
const READ_TIMEOUT_MS = 120_000;
/** Starting a thread costs seconds (loading the readers): one is kept this long after a read for the next. */
const KEEP_IDLE_MS = 60_000;

/** The thread kept from the last read, idle, with the heap it was started with. */
let kept: { worker: Worker; heapMb: number; timer: NodeJS.Timeout } | null = null;

function readingThread(heapMb: number): Worker {
  if (kept && kept.heapMb === heapMb) {
    const { worker, timer } = kept;
    kept = null;
    clearTimeout(timer);
    worker.ref();
    return worker;
  }
  return new Worker(new URL("./read-worker.ts", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(16, Math.max(1, heapMb / 8)) } });
}

/** Keeps a thread that answered for the next read (one at most); idle, it keeps nobody's process alive. */
function keep(worker: Worker, heapMb: number): void {
  if (kept) return void worker.terminate();
  worker.unref();
  kept = { worker, heapMb, timer: setTimeout(() => kept?.worker === worker && ((kept = null), void worker.terminate()), KEEP_IDLE_MS).unref() };
}

export async function readTableApart(file: string, options: { heapMb?: number } = {}): Promise<RawTable> {
  const name = path.basename(file);
  const heapMb = options.heapMb ?? READ_HEAP_MB;
  const worker = readingThread(heapMb);
  let timer: NodeJS.Timeout | undefined;
  let healthy = false;
  let settle: (answer: ReadAnswer | Error) => void = () => {};
  const answered = (answer: ReadAnswer) => ((healthy = true), settle(answer));
  const failed = (error: Error & { code?: string }) =>
    settle(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? { refused: `${name} is refused: reading it needs more memory than a table of indicators does (it may be damaged, or made to harm).` } : error);
  const ended = () => settle(new Error("the reading thread ended without an answer"));
  try {
    const answer = await new Promise<ReadAnswer>((resolve, reject) => {
      settle = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      worker.once("message", answered).once("error", failed).once("exit", ended);
      timer = setTimeout(() => resolve({ refused: `${name} is refused: reading it took more than ${READ_TIMEOUT_MS / 60_000} minutes, far longer than a table of indicators does.` }), READ_TIMEOUT_MS);
      worker.postMessage(file);
    });
    if ("refused" in answer) throw new UnreadableFileError(answer.refused);
    if ("failed" in answer) throw new Error(`reading ${name} failed: ${answer.failed}`);
    return answer.table;
  } finally {
    clearTimeout(timer);
    worker.off("message", answered).off("error", failed).off("exit", ended);
    // A thread that answered is kept for the next file; one that died, ran out of time or failed is ended.
    if (healthy) keep(worker, heapMb);
    else await worker.terminate();
  }
}
