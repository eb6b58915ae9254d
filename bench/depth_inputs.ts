import sharp from 'sharp';
import { join } from 'node:path';
import { SAMPLES } from '../test-support/paths.ts';

export interface BenchImage {
  label: string;
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** The official portrait at the network's size (192×256) and at a phone-photo size (768×1024), as raw RGB. */
export async function benchImages(): Promise<BenchImage[]> {
  const sizes: Array<[number, number]> = [[192, 256], [768, 1024]];
  return Promise.all(sizes.map(async ([width, height]) => {
    const data = await sharp(join(SAMPLES, 'official_portrait.jpg')).resize(width, height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    return { label: `${width}×${height}`, width, height, rgb: new Uint8Array(data) };
  }));
}
