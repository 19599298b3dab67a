// Writes a table as CSV (UTF-8 with the BOM Excel looks for, so £ and – open right; text a spreadsheet would
// run as a formula neutralised) or as an XLSX workbook (every cell a string, which runs nothing), streamed to
// the file so a large organisation's table is never held twice in memory.
import { writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { parseFigure } from "../core/figures.ts";

/**
 * Text that Excel and other spreadsheets would run as a formula ("=HYPERLINK(…)", "@SUM(…)", "-cmd|…") gets a
 * leading ' as OWASP advises, and so does text that already starts with ' before one of those characters (so
 * that the import, which takes one ' off, gives it back as it was). A plain number as the figures are read
 * ("-5%", "-2.5", "-1,200") stays as it is: a spreadsheet reads it as the number, and runs nothing.
 */
export function neutraliseFormula(cell: string): string {
  if (!/^'*[=+\-@\t\r]/.test(cell)) return cell;
  return isPlainNumber(cell) ? cell : `'${cell}`;
}

function isPlainNumber(cell: string): boolean {
  if (cell !== cell.trim()) return false;
  const figure = parseFigure(cell);
  return figure.kind === "number" && figure.unit !== "£" && figure.unit !== "days" && !figure.qualifier && !figure.notes.length;
}

const csvCell = (text: string) => {
  const cell = neutraliseFormula(text);
  return /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
};

export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export async function writeTableFile(file: string, rows: string[][], format: "csv" | "xlsx", sheet = "Indicators"): Promise<void> {
  if (format === "csv") return writeFile(file, toCsv(rows));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(sheet);
  // Every cell as text: "63.0%" and "£7.3m" stay as the council wrote them, not numbers Excel re-formats.
  for (const row of rows) worksheet.addRow(row).commit();
  await workbook.commit();
}
