// The CPU renderer: the same person, pose, camera, lighting and outputs as the WebGL page (src/render/page),
// drawn by a JavaScript rasteriser so no GPU or SwiftShader is needed. One instance per worker thread.
import * as THREE from 'three';
import { unpack } from '../blob.ts';
import { defaultRoughness, tintByLuminance } from '../materials.ts';
import type { PartMeta } from '../parts.ts';
import type { IdentityMeta, ViewRequest } from '../protocol.ts';
import { aim, buildSkeleton, pose, projectLandmarks, sourceNormals, type Skeleton } from '../rig.ts';
import type { RenderedView } from '../view.ts';
import type { Environment } from './environment.ts';
import { rasterise, VisibilityBuffer, type ScreenMesh } from './raster.ts';
import { placeHeldObject } from './heldObject.ts';
import { background, shade, toneMap, type Lighting, type Surface } from './shade.ts';
import { sampleTexture, type Texture } from './texture.ts';

export interface CpuRendererOptions {
  width: number;
  height: number;
  depthScale: number;
}

export interface PartGeometry {
  meta: PartMeta;
  sourceIndex: Uint32Array;
  index: Uint32Array;
  uv: Float32Array;
  skinIndex: Uint16Array;
  skinWeight: Float32Array;
  /** Body only: 1 per triangle of the face region. */
  faceTri: Uint8Array | null;
}

export interface Material {
  map: Texture | null;
  ao: Texture | null;
  color: [number, number, number];
  roughness: number;
  tintByLuminance: boolean;
}

export interface LivePart {
  geo: PartGeometry;
  mat: Material;
  rest: Float32Array;
  restNormal: Float32Array;
  world: Float32Array;
  normal: Float32Array;
  screen: ScreenMesh;
  /** Per triangle: half the log2 of its UV area per pixel of screen area (mip selection). */
  lod: Float32Array;
}

const deg = THREE.MathUtils.degToRad;

export class CpuRenderer {
  private readonly geometries = new Map<string, PartGeometry>();
  /** By /assets/ URL and by HDR file name (SharedAssets). */
  private readonly textures = new Map<string, Texture>();
  private readonly envs = new Map<string, Environment>();
  private readonly vis: VisibilityBuffer;
  private readonly linear: Float32Array;
  private readonly camera = new THREE.PerspectiveCamera();
  private person: { skeleton: Skeleton; bones: THREE.Skeleton; parts: LivePart[]; landmarks: [string, number][] } | null = null;

  constructor(private readonly o: CpuRendererOptions) {
    this.vis = new VisibilityBuffer(o.width, o.height);
    this.linear = new Float32Array(o.width * o.height * 3);
  }

  addTexture(url: string, t: Texture): void {
    this.textures.set(url, t);
  }

  addEnvironment(name: string, e: Environment): void {
    this.envs.set(name, e);
  }

  addPart(key: string, blob: Uint8Array): void {
    const { meta, arrays } = unpack<PartMeta>(blob);
    this.geometries.set(key, {
      meta,
      sourceIndex: arrays.sourceIndex as Uint32Array,
      index: arrays.index as Uint32Array,
      uv: arrays.uv as Float32Array,
      skinIndex: arrays.skinIndex as Uint16Array,
      skinWeight: arrays.skinWeight as Float32Array,
      faceTri: (arrays.faceTri as Uint8Array | undefined) ?? null,
    });
  }

  private texture(url: string | null | undefined): Texture | null {
    if (!url) return null;
    const t = this.textures.get(url);
    if (!t) throw new Error(`Texture ${url} was not sent to the renderer`);
    return t;
  }

  private environment(name: string): Environment {
    const e = this.envs.get(name);
    if (!e) throw new Error(`HDR map ${name} was not sent to the renderer`);
    return e;
  }

  setIdentity(blob: Uint8Array): void {
    const { meta, arrays } = unpack<IdentityMeta>(blob);
    const skeleton = buildSkeleton(meta, arrays.boneHeads as Float32Array);
    const parts: LivePart[] = [];
    for (const spec of meta.parts) {
      const geo = this.geometries.get(spec.key);
      if (!geo) throw new Error(`Part ${spec.key} was not sent to the renderer`);
      const m = geo.meta.material;
      const source = arrays[spec.positions] as Float32Array;
      const sn = sourceNormals(source, geo.sourceIndex, geo.index);
      const n = geo.sourceIndex.length;
      const rest = new Float32Array(n * 3);
      const restNormal = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        const s = geo.sourceIndex[i] * 3;
        for (let k = 0; k < 3; k++) {
          rest[3 * i + k] = source[s + k];
          restNormal[3 * i + k] = sn[s + k];
        }
      }
      const map = this.texture(spec.map ?? m.map);
      const ao = this.texture(m.aoMap);
      const mat: Material = {
        map, ao,
        color: spec.color ?? [1, 1, 1],
        roughness: spec.roughness ?? defaultRoughness(m.kind),
        tintByLuminance: tintByLuminance(m.kind),
      };
      const lod = new Float32Array(geo.index.length / 3);
      parts.push({
        geo, mat, rest, restNormal,
        world: new Float32Array(n * 3),
        normal: new Float32Array(n * 3),
        lod,
        screen: {
          index: geo.index,
          sx: new Float32Array(n), sy: new Float32Array(n), iz: new Float32Array(n),
          doubleSided: m.doubleSided,
          alpha: m.alpha && map ? { texture: map, uv: geo.uv, lod } : null,
        },
      });
    }
    const body = parts[0].geo.sourceIndex;
    this.person = {
      skeleton,
      bones: new THREE.Skeleton(skeleton.bones),
      parts,
      landmarks: Object.entries(meta.landmarks).map(([name, v]) => [name, body.indexOf(v)]),
    };
  }

  render(v: ViewRequest): RenderedView & { face: Uint8Array } {
    const person = this.person;
    if (!person) throw new Error('render before setIdentity');
    const { width: W, height: H, depthScale } = this.o;
    pose(person.skeleton, v);
    person.bones.update();
    aim(this.camera, v, W, H);
    const view = this.camera.matrixWorldInverse.elements;
    const focal = H / 2 / Math.tan(deg(v.camera.fovYDeg) / 2);
    for (const p of person.parts) skin(p, person.bones.boneMatrices!);
    const held = v.heldObject ? placeHeldObject(v.heldObject, person.skeleton, person.parts, this.camera.position) : null;
    // The object is drawn as more parts of the person: one visibility buffer, so it occludes and is occluded.
    const parts = held ? [...person.parts, ...held.parts] : person.parts;
    for (const p of parts) project(p, view, focal, W, H);
    this.vis.clear();
    parts.forEach((p, i) => rasterise(this.vis, i, p.screen));

    const env = this.environment(v.hdr);
    const k = v.keyLight;
    let key: Lighting['key'] = null;
    if (k) {
      const az = deg(k.azimuthDeg), el = deg(k.elevationDeg);
      key = { x: Math.sin(az) * Math.cos(el), y: Math.sin(el), z: Math.cos(az) * Math.cos(el), r: k.color[0] * k.intensity, g: k.color[1] * k.intensity, b: k.color[2] * k.intensity };
    }
    const rot = deg(v.hdrRotation);
    const light: Lighting = { env, intensity: env.normalise, cos: Math.cos(rot), sin: Math.sin(rot), key };
    const linear = this.linear;
    this.shadePerson(parts, light, linear);
    this.drawBackground(v, env, focal, linear);

    const rgb = new Uint8Array(W * H * 3);
    const depth = new Uint16Array(W * H);
    const face = this.faceMask(parts);
    const [wr, wg, wb] = v.whiteBalance;
    const e = v.exposure;
    const z = this.vis.z;
    for (let p = 0; p < W * H; p++) {
      toneMap(linear[3 * p] * wr * e, linear[3 * p + 1] * wg * e, linear[3 * p + 2] * wb * e, rgb, 3 * p);
      if (z[p] !== Infinity) depth[p] = Math.min(65535, Math.max(1, Math.floor(z[p] * depthScale + 0.5)));
    }
    const bodyWorld = person.parts[0].world;
    const points: Record<string, THREE.Vector3> = {};
    for (const [name, i] of person.landmarks) points[name] = new THREE.Vector3(bodyWorld[3 * i], bodyWorld[3 * i + 1], bodyWorld[3 * i + 2]);
    const landmarks = projectLandmarks(this.camera, points, W, H);
    if (!v.heldObject) return { depth, rgb, face, landmarks };
    let visiblePixels = 0;
    for (let p = 0; p < W * H; p++) if (this.vis.part[p] >= person.parts.length) visiblePixels++;
    const heldObject = held
      ? (() => {
        const { image, palmImage } = projectLandmarks(this.camera, { image: held.center, palmImage: held.palm }, W, H);
        return { position: held.center.toArray(), image, palmImage, pushedM: held.pushedM, visiblePixels };
      })()
      : null;
    return { depth, rgb, face, landmarks, heldObject };
  }

  /** 255 where the visible surface is face region: a face triangle of the body or a part that lies on the face. */
  private faceMask(parts: LivePart[]): Uint8Array {
    const { part, tri } = this.vis;
    const out = new Uint8Array(part.length);
    for (let p = 0; p < part.length; p++) {
      const pi = part[p];
      if (pi < 0) continue;
      const g = parts[pi].geo;
      if (g.faceTri ? g.faceTri[tri[p]] : g.meta.face) out[p] = 255;
    }
    return out;
  }

  private shadePerson(parts: LivePart[], light: Lighting, out: Float32Array): void {
    const { part: partBuf, tri: triBuf, b1: b1Buf, b2: b2Buf, back } = this.vis;
    const cam = this.camera.position;
    const texel = new Float32Array(4);
    const albedo = new Float32Array(3);
    const colour = new Float32Array(3);
    const s: Surface = { nx: 0, ny: 0, nz: 1, vx: 0, vy: 0, vz: 1, albedo, roughness: 0.6, ao: 1 };
    for (let p = 0; p < partBuf.length; p++) {
      const pi = partBuf[p];
      if (pi < 0) continue;
      const part = parts[pi];
      const { world, normal, mat } = part;
      const { index, uv } = part.geo;
      const t = triBuf[p];
      const i0 = index[3 * t], i1 = index[3 * t + 1], i2 = index[3 * t + 2];
      const w1 = b1Buf[p], w2 = b2Buf[p], w0 = 1 - w1 - w2;
      const px = w0 * world[3 * i0] + w1 * world[3 * i1] + w2 * world[3 * i2];
      const py = w0 * world[3 * i0 + 1] + w1 * world[3 * i1 + 1] + w2 * world[3 * i2 + 1];
      const pz = w0 * world[3 * i0 + 2] + w1 * world[3 * i1 + 2] + w2 * world[3 * i2 + 2];
      let nx = w0 * normal[3 * i0] + w1 * normal[3 * i1] + w2 * normal[3 * i2];
      let ny = w0 * normal[3 * i0 + 1] + w1 * normal[3 * i1 + 1] + w2 * normal[3 * i2 + 1];
      let nz = w0 * normal[3 * i0 + 2] + w1 * normal[3 * i1 + 2] + w2 * normal[3 * i2 + 2];
      const nl = (back[p] ? -1 : 1) / (Math.sqrt(nx * nx + ny * ny + nz * nz) || 1);
      nx *= nl; ny *= nl; nz *= nl;
      let vx = cam.x - px, vy = cam.y - py, vz = cam.z - pz;
      const vl = 1 / (Math.sqrt(vx * vx + vy * vy + vz * vz) || 1);
      vx *= vl; vy *= vl; vz *= vl;
      const c = mat.color;
      albedo[0] = c[0]; albedo[1] = c[1]; albedo[2] = c[2];
      let ao = 1;
      if (mat.map || mat.ao) {
        const u = w0 * uv[2 * i0] + w1 * uv[2 * i1] + w2 * uv[2 * i2];
        const tv = w0 * uv[2 * i0 + 1] + w1 * uv[2 * i1 + 1] + w2 * uv[2 * i2 + 1];
        const lod = part.lod[t];
        if (mat.map) {
          sampleTexture(mat.map, u, tv, lod, texel);
          if (mat.tintByLuminance) {
            const l = (0.2126 * texel[0] + 0.7152 * texel[1] + 0.0722 * texel[2]) * 2.5;
            albedo[0] *= l; albedo[1] *= l; albedo[2] *= l;
          } else {
            albedo[0] *= texel[0]; albedo[1] *= texel[1]; albedo[2] *= texel[2];
          }
        }
        if (mat.ao) {
          sampleTexture(mat.ao, u, tv, lod, texel);
          ao = texel[0];
        }
      }
      s.nx = nx; s.ny = ny; s.nz = nz; s.vx = vx; s.vy = vy; s.vz = vz;
      s.roughness = mat.roughness;
      s.ao = ao;
      shade(light, s, colour);
      out[3 * p] = colour[0]; out[3 * p + 1] = colour[1]; out[3 * p + 2] = colour[2];
    }
  }

  private drawBackground(v: ViewRequest, personEnv: Environment, focal: number, out: Float32Array): void {
    const { width: W, height: H } = this.o;
    const part = this.vis.part;
    const bg = v.background;
    if (bg.type === 'colour') {
      const c = new THREE.Color().setRGB(bg.color[0], bg.color[1], bg.color[2], THREE.SRGBColorSpace);
      for (let p = 0; p < W * H; p++) {
        if (part[p] >= 0) continue;
        out[3 * p] = c.r; out[3 * p + 1] = c.g; out[3 * p + 2] = c.b;
      }
      return;
    }
    const env = bg.type === 'hdr' ? personEnv : this.environment(bg.hdr);
    const rot = deg(bg.type === 'hdr' ? v.hdrRotation : bg.rotation);
    const cos = Math.cos(rot), sin = Math.sin(rot);
    const m = this.camera.matrixWorld.elements;
    for (let y = 0; y < H; y++) {
      const cy = -(y + 0.5 - H / 2) / focal;
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (part[p] >= 0) continue;
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = 0;
        const cx = (x + 0.5 - W / 2) / focal;
        // Camera-space ray (cx, cy, -1) to world: right·cx + up·cy − back.
        let dx = m[0] * cx + m[4] * cy - m[8], dy = m[1] * cx + m[5] * cy - m[9], dz = m[2] * cx + m[6] * cy - m[10];
        const l = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
        dx *= l; dy *= l; dz *= l;
        background(env, cos, sin, dx, dy, dz, bg.blur, env.normalise, out, 3 * p);
      }
    }
  }
}

/** Linear blend skinning of positions and normals (4 bones per vertex), as three's SkinnedMesh. */
function skin(p: LivePart, bones: Float32Array): void {
  const { skinIndex, skinWeight } = p.geo;
  const { rest, restNormal, world, normal } = p;
  for (let i = 0, n = rest.length / 3; i < n; i++) {
    const x = rest[3 * i], y = rest[3 * i + 1], z = rest[3 * i + 2];
    const a = restNormal[3 * i], b = restNormal[3 * i + 1], c = restNormal[3 * i + 2];
    let wx = 0, wy = 0, wz = 0, nx = 0, ny = 0, nz = 0;
    for (let k = 0; k < 4; k++) {
      const w = skinWeight[4 * i + k];
      if (w === 0) continue;
      const m = 16 * skinIndex[4 * i + k];
      wx += w * (bones[m] * x + bones[m + 4] * y + bones[m + 8] * z + bones[m + 12]);
      wy += w * (bones[m + 1] * x + bones[m + 5] * y + bones[m + 9] * z + bones[m + 13]);
      wz += w * (bones[m + 2] * x + bones[m + 6] * y + bones[m + 10] * z + bones[m + 14]);
      nx += w * (bones[m] * a + bones[m + 4] * b + bones[m + 8] * c);
      ny += w * (bones[m + 1] * a + bones[m + 5] * b + bones[m + 9] * c);
      nz += w * (bones[m + 2] * a + bones[m + 6] * b + bones[m + 10] * c);
    }
    world[3 * i] = wx; world[3 * i + 1] = wy; world[3 * i + 2] = wz;
    normal[3 * i] = nx; normal[3 * i + 1] = ny; normal[3 * i + 2] = nz;
  }
}

/** Pinhole projection to pixels (principal point at the centre) and per-triangle mip level. */
function project(p: LivePart, view: number[], focal: number, W: number, H: number): void {
  const { world } = p;
  const { sx, sy, iz } = p.screen;
  for (let i = 0, n = world.length / 3; i < n; i++) {
    const x = world[3 * i], y = world[3 * i + 1], z = world[3 * i + 2];
    const cx = view[0] * x + view[4] * y + view[8] * z + view[12];
    const cy = view[1] * x + view[5] * y + view[9] * z + view[13];
    const q = -1 / (view[2] * x + view[6] * y + view[10] * z + view[14]);
    iz[i] = q;
    sx[i] = W / 2 + focal * cx * q;
    sy[i] = H / 2 - focal * cy * q;
  }
  if (!p.mat.map && !p.mat.ao) return;
  const { index, uv } = p.geo;
  for (let t = 0; t < p.lod.length; t++) {
    const a = index[3 * t], b = index[3 * t + 1], c = index[3 * t + 2];
    const screen = Math.abs((sx[b] - sx[a]) * (sy[c] - sy[a]) - (sx[c] - sx[a]) * (sy[b] - sy[a]));
    const tex = Math.abs((uv[2 * b] - uv[2 * a]) * (uv[2 * c + 1] - uv[2 * a + 1]) - (uv[2 * c] - uv[2 * a]) * (uv[2 * b + 1] - uv[2 * a + 1]));
    p.lod[t] = screen > 0 && tex > 0 ? 0.5 * Math.log2(tex / screen) : -30;
  }
}
