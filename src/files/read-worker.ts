// The worker thread chat uploads are read in (see read-apart.ts): given a file, it answers with its
// rows, or with why it cannot be read.
import { parentPort } from "node:worker_threads";
import { readTableFile, UnreadableFileError, type RawTable } from "./read-table.ts";

export type ReadAnswer = { table: RawTable } | { refused: string } | { failed: string };

parentPort?.on("message", (file: string) => {
  readTableFile(file).then(
    (table) => parentPort!.postMessage({ table } satisfies ReadAnswer),
    (error: unknown) => parentPort!.postMessage((error instanceof UnreadableFileError ? { refused: error.message } : { failed: error instanceof Error ? error.message : String(error) }) satisfies ReadAnswer),
  );
});
