import type { MeshData } from '../types.js';
import type { Projection } from './projection.js';
import { lerpPacked, sampleBilinear, type SoftTexture, type TextureLevel } from './texture.js';

/** Where triangles land: packed RGBA (0xAABBGGRR as int32) and window depth (0 = near plane, 1 = far plane). */
export interface RenderTarget {
  width: number;
  height: number;
  color: Int32Array;
  depth: Float32Array;
}

/** Alpha-test cuts (alpha byte) by position in a 2×2 block: row-major, even row first. */
const NO_CUTS = [0, 0, 0, 0];
const HALF_CUTS = [128, 128, 128, 128];
const DITHER_CUTS = [32, 160, 224, 96];

/**
 * How one mesh is drawn: three.js MeshBasicMaterial, double-sided, depth test LessEqual. Build passes with
 * `meshPass` so every one has the same hidden class: with two shapes (a spread copy was one) V8 deoptimised
 * `drawTriangle` on the first renderer of each thread and left its later frames ≈ 5× slower (docs/BENCHMARKS.md).
 */
export interface MeshPass {
  texture: SoftTexture;
  /** Discard fragments whose texture alpha is below 0.5 (material.alphaTest = 0.5). */
  alphaTest: boolean;
  /**
   * With alphaTest: the cut varies over each 2×2 block of pixels (1/8, 5/8, 7/8, 3/8), so a supersampled target
   * averages a soft matte into 5 levels of coverage — alpha to coverage, as MSAA hardware does it.
   */
  alphaDither: boolean;
  /** glPolygonOffset(factor, units): pushes this mesh behind coplanar ones. */
  offsetFactor: number;
  offsetUnits: number;
  /**
   * Depth test Less instead of LessEqual: a mesh drawn after one it should lose ties to. Drawing front to back
   * (foreground, then the background with Less) gives WebGL's back-to-front LessEqual picture while skipping the
   * texture reads of every hidden background pixel.
   */
  strictDepth: boolean;
}

/** A MeshPass, its fields always in this order (one hidden class for all passes; see MeshPass). */
export function meshPass(texture: SoftTexture, alphaTest: boolean, alphaDither: boolean, offsetFactor: number,
  offsetUnits: number, strictDepth: boolean): MeshPass {
  return { texture, alphaTest, alphaDither, offsetFactor, offsetUnits, strictDepth };
}

/** Per projected vertex: window x, y, depth, 1/w, u/w, v/w (attributes interpolated linearly on screen). */
const STRIDE = 6;
/** One unit of polygon offset: the resolution of a 24-bit depth buffer. */
const DEPTH_UNIT = 2 ** -24;
/** Mip blends closer than this (of 256) to a level use that level alone: saves half the texel reads. */
const MIP_SNAP = 8;

/**
 * Scanline rasteriser with OpenGL's rules (pixel centres at half-integers, top-left fill rule so shared edges are
 * drawn exactly once), perspective-correct texture coordinates, per-triangle trilinear mip selection, bilinear
 * sampling, alpha test and a depth buffer. Vertices behind the near plane are clipped. All buffers are reused.
 */
export class Rasterizer {
  private projected = new Float64Array(0);
  /** Camera-space x, y and w (distance in front of the camera) per vertex, for near-plane clipping. */
  private viewSpace = new Float64Array(0);
  private readonly clipped = new Float64Array(STRIDE * 5);
  private readonly polygon = new Float64Array(5 * 5 * 2);

  // Set per mesh; fields keep drawTriangle's argument list short.
  private target!: RenderTarget;
  private pass!: MeshPass;
  private projection!: Projection;

  draw(target: RenderTarget, projection: Projection, mesh: MeshData, pass: MeshPass): void {
    this.target = target;
    this.pass = pass;
    this.projection = projection;
    const count = mesh.positions.length / 3;
    if (this.projected.length < count * STRIDE) {
      this.projected = new Float64Array(count * STRIDE);
      this.viewSpace = new Float64Array(count * 3);
    }
    const behind = this.project(mesh);
    const { indices } = mesh;
    const p = this.projected;
    const vs = this.viewSpace;
    const near = projection.near;
    for (let k = 0; k < indices.length; k += 3) {
      const a = indices[k];
      const b = indices[k + 1];
      const c = indices[k + 2];
      if (behind && (vs[3 * a + 2] < near || vs[3 * b + 2] < near || vs[3 * c + 2] < near)) {
        this.drawClipped(a, b, c, mesh.uvs);
      } else {
        this.drawTriangle(p, a * STRIDE, b * STRIDE, c * STRIDE);
      }
    }
  }

  /** Projects every vertex; says whether any lies in front of the near plane (then its triangles are clipped). */
  private project(mesh: MeshData): boolean {
    const { positions, uvs } = mesh;
    const pr = this.projection;
    const [rx, ry, rz] = pr.right;
    const [ux, uy, uz] = pr.up;
    const [bx, by, bz] = pr.back;
    const [ex, ey, ez] = pr.eye;
    const cx = pr.width / 2;
    const cy = pr.height / 2;
    const { scaleX, scaleY, depthA, depthB, near } = pr;
    const out = this.projected;
    const vs = this.viewSpace;
    let behind = false;
    for (let i = 0, n = positions.length / 3; i < n; i++) {
      const dx = positions[3 * i] - ex;
      const dy = positions[3 * i + 1] - ey;
      const dz = positions[3 * i + 2] - ez;
      const x = rx * dx + ry * dy + rz * dz;
      const y = ux * dx + uy * dy + uz * dz;
      const w = -(bx * dx + by * dy + bz * dz);
      vs[3 * i] = x;
      vs[3 * i + 1] = y;
      vs[3 * i + 2] = w;
      if (w < near) behind = true;
      const iw = 1 / w;
      const o = i * STRIDE;
      out[o] = cx + x * iw * scaleX;
      out[o + 1] = cy - y * iw * scaleY;
      out[o + 2] = depthA + depthB * iw;
      out[o + 3] = iw;
      out[o + 4] = uvs[2 * i] * iw;
      out[o + 5] = uvs[2 * i + 1] * iw;
    }
    return behind;
  }

  /** Sutherland–Hodgman against w ≥ near in camera space (linear there), then a fan of projected triangles. */
  private drawClipped(a: number, b: number, c: number, uvs: Float32Array): void {
    const { near, scaleX, scaleY, depthA, depthB, width, height } = this.projection;
    const vs = this.viewSpace;
    const poly = this.polygon;
    // Vertex layout in `polygon`: x, y, w, u, v; input in the first half, output in the second.
    let n = 0;
    for (const i of [a, b, c]) {
      poly[5 * n] = vs[3 * i];
      poly[5 * n + 1] = vs[3 * i + 1];
      poly[5 * n + 2] = vs[3 * i + 2];
      poly[5 * n + 3] = uvs[2 * i];
      poly[5 * n + 4] = uvs[2 * i + 1];
      n++;
    }
    let m = 0;
    const outBase = 25;
    for (let i = 0; i < n; i++) {
      const p = 5 * i;
      const q = 5 * ((i + 1) % n);
      const pIn = poly[p + 2] >= near;
      const qIn = poly[q + 2] >= near;
      if (pIn) poly.copyWithin(outBase + 5 * m++, p, p + 5);
      if (pIn !== qIn) {
        const t = (near - poly[p + 2]) / (poly[q + 2] - poly[p + 2]);
        for (let k = 0; k < 5; k++) poly[outBase + 5 * m + k] = poly[p + k] + t * (poly[q + k] - poly[p + k]);
        m++;
      }
    }
    if (m < 3) return;
    const out = this.clipped;
    for (let i = 0; i < m; i++) {
      const s = outBase + 5 * i;
      const iw = 1 / poly[s + 2];
      const o = i * STRIDE;
      out[o] = width / 2 + poly[s] * iw * scaleX;
      out[o + 1] = height / 2 - poly[s + 1] * iw * scaleY;
      out[o + 2] = depthA + depthB * iw;
      out[o + 3] = iw;
      out[o + 4] = poly[s + 3] * iw;
      out[o + 5] = poly[s + 4] * iw;
    }
    for (let i = 1; i + 1 < m; i++) this.drawTriangle(out, 0, i * STRIDE, (i + 1) * STRIDE);
  }

  private drawTriangle(v: Float64Array, a: number, b: number, c: number): void {
    const { width, height, color, depth } = this.target;
    const x0 = v[a], y0 = v[a + 1];
    const x1 = v[b], y1 = v[b + 1];
    const x2 = v[c], y2 = v[c + 1];
    // Rows and columns whose pixel centres may be covered; nothing to do off screen.
    const rowStart = Math.max(0, Math.ceil(Math.min(y0, y1, y2) - 0.5));
    const rowEnd = Math.min(height, Math.ceil(Math.max(y0, y1, y2) - 0.5));
    if (rowStart >= rowEnd) return;
    if (Math.ceil(Math.max(x0, x1, x2) - 0.5) <= 0 || Math.ceil(Math.min(x0, x1, x2) - 0.5) >= width) return;
    const e1x = x1 - x0, e1y = y1 - y0;
    const e2x = x2 - x0, e2y = y2 - y0;
    const area = e1x * e2y - e2x * e1y;
    if (!(Math.abs(area) > 1e-12)) return;
    // Screen-space gradients of the linearly interpolated attributes (plane equations through the 3 vertices):
    // d/dx = (d1·e2y − d2·e1y)/area, d/dy = (d2·e1x − d1·e2x)/area for differences d1, d2 from vertex a.
    const ax = e2y / area, bx = -e1y / area;
    const ay = -e2x / area, by = e1x / area;
    const z0 = v[a + 2], dz1 = v[b + 2] - z0, dz2 = v[c + 2] - z0;
    const q0 = v[a + 3], dq1 = v[b + 3] - q0, dq2 = v[c + 3] - q0;
    const s0 = v[a + 4], ds1 = v[b + 4] - s0, ds2 = v[c + 4] - s0;
    const t0 = v[a + 5], dt1 = v[b + 5] - t0, dt2 = v[c + 5] - t0;
    const dzdx = dz1 * ax + dz2 * bx, dzdy = dz1 * ay + dz2 * by;
    const dqdx = dq1 * ax + dq2 * bx, dqdy = dq1 * ay + dq2 * by;
    const dsdx = ds1 * ax + ds2 * bx, dsdy = ds1 * ay + ds2 * by;
    const dtdx = dt1 * ax + dt2 * bx, dtdy = dt1 * ay + dt2 * by;
    const pass = this.pass;
    const offset = pass.offsetFactor * Math.max(Math.abs(dzdx), Math.abs(dzdy)) + pass.offsetUnits * DEPTH_UNIT;
    const strict = pass.strictDepth;
    const cuts = !pass.alphaTest ? NO_CUTS : pass.alphaDither ? DITHER_CUTS : HALF_CUTS;

    // Mip level from how many texels one pixel step covers (the affine footprint over this small triangle).
    const levels = pass.texture.levels;
    const ua = s0 / q0, du1 = v[b + 4] / v[b + 3] - ua, du2 = v[c + 4] / v[c + 3] - ua;
    const va = t0 / q0, dv1 = v[b + 5] / v[b + 3] - va, dv2 = v[c + 5] / v[c + 3] - va;
    const tw = levels[0].width, th = levels[0].height;
    const dudx = (du1 * ax + du2 * bx) * tw, dudy = (du1 * ay + du2 * by) * tw;
    const dvdx = (dv1 * ax + dv2 * bx) * th, dvdy = (dv1 * ay + dv2 * by) * th;
    const lod = 0.5 * Math.log2(Math.max(dudx * dudx + dvdx * dvdx, dudy * dudy + dvdy * dvdy));
    let fine: TextureLevel = levels[0];
    let coarse: TextureLevel = fine;
    let mix = 0;
    if (lod > 0) {
      const base = Math.min(Math.floor(lod), levels.length - 1);
      fine = coarse = levels[base];
      mix = base + 1 < levels.length ? Math.round((lod - base) * 256) : 0;
      if (mix >= 256 - MIP_SNAP) {
        fine = coarse = levels[base + 1];
        mix = 0;
      } else if (mix > MIP_SNAP) {
        coarse = levels[base + 1];
      } else {
        mix = 0;
      }
    }
    const fineTexels = fine.texels, fw = fine.width, fh = fine.height;
    const coarseTexels = coarse.texels, cw = coarse.width, ch = coarse.height;

    // Sort by y for the scanline walk; each edge's x at a row is computed from its upper end, so the two
    // triangles sharing an edge get bit-identical crossings and no pixel is lost or drawn twice.
    let ta = a, ma = b, ba = c, tmp = 0;
    if (v[ma + 1] < v[ta + 1]) { tmp = ta; ta = ma; ma = tmp; }
    if (v[ba + 1] < v[ma + 1]) { tmp = ma; ma = ba; ba = tmp; }
    if (v[ma + 1] < v[ta + 1]) { tmp = ta; ta = ma; ma = tmp; }
    const xt = v[ta], yt = v[ta + 1];
    const xm = v[ma], ym = v[ma + 1];
    const xb = v[ba], yb = v[ba + 1];
    const longSlope = (xb - xt) / (yb - yt);
    const topSlope = ym > yt ? (xm - xt) / (ym - yt) : 0;
    const bottomSlope = yb > ym ? (xb - xm) / (yb - ym) : 0;
    const longIsLeft = xt + (ym - yt) * longSlope < xm;

    for (let y = rowStart; y < rowEnd; y++) {
      const yc = y + 0.5;
      const cutEven = cuts[(y & 1) << 1], cutOdd = cuts[((y & 1) << 1) + 1];
      const xLong = xt + (yc - yt) * longSlope;
      const xShort = yc < ym ? xt + (yc - yt) * topSlope : xm + (yc - ym) * bottomSlope;
      const xs = Math.max(0, Math.ceil((longIsLeft ? xLong : xShort) - 0.5));
      const xe = Math.min(width, Math.ceil((longIsLeft ? xShort : xLong) - 0.5));
      if (xs >= xe) continue;
      const dx = xs + 0.5 - x0;
      const dy = yc - y0;
      let z = z0 + dzdx * dx + dzdy * dy + offset;
      let q = q0 + dqdx * dx + dqdy * dy;
      let s = s0 + dsdx * dx + dsdy * dy;
      let t = t0 + dtdx * dx + dtdy * dy;
      for (let p = y * width + xs, end = y * width + xe; p < end; p++, z += dzdx, q += dqdx, s += dsdx, t += dtdx) {
        const d = depth[p];
        if (z > d || (strict && z === d)) continue;
        const w = 1 / q;
        const u = s * w;
        const vv = t * w;
        let texel = sampleBilinear(fineTexels, fw, fh, u, vv);
        if (mix !== 0) texel = lerpPacked(texel, sampleBilinear(coarseTexels, cw, ch, u, vv), mix);
        // Alpha is the top byte. Rows start at even indices wherever the cut depends on x (supersampled targets).
        if (texel >>> 24 < ((p & 1) === 0 ? cutEven : cutOdd)) continue;
        depth[p] = z;
        // Opaque material: three writes alpha 1.
        color[p] = texel | 0xff000000;
      }
    }
  }
}
