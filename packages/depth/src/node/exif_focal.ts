import exifr from 'exifr';

/**
 * The 35 mm-equivalent focal length recorded in an encoded photo's EXIF (FocalLengthIn35mmFilm), or undefined when
 * the bytes carry none (PNG, stripped JPEG) or cannot be parsed: the priors then use the stated default.
 */
export async function exifFocalLength35mm(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const tags = await exifr.parse(bytes, { pick: ['FocalLengthIn35mmFormat'] }) as { FocalLengthIn35mmFormat?: unknown } | undefined;
    const f = tags?.FocalLengthIn35mmFormat;
    return typeof f === 'number' && f >= 5 && f <= 2000 ? f : undefined;
  } catch {
    return undefined;
  }
}
