// Apple portrait photos: disparity/depth and the portrait-effects matte are auxiliary images described by their own
// XMP (apdi: pixel-data info, depthData: calibration). JPEG stores them as MPF images after the primary, HEIC as
// auxiliary items; both end here once their pixels are decoded.
import { decodeLinear } from './depth-codec.js';
import { decodeRaster, decodeRgba, isJpeg, rasterToUnit } from './raster.js';
import { fail } from './errors.js';
import { jpegLayout, type Segment } from './jpeg-segments.js';
import { mpfEntries } from './mpf.js';
import { jpegXmp, optionalNumber, type XmpTree } from './xmp.js';
import type { DepthPhoto, DepthPhotoIntrinsics, RgbaImage, ScalarImage } from './types.js';

export type AppleAuxRole = 'depth' | 'matte' | 'other';

export function appleAuxRole(xmp: XmpTree): AppleAuxRole {
  const type = String(xmp.apdi?.AuxiliaryImageType ?? '').toLowerCase();
  if (type === 'disparity' || type === 'depth') return 'depth';
  if (type.includes('portraiteffectsmatte')) return 'matte';
  return 'other';
}

/** A DepthPhoto from a decoded Apple depth aux image (unit values) and its XMP. */
export function appleDepthPhoto(
  image: RgbaImage, depthUnit: ScalarImage, xmp: XmpTree, matte: ScalarImage | undefined, source: 'apple-jpeg' | 'apple-heic',
): DepthPhoto {
  const apdi = xmp.apdi ?? {};
  const disparity = String(apdi.AuxiliaryImageType ?? 'disparity').toLowerCase() === 'disparity';
  const lo = optionalNumber(apdi.FloatMinValue);
  const hi = optionalNumber(apdi.FloatMaxValue);
  const absolute = String(xmp.depthData?.Accuracy ?? '').toLowerCase() === 'absolute';
  const calibrated = lo !== undefined && hi !== undefined && hi > lo;
  const data = calibrated ? decodeLinear(depthUnit.data, lo, hi) : depthUnit.data;
  const [min, max] = calibrated ? [lo, hi] : [0, 1];
  return {
    image,
    depth: { data, width: depthUnit.width, height: depthUnit.height },
    kind: disparity ? 'disparity' : 'depth',
    units: calibrated && absolute ? (disparity ? '1/metres' : 'metres') : 'relative',
    near: disparity ? max : min,
    far: disparity ? min : max,
    matte,
    intrinsics: appleIntrinsics(xmp, image),
    source,
  };
}

/** depthData:IntrinsicMatrix is column-major 3×3 in pixels of IntrinsicMatrixReference{Width,Height}. */
function appleIntrinsics(xmp: XmpTree, image: RgbaImage): DepthPhotoIntrinsics | undefined {
  const d = xmp.depthData ?? {};
  const m = d.IntrinsicMatrix;
  const refW = optionalNumber(d.IntrinsicMatrixReferenceWidth);
  const refH = optionalNumber(d.IntrinsicMatrixReferenceHeight);
  if (!Array.isArray(m) || m.length !== 9 || !refW || !refH) return undefined;
  const sx = image.width / refW, sy = image.height / refH;
  const [fx, fy, cx, cy] = [m[0], m[4], m[6], m[7]].map(Number);
  if (![fx, fy, cx, cy].every(Number.isFinite)) return undefined;
  return { fx: fx * sx, fy: fy * sy, cx: cx * sx, cy: cy * sy };
}

/** The MPF images of an Apple JPEG, or undefined when none of them is a depth map (not an Apple depth photo). */
export async function readAppleJpeg(bytes: Uint8Array, segments: Segment[], primaryEnd: number, what: string): Promise<DepthPhoto | undefined> {
  const entries = mpfEntries(bytes, segments).slice(1);
  let depth: { unit: ScalarImage; xmp: XmpTree } | undefined;
  let matte: ScalarImage | undefined;
  for (const [i, e] of entries.entries()) {
    const name = `${what} (MPF image ${i + 2})`;
    if (e.offset <= 0 || e.offset >= bytes.length) fail(`${name}: its offset ${e.offset} lies outside the ${bytes.length}-byte file; the MPF index is wrong or the file truncated.`);
    if (!isJpeg(bytes.subarray(e.offset, e.offset + 4))) fail(`${name}: no JPEG starts at its offset ${e.offset}; the MPF index is wrong or the file damaged.`);
    // Apple's MPF sizes can be off (see the fixtures' README): the image ends at its own EOI.
    const aux = bytes.subarray(e.offset, e.offset + jpegLayout(bytes.subarray(e.offset), name).end);
    const xmp = await jpegXmp(aux, name);
    const role = appleAuxRole(xmp);
    if (role === 'depth' && !depth) depth = { unit: rasterToUnit(decodeRaster(aux, name)), xmp };
    if (role === 'matte' && !matte) matte = rasterToUnit(decodeRaster(aux, name));
  }
  if (!depth) return undefined;
  const image = decodeRgba(bytes.subarray(0, primaryEnd), `${what} (primary image)`);
  return appleDepthPhoto(image, depth.unit, depth.xmp, matte, 'apple-jpeg');
}
