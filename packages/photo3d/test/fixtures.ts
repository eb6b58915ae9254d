// Synthetic 3D photos for the tests (Node and the browser page): a textured "head" — a sphere-like depth bump
// with a person mask — in front of a striped background, like what the Depth API hands over.
import type { Photo3DInput } from '../src/index.js';

export interface BumpScene extends Photo3DInput {
  mask: Float32Array;
  /** Circle centre and radius in pixels. */
  cx: number;
  cy: number;
  radius: number;
}

/** Relative depth: 1.0 at the bump's rim, 0.75 at its tip; background pixels hold 0 (clipped), as the Depth API gives. */
export function bumpScene(width = 96, height = 128): BumpScene {
  const data = new Uint8ClampedArray(width * height * 4);
  const depth = new Float32Array(width * height);
  const mask = new Float32Array(width * height);
  const cx = width / 2;
  const cy = height * 0.45;
  const radius = Math.min(width, height) * 0.3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / radius;
      const inside = r <= 1;
      mask[i] = inside ? 1 : 0;
      depth[i] = inside ? 1 - 0.25 * Math.sqrt(1 - r * r) : 0;
      if (inside) {
        // Warm checkerboard on the "person".
        const check = ((Math.floor(x / 8) + Math.floor(y / 8)) & 1) === 0;
        data.set(check ? [230, 120, 60, 255] : [250, 200, 150, 255], 4 * i);
      } else {
        // Cool diagonal stripes plus a vertical gradient in the background.
        const stripe = Math.floor((x + y) / 10) & 1;
        data.set([40 + stripe * 40, 90 + (120 * y) / height, 200 - stripe * 60, 255], 4 * i);
      }
    }
  }
  return { image: { data, width, height }, depth, depthWidth: width, depthHeight: height, mask, depthUnits: 'raw', cx, cy, radius };
}

/** The bump scene as whole-image depth (no mask): the "head" at 0.75–1.0 in front of a wall at 1.3. */
export function bumpSceneWithoutMask(width = 96, height = 128): Photo3DInput {
  const { image, depth, mask } = bumpScene(width, height);
  const wall = depth.map((d, i) => (mask[i] ? d : 1.3));
  return { image, depth: wall, depthWidth: width, depthHeight: height, depthUnits: 'raw' };
}
