// A file written whole or not at all: into a hidden temporary file beside it, then renamed into place, so that
// a write that fails half way (a full disk, a report whose building throws) leaves no half a file to open.
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export async function writeWhole(target: string, data: Parameters<typeof writeFile>[1]): Promise<void> {
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString("hex")}.part`);
  try {
    await writeFile(partial, data);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
