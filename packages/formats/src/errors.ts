/** Every problem with an input file: the message says what is wrong and what to do about it. */
export class DepthPhotoError extends Error {
  override name = 'DepthPhotoError';
  /** `no-depth`: a readable photo without embedded depth (callers may estimate instead); `damaged`: bad data. */
  constructor(message: string, readonly reason: 'no-depth' | 'damaged' | 'unsupported' = 'damaged') {
    super(message);
  }
}

export function fail(message: string, reason: DepthPhotoError['reason'] = 'damaged'): never {
  throw new DepthPhotoError(message, reason);
}

/** Largest image any reader decodes (pixels); protects against headers that claim absurd sizes. */
export const MAX_PIXELS = 100_000_000;

export function checkSize(what: string, width: number, height: number): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    fail(`${what} has an invalid size ${width}×${height}; the file is damaged.`);
  }
  if (width * height > MAX_PIXELS) {
    fail(`${what} claims ${width}×${height} pixels, more than the ${MAX_PIXELS / 1e6} MP limit; the file is damaged or not a photo.`);
  }
}
