import type { Intrinsics, MeshData } from '@relief/photo3d';

export interface StretchStats {
  triangles: number;
  /** Triangles whose longest edge is more than `limit` × the diagonal of a camera-facing grid cell at their depth. */
  stretched: number;
  /** Triangles with vertices on both sides of the person mask's 0.5 line. */
  silhouette: number;
  stretchedAtSilhouette: number;
}

/**
 * How many triangles of a depth mesh are "rubber sheets": stretched far beyond what one grid cell covers on a
 * surface facing the camera. A cell of s pixels at depth z spans s·z/f in 3D, its diagonal √2 times that; a
 * triangle bridging a depth jump is far longer (one from a person at depth 1 to a background at 0.4 is ~100×). The
 * default limit, 10×, is a surface at 84° to the view ray or a jump of ~5 % of the depth across one cell at the
 * default resolution: past that a triangle reads as a rubber sheet, not as surface. `mask` (person probability at
 * the depth map's size) marks the silhouette, where the original demo's mesh smeared the person into the background.
 */
export function stretchStats(mesh: MeshData, intrinsics: Intrinsics, mask: { values: Float32Array; width: number; height: number } | undefined, limit = 10): StretchStats {
  const { positions: p, uvs, indices, columns } = mesh;
  const cellPx = intrinsics.width / (columns - 1);
  const inside = (v: number): boolean => {
    if (!mask) return true;
    const x = Math.min(mask.width - 1, Math.max(0, Math.round(uvs[2 * v] * mask.width - 0.5)));
    const y = Math.min(mask.height - 1, Math.max(0, Math.round(uvs[2 * v + 1] * mask.height - 0.5)));
    return mask.values[y * mask.width + x] >= 0.5;
  };
  const dist = (a: number, b: number): number => Math.hypot(p[3 * a] - p[3 * b], p[3 * a + 1] - p[3 * b + 1], p[3 * a + 2] - p[3 * b + 2]);
  const stats: StretchStats = { triangles: indices.length / 3, stretched: 0, silhouette: 0, stretchedAtSilhouette: 0 };
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
    const zNear = Math.min(-p[3 * a + 2], -p[3 * b + 2], -p[3 * c + 2]);
    const longest = Math.max(dist(a, b), dist(b, c), dist(c, a));
    const stretched = longest > (limit * Math.SQRT2 * cellPx * zNear) / intrinsics.focal;
    const ins = Number(inside(a)) + Number(inside(b)) + Number(inside(c));
    const atSilhouette = mask !== undefined && ins > 0 && ins < 3;
    if (stretched) stats.stretched++;
    if (atSilhouette) stats.silhouette++;
    if (stretched && atSilhouette) stats.stretchedAtSilhouette++;
  }
  return stats;
}
