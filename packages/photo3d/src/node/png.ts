import { deflateSync } from 'node:zlib';
import { pngFile } from '../png-file.js';

/** 8-bit RGBA PNG (no filtering; zlib does the work): enough for GLB textures in Node, where there is no canvas. */
export function encodePngRgba(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array<ArrayBuffer> {
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return pngFile(width, height, 8, 6, deflateSync(raw, { level: 6 }));
}
