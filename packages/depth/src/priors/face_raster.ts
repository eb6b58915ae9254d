/**
 * A face prior drawn at the image's resolution: per pixel, the surface's depth relative to the camera distance
 * (dz / distance), and how much to trust it there. This file holds the drawing primitives; head_raster.ts draws.
 */
export interface FaceRaster {
  /** The patch's place in the image: the head's bounds plus a margin, clipped to the image. */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** Relative depth (dz / D), only meaningful where weight > 0. */
  relative: Float32Array;
  /** Blend weight in [0, 1]: 1 well inside the head, falling to 0 at its outline. */
  weight: Float32Array;
}

/** Separable box mean with edge clamping, radius r (window 2r + 1). */
export function boxBlur(values: Float32Array, width: number, height: number, r: number): Float32Array {
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
 * Draws triangles (vertex positions in patch pixels, one value per vertex) into a width × height patch,
 * interpolating the values; where triangles overlap the smallest value — the nearest surface — wins. Empty pixels
 * stay Infinity. `frontOnly` skips triangles that face away from the camera (wound clockwise in the canonical frame,
 * +y up, seen from +z; counter-clockwise once y points down): through a closed mesh's opening — the head's, cut at
 * the neck, seen from below — the camera would otherwise see its inside.
 */
export function drawTriangles(points: readonly (readonly [number, number])[], values: ArrayLike<number>,
  triangles: ArrayLike<number>, width: number, height: number, frontOnly = false): Float32Array {
  const out = new Float32Array(width * height).fill(Infinity);
  for (let t = 0; t < triangles.length; t += 3) {
    const i0 = triangles[t]!, i1 = triangles[t + 1]!, i2 = triangles[t + 2]!;
    const [x0, y0] = points[i0]!, [x1, y1] = points[i1]!, [x2, y2] = points[i2]!;
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(area) < 1e-9 || (frontOnly && area > 0)) continue;
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
        const z = b0 * values[i0]! + b1 * values[i1]! + b2 * values[i2]!;
        const k = y * width + x;
        if (z < out[k]!) out[k] = z;
      }
    }
  }
  return out;
}

/** 1 where drawn, 0 elsewhere; empty pixels of `drawn` become 0. */
export function coverageOf(drawn: Float32Array): Float32Array {
  const coverage = new Float32Array(drawn.length);
  for (let k = 0; k < drawn.length; k++) {
    if (drawn[k] === Infinity) drawn[k] = 0;
    else coverage[k] = 1;
  }
  return coverage;
}

/** Coverage feathered inwards: 0 at the outline, 1 from `radius` pixels inside it. */
export function featherInwards(coverage: Float32Array, width: number, height: number, radius: number): Float32Array {
  const blurred = boxBlur(coverage, width, height, Math.max(1, Math.round(radius)));
  const weight = new Float32Array(coverage.length);
  for (let k = 0; k < weight.length; k++) weight[k] = coverage[k]! * Math.min(1, Math.max(0, 2 * blurred[k]! - 1));
  return weight;
}

/** The patch around some image points (plus a margin), clipped to the image. */
export function patchAround(points: readonly (readonly number[])[], imageSize: [number, number]) {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!);
  }
  const x0 = Math.min(imageSize[1] - 1, Math.max(0, Math.floor(minX) - 2));
  const y0 = Math.min(imageSize[0] - 1, Math.max(0, Math.floor(minY) - 2));
  const width = Math.max(1, Math.min(imageSize[1], Math.ceil(maxX) + 3) - x0);
  const height = Math.max(1, Math.min(imageSize[0], Math.ceil(maxY) + 3) - y0);
  return { x0, y0, width, height, spanX: maxX - minX };
}
