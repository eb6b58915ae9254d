// Which files are photos sharp sizes from their header, and the estimator's working size: shared by the depth
// worker and the main thread, so this module must not import @relief/depth (TensorFlow.js would load on the main
// thread too, ≈ 0.5 s of CPU).

/** @relief/depth's working size: larger photos are estimated, and their depth maps written, at 4096² px in area. */
export const ESTIMATOR_PIXELS = 4096 * 4096;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** Formats whose size sharp reads from the header alone; the estimator names what is wrong with anything else. */
export function isRasterPhoto(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xd8) || ascii(bytes, 0, 4) === '\x89PNG' || ascii(bytes, 8, 12) === 'WEBP'
    || ascii(bytes, 0, 4) === 'GIF8' || ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*' || ascii(bytes, 4, 12) === 'ftypavif';
}
