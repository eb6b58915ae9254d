// Photos of any size the shared photo rule takes (@relief/formats: ≥ 64 px a side, ≤ 100 MP), as the bytes the
// depth estimator reads. @relief/depth refuses sides over MAX_INPUT_SIDE (8192); such a photo is brought down to
// the estimator's working size while it is decoded (JPEG shrink-on-load: the full-size pixels never exist) and
// handed on re-encoded, with its EXIF (focal length) kept and its orientation applied.
import { MAX_INPUT_SIDE } from '@relief/depth';
import { fitPixels, photoSizeProblem } from '@relief/formats';
import sharp from 'sharp';
import { ESTIMATOR_PIXELS, isRasterPhoto } from './raster-photo.js';

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
