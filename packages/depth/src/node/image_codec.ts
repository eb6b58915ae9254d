import sharp from 'sharp';
import { checkSize } from '../input.js';
import type { PixelData } from '../types.js';

/** Decodes JPEG/PNG/WebP/… bytes to RGB, EXIF orientation applied; the size is checked before pixels are decoded. */
const undecodable = (error: unknown) => new Error(
  `Could not decode the image bytes (${(error as Error).message}): the file may be truncated or corrupt, or not an ` +
  `image; pass the bytes of a JPEG, PNG, WebP, AVIF, GIF or TIFF file.`);

export async function decodeImage(bytes: Uint8Array): Promise<Required<PixelData>> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw undecodable(error);
  }
  const rotated = (meta.orientation ?? 1) >= 5;
  checkSize(rotated ? meta.height ?? 0 : meta.width ?? 0, rotated ? meta.width ?? 0 : meta.height ?? 0, 'image');
  try {
    const { data, info } = await sharp(bytes).rotate().toColourspace('srgb').removeAlpha().raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw undecodable(error);
  }
}

export async function encodePNG16(pixels: Uint16Array, width: number, height: number): Promise<Uint8Array> {
  // A Uint16Array input tells sharp the samples are 16-bit; 'grey16' keeps them so in the PNG.
  return sharp(pixels, { raw: { width, height, channels: 1 } }).toColourspace('grey16').png().toBuffer();
}
