// Visibility pass of the CPU renderer: every triangle is rasterised once into a z-buffer that keeps, per
// pixel, which triangle is nearest and where on it (perspective-correct barycentrics). Shading then runs once
// per visible pixel instead of once per drawn fragment.
import { sampleTexture, type Texture } from './texture.ts';

export class VisibilityBuffer {
  /** Camera z (metres) of the nearest surface; +Infinity where nothing was drawn. */
  readonly z: Float32Array;
  /** Part index per pixel, -1 where nothing was drawn. */
  readonly part: Int16Array;
  readonly tri: Int32Array;
  /** Perspective-correct barycentric weights of the triangle's 2nd and 3rd corner. */
  readonly b1: Float32Array;
  readonly b2: Float32Array;
  /** 1 where the visible side of the triangle is its back (double-sided parts). */
  readonly back: Uint8Array;

  constructor(readonly width: number, readonly height: number) {
    const n = width * height;
    this.z = new Float32Array(n);
    this.part = new Int16Array(n);
    this.tri = new Int32Array(n);
    this.b1 = new Float32Array(n);
    this.b2 = new Float32Array(n);
    this.back = new Uint8Array(n);
  }

  clear(): void {
    this.z.fill(Infinity);
    this.part.fill(-1);
  }
}

/** A part's triangles in screen space: pixel x/y (top-left origin) and 1 / camera z per vertex. */
export interface ScreenMesh {
  index: Uint32Array;
  sx: Float32Array;
  sy: Float32Array;
  iz: Float32Array;
  doubleSided: boolean;
  /** Alpha-tested parts: fragments whose texture alpha is below 0.5 are not drawn (no colour, no depth). */
  alpha: { texture: Texture; uv: Float32Array; lod: Float32Array } | null;
}

const NEAR = 0.05;
const texel = new Float32Array(4);

export function rasterise(buf: VisibilityBuffer, partIndex: number, m: ScreenMesh): void {
  const { width: W, height: H, z: zb } = buf;
  const { index, sx, sy, iz } = m;
  const alpha = m.alpha;
  for (let t = 0, n = index.length / 3; t < n; t++) {
    const i0 = index[3 * t], i1 = index[3 * t + 1], i2 = index[3 * t + 2];
    const q0 = iz[i0], q1 = iz[i1], q2 = iz[i2];
    // Behind or at the near plane: people are at least 0.35 m away, so such triangles are never in view.
    if (!(q0 < 1 / NEAR && q1 < 1 / NEAR && q2 < 1 / NEAR && q0 > 0 && q1 > 0 && q2 > 0)) continue;
    const x0 = sx[i0], y0 = sy[i0], x1 = sx[i1], y1 = sy[i1], x2 = sx[i2], y2 = sy[i2];
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    // Counter-clockwise in normalised device coordinates (front faces) is negative area with y pointing down.
    const isBack = area > 0;
    if (area === 0 || (isBack && !m.doubleSided)) continue;
    let minX = Math.ceil(Math.min(x0, x1, x2) - 0.5);
    let maxX = Math.floor(Math.max(x0, x1, x2) - 0.5);
    let minY = Math.ceil(Math.min(y0, y1, y2) - 0.5);
    let maxY = Math.floor(Math.max(y0, y1, y2) - 0.5);
    if (minX < 0) minX = 0;
    if (minY < 0) minY = 0;
    if (maxX > W - 1) maxX = W - 1;
    if (maxY > H - 1) maxY = H - 1;
    if (minX > maxX || minY > maxY) continue;
    // Screen-space barycentrics as affine functions of the pixel centre: l = a·x + b·y + c.
    const inv = 1 / area;
    const a0 = (y1 - y2) * inv, b0 = (x2 - x1) * inv, c0 = (x1 * y2 - x2 * y1) * inv;
    const a1 = (y2 - y0) * inv, b1 = (x0 - x2) * inv, c1 = (x2 * y0 - x0 * y2) * inv;
    const tri = t;
    for (let y = minY; y <= maxY; y++) {
      const py = y + 0.5;
      let px = minX + 0.5;
      let l0 = a0 * px + b0 * py + c0;
      let l1 = a1 * px + b1 * py + c1;
      for (let x = minX; x <= maxX; x++, px += 1, l0 += a0, l1 += a1) {
        const l2 = 1 - l0 - l1;
        if (l0 < 0 || l1 < 0 || l2 < 0) continue;
        const q = l0 * q0 + l1 * q1 + l2 * q2;
        const z = 1 / q;
        const p = y * W + x;
        if (z >= zb[p]) continue;
        const w1 = (l1 * q1) / q;
        const w2 = (l2 * q2) / q;
        if (alpha) {
          const uv = alpha.uv;
          const w0 = 1 - w1 - w2;
          const u = w0 * uv[2 * i0] + w1 * uv[2 * i1] + w2 * uv[2 * i2];
          const v = w0 * uv[2 * i0 + 1] + w1 * uv[2 * i1 + 1] + w2 * uv[2 * i2 + 1];
          sampleTexture(alpha.texture, u, v, alpha.lod[tri], texel);
          if (texel[3] < 0.5) continue;
        }
        zb[p] = z;
        buf.part[p] = partIndex;
        buf.tri[p] = tri;
        buf.b1[p] = w1;
        buf.b2[p] = w2;
        buf.back[p] = isBack ? 1 : 0;
      }
    }
  }
}
