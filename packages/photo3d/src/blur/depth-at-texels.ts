import type { MeshData } from '../types.js';

/**
 * Depth of a grid mesh (buildGridMesh: the first columns×rows vertices form the grid, flap vertices follow) at the
 * centre of every texel of a width×height texture, bilinear between grid vertices. The grid may reach past the
 * texture (a margin): its first and last UVs say how far.
 */
export function depthAtTexels(mesh: MeshData, width: number, height: number): Float32Array {
  const { positions, uvs, columns, rows } = mesh;
  const s0 = uvs[0];
  const s1 = uvs[2 * (columns - 1)];
  const t0 = uvs[1];
  const t1 = uvs[2 * (rows - 1) * columns + 1];
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (((y + 0.5) / height - t0) / (t1 - t0)) * (rows - 1)));
    const j = Math.min(rows - 2, Math.floor(gy));
    const fy = gy - j;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(columns - 1, Math.max(0, (((x + 0.5) / width - s0) / (s1 - s0)) * (columns - 1)));
      const i = Math.min(columns - 2, Math.floor(gx));
      const fx = gx - i;
      const z = (k: number): number => -positions[3 * k + 2];
      const a = j * columns + i;
      const top = z(a) * (1 - fx) + z(a + 1) * fx;
      const bottom = z(a + columns) * (1 - fx) + z(a + columns + 1) * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
