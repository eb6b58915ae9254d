// Photos of any size the shared photo rule takes (@relief/formats: ≥ 64 px a side, ≤ 100 MP), as the bytes the
// depth estimator reads. @relief/depth refuses sides over MAX_INPUT_SIDE (8192); such a photo is brought down to
// the estimator's working size while it is decoded (JPEG shrink-on-load: the full-size pixels never exist) and
// handed on re-encoded, with its EXIF (focal length) kept and its orientation applied.
import { MAX_INPUT_SIDE } from '@relief/depth';
import { fitPixels, photoSizeProblem } from '@relief/formats';
import sharp from 'sharp';

/** @relief/depth's working size: larger photos are estimated, and their depth maps written, at 4096² px in area. */
export const ESTIMATOR_PIXELS = 4096 * 4096;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** Formats whose size sharp reads from the header alone; the estimator names what is wrong with anything else. */
export function isRasterPhoto(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xd8) || ascii(bytes, 0, 4) === '\x89PNG' || ascii(bytes, 8, 12) === 'WEBP'
    || ascii(bytes, 0, 4) === 'GIF8' || ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*' || ascii(bytes, 4, 12) === 'ftypavif';
}

export async function photoBytes(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isRasterPhoto(bytes)) return bytes;
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return bytes; // Damaged: the estimator's decoder says so.
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  const problem = photoSizeProblem(width, height);
  if (problem) throw new Error(`the photo is ${problem}.`);
  if (Math.max(width, height) <= MAX_INPUT_SIDE) return bytes;
  const fit = fitPixels(width, height, ESTIMATOR_PIXELS);
  return sharp(bytes, { limitInputPixels: width * height }).rotate().resize(fit.width, fit.height, { fit: 'fill' })
    .keepExif().jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
}
