import type { Intrinsics } from './intrinsics.js';
import type { MeshData } from './types.js';
import { threshold } from './masks.js';
import { sampleBilinear } from './sample.js';
import { cellFootprints, cellsContaining, depthJumps, FlapWriter, TEAR_REFERENCE_PIXELS } from './tear.js';

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
   * Tear the surface where the depth map jumps by more than this fraction of the nearer depth between points
   * TEAR_REFERENCE_PIXELS (2) image pixels apart — decided on the map itself, so a smooth slope never tears however
   * coarse the grid. A torn triangle whose vertices differ by more than the threshold becomes two flaps (near and
   * far surface, see FlapWriter) instead of a stretched skin across the discontinuity. Infinity never tears.
   */
  tearThreshold?: number;
  /**
   * Per-map-pixel weight in [0,1] (e.g. person probability): cells whose footprint on the map has no pixel at ≥ 0.5
   * are dropped. Cells straddling the 0.5 line stay, so a texture whose alpha is the same weight (alphaTest 0.5) can
   * cut the outline at texture resolution instead of the grid's staircase — and thin parts narrower than a cell
   * keep their triangles at any grid resolution.
   */
  keep?: Float32Array;
  /** Extend the grid beyond the image by this fraction of its size on every side (UVs go outside [0,1]). */
  margin?: number;
  /**
   * Instead of `margin`: extend the grid by whole cells of its own spacing beyond the image (`columns` more on the
   * left and on the right, `rows` more above and below; the mesh then has that many more vertices). Its vertices
   * inside the image are bit for bit those of the grid without it, so a copy of a surface built so coincides with
   * the surface instead of cutting through it. Only for untorn surfaces without `keep`.
   */
  extend?: { columns: number; rows: number };
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
  const { depth, depthWidth, depthHeight, intrinsics, keep } = options;
  const tear = options.tearThreshold ?? Infinity;
  const margin = options.margin ?? 0;
  const extend = options.extend ?? { columns: 0, rows: 0 };
  if (options.extend && (keep || Number.isFinite(tear) || margin)) throw new Error('A grid extended by cells can have no keep weights, tears or margin.');
  const columns = options.columns + 2 * extend.columns;
  const rows = options.rows + 2 * extend.rows;
  if (depth.length !== depthWidth * depthHeight) {
    throw new Error(`Depth has ${depth.length} values but depthWidth×depthHeight is ${depthWidth}×${depthHeight}.`);
  }
  const { focal, cx, cy, width, height } = intrinsics;
  const count = columns * rows;
  const positions = new Float32Array(count * 3);
  const uvs = new Float32Array(count * 2);
  const z = new Float32Array(count);
  for (let j = 0; j < rows; j++) {
    const t = -margin + ((1 + 2 * margin) * (j - extend.rows)) / (options.rows - 1);
    for (let i = 0; i < columns; i++) {
      const s = -margin + ((1 + 2 * margin) * (i - extend.columns)) / (options.columns - 1);
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
    }
  }
  const cells = (keep || Number.isFinite(tear)) ? cellFootprints(depthWidth, depthHeight, columns, rows, margin) : undefined;
  const keptCells = keep && cells && cellsContaining(threshold(keep), depthWidth, depthHeight, cells);
  const step = (TEAR_REFERENCE_PIXELS * depthWidth) / width;
  const tornCells = Number.isFinite(tear) && cells ? cellsContaining(depthJumps(depth, depthWidth, depthHeight, step, tear), depthWidth, depthHeight, cells) : undefined;
  const out = new FlapWriter(positions, uvs, (columns - 1) * (rows - 1) * 2);
  const emit = (torn: boolean, a: number, b: number, c: number): void => {
    const lo = Math.min(z[a], z[b], z[c]);
    if (!(lo > 0)) return;
    if (torn && (Math.max(z[a], z[b], z[c]) - lo) / lo > tear) out.tear(a, b, c, z);
    else out.triangle(a, b, c);
  };
  for (let j = 0; j < rows - 1; j++) {
    for (let i = 0; i < columns - 1; i++) {
      const cell = j * (columns - 1) + i;
      if (keptCells && !keptCells[cell]) continue;
      const torn = tornCells !== undefined && tornCells[cell] === 1;
      const a = j * columns + i; // top-left; counter-clockwise as seen from the camera
      const b = a + 1;
      const c = a + columns;
      const d = c + 1;
      emit(torn, a, c, b);
      emit(torn, b, c, d);
    }
  }
  return { ...out.finish(), columns, rows };
}
