/** RGBA pixels, row-major, top row first — the same shape as ImageData and photo3d's RgbaImage. */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** One value per pixel, row-major, top row first. */
export interface ScalarImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** Which file layout a depth photo was read from; `estimated` for depth made by Relief's model (writers only). */
export type DepthPhotoSource = 'apple-jpeg' | 'apple-heic' | 'gdepth' | 'dynamic-depth' | 'xdm' | 'image-depth-pair' | 'estimated';

/**
 * `metres` / `1/metres`: the file declares calibrated values; `relative`: values only order the scene (Apple's
 * "relative" accuracy, Lens Blur, XDM with Metric=False, a bare depth image).
 */
export type DepthPhotoUnits = 'metres' | '1/metres' | 'relative';

/** Pinhole intrinsics in pixels of `DepthPhoto.image`. */
export interface DepthPhotoIntrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

/**
 * A photo with the depth its camera stored. `depth.data` holds the file's values decoded to `units`:
 * kind `depth` — a distance, larger = farther; kind `disparity` — an inverse distance, larger = nearer.
 * `near` / `far` are the values the file gives for its nearest and farthest representable points, in `units`
 * (for disparity, near > far).
 */
export interface DepthPhoto {
  image: RgbaImage;
  depth: ScalarImage;
  kind: 'disparity' | 'depth';
  units: DepthPhotoUnits;
  near: number;
  far: number;
  /** Person matte in 0…1 (Apple's portrait-effects matte), at its own size. */
  matte?: ScalarImage;
  intrinsics?: DepthPhotoIntrinsics;
  source: DepthPhotoSource;
}
