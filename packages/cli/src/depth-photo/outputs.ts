// `relief depth --embedded`: the photo's own depth map written in the same files as an estimate — values 0…1
// with smaller = nearer, spread over the file's nearest…farthest distance.
import { encodeGreyPng, toDistances, type DepthPhoto } from '@relief/formats';
import sharp from 'sharp';
import { colormapTable, type ColormapName } from '../depth/colormaps.js';
import { encodeNpyFloat32 } from '../depth/npy.js';
import type { DepthKind } from '../depth/settings.js';

export function embeddedValues(photo: DepthPhoto): Float32Array {
  const { depth, near, far } = toDistances(photo);
  return depth.data.map((d) => (d - near) / (far - near));
}

export async function encodeEmbedded(photo: DepthPhoto, kinds: readonly DepthKind[], colormap: ColormapName): Promise<Uint8Array[]> {
  const values = embeddedValues(photo);
  const { width, height } = photo.depth;
  const matte = photo.matte && photo.matte.width === width && photo.matte.height === height ? photo.matte.data : undefined;
  return Promise.all(kinds.map(async (kind) => {
    switch (kind) {
      case 'png16': return encodeGreyPng({ data: values, width, height }, 16);
      case 'png8': return encodeGreyPng({ data: values, width, height }, 8);
      case 'npy': return encodeNpyFloat32(values, height, width);
      case 'mask':
        if (!photo.matte) throw new Error('the photo has embedded depth but no person matte; drop --mask, or add --estimate to segment it.');
        return encodeGreyPng(photo.matte, 8);
      case 'color': {
        const table = colormapTable(colormap);
        const px = new Uint8Array(width * height * 4);
        for (let i = 0; i < values.length; i++) {
          const t = Math.round(Math.min(1, Math.max(0, values[i])) * 255) * 3;
          px.set([table[t], table[t + 1], table[t + 2], matte ? Math.round(matte[i] * 255) : 255], i * 4);
        }
        return sharp(px, { raw: { width, height, channels: 4 } }).png().toBuffer();
      }
      default: {
        // 'metres' (float32 NumPy of metres): only files that declare calibrated depth have it.
        const { depth, metric } = toDistances(photo);
        if (!metric) throw new Error(`the photo's embedded ${photo.source} depth is relative, not in metres; write npy for it, or add --estimate for face-scaled metres.`);
        return encodeNpyFloat32(depth.data, height, width);
      }
    }
  }));
}
