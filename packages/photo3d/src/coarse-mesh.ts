import type { MeshData } from './types.js';

/**
 * A grid mesh (buildGridMesh's: the first columns×rows vertices are the grid) re-gridded with at most `longSide`
 * vertices on its long side: a coarse cell is kept where any of the fine cells it covers has a triangle. Tears are
 * not kept. For measurements that need the silhouette and depth, not the detail, at a fraction of the triangles.
 */
export function coarseGridMesh(mesh: MeshData, longSide: number): MeshData {
  const { columns, rows, positions, uvs, indices } = mesh;
  const k = Math.max(1, Math.ceil((Math.max(columns, rows) - 1) / (longSide - 1)));
  if (k === 1) return mesh;
  const cols = Math.ceil((columns - 1) / k) + 1;
  const rws = Math.ceil((rows - 1) / k) + 1;
  const fine = (I: number, J: number): number => Math.min(J * k, rows - 1) * columns + Math.min(I * k, columns - 1);
  const outPositions = new Float32Array(cols * rws * 3);
  const outUvs = new Float32Array(cols * rws * 2);
  for (let J = 0; J < rws; J++) {
    for (let I = 0; I < cols; I++) {
      const f = fine(I, J);
      const c = J * cols + I;
      outPositions.set(positions.subarray(3 * f, 3 * f + 3), 3 * c);
      outUvs.set(uvs.subarray(2 * f, 2 * f + 2), 2 * c);
    }
  }
  const kept = new Uint8Array((cols - 1) * (rws - 1));
  const grid = columns * rows;
  for (let t = 0; t < indices.length; t += 3) {
    // The triangle's smallest grid vertex is its cell's top-left corner (flap copies come after the grid).
    let a = Infinity;
    for (let v = 0; v < 3; v++) if (indices[t + v] < grid) a = Math.min(a, indices[t + v]);
    if (a === Infinity) continue;
    const I = Math.min(cols - 2, Math.floor((a % columns) / k));
    const J = Math.min(rws - 2, Math.floor(Math.floor(a / columns) / k));
    kept[J * (cols - 1) + I] = 1;
  }
  const out = new Uint32Array(kept.reduce((n, v) => n + v, 0) * 6);
  let n = 0;
  for (let J = 0; J < rws - 1; J++) {
    for (let I = 0; I < cols - 1; I++) {
      if (!kept[J * (cols - 1) + I]) continue;
      const a = J * cols + I;
      out.set([a, a + cols, a + 1, a + 1, a + cols, a + cols + 1], n);
      n += 6;
    }
  }
  return { positions: outPositions, uvs: outUvs, indices: out, columns: cols, rows: rws };
}
