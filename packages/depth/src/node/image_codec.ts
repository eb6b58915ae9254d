import sharp from 'sharp';
import { checkSize } from '../input.js';
import { workSize } from '../pixel_formats.js';
import type { PixelData } from '../types.js';
import { DECODE_TIMEOUT_SECONDS, sniffFormat } from './image_formats.js';

const ACCEPTED = 'pass the bytes of a JPEG, PNG, WebP, AVIF, GIF or TIFF file';

const undecodable = (error: unknown) => new Error(
  `Could not decode the image bytes (${(error as Error).message}): the file may be truncated or corrupt, or not an ` +
  `image; ${ACCEPTED}.`);

/**
 * Decodes JPEG/PNG/WebP/AVIF/GIF/TIFF bytes to RGB, EXIF orientation applied. The format is checked from the
 * file's signature before sharp sees the bytes (SVG, PDF and the like are rendered, not decoded, and one small SVG
 * kept a decode busy for minutes), the size from the header before pixels are decoded, and decoding is bounded in
 * pixels and time. Images over MAX_WORK_PIXELS are shrunk while decoding (JPEG shrink-on-load), so the full-size
 * image never exists in memory.
 */
export async function decodeImage(bytes: Uint8Array): Promise<Required<PixelData>> {
  const format = sniffFormat(bytes);
  if (typeof format !== 'string') throw new Error(`Could not decode the image bytes: ${format.problem}; ${ACCEPTED}.`);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw undecodable(error);
  }
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = (rotated ? meta.height : meta.width) ?? 0;
  const height = (rotated ? meta.width : meta.height) ?? 0;
  checkSize(width, height, 'image');
  const [w, h] = workSize(width, height);
  try {
    let image = sharp(bytes, { limitInputPixels: width * height }).rotate();
    if (w !== width || h !== height) image = image.resize(w, h, { fit: 'fill', kernel: 'linear' });
    const { data, info } = await image.toColourspace('srgb').removeAlpha().raw()
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    if (/timeout/i.test((error as Error).message)) {
      throw new Error(`Decoding the image took longer than ${DECODE_TIMEOUT_SECONDS} s and was stopped: the file may be crafted to be slow; re-encode it as a plain JPEG or PNG.`);
    }
    throw undecodable(error);
  }
}

export async function encodePNG16(pixels: Uint16Array, width: number, height: number): Promise<Uint8Array> {
  // A Uint16Array input tells sharp the samples are 16-bit; 'grey16' keeps them so in the PNG.
  return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('grey16').png().toBuffer();
}
