// The parts of a zip file (an .xlsx workbook is one), read from its central directory and inflated
// under limits: a part that says, or turns out, to be bigger than its limit is refused before it can
// fill the memory (a 1 MB workbook can inflate to gigabytes). Only the parts asked for are inflated.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform, pipeline, type Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

export interface ZipPart {
  name: string;
  /** What the directory says it inflates to: checked against the limit before, and against the bytes while, reading. */
  size: number;
  compressedSize: number;
  method: number;
  encrypted: boolean;
  headerOffset: number;
}

/** Why a part is refused: `kind` says whether it is too big or not a zip as it should be; the reader words the message. */
export class ZipRefusal extends Error {
  readonly kind: "too big" | "more than said" | "damaged" | "long run";

  constructor(kind: ZipRefusal["kind"], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** A directory of more parts than this is not a workbook: an .xlsx of a few sheets has a dozen or two. */
const MAX_PARTS = 10_000;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

/** The zip's parts by name, from its central directory (what every zip reader, Excel's too, goes by). */
export async function zipParts(file: string): Promise<Map<string, ZipPart>> {
  const handle = await open(file, "r");
  try {
    const { size: fileSize } = await handle.stat();
    const read = async (position: number, length: number) => {
      if (position < 0 || length < 0 || position + length > fileSize) throw new ZipRefusal("damaged", "a part lies outside the file");
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    // The end record is in the last 22 bytes, or before a comment of up to 64 KB.
    const tailLength = Math.min(fileSize, 22 + 65_535);
    const tail = await read(fileSize - tailLength, tailLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === END_OF_DIRECTORY) { end = i; break; }
    if (end < 0) throw new ZipRefusal("damaged", "no zip directory");
    let count = tail.readUInt16LE(end + 10);
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locatorAt = fileSize - tailLength + end - 20;
      const locator = await read(locatorAt, 20);
      if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipRefusal("damaged", "no zip64 directory");
      const zip64 = await read(Number(locator.readBigUInt64LE(8)), 56);
      if (zip64.readUInt32LE(0) !== ZIP64_END) throw new ZipRefusal("damaged", "no zip64 directory");
      count = Number(zip64.readBigUInt64LE(32));
      directorySize = Number(zip64.readBigUInt64LE(40));
      directoryOffset = Number(zip64.readBigUInt64LE(48));
    }
    if (count > MAX_PARTS) throw new ZipRefusal("too big", `more than ${MAX_PARTS.toLocaleString("en-GB")} parts`);
    const directory = await read(directoryOffset, directorySize);
    const parts = new Map<string, ZipPart>();
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new ZipRefusal("damaged", "a damaged zip directory");
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const name = directory.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      const part: ZipPart = {
        name,
        method: directory.readUInt16LE(at + 10),
        encrypted: (directory.readUInt16LE(at + 8) & 1) === 1,
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        headerOffset: directory.readUInt32LE(at + 42),
      };
      readZip64Sizes(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), part);
      parts.set(name, part);
      at += 46 + nameLength + extraLength + commentLength;
    }
    // Where each part's data starts: after its local header, whose name and extra field may differ in length.
    for (const part of parts.values()) {
      const header = await read(part.headerOffset, 30);
      if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipRefusal("damaged", "a damaged zip part");
      part.headerOffset += 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      if (part.headerOffset + part.compressedSize > fileSize) throw new ZipRefusal("damaged", "a part lies outside the file");
    }
    return parts;
  } finally {
    await handle.close();
  }
}

/** Sizes and offset too big for 32 bits are in the zip64 extra field, in this order, where the 32-bit field says 0xFFFFFFFF. */
function readZip64Sizes(extra: Buffer, part: ZipPart): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + length) throw new ZipRefusal("damaged", "a damaged zip64 field");
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (part.size === 0xffffffff) part.size = next();
      if (part.compressedSize === 0xffffffff) part.compressedSize = next();
      if (part.headerOffset === 0xffffffff) part.headerOffset = next();
      return;
    }
    at += 4 + length;
  }
}

export interface PartLimits {
  /** Bytes the part may inflate to. */
  maxBytes: number;
  /** Bytes of text or of a tag without a `<` or `>` (XML): a cell's text is one such run. */
  maxRun?: number;
}

/**
 * The part's bytes, inflated. The stream fails with a ZipRefusal once it has given more than the
 * limit, more than the directory said, or a run longer than maxRun: nothing more is inflated then.
 */
export function partStream(file: string, part: ZipPart, limits: PartLimits): Readable {
  if (part.encrypted) throw new ZipRefusal("damaged", `${part.name} is encrypted`);
  if (part.method !== 0 && part.method !== 8) throw new ZipRefusal("damaged", `${part.name} is compressed in a way workbooks are not`);
  if (part.size > limits.maxBytes) throw new ZipRefusal("too big", `${part.name} inflates to ${part.size} bytes`);
  // Small reads: a compressed chunk is inflated whole before the count can stop it, and one byte can inflate to a thousand.
  const compressed = createReadStream(file, { start: part.headerOffset, end: part.headerOffset + part.compressedSize - 1, highWaterMark: 16 * 1024 });
  let bytes = 0;
  let run = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > part.size) return done(new ZipRefusal("more than said", `${part.name} inflates to more than its directory says`));
      if (limits.maxRun !== undefined) {
        for (let i = 0; i < chunk.length; i++) {
          const byte = chunk[i];
          run = byte === 0x3c || byte === 0x3e ? 0 : run + 1;
          if (run > limits.maxRun) return done(new ZipRefusal("long run", `${part.name} has a run of text longer than ${limits.maxRun} bytes`));
        }
      }
      done(null, chunk);
    },
    flush(done) {
      done(bytes === part.size ? null : new ZipRefusal("damaged", `${part.name} is shorter than its directory says`));
    },
  });
  const stages: (Readable | Transform)[] = part.method === 8 ? [compressed, createInflateRaw(), counted] : [compressed, counted];
  // Any stage's failure ends them all and reaches the reader as the last stage's error.
  return pipeline(stages, () => {}) as unknown as Readable;
}
