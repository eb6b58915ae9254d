import type { Intrinsics } from './intrinsics.js';
import type { MeshData } from './types.js';
import { sampleBilinear } from './sample.js';

/** Longest side of the default grid, in vertices (a 512×512 grid is already 0.5 M triangles). */
export const MAX_GRID_VERTICES = 512;

export interface GridMeshOptions {
  /** Distances along the optical axis (> 0), depthWidth × depthHeight, covering the whole image. */
  depth: Float32Array;
  depthWidth: number;
  depthHeight: number;
  intrinsics: Intrinsics;
  columns: number;
  rows: number;
  /**
   * Drop a triangle when its depths differ by more than this fraction of its nearest depth
   * ((zmax − zmin)/zmin > tearThreshold): it would be a stretched skin across a discontinuity. Infinity keeps all.
   */
  tearThreshold?: number;
  /**
   * Per-map-pixel weight in [0,1] (e.g. person probability): triangles with no vertex at ≥ 0.5 are dropped. Those
   * straddling the 0.5 line stay, so a texture whose alpha is the same weight (alphaTest 0.5) can cut the outline at
   * texture resolution instead of the grid's staircase.
   */
  keep?: Float32Array;
  /** Extend the grid beyond the image by this fraction of its size on every side (UVs go outside [0,1]). */
  margin?: number;
}

/** Grid size with `longSide` vertices on the image's long side (default: one per 2 px), capped at MAX_GRID_VERTICES. */
export function defaultGridSize(width: number, height: number, longSide?: number): { columns: number; rows: number } {
  const requested = longSide ?? Math.ceil(Math.max(width, height) / 2) + 1;
  if (!(requested >= 2)) throw new Error(`Mesh resolution must be at least 2 vertices per side, got ${requested}.`);
  const long = Math.min(Math.round(requested), MAX_GRID_VERTICES);
  const scale = (long - 1) / Math.max(width, height);
  return {
    columns: Math.max(2, Math.round(width * scale) + 1),
    rows: Math.max(2, Math.round(height * scale) + 1),
  };
}

/**
 * A regular grid over the image whose vertices are re-projected through the pinhole camera:
 * x = (u − cx)·z/f, y = −(v − cy)·z/f, position z = −depth (three.js looks down −z, image v grows downwards).
 */
export function buildGridMesh(options: GridMeshOptions): MeshData {
  const { depth, depthWidth, depthHeight, intrinsics, columns, rows, keep } = options;
  const tear = options.tearThreshold ?? Infinity;
  const margin = options.margin ?? 0;
  if (depth.length !== depthWidth * depthHeight) {
    throw new Error(`Depth has ${depth.length} values but depthWidth×depthHeight is ${depthWidth}×${depthHeight}.`);
  }
  const { focal, cx, cy, width, height } = intrinsics;
  const count = columns * rows;
  const positions = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  const z = new Float32Array(count);
  const kept = new Uint8Array(count);
  for (let j = 0; j < rows; j++) {
    const t = -margin + ((1 + 2 * margin) * j) / (rows - 1);
    for (let i = 0; i < columns; i++) {
      const s = -margin + ((1 + 2 * margin) * i) / (columns - 1);
      const k = j * columns + i;
      const d = sampleBilinear(depth, depthWidth, depthHeight, s, t);
      const u = s * width;
      const v = t * height;
      positions[3 * k] = ((u - cx) * d) / focal;
      positions[3 * k + 1] = (-(v - cy) * d) / focal;
      positions[3 * k + 2] = -d;
      uvs[2 * k] = s;
      uvs[2 * k + 1] = t;
      z[k] = d;
      kept[k] = !keep || sampleBilinear(keep, depthWidth, depthHeight, s, t) >= 0.5 ? 1 : 0;
    }
  }
  const indices = new Uint32Array((columns - 1) * (rows - 1) * 6);
  let n = 0;
  const accept = (a: number, b: number, c: number): boolean => {
    if (!(kept[a] || kept[b] || kept[c])) return false;
    const lo = Math.min(z[a], z[b], z[c]);
    const hi = Math.max(z[a], z[b], z[c]);
    return lo > 0 && (hi - lo) / lo <= tear;
  };
  for (let j = 0; j < rows - 1; j++) {
    for (let i = 0; i < columns - 1; i++) {
      const a = j * columns + i; // top-left; counter-clockwise as seen from the camera
      const b = a + 1;
      const c = a + columns;
      const d = c + 1;
      if (accept(a, c, b)) { indices[n++] = a; indices[n++] = c; indices[n++] = b; }
      if (accept(b, c, d)) { indices[n++] = b; indices[n++] = c; indices[n++] = d; }
    }
  }
  return { positions, uvs, indices: indices.slice(0, n), columns, rows };
}
