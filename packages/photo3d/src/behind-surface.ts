// What lies behind the near side of a depth edge: the far side's depth carried under the near side for as far as
// a moving camera can look behind it. Both layer builds use it — the whole-image surface's background copy, and the
// person's own backing, which a tear inside the person (chin over neck, cheek over ear) opens onto.
import type { MeshData } from './types.js';
import { dilate, maxFilter } from './masks.js';

export interface BehindSurface {
  /** 1 where the near side of an edge is replaced by the far side's depth. */
  hole: Uint8Array;
  /** The depth map with the near sides of its edges pushed back to the far side's depth (elsewhere unchanged). */
  behind: Float32Array;
  /** 1 within the band of an edge's near side: `hole`, and where the near side was not clearly nearer than the band's farthest depth. */
  reach: Uint8Array;
}

/** Band (in map pixels) behind an edge that a camera path can reveal: a few percent of the view at most. */
export function revealBand(width: number, height: number): number {
  return Math.max(2, Math.round(0.04 * Math.max(width, height)));
}

/**
 * Near sides of the jumps (`step` pixels apart, by more than `jump` of the nearer depth) grown by `band`, where they
 * are clearly nearer than the farthest depth within `band`; there the depth becomes that farthest depth.
 */
export function behindSurface(depth: Float32Array, width: number, height: number, step: number, jump: number, band: number): BehindSurface {
  const near = nearSideOfJumps(depth, width, height, step, jump);
  const hole = new Uint8Array(depth.length);
  // Most portraits have no jump inside the person: the band's filters (≈ 0.15 s for a 1024-px map) would find nothing.
  if (!near.includes(1)) return { hole, behind: depth.slice(), reach: near };
  const far = maxFilter(depth, width, height, band);
  const reach = dilate(near, width, height, band);
  const behind = new Float32Array(depth.length);
  for (let i = 0; i < depth.length; i++) {
    hole[i] = reach[i] && depth[i] * (1 + jump) < far[i] ? 1 : 0;
    behind[i] = hole[i] ? far[i] : depth[i];
  }
  return { hole, behind, reach };
}

/** Pixels that are nearer than a neighbour `step` pixels away by more than `jump` (relative): occluding edges. */
export function nearSideOfJumps(depth: Float32Array, width: number, height: number, step: number, jump: number): Uint8Array {
  const out = new Uint8Array(depth.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const limit = depth[i] * (1 + jump);
      if ((x + step < width && depth[i + step] > limit) || (x - step >= 0 && depth[i - step] > limit) ||
          (y + step < height && depth[i + step * width] > limit) || (y - step >= 0 && depth[i - step * width] > limit)) {
        out[i] = 1;
      }
    }
  }
  return out;
}

/**
 * `extra`'s triangles added to `mesh`: only the vertices they use, after all of `mesh`'s, so `mesh`'s grid stays
 * first and its `columns`/`rows` still describe it.
 */
export function appendMesh(mesh: MeshData, extra: MeshData): MeshData {
  if (extra.indices.length === 0) return mesh;
  const offset = mesh.positions.length / 3;
  const remap = new Int32Array(extra.positions.length / 3).fill(-1);
  let used = 0;
  for (const v of extra.indices) if (remap[v] < 0) remap[v] = used++;
  const positions = new Float32Array(mesh.positions.length + 3 * used);
  positions.set(mesh.positions);
  const uvs = new Float32Array(mesh.uvs.length + 2 * used);
  uvs.set(mesh.uvs);
  for (let v = 0; v < remap.length; v++) {
    if (remap[v] < 0) continue;
    const n = offset + remap[v];
    positions.set(extra.positions.subarray(3 * v, 3 * v + 3), 3 * n);
    uvs.set(extra.uvs.subarray(2 * v, 2 * v + 2), 2 * n);
  }
  const indices = new Uint32Array(mesh.indices.length + extra.indices.length);
  indices.set(mesh.indices);
  for (let i = 0; i < extra.indices.length; i++) indices[mesh.indices.length + i] = offset + remap[extra.indices[i]];
  return { positions, uvs, indices, columns: mesh.columns, rows: mesh.rows };
}
