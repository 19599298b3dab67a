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

/** A real PNG of random pixels: about as large as a PNG of its size gets (noise does not compress). */
export function noisePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i++) png.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
  return PNG.sync.write(png);
}
