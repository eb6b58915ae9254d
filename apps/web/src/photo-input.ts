import { photoSizeProblem, type DepthPhoto } from '@relief/formats';

/** Photos larger than this on their long side are downscaled: depth runs at 256×192 anyway, and textures stay small. */
export const MAX_LONG_SIDE = 2048;

export interface LoadedPhoto {
  bitmap: ImageBitmap;
  name: string;
  /** Set when the photo was changed on the way in (downscaled), to tell the user. */
  notice?: string;
  /** The depth the file carries (iPhone, Android, Lens Blur), full size; see depth-photo.ts. */
  depthPhoto?: DepthPhoto;
}

/** An input the app refuses, with a message that says why and what to do. */
export class PhotoError extends Error {}

/**
 * Decodes a file or blob into an upright bitmap (EXIF orientation applied) of at most MAX_LONG_SIDE px, or throws a
 * PhotoError that names the problem.
 */
export async function loadPhoto(file: Blob, name = (file as File).name ?? 'photo'): Promise<LoadedPhoto> {
  if (file.type && !file.type.startsWith('image/')) {
    throw new PhotoError(`“${name}” is not an image (${file.type}). Choose a photo: JPEG, PNG, WebP or AVIF.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoError(`“${name}” could not be decoded as an image (damaged, or a format this browser cannot read). Choose a JPEG, PNG or WebP photo.`);
  }
  const { width, height } = bitmap;
  // The same rule as the CLI's (@relief/formats' photo limits): at least 64 px a side, at most 100 MP.
  const problem = photoSizeProblem(width, height);
  if (problem) {
    bitmap.close();
    throw new PhotoError(`“${name}” is ${problem}.`);
  }
  const long = Math.max(width, height);
  if (long <= MAX_LONG_SIDE) return { bitmap, name };
  const scale = MAX_LONG_SIDE / long;
  const resizeWidth = Math.round(width * scale);
  const resizeHeight = Math.round(height * scale);
  const small = await createImageBitmap(bitmap, { resizeWidth, resizeHeight, resizeQuality: 'high' });
  bitmap.close();
  return { bitmap: small, name, notice: `“${name}” is ${width}×${height} px; it was downscaled to ${resizeWidth}×${resizeHeight} for this page.` };
}
