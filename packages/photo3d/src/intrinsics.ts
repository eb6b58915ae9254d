/**
 * Default vertical field of view for portrait (tall) photos: 50° is a 38 mm-equivalent lens on the long side, the
 * geometric middle of the 20–85 mm range our synthetic training renders use, and what a phone's main camera gives
 * after the usual crop to a head-and-shoulders portrait.
 */
export const DEFAULT_FOV_DEGREES = 50;

/** A pinhole camera in pixel units: u = f·x/z + cx, v = −f·y/z + cy (v grows downwards). */
export interface Intrinsics {
  focal: number;
  cx: number;
  cy: number;
  width: number;
  height: number;
  /** Vertical field of view, degrees. */
  fovDegrees: number;
}

/** The field of view covers the image height; the principal point is the image centre. */
export function pinholeIntrinsics(width: number, height: number, fovDegrees = DEFAULT_FOV_DEGREES): Intrinsics {
  if (!(fovDegrees > 1 && fovDegrees < 170)) {
    throw new Error(`Field of view must be between 1° and 170° (vertical), got ${fovDegrees}.`);
  }
  const focal = height / 2 / Math.tan((fovDegrees * Math.PI) / 360);
  return { focal, cx: width / 2, cy: height / 2, width, height, fovDegrees };
}
