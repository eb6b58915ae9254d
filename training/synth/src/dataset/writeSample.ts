// Writes one sample's files: color.png, depth.png (16-bit), mask.png, face.png (when the renderer draws it) and
// the parameters JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { RenderedView } from '../render/view.ts';

export async function writeSample(stem: string, width: number, height: number, view: RenderedView, params: object): Promise<void> {
  await mkdir(dirname(stem), { recursive: true });
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = view.depth[i] > 0 ? 255 : 0;
  // zlib level 3: encoding time matters more here than the last few percent of file size.
  const png = { compressionLevel: 3 };
  await Promise.all([
    sharp(view.rgb, { raw: { width, height, channels: 3 } }).png(png).toFile(`${stem}.color.png`),
    sharp(view.depth, { raw: { width, height, channels: 1 } }).toColourspace('grey16').png(png).toFile(`${stem}.depth.png`),
    sharp(mask, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png(png).toFile(`${stem}.mask.png`),
    ...(view.face ? [sharp(view.face, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png(png).toFile(`${stem}.face.png`)] : []),
    writeFile(`${stem}.json`, JSON.stringify(params, null, 1)),
  ]);
}
