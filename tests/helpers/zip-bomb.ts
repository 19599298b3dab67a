// A valid .xlsx whose one part inflates to about a gigabyte while the file stays about a megabyte: a
// workbook as exceljs writes it, with that part replaced by the same megabyte of XML repeated. Built
// without holding the gigabyte: the megabyte is deflated once as a block that leaves the inflater with
// nothing pending (a full flush), and that block is written again and again.
import { writeFile } from "node:fs/promises";
import { constants, crc32, deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import JSZip from "jszip";

export interface Bomb {
  /** "shared strings": xl/sharedStrings.xml is a million strings; "inline cell": the sheet's one cell holds it all. */
  part: "shared strings" | "inline cell";
  /** What the zip's directory says the part inflates to: the truth, or a small lie (a reader must count the bytes). */
  declared: "truly" | "falsely";
}

const MIB = 1024 * 1024;
const REPEATS = 1024;
const SHEET = "xl/worksheets/sheet1.xml";
const SHARED = "xl/sharedStrings.xml";

/** The part's XML: a head, a megabyte repeated REPEATS times, a tail. */
function bombXml(part: Bomb["part"]): { head: Buffer; chunk: Buffer; tail: Buffer } {
  if (part === "shared strings") {
    const item = "<si><t>Adults supported to live at home</t></si>";
    const perChunk = Math.floor(MIB / item.length);
    const count = perChunk * REPEATS + 1;
    return {
      head: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}"><si><t>Ref</t></si>`),
      chunk: Buffer.from(item.repeat(perChunk)),
      tail: Buffer.from("</sst>"),
    };
  }
  return {
    head: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>',
    ),
    chunk: Buffer.alloc(MIB, "A"),
    tail: Buffer.from("</t></is></c></row></sheetData></worksheet>"),
  };
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
}

function localHeader(entry: Entry): Buffer {
  const name = Buffer.from(entry.name);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.data.length, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

function directoryEntry(entry: Entry, offset: number): Buffer {
  const name = Buffer.from(entry.name);
  const record = Buffer.alloc(46);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(8, 10);
  record.writeUInt32LE(entry.crc, 16);
  record.writeUInt32LE(entry.data.length, 20);
  record.writeUInt32LE(entry.size, 24);
  record.writeUInt16LE(name.length, 28);
  record.writeUInt32LE(offset, 42);
  return Buffer.concat([record, name]);
}

/** Writes the bomb workbook at `at` and returns how many bytes its part inflates to. */
export async function writeBombWorkbook(at: string, bomb: Bomb): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Indicators").addRow(["Ref", "Indicator", "Polarity"]);
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const target = bomb.part === "shared strings" ? SHARED : SHEET;
  const entries: Entry[] = [];
  for (const name of Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)) {
    if (name === target) continue;
    const content = await zip.files[name]!.async("nodebuffer");
    entries.push({ name, data: deflateRawSync(content), crc: crc32(content), size: content.length });
  }
  const { head, chunk, tail } = bombXml(bomb.part);
  const block = deflateRawSync(chunk, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  let crc = crc32(head);
  for (let i = 0; i < REPEATS; i++) crc = crc32(chunk, crc);
  crc = crc32(tail, crc);
  const size = head.length + chunk.length * REPEATS + tail.length;
  const data = Buffer.concat([deflateRawSync(head, { finishFlush: constants.Z_FULL_FLUSH }), ...Array.from({ length: REPEATS }, () => block), deflateRawSync(tail)]);
  entries.push({ name: target, data, crc, size: bomb.declared === "truly" ? size : 4096 });
  if (bomb.part === "shared strings" && !entries.some((e) => e.name === SHEET)) throw new Error("exceljs wrote no sheet1.xml");

  const pieces: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const header = localHeader(entry);
    directory.push(directoryEntry(entry, offset));
    pieces.push(header, entry.data);
    offset += header.length + entry.data.length;
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(at, Buffer.concat([...pieces, central, end]));
  return size;
}
