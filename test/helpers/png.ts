import { inflateSync } from "node:zlib";

/** A decoded PNG: 8-bit RGBA pixels, row by row. */
export interface Png {
  width: number;
  height: number;
  /** width × height × 4 bytes. */
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Decodes what a browser's screenshot is: a non-interlaced 8-bit truecolour PNG, with alpha
 * (colour type 6) or without (2). Throws on anything else, so a test learns it got no screenshot.
 */
export function decodePng(file: Uint8Array): Png {
  const data = Buffer.from(file);
  if (!data.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: wrong signature");
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString("latin1", at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`PNG of depth ${depth}, colour type ${colour}, interlace ${interlace}: not a screenshot's`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  if (channels === 0) throw new Error("PNG without IHDR");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data of ${raw.length} bytes for ${width}×${height}`);
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (out[x - channels] as number) : 0;
      const b = up[x] as number;
      const c = x >= channels ? (up[x - channels] as number) : 0;
      const v = line[x] as number;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`PNG row ${y} has filter ${filter}`);
      out[x] = (v + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[i * 4] = rows[i * channels] as number;
    rgba[i * 4 + 1] = rows[i * channels + 1] as number;
    rgba[i * 4 + 2] = rows[i * channels + 2] as number;
    rgba[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, rgba };
}

/** The pixel at (x, y) as [r, g, b, a]. */
export function pixel(png: Png, x: number, y: number): [number, number, number, number] {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.rgba[i] as number, png.rgba[i + 1] as number, png.rgba[i + 2] as number, png.rgba[i + 3] as number];
}

/** How many distinct colours the image has (a blank page has one). */
export function colourCount(png: Png): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.rgba.length; i += 4) seen.add(((png.rgba[i] as number) << 16) | ((png.rgba[i + 1] as number) << 8) | (png.rgba[i + 2] as number));
  return seen.size;
}
