/**
 * The face mesh drawn into the depth network's grid: per pixel, the face surface's depth relative to the
 * camera distance (dz / distance, from the landmark z), and how much to trust it there.
 */
export interface FaceRaster {
  /** The patch's place in the image: the face's bounds plus a margin, clipped to the image. */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** Relative depth (dz / D), only meaningful where weight > 0. */
  relative: Float32Array;
  /** Blend weight in [0, 1]: 1 well inside the face, falling to 0 at the mesh's outline. */
  weight: Float32Array;
}

/** Separable box mean with edge clamping, radius r (window 2r + 1). */
function boxBlur(values: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  const pass = (src: Float32Array, dst: Float32Array, n: number, lines: number, step: number, stride: number) => {
    for (let l = 0; l < lines; l++) {
      const base = l * stride;
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += src[base + Math.min(n - 1, Math.max(0, k)) * step]!;
      for (let i = 0; i < n; i++) {
        dst[base + i * step] = sum / (2 * r + 1);
        sum += src[base + Math.min(n - 1, i + r + 1) * step]! - src[base + Math.max(0, i - r) * step]!;
      }
    }
  };
  pass(values, tmp, width, height, 1, width);
  pass(tmp, out, height, width, width, 1);
  return out;
}

/**
 * Rasterises the landmark mesh (image pixels, z in the same pixel units) at the image's resolution, over a patch
 * around the face. Nearest surface wins where the mesh folds over itself (turned heads); the weight is the
 * coverage, feathered inwards over `featherFraction` of the face width so the prior meets the network's depth
 * smoothly (a quarter: with an eighth, the outline showed as a ridge and head-and-shoulders faces lost a little).
 */
export function rasterizeFace(
  landmarks: [number, number, number][],
  triangles: Uint16Array,
  imageSize: [number, number],
  focalPx: number,
  featherFraction = 0.25,
): FaceRaster {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const [x, y] of landmarks) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const x0 = Math.max(0, Math.floor(minX) - 2);
  const y0 = Math.max(0, Math.floor(minY) - 2);
  const width = Math.max(1, Math.min(imageSize[1], Math.ceil(maxX) + 3) - x0);
  const height = Math.max(1, Math.min(imageSize[0], Math.ceil(maxY) + 3) - y0);
  const relative = new Float32Array(width * height).fill(Infinity);
  const px = landmarks.map(([x, y]) => [x - 0.5 - x0, y - 0.5 - y0] as const);
  const rel = landmarks.map(([, , z]) => z / focalPx);
  for (let t = 0; t < triangles.length; t += 3) {
    const i0 = triangles[t]!, i1 = triangles[t + 1]!, i2 = triangles[t + 2]!;
    const [x0, y0] = px[i0]!, [x1, y1] = px[i1]!, [x2, y2] = px[i2]!;
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(area) < 1e-9) continue;
    const xa = Math.max(0, Math.ceil(Math.min(x0, x1, x2)));
    const xb = Math.min(width - 1, Math.floor(Math.max(x0, x1, x2)));
    const ya = Math.max(0, Math.ceil(Math.min(y0, y1, y2)));
    const yb = Math.min(height - 1, Math.floor(Math.max(y0, y1, y2)));
    for (let y = ya; y <= yb; y++) {
      for (let x = xa; x <= xb; x++) {
        const b1 = ((x - x0) * (y2 - y0) - (x2 - x0) * (y - y0)) / area;
        const b2 = ((x1 - x0) * (y - y0) - (x - x0) * (y1 - y0)) / area;
        const b0 = 1 - b1 - b2;
        if (b0 < -1e-6 || b1 < -1e-6 || b2 < -1e-6) continue;
        const z = b0 * rel[i0]! + b1 * rel[i1]! + b2 * rel[i2]!;
        const k = y * width + x;
        if (z < relative[k]!) relative[k] = z;
      }
    }
  }
  const coverage = new Float32Array(width * height);
  for (let k = 0; k < coverage.length; k++) {
    if (relative[k] === Infinity) relative[k] = 0;
    else coverage[k] = 1;
  }
  const radius = Math.max(1, Math.round(featherFraction * (maxX - minX)));
  const blurred = boxBlur(coverage, width, height, radius);
  const weight = new Float32Array(width * height);
  for (let k = 0; k < weight.length; k++) {
    weight[k] = coverage[k]! * Math.min(1, Math.max(0, 2 * blurred[k]! - 1));
  }
  return { x0, y0, width, height, relative, weight };
}
