// Reads the rows of a CSV or XLSX file as text cells, each with its line (CSV) or row number (XLSX),
// whatever the file's encoding, delimiter or cell types: the core reads headings and figures from them.
import { open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { megabytesOver } from "../core/format.ts";
import ExcelJS from "exceljs";
import type { Readable } from "node:stream";
import { partStream, ZipRefusal, zipParts } from "./zip-parts.ts";

export interface RawRow {
  line: number;
  cells: string[];
}

export interface RawTable {
  rows: RawRow[];
  /** What the reader chose, for the import's report: "UTF-8, comma-separated", "sheet Indicators". */
  read: string;
}

export class UnreadableFileError extends Error {}

/** Bigger files are refused before reading: a workbook this size is not a table of indicators. */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;

/** A council's table has hundreds of rows; reading stops past this many, so a huge file costs little memory. */
export const MAX_ROWS = 20_000;

const tooManyRows = (name: string) => new UnreadableFileError(`${name} has more than ${MAX_ROWS.toLocaleString("en-GB")} rows: a table of indicators is far smaller. Split it into files of up to ${MAX_ROWS.toLocaleString("en-GB")} rows, or leave out what is not indicators.`);

export async function readTableFile(file: string, options: { sheet?: string } = {}): Promise<RawTable> {
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new UnreadableFileError(`${file}: no such file.`);
    },
  );
  if (size === 0) throw new UnreadableFileError(`${path.basename(file)} is empty.`);
  if (size > MAX_FILE_BYTES) throw new UnreadableFileError(`${path.basename(file)} is ${megabytesOver(size, MAX_FILE_BYTES)}; files up to ${MAX_FILE_BYTES / 1048576} MB are read.`);
  const zipped = await startsWithZip(file);
  const extension = path.extname(file).toLowerCase();
  if (extension === ".xlsx" || extension === ".xlsm") {
    if (!zipped) throw new UnreadableFileError(`${path.basename(file)} is not an Excel workbook (.xlsx): it may be damaged, or another kind of file renamed.`);
    return readWorkbook(file, options.sheet);
  }
  if (extension === ".xls") throw new UnreadableFileError(`${path.basename(file)} is an old Excel file (.xls): save it as .xlsx or CSV in Excel and import that.`);
  if (zipped) throw new UnreadableFileError(`${path.basename(file)} looks like a workbook, not CSV: give it the .xlsx name it should have.`);
  return readCsv(await readFile(file), path.basename(file));
}

async function startsWithZip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/**
 * UTF-16 where the bytes start with its BOM (Excel's "Unicode Text"), UTF-8 where the bytes are UTF-8
 * (with or without its BOM), else Windows-1252, what Excel on Windows saves "CSV" in.
 */
function decode(bytes: Buffer): { text: string; encoding: string } {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 === "utf-16le" ? "UTF-16 LE" : "UTF-16 BE" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "UTF-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252" };
  }
}

const DELIMITERS: [string, string][] = [
  [",", "comma"],
  [";", "semicolon"],
  ["\t", "tab"],
];

/** The delimiter the first line uses most, outside quotes. */
function delimiterOf(text: string): [string, string] {
  const firstLine = text.replace(/"[^"]*"/g, "").split(/\r?\n/, 1)[0] ?? "";
  const counts = DELIMITERS.map(([d, name]) => ({ d, name, n: firstLine.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return [best.d, best.name];
}

export function readCsv(bytes: Buffer, name: string): RawTable {
  // UTF-16 holds a zero byte in every Latin letter: binary data is told by zeros only in the other encodings.
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.includes(0)) throw new UnreadableFileError(`${name} is not a text file (it holds binary data): export the table as CSV or XLSX.`);
  const { text, encoding } = decode(bytes);
  const [delimiter, delimiterName] = delimiterOf(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, to: MAX_ROWS + 1 }) as unknown as typeof records;
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new UnreadableFileError(`${name} could not be read as CSV${e.lines ? ` at line ${e.lines}` : ""}: ${(e.message ?? "").split(":")[0]}.`);
  }
  if (records.length > MAX_ROWS) throw tooManyRows(name);
  // info.lines is the line a record ends on; a quoted newline makes a record span two.
  let start = 1;
  const rows = records.map(({ record, info }) => {
    const row = { line: start, cells: record.map(withoutFormulaGuard) };
    start = info.lines + 1;
    return row;
  });
  return { rows, read: `${encoding}, ${delimiterName}-separated` };
}

/** The ' that kpi export (write-table.ts) puts before text a spreadsheet would run as a formula ("'=SUM(A1)"), taken off. */
const withoutFormulaGuard = (cell: string) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** A cell as its sheet shows it: a percentage as "63.2%", a date as 19 Jan 2017, a formula as its result. */
function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toLocaleDateString("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
  if (typeof value === "number") {
    const format = cell.numFmt ?? "";
    if (format.includes("%")) {
      const decimals = /0\.(0+)%/.exec(format)?.[1]?.length ?? 0;
      return `${(value * 100).toFixed(decimals)}%`;
    }
    return String(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return String(value);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null || typeof result === "object") return result instanceof Date ? cellText({ value: result } as ExcelJS.Cell) : "";
    return cellText({ value: result, numFmt: cell.numFmt } as ExcelJS.Cell);
  }
  if ("text" in value) return String(value.text);
  if ("error" in value) return "";
  return "";
}

/**
 * What a workbook may inflate to. A table of indicators is a few megabytes of XML; a file crafted to
 * inflate to gigabytes is refused as soon as its directory says so, or its bytes show it.
 */
export const WORKBOOK_LIMITS = {
  /** The workbook's list of sheets, its relationships, its styles: each. */
  partBytes: 16 * 1024 * 1024,
  /** The text its cells share, held in memory while the sheet is read. */
  sharedStringsBytes: 32 * 1024 * 1024,
  /** The sheet read, streamed. */
  sheetBytes: 128 * 1024 * 1024,
  /** All that is inflated. */
  totalBytes: 192 * 1024 * 1024,
  /** Excel's most in a cell: 32,767 characters, each at most 8 bytes of XML (&#xFFFF;); any run of text or tag longer is refused. */
  cellCharacters: 32_767,
  runBytes: 32_767 * 8,
} as const;

/** The parts of exceljs's streaming reader it reads a workbook with, given each part's XML as a stream (exceljs 4.4). */
interface ExcelJsPartReader {
  _parseRels(xml: Readable): Promise<void>;
  _parseWorkbook(xml: Readable): Promise<void>;
  _parseSharedStrings(xml: Readable): AsyncGenerator<unknown>;
  _parseStyles(xml: Readable): Promise<void>;
  _parseWorksheet(xml: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

async function readWorkbook(file: string, sheet: string | undefined): Promise<RawTable> {
  const name = path.basename(file);
  const damaged = () => new UnreadableFileError(`${name} could not be read as an Excel workbook: it may be damaged, password-protected, or another kind of file.`);
  const opened: Readable[] = [];
  try {
    const parts = await zipParts(file);
    const counted = new Set<string>();
    let total = 0;
    /** The part's XML, inflated under its limit and within the workbook's total; null where the workbook has no such part. */
    const xml = (partName: string, maxBytes: number, what: string): Readable | null => {
      const part = parts.get(partName);
      if (!part) return null;
      if (!counted.has(partName)) {
        counted.add(partName);
        total += part.size;
      }
      if (part.size > maxBytes || total > WORKBOOK_LIMITS.totalBytes) {
        throw new UnreadableFileError(`${name} is refused: ${part.size > maxBytes ? `its ${what} would inflate to more than ${megabytes(maxBytes)}` : `it would inflate to more than ${megabytes(WORKBOOK_LIMITS.totalBytes)}`}, far more than a table of indicators needs (it may be damaged, or made to harm).`);
      }
      const stream = partStream(file, part, { maxBytes, maxRun: WORKBOOK_LIMITS.runBytes });
      opened.push(stream);
      return stream;
    };
    const required = (partName: string, maxBytes: number, what: string) => xml(partName, maxBytes, what) ?? (() => { throw damaged(); })();

    // The order that needs nothing written to disk: the sheets' names, the shared text and styles, then the one sheet read.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore" }) as unknown as ExcelJsPartReader;
    await reader._parseRels(required("xl/_rels/workbook.xml.rels", WORKBOOK_LIMITS.partBytes, "list of parts"));
    await reader._parseWorkbook(required("xl/workbook.xml", WORKBOOK_LIMITS.partBytes, "list of sheets"));
    const sheets = reader.model?.sheets ?? [];
    const chosen = sheet !== undefined ? sheets.find((s) => s.name.trim().toLowerCase() === sheet.trim().toLowerCase()) : sheets[0];
    if (!chosen) {
      if (sheet !== undefined) throw new UnreadableFileError(`${name} has no sheet “${sheet}”; its sheets are ${sheets.map((s) => `“${s.name}”`).join(", ") || "none"}.`);
      throw new UnreadableFileError(`${name} has no sheets.`);
    }
    const target = reader.workbookRels?.find((r) => r.Id === chosen.rId)?.Target ?? "";
    const sheetPart = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPart)?.[1];
    if (!sheetNo) throw damaged();

    const sharedStrings = xml("xl/sharedStrings.xml", WORKBOOK_LIMITS.sharedStringsBytes, "shared text");
    if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings)) void _;
    const styles = xml("xl/styles.xml", WORKBOOK_LIMITS.partBytes, "styles");
    if (styles) await reader._parseStyles(styles);
    const emitted: IteratorResult<{ value: AsyncIterable<ExcelJS.Row> }> = reader._parseWorksheet(required(sheetPart, WORKBOOK_LIMITS.sheetBytes, "sheet"), sheetNo).next();
    const worksheet = emitted.done ? undefined : emitted.value.value;
    if (!worksheet) throw damaged();

    const rows: RawRow[] = [];
    for await (const row of worksheet) {
      if (rows.length === MAX_ROWS) throw tooManyRows(name);
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cellText(cell)));
      if (cells.some((c) => c && c.length > WORKBOOK_LIMITS.cellCharacters)) throw new ZipRefusal("long run", "a cell longer than Excel allows");
      rows.push({ line: row.number, cells: Array.from(cells, (c) => c ?? "") });
    }
    fillMergedCells(rows, await mergedRanges(required(sheetPart, WORKBOOK_LIMITS.sheetBytes, "sheet")));
    return { rows, read: `sheet “${chosen.name}”` };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    if (error instanceof ZipRefusal && error.kind === "long run") throw new UnreadableFileError(`${name} is refused: it has a cell longer than Excel allows (${WORKBOOK_LIMITS.cellCharacters.toLocaleString("en-GB")} characters); it may be damaged, or made to harm.`);
    if (error instanceof ZipRefusal && error.kind === "more than said") throw new UnreadableFileError(`${name} is refused: a part of it inflates to more than the file says it does (it may be damaged, or made to harm).`);
    if (error instanceof ZipRefusal && error.kind === "too big") throw new UnreadableFileError(`${name} is refused: it has more parts than a workbook has, or parts bigger than a table of indicators needs (it may be damaged, or made to harm).`);
    throw damaged();
  } finally {
    for (const stream of opened) stream.destroy();
  }
}

/**
 * The sheet's merged ranges ("D2:D11"). exceljs's streaming reader skips them, so the sheet's XML is
 * read once more for them alone: they come after the rows, at its end.
 */
async function mergedRanges(sheetXml: Readable): Promise<Set<string>> {
  const ranges = new Set<string>();
  let tail = "";
  for await (const chunk of sheetXml.setEncoding("utf8")) {
    const text = tail + (chunk as string);
    for (const match of text.matchAll(/<(?:\w+:)?mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"/g)) ranges.add(`${match[1]}:${match[2]}`);
    // A tag cut in two by the chunk's end is whole in the next text; one matched twice is one entry in the set.
    tail = text.slice(-80);
  }
  return ranges;
}

/** "AB12" as a zero-based column and a row number. */
function cellAt(address: string): { column: number; row: number } {
  const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { column: [...letters!].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0) - 1, row: Number(digits) };
}

/** A merged cell shows its value across the range (a service written once beside its ten indicators): each row gets it. */
function fillMergedCells(rows: RawRow[], ranges: Set<string>): void {
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const lastLine = rows.at(-1)?.line ?? 0;
  const width = rows.reduce((widest, r) => Math.max(widest, r.cells.length), 0);
  for (const range of ranges) {
    const [from, to] = range.split(":").map(cellAt) as [ReturnType<typeof cellAt>, ReturnType<typeof cellAt>];
    const value = byLine.get(from.row)?.cells[from.column];
    if (!value) continue;
    for (let line = from.row; line <= Math.min(to.row, lastLine); line++) {
      const row = byLine.get(line);
      if (!row) continue;
      for (let column = from.column; column <= Math.min(to.column, width - 1); column++) row.cells[column] = value;
      row.cells = Array.from(row.cells, (c) => c ?? "");
    }
  }
}
