// Turns a depth map into the bytes of each requested output file.
import type { DepthMap } from '@relief/depth';
import sharp from 'sharp';
import { colormapTable, type ColormapName } from './colormaps.js';
import { encodeNpyFloat32 } from './npy.js';
import type { DepthArrays, DepthKind } from './settings.js';

/** `depth` and `mask` are the map's values, already read back from the backend. */
export async function encodeOutputs(
  map: DepthMap, { depth, mask }: DepthArrays, kinds: readonly DepthKind[], colormap: ColormapName,
): Promise<{ kind: DepthKind; bytes: Uint8Array }[]> {
  const { width, height } = map;
  const encode = async (kind: DepthKind): Promise<Uint8Array> => {
    switch (kind) {
      case 'png16': return map.toPNG16();
      case 'png8': return gray8(depth, width, height);
      case 'mask': return gray8(mask, width, height);
      case 'npy': return encodeNpyFloat32(depth, height, width);
      case 'metres': return encodeNpyFloat32(await metres(map), height, width);
      case 'color': return colorized(depth, mask, width, height, colormap);
    }
  };
  return Promise.all(kinds.map(async (kind) => ({ kind, bytes: await encode(kind) })));
}

/** Depth in metres scaled by the face (NaN off the person); a photo without a usable face cannot have it. */
async function metres(map: DepthMap): Promise<Float32Array> {
  const metric = await map.toMetres();
  if (!metric) {
    throw new Error('no face large and frontal enough to scale depth to metres; write npy for relative depth, or keep the face priors on (no --no-priors).');
  }
  return metric.data;
}

/** Share of pixels the segmenter called person (probability ≥ 0.5). */
export function personFraction(mask: Float32Array): number {
  let n = 0;
  for (const p of mask) if (p >= 0.5) n++;
  return mask.length === 0 ? 0 : n / mask.length;
}

function toByte(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

function gray8(values: Float32Array, width: number, height: number): Promise<Uint8Array> {
  const pixels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = toByte(values[i]);
  return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

/**
 * RGBA with the person mask as alpha: background depth is 0 ("nearest") only because it was blanked,
 * so painting it in the colour map's "near" colour would mislead.
 */
function colorized(depth: Float32Array, mask: Float32Array, width: number, height: number, name: ColormapName): Promise<Uint8Array> {
  const table = colormapTable(name);
  const pixels = new Uint8Array(depth.length * 4);
  for (let i = 0; i < depth.length; i++) {
    // Near takes the map's top end (turbo red, viridis/inferno yellow, gray white), as in the web app.
    const t = (255 - toByte(depth[i])) * 3;
    pixels.set([table[t], table[t + 1], table[t + 2], toByte(mask[i])], i * 4);
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
}
