// A held object in the CPU renderer: procedural meshes (boxes, cylinders, ellipsoids) with a procedural texture,
// put in the posed hand and pushed out of the body, then drawn like any other part (same visibility buffer, so
// depth, occlusion and the person mask include it).
import * as THREE from 'three';
import type { HeldObject, Primitive } from '../../model/heldObject.ts';
import type { PartMeta } from '../parts.ts';
import type { Skeleton } from '../rig.ts';
import { Rng } from '../../random.ts';
import type { LivePart } from './renderer.ts';
import { mipChain, type Texture } from './texture.ts';

export interface HeldPlacement {
  parts: LivePart[];
  /** Object centre in world space, metres. */
  center: THREE.Vector3;
  /** The centre of the hand that holds it, world space. */
  palm: THREE.Vector3;
  /** How far it was moved out from the palm so that it does not cut into the body or clothes, metres. */
  pushedM: number;
}

interface Mesh {
  pos: number[];
  nrm: number[];
  uv: number[];
  index: number[];
}

/** Adds a triangle wound counter-clockwise as seen from outside (along its vertices' mean normal), as the rasteriser culls. */
function tri(m: Mesh, a: number, b: number, c: number): void {
  const p = m.pos, n = m.nrm;
  const e1 = [p[3 * b] - p[3 * a], p[3 * b + 1] - p[3 * a + 1], p[3 * b + 2] - p[3 * a + 2]];
  const e2 = [p[3 * c] - p[3 * a], p[3 * c + 1] - p[3 * a + 1], p[3 * c + 2] - p[3 * a + 2]];
  const cx = e1[1] * e2[2] - e1[2] * e2[1], cy = e1[2] * e2[0] - e1[0] * e2[2], cz = e1[0] * e2[1] - e1[1] * e2[0];
  let dot = 0;
  for (const v of [a, b, c]) dot += cx * n[3 * v] + cy * n[3 * v + 1] + cz * n[3 * v + 2];
  if (dot >= 0) m.index.push(a, b, c);
  else m.index.push(a, c, b);
}

function vertex(m: Mesh, p: number[], n: number[], u: number, v: number): number {
  m.pos.push(...p);
  m.nrm.push(...n);
  m.uv.push(u, v);
  return m.pos.length / 3 - 1;
}

/** A grid of (rows+1)×(cols+1) vertices from f(u, v) → [position, normal], as two triangles per cell. */
function grid(m: Mesh, rows: number, cols: number, f: (u: number, v: number) => [number[], number[]]): void {
  const start = m.pos.length / 3;
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= cols; c++) {
      const [p, n] = f(c / cols, r / rows);
      vertex(m, p, n, c / cols, r / rows);
    }
  }
  const at = (r: number, c: number): number => start + r * (cols + 1) + c;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      tri(m, at(r, c), at(r, c + 1), at(r + 1, c + 1));
      tri(m, at(r, c), at(r + 1, c + 1), at(r + 1, c));
    }
  }
}

function primitiveMesh(p: Primitive): Mesh {
  const m: Mesh = { pos: [], nrm: [], uv: [], index: [] };
  const [hx, hy, hz] = p.size.map((s) => s / 2);
  const [ox, oy, oz] = p.offset;
  if (p.shape === 'box') {
    // Each face a 4×4 grid, so no triangle spans much depth.
    for (const axis of [0, 1, 2]) {
      for (const sign of [-1, 1]) {
        const h = [hx, hy, hz];
        const [a, b] = [0, 1, 2].filter((k) => k !== axis);
        grid(m, 4, 4, (u, v) => {
          const q = [0, 0, 0];
          q[axis] = sign * h[axis];
          q[a] = (2 * u - 1) * h[a];
          q[b] = (2 * v - 1) * h[b];
          const n = [0, 0, 0];
          n[axis] = sign;
          return [[q[0] + ox, q[1] + oy, q[2] + oz], n];
        });
      }
    }
  } else if (p.shape === 'cylinder') {
    grid(m, 4, 24, (u, v) => {
      const a = 2 * Math.PI * u;
      return [[ox + hx * Math.cos(a), oy + (2 * v - 1) * hy, oz + hz * Math.sin(a)], [Math.cos(a) / hx, 0, Math.sin(a) / hz]];
    });
    for (const sign of [-1, 1]) {
      grid(m, 3, 24, (u, v) => {
        const a = 2 * Math.PI * u;
        return [[ox + v * hx * Math.cos(a), oy + sign * hy, oz + v * hz * Math.sin(a)], [0, sign, 0]];
      });
    }
  } else {
    grid(m, 12, 24, (u, v) => {
      const a = 2 * Math.PI * u, e = Math.PI * (v - 0.5);
      const d = [Math.cos(e) * Math.cos(a), Math.sin(e), Math.cos(e) * Math.sin(a)];
      return [[ox + hx * d[0], oy + hy * d[1], oz + hz * d[2]], [d[0] / hx, d[1] / hy, d[2] / hz]];
    });
  }
  return m;
}

/** Whether a point in the object's frame lies inside the primitive grown by `margin`. */
function inside(p: Primitive, x: number, y: number, z: number, margin: number): boolean {
  const dx = x - p.offset[0], dy = y - p.offset[1], dz = z - p.offset[2];
  const [hx, hy, hz] = p.size.map((s) => s / 2 + margin);
  if (p.shape === 'box') return Math.abs(dx) < hx && Math.abs(dy) < hy && Math.abs(dz) < hz;
  if (p.shape === 'cylinder') return Math.abs(dy) < hy && (dx / hx) ** 2 + (dz / hz) ** 2 < 1;
  return (dx / hx) ** 2 + (dy / hy) ** 2 + (dz / hz) ** 2 < 1;
}

/** Value noise on a wrapping lattice of `cells`², bilinearly interpolated. */
function valueNoise(rng: Rng, cells: number): (u: number, v: number) => number {
  const lattice = Float32Array.from({ length: cells * cells }, () => rng.next());
  return (u, v) => {
    const fx = u * cells, fy = v * cells;
    const x0 = Math.floor(fx), y0 = Math.floor(fy);
    const tx = fx - x0, ty = fy - y0;
    const at = (x: number, y: number): number => lattice[(((y % cells) + cells) % cells) * cells + (((x % cells) + cells) % cells)];
    return (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) + (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
  };
}

const TEXTURE_SIZE = 64;

/** The primitive's pattern mixing its two colours, with fine noise everywhere so no surface is flat. */
function patternTexture(p: Primitive): Texture {
  const rng = new Rng(p.textureSeed);
  const coarse = valueNoise(rng, 2 * p.frequency + 2);
  const fine = valueNoise(rng, 32);
  const n = TEXTURE_SIZE;
  const rgba = new Uint8Array(new SharedArrayBuffer(n * n * 4));
  const f = p.frequency;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const u = (x + 0.5) / n, v = (y + 0.5) / n;
      const t = p.pattern === 'noise' ? coarse(u, v)
        : p.pattern === 'stripes' ? ((v * f) % 1 < 0.5 ? 0 : 1)
          : p.pattern === 'checks' ? (Math.floor(u * f) + Math.floor(v * f)) % 2
            : v > 0.3 && v < 0.7 ? 0.7 + 0.3 * coarse(u, v) : 0;
      const shade = 0.85 + 0.3 * fine(u, v);
      for (let k = 0; k < 3; k++) {
        const c = p.colors[0][k] * (1 - t) + p.colors[1][k] * t;
        rgba[(y * n + x) * 4 + k] = Math.round(255 * Math.min(1, Math.max(0, c * shade)));
      }
      rgba[(y * n + x) * 4 + 3] = 255;
    }
  }
  return mipChain(n, rgba, true);
}

const META: PartMeta = {
  key: 'held-object',
  material: { kind: 'clothes', map: null, normalMap: null, aoMap: null, alpha: false, doubleSided: false },
  sourceVertices: 0,
  face: false,
};

/** Indices of `root` and every bone under it. */
function subtree(s: Skeleton, root: string): Set<number> {
  const top = s.byName.get(root);
  if (!top) throw new Error(`The rig has no bone ${root}: held objects need MakeHuman's default rig`);
  const out = new Set<number>();
  s.bones.forEach((b, i) => {
    for (let o: THREE.Object3D | null = b; o; o = o.parent) if (o === top) out.add(i);
  });
  return out;
}

/** The bone with the largest skin weight on vertex i. */
function dominant(p: LivePart, i: number): number {
  const { skinIndex, skinWeight } = p.geo;
  let best = 0;
  for (let k = 1; k < 4; k++) if (skinWeight[4 * i + k] > skinWeight[4 * i + best]) best = k;
  return skinIndex[4 * i + best];
}

/** Posed centre of the body vertices the wrist, palm and fingers move: where the hand closes around a handle. */
function palmCentre(s: Skeleton, body: LivePart, side: 'L' | 'R'): THREE.Vector3 {
  const hand = subtree(s, `wrist.${side}`);
  const c = new THREE.Vector3();
  let n = 0;
  for (let i = 0, m = body.world.length / 3; i < m; i++) {
    if (!hand.has(dominant(body, i))) continue;
    c.x += body.world[3 * i]; c.y += body.world[3 * i + 1]; c.z += body.world[3 * i + 2];
    n++;
  }
  if (n === 0) throw new Error(`No body vertex follows wrist.${side}: the skin weights do not fit the rig`);
  return c.divideScalar(n);
}

/**
 * Person vertices the object could touch (within `radius` of `centre`): everything but the holding forearm and
 * hand, which grip it.
 */
function obstacles(s: Skeleton, person: LivePart[], side: 'L' | 'R', centre: THREE.Vector3, radius: number): Float32Array {
  const arm = subtree(s, `lowerarm01.${side}`);
  const r2 = radius * radius;
  const out: number[] = [];
  for (const p of person) {
    const w = p.world;
    for (let i = 0, n = w.length / 3; i < n; i++) {
      const x = w[3 * i] - centre.x, y = w[3 * i + 1] - centre.y, z = w[3 * i + 2] - centre.z;
      if (x * x + y * y + z * z > r2 || arm.has(dominant(p, i))) continue;
      out.push(w[3 * i], w[3 * i + 1], w[3 * i + 2]);
    }
  }
  return Float32Array.from(out);
}

const MARGIN = 0.005;
const PUSH_STEP = 0.005;
const MAX_PUSH = 0.3;
const MIN_CAMERA_GAP = 0.15;
const deg = THREE.MathUtils.degToRad;

/**
 * Puts the object in the posed hand: its centre out from the hand's centre (forward, turned `gripAngleDeg` towards
 * the midline) by `grip` of its half-extent that way, turned towards the camera, then moved further out in 5 mm
 * steps until no vertex of the body, clothes or hair (other than the holding forearm and hand) is inside it. Null
 * (the sample is drawn without it) when 30 cm were not enough or it would come within 15 cm of the camera.
 */
export function placeHeldObject(o: HeldObject, s: Skeleton, person: LivePart[], camera: THREE.Vector3): HeldPlacement | null {
  const side = o.hand === 0 ? 'L' : 'R';
  const spine = s.byName.get('spine03')?.getWorldPosition(new THREE.Vector3());
  if (!spine) throw new Error('The rig has no spine03 bone: held objects need MakeHuman\'s default rig');
  const palm = palmCentre(s, person[0], side);
  // Forward (the person faces +z), turned towards the body's midline, so the hand holds the object's outer side.
  const inward = palm.x > spine.x ? -1 : 1;
  const a = deg(o.gripAngleDeg);
  const out = new THREE.Vector3(inward * Math.sin(a), 0, Math.cos(a));
  // Facing the camera (turned by yawDeg), tilted about its own x and z.
  const facing = Math.atan2(camera.x - palm.x, camera.z - palm.z) + deg(o.yawDeg);
  const rot = new THREE.Quaternion().setFromEuler(new THREE.Euler(deg(o.tiltXDeg), facing, deg(o.tiltZDeg), 'YXZ'));
  const inv = rot.clone().invert();
  const local = out.clone().applyQuaternion(inv);
  const half = o.size.map((v) => v / 2);
  const reach = Math.abs(local.x) * half[0] + Math.abs(local.y) * half[1] + Math.abs(local.z) * half[2];
  const center = palm.clone().addScaledVector(out, o.grip * reach);
  // Only vertices the object can reach on its way out matter (most of the body is far from the hand).
  const verts = obstacles(s, person, side, center, Math.hypot(...half) + MARGIN + MAX_PUSH + PUSH_STEP);
  const m = new THREE.Matrix4().makeRotationFromQuaternion(inv).elements;
  const collides = (c: THREE.Vector3): boolean => {
    for (let i = 0; i < verts.length; i += 3) {
      const x = verts[i] - c.x, y = verts[i + 1] - c.y, z = verts[i + 2] - c.z;
      const lx = m[0] * x + m[4] * y + m[8] * z, ly = m[1] * x + m[5] * y + m[9] * z, lz = m[2] * x + m[6] * y + m[10] * z;
      for (const p of o.primitives) if (inside(p, lx, ly, lz, MARGIN)) return true;
    }
    return false;
  };
  let pushedM = 0;
  while (collides(center)) {
    if (pushedM >= MAX_PUSH) return null;
    center.addScaledVector(out, PUSH_STEP);
    pushedM += PUSH_STEP;
  }
  // Not around or against the lens: a close camera (selfies, tight head shots) can sit where the hand is.
  if (center.distanceTo(camera) < Math.hypot(...half) + MIN_CAMERA_GAP) return null;
  const world = new THREE.Matrix4().compose(center, rot, new THREE.Vector3(1, 1, 1)).elements;
  const parts = o.primitives.map((p): LivePart => {
    const mesh = primitiveMesh(p);
    const n = mesh.pos.length / 3;
    const wpos = new Float32Array(3 * n), wnrm = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      const [x, y, z] = mesh.pos.slice(3 * i, 3 * i + 3);
      const [a, b, c] = mesh.nrm.slice(3 * i, 3 * i + 3);
      for (let k = 0; k < 3; k++) {
        wpos[3 * i + k] = world[k] * x + world[4 + k] * y + world[8 + k] * z + world[12 + k];
        wnrm[3 * i + k] = world[k] * a + world[4 + k] * b + world[8 + k] * c;
      }
    }
    const index = Uint32Array.from(mesh.index);
    const lod = new Float32Array(index.length / 3);
    return {
      geo: { meta: META, sourceIndex: new Uint32Array(0), index, uv: Float32Array.from(mesh.uv), skinIndex: new Uint16Array(0), skinWeight: new Float32Array(0), faceTri: null },
      mat: { map: patternTexture(p), ao: null, color: [1, 1, 1], roughness: p.roughness, tintByLuminance: false },
      rest: wpos, restNormal: wnrm, world: wpos, normal: wnrm, lod,
      screen: { index, sx: new Float32Array(n), sy: new Float32Array(n), iz: new Float32Array(n), doubleSided: false, alpha: null },
    };
  });
  return { parts, center, palm, pushedM };
}
