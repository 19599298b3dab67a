// Real PNG bytes for tests that move pictures without drawing them (uploads, URLs), and a reader for what came back.
import { PNG } from "pngjs";

/** A real PNG of the size given, in one colour. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [29, 78, 137]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(png);
}

/** The size of a PNG, decoding it whole (throws where the bytes are not a PNG). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height };
}
