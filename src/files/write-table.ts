// Writes a table as CSV (UTF-8 with the BOM Excel looks for, so £ and – open right) or as an XLSX
// workbook, streamed to the file so a large organisation's table is never held twice in memory.
import { writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";

const csvCell = (cell: string) => (/[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

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
