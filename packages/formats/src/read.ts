// readDepthPhoto: one entry point for every depth-photo layout; each file is tried against the layouts it can be.
import { fail } from './errors.js';
import { jpegLayout } from './jpeg-segments.js';
import { isJpeg, isPng } from './raster.js';
import { readAppleJpeg } from './read-apple.js';
import { hasDynamicDepth, hasXdm, readDynamicDepth, readXdm } from './read-dynamic-depth.js';
import { hasGDepth, readGDepth } from './read-gdepth.js';
import { isHeif, readHeic } from './read-heic.js';
import { jpegXmp } from './xmp.js';
import type { DepthPhoto } from './types.js';

/**
 * Reads a photo with embedded depth: Dynamic Depth, XDM, GDepth (Lens Blur) or Apple MPF JPEGs, and HEIC with a
 * depth/disparity auxiliary image. Throws DepthPhotoError — reason `no-depth` for an ordinary photo (estimate its
 * depth instead), `damaged` for broken files, `unsupported` for other formats.
 */
export async function readDepthPhoto(input: Uint8Array | ArrayBuffer, name = 'the file'): Promise<DepthPhoto> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) fail(`${name} is empty.`);
  if (isHeif(bytes)) return readHeic(bytes, name);
  if (isPng(bytes)) fail(`${name} is a PNG; PNG photos carry no depth. Pass its depth map separately (readImageDepthPair) or estimate depth.`, 'no-depth');
  if (!isJpeg(bytes)) fail(`${name} is not a JPEG or HEIC photo; depth photos come as JPEG (iPhone, Android, Lens Blur) or HEIC (iPhone).`, 'unsupported');
  const { segments, end } = jpegLayout(bytes, name);
  const xmp = await jpegXmp(bytes.subarray(0, end), name);
  // Most specific first: a Relief/Android Dynamic Depth file also carries GDepth for older readers.
  if (hasDynamicDepth(xmp)) return readDynamicDepth(bytes, end, xmp, name);
  if (hasXdm(xmp)) return readXdm(bytes, end, xmp, name);
  if (hasGDepth(xmp)) return readGDepth(bytes, end, xmp, name);
  const apple = await readAppleJpeg(bytes, segments, end, name);
  if (apple) return apple;
  return fail(`${name} has no embedded depth map (no Dynamic Depth, GDepth, XDM or Apple depth image); estimate its depth instead.`, 'no-depth');
}
