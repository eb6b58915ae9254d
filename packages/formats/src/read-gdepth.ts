// Google's GDepth XMP (Camera "Lens Blur", and the fallback Relief writes into Dynamic Depth JPEGs): a PNG/JPEG depth
// map base64-encoded in (extended) XMP, normalised by Format/Near/Far; GImage may hold the unblurred original.
import { fromBase64 } from './bytes.js';
import { checkNearFar, decodeRange, rangeFormat } from './depth-codec.js';
import { fail } from './errors.js';
import { decodeRaster, decodeRgba, rasterToUnit } from './raster.js';
import { xmpNumber, type XmpTree } from './xmp.js';
import type { DepthPhoto, DepthPhotoUnits } from './types.js';

export function hasGDepth(xmp: XmpTree): boolean {
  return xmp.GDepth !== undefined;
}

export function readGDepth(bytes: Uint8Array, primaryEnd: number, xmp: XmpTree, what: string): DepthPhoto {
  const g = xmp.GDepth;
  if (typeof g.Data !== 'string' || g.Data.length === 0) {
    fail(`${what} has GDepth metadata but no GDepth:Data; its extended XMP (where the depth map lives) is missing or damaged.`);
  }
  const format = rangeFormat(g.Format, what);
  let near = xmpNumber(g.Near, 'GDepth:Near', what);
  let far = xmpNumber(g.Far, 'GDepth:Far', what);
  checkNearFar(near, far, format, what);
  const unit = rasterToUnit(decodeRaster(payload(g.Data, `${what} (GDepth:Data)`), `${what} (GDepth depth map)`));
  // GDepth:Units is optional: "m"/"mm" make the map metric, otherwise (Lens Blur) only the order is meaningful.
  const unitsField = String(g.Units ?? '').toLowerCase();
  let units: DepthPhotoUnits = 'relative';
  if (unitsField === 'm' || unitsField === 'meters') units = 'metres';
  if (unitsField === 'mm') [near, far, units] = [near / 1000, far / 1000, 'metres'];
  // Lens Blur keeps the unblurred original in GImage; the primary is the blurred render, worse for a 3D view.
  const original = typeof xmp.GImage?.Data === 'string' && xmp.GImage.Data.length > 0;
  const image = original
    ? decodeRgba(payload(xmp.GImage.Data, `${what} (GImage:Data)`), `${what} (GImage original)`)
    : decodeRgba(bytes.subarray(0, primaryEnd), `${what} (primary image)`);
  return {
    image,
    depth: { data: decodeRange(unit.data, format, near, far), width: unit.width, height: unit.height },
    kind: 'depth',
    units,
    near,
    far,
    source: 'gdepth',
  };
}

function payload(text: string, what: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch {
    return fail(`${what} is not valid base64; the XMP is damaged.`);
  }
}
