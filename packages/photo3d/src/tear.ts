// Where a depth mesh tears, decided at the depth map's own resolution and carried to any grid, and how a torn
// triangle is drawn so that the photo's own view stays watertight.

/** How far (as a fraction of their distance from the triangle's centre) flap vertices are pushed outwards. */
const SEAL = 1e-3;

/** Image pixels over which `tearThreshold` is measured: the default grid spacing, so defaults tear as before. */
export const TEAR_REFERENCE_PIXELS = 2;

/**
 * The span, in depth-map pixels, of every jump a triangle can tear at — across one grid cell, or across the tear
 * rule's own reference distance — and so how far apart the depths that decide what is behind a tear are compared.
 */
export function tearSpan(mapWidth: number, columns: number, imageWidth: number): number {
  return Math.max(1, Math.round(Math.max(mapWidth / (columns - 1), (TEAR_REFERENCE_PIXELS * mapWidth) / imageWidth)));
}

/** The grid's cells as pixel ranges of a map: cell (i, j) covers columns x0[i]…x1[i] and rows y0[j]…y1[j]. */
export interface CellFootprints {
  x0: Int32Array; x1: Int32Array; y0: Int32Array; y1: Int32Array;
}

/**
 * The map pixels each grid cell's vertices can draw on (bilinear sampling reaches half a pixel beyond a vertex), for
 * a grid spanning [−margin, 1 + margin] of the map in both directions.
 */
export function cellFootprints(mapWidth: number, mapHeight: number, columns: number, rows: number, margin: number): CellFootprints {
  const ranges = (cells: number, size: number): [Int32Array, Int32Array] => {
    const lo = new Int32Array(cells);
    const hi = new Int32Array(cells);
    for (let i = 0; i < cells; i++) {
      const s0 = -margin + ((1 + 2 * margin) * i) / cells;
      const s1 = -margin + ((1 + 2 * margin) * (i + 1)) / cells;
      lo[i] = Math.min(size - 1, Math.max(0, Math.floor(s0 * size - 0.5)));
      hi[i] = Math.min(size - 1, Math.max(0, Math.ceil(s1 * size - 0.5)));
    }
    return [lo, hi];
  };
  const [x0, x1] = ranges(columns - 1, mapWidth);
  const [y0, y1] = ranges(rows - 1, mapHeight);
  return { x0, x1, y0, y1 };
}

/** Per cell (row-major, (columns−1)×(rows−1)): 1 where any flagged map pixel lies in its footprint. */
export function cellsContaining(flags: Uint8Array, mapWidth: number, mapHeight: number, cells: CellFootprints): Uint8Array {
  // Summed-area table: each cell's count in O(1), whatever the grid's coarseness.
  const w = mapWidth + 1;
  const sums = new Int32Array(w * (mapHeight + 1));
  for (let y = 0; y < mapHeight; y++) {
    let row = 0;
    for (let x = 0; x < mapWidth; x++) {
      row += flags[y * mapWidth + x];
      sums[(y + 1) * w + x + 1] = sums[y * w + x + 1] + row;
    }
  }
  const cols = cells.x0.length;
  const out = new Uint8Array(cols * cells.y0.length);
  for (let j = 0; j < cells.y0.length; j++) {
    const top = cells.y0[j] * w;
    const bottom = (cells.y1[j] + 1) * w;
    for (let i = 0; i < cols; i++) {
      const left = cells.x0[i];
      const right = cells.x1[i] + 1;
      out[j * cols + i] = sums[bottom + right] - sums[bottom + left] - sums[top + right] + sums[top + left] > 0 ? 1 : 0;
    }
  }
  return out;
}

/**
 * Map pixels on either side of a depth discontinuity: the depth `step` pixels away (right or down) differs by more
 * than `threshold` of the nearer one. A smooth slope never qualifies, however coarse the grid drawn over it later.
 */
export function depthJumps(depth: Float32Array, width: number, height: number, step: number, threshold: number): Uint8Array {
  const out = new Uint8Array(depth.length);
  const s = Math.max(1, Math.round(step));
  const jump = (a: number, b: number): void => {
    const lo = Math.min(depth[a], depth[b]);
    if (Math.max(depth[a], depth[b]) - lo > threshold * lo) out[a] = out[b] = 1;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + s < width) jump(i, i + s);
      if (y + s < height) jump(i, i + s * width);
    }
  }
  return out;
}

/**
 * Growable vertex/index buffers for a grid mesh whose torn triangles become two flaps: one continuing the near
 * surface, one the far surface, each made by sliding the other side's vertices along their own pixel rays. Seen
 * from the photo's camera both flaps cover exactly the torn triangle (a point moved along its ray projects to the
 * same pixel), so the photo's own view has no hole at any grid resolution; a moving camera looks between the flaps
 * at what lies behind, as a tear should.
 */
export class FlapWriter {
  positions: Float32Array;
  uvs: Float32Array;
  indices: Uint32Array;
  vertexCount: number;
  indexCount = 0;

  constructor(positions: Float32Array, uvs: Float32Array, triangleCapacity: number) {
    this.positions = positions;
    this.uvs = uvs;
    this.vertexCount = positions.length / 3;
    this.indices = new Uint32Array(triangleCapacity * 3);
  }

  triangle(a: number, b: number, c: number): void {
    if (this.indexCount + 3 > this.indices.length) this.indices = grow(this.indices, this.indices.length * 2);
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = b;
    this.indices[this.indexCount++] = c;
  }

  /** Splits a triangle at its largest relative depth gap and draws the near and the far flap. */
  tear(a: number, b: number, c: number, z: Float32Array): void {
    const v = [a, b, c].sort((p, q) => z[p] - z[q]);
    const nearCount = z[v[1]] / z[v[0]] > z[v[2]] / z[v[1]] ? 1 : 2;
    const near = v.slice(0, nearCount);
    const far = v.slice(nearCount);
    const mean = (group: number[]): number => group.reduce((sum, k) => sum + z[k], 0) / group.length;
    const nearDepth = mean(near);
    const farDepth = mean(far);
    // The triangle's centre as a direction (x/z, y/z): slid vertices are pushed out from it by a hair.
    const p = this.positions;
    const cx = (p[3 * a] / z[a] + p[3 * b] / z[b] + p[3 * c] / z[c]) / 3;
    const cy = (p[3 * a + 1] / z[a] + p[3 * b + 1] / z[b] + p[3 * c + 1] / z[c]) / 3;
    const nearFlap = [a, b, c].map((k) => (far.includes(k) ? this.slide(k, z[k], nearDepth, cx, cy) : k));
    const farFlap = [a, b, c].map((k) => (near.includes(k) ? this.slide(k, z[k], farDepth, cx, cy) : k));
    this.triangle(nearFlap[0], nearFlap[1], nearFlap[2]);
    this.triangle(farFlap[0], farFlap[1], farFlap[2]);
  }

  finish(): { positions: Float32Array; uvs: Float32Array; indices: Uint32Array } {
    return {
      positions: this.positions.length === this.vertexCount * 3 ? this.positions : this.positions.slice(0, this.vertexCount * 3),
      uvs: this.uvs.length === this.vertexCount * 2 ? this.uvs : this.uvs.slice(0, this.vertexCount * 2),
      indices: this.indices.slice(0, this.indexCount),
    };
  }

  /**
   * A copy of vertex k moved along its ray from depth `from` to depth `to` (same UV, same pixel in the photo) and
   * then outwards from the triangle's centre direction (cx, cy) by SEAL of the distance: a moved vertex no longer
   * shares bits with its neighbours' copy, and float rounding alone could otherwise leave a pixel centre lying on
   * the shared edge covered by neither side.
   */
  private slide(k: number, from: number, to: number, cx: number, cy: number): number {
    const n = this.vertexCount++;
    if (3 * n + 3 > this.positions.length) {
      this.positions = grow(this.positions, 2 * this.positions.length);
      this.uvs = grow(this.uvs, 2 * this.uvs.length);
    }
    const p = this.positions;
    const rx = p[3 * k] / from;
    const ry = p[3 * k + 1] / from;
    p[3 * n] = (rx + SEAL * (rx - cx)) * to;
    p[3 * n + 1] = (ry + SEAL * (ry - cy)) * to;
    p[3 * n + 2] = -to;
    this.uvs[2 * n] = this.uvs[2 * k];
    this.uvs[2 * n + 1] = this.uvs[2 * k + 1];
    return n;
  }
}

function grow<T extends Float32Array | Uint32Array>(array: T, length: number): T {
  const out = new (array.constructor as new (n: number) => T)(length);
  out.set(array);
  return out;
}
