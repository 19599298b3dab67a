// Reading a table file as kpi import and a chat upload do: CSV in UTF-16 (Excel's "Unicode Text" saved
// as .csv, little- or big-endian, with its BOM) reads as the same table in UTF-8 does; a file over the
// size limit is told its size precisely enough to read as over it.
import { mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, readTableFile } from "../../src/files/read-table.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "kpi-read-"));
const TABLE = "Ref,Indicator,Polarity\nAC/S8,Adults in “settled” accommodation – 65+,Bigger is Better\nAC/S9,Café visits,Smaller is Better\n";

/** UTF-16 with its BOM, in either byte order. */
function utf16(text: string, order: "LE" | "BE"): Buffer {
  const little = Buffer.from(`\uFEFF${text}`, "utf16le");
  return order === "LE" ? little : little.swap16();
}

describe("reading CSV files", () => {
  it.each(["LE", "BE"] as const)("reads a UTF-16 %s CSV with its BOM as the same table in UTF-8", async (order) => {
    const file = path.join(scratch, `unicode-${order}.csv`);
    writeFileSync(file, utf16(TABLE, order));
    const utf8 = path.join(scratch, "utf8.csv");
    writeFileSync(utf8, TABLE);
    const table = await readTableFile(file);
    expect(table.read).toBe(`UTF-16 ${order}, comma-separated`);
    expect(table.rows).toEqual((await readTableFile(utf8)).rows);
    expect(table.rows[1]!.cells).toEqual(["AC/S8", "Adults in “settled” accommodation – 65+", "Bigger is Better"]);
  });

  it("still refuses binary data in a file named .csv", async () => {
    const file = path.join(scratch, "binary.csv");
    writeFileSync(file, Buffer.from([0x50, 0x4e, 0x00, 0x47, 0x00, 0x01]));
    await expect(readTableFile(file)).rejects.toThrow("binary.csv is not a text file (it holds binary data)");
  });

  it.each([
    [MAX_FILE_BYTES + 210_000, "is 60.2 MB; files up to 60 MB are read."],
    [MAX_FILE_BYTES + 1, "is 62,914,561 bytes; files up to 60 MB are read."],
  ])("tells a file of %d bytes its size as over the limit", async (size, said) => {
    const file = path.join(scratch, `big-${size}.csv`);
    writeFileSync(file, "");
    truncateSync(file, size);
    await expect(readTableFile(file)).rejects.toThrow(`big-${size}.csv ${said}`);
  });
});
