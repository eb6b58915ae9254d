// Static per-mesh data the page needs once per asset: render vertices (unique position/uv corners), triangles,
// skin weights, material description. Positions change per person and travel separately (identityBlob).
import { relative } from 'node:path';
import type { Library, ProxyAsset, ProxyKind } from '../model/library.ts';
import { pack, type Arrays } from './blob.ts';

export type MaterialKind = 'skin' | 'eyes' | ProxyKind;

/**
 * Kinds whose texture alpha is tested even where the .mhmat does not say `transparent`: beard strands, and glasses,
 * whose clear lenses (alpha below 0.5) are see-through in colour, depth and mask alike.
 */
const ALPHA_KINDS: MaterialKind[] = ['beards', 'glasses'];

export interface PartMeta {
  key: string;
  material: {
    kind: MaterialKind;
    /** URLs under /assets/, or null where the texture is missing from the shared assets. */
    map: string | null;
    normalMap: string | null;
    aoMap: string | null;
    alpha: boolean;
    doubleSided: boolean;
  };
  sourceVertices: number;
  /** Whether every triangle of the part is face region (eyes, brows, lashes, teeth); the body says per triangle. */
  face: boolean;
}

/** Parts that lie on the face and count as face region wherever they are seen. */
const FACE_PARTS: MaterialKind[] = ['eyes', 'eyebrows', 'eyelashes', 'teeth'];

interface Split {
  sourceIndex: Uint32Array;
  uvIndex: Uint32Array;
  index: Uint32Array;
}

/** One render vertex per distinct (position, uv) corner of the kept triangles. */
function splitCorners(triV: Uint32Array, triVt: Uint32Array, keep: (t: number) => boolean): Split {
  const ids = new Map<number, number>();
  const src: number[] = [];
  const uvi: number[] = [];
  const index: number[] = [];
  for (let t = 0; t < triV.length / 3; t++) {
    if (!keep(t)) continue;
    for (let k = 0; k < 3; k++) {
      const v = triV[3 * t + k];
      const vt = triVt[3 * t + k];
      const key = v * 65536 + vt;
      let id = ids.get(key);
      if (id === undefined) {
        id = src.length;
        ids.set(key, id);
        src.push(v);
        uvi.push(vt);
      }
      index.push(id);
    }
  }
  return { sourceIndex: Uint32Array.from(src), uvIndex: Uint32Array.from(uvi), index: Uint32Array.from(index) };
}

function gather<T extends Float32Array | Uint16Array>(from: T, idx: Uint32Array, width: number, make: (n: number) => T): T {
  const out = make(idx.length * width);
  for (let i = 0; i < idx.length; i++) for (let k = 0; k < width; k++) out[i * width + k] = from[idx[i] * width + k];
  return out;
}

export class Parts {
  private cache = new Map<string, Uint8Array>();

  constructor(private readonly lib: Library) {}

  /** Keys: "body/<proxy id>+<proxy id>…" (body minus what those proxies hide: outfit, shoes), "eyes", or a proxy id. */
  get(key: string): Uint8Array {
    let blob = this.cache.get(key);
    if (!blob) {
      blob = key.startsWith('body/') ? this.body(key) : key === 'eyes' ? this.eyes() : this.proxy(key);
      this.cache.set(key, blob);
    }
    return blob;
  }

  private url(file: string | null): string | null {
    return file ? `/assets/${relative(this.lib.root, file).split('\\').join('/')}` : null;
  }

  private body(key: string): Uint8Array {
    const lib = this.lib;
    const hidden = new Uint8Array(lib.vertexCount);
    for (const id of key.slice('body/'.length).split('+')) {
      const worn = lib.proxyList(id.split('/')[0] as ProxyKind)?.find((c) => c.id === id);
      if (!worn) throw new Error(`Unknown proxy ${id} in ${key}`);
      for (const v of worn.clo.deleteVerts) hidden[v] = 1;
    }
    const { triV, triVt } = lib.base;
    const keep = (t: number): boolean =>
      lib.triKind[t] === 1 && !hidden[triV[3 * t]] && !hidden[triV[3 * t + 1]] && !hidden[triV[3 * t + 2]];
    const split = splitCorners(triV, triVt, keep);
    // Per kept triangle: face region when all three corners are (face.png).
    const region = lib.face().region;
    const faceTri: number[] = [];
    for (let t = 0; t < triV.length / 3; t++) {
      if (keep(t)) faceTri.push(region[triV[3 * t]] & region[triV[3 * t + 1]] & region[triV[3 * t + 2]]);
    }
    const meta: PartMeta = {
      key, sourceVertices: lib.vertexCount, face: false,
      material: { kind: 'skin', map: null, normalMap: null, aoMap: null, alpha: false, doubleSided: false },
    };
    return this.packSplit(meta, split, lib.base.uvs, lib.baseSkin.index, lib.baseSkin.weight, { faceTri: Uint8Array.from(faceTri) });
  }

  /** The eyeball helper spheres, textured by a planar projection of an eye texture's iris (front = +z). */
  private eyes(): Uint8Array {
    const lib = this.lib;
    const { triV, positions } = lib.base;
    const split = splitCorners(triV, triV, (t) => lib.triKind[t] === 2);
    const uv = new Float32Array(split.sourceIndex.length * 2);
    const left = (v: number): boolean => positions[3 * v] > 0;
    for (const side of [true, false]) {
      const verts = [...split.sourceIndex.keys()].filter((i) => left(split.sourceIndex[i]) === side);
      const c = [0, 1, 2].map((a) => verts.reduce((s, i) => s + positions[3 * split.sourceIndex[i] + a], 0) / verts.length);
      const r = Math.max(...verts.map((i) => Math.hypot(positions[3 * split.sourceIndex[i]] - c[0], positions[3 * split.sourceIndex[i] + 1] - c[1])));
      // Iris centres of MakeHuman's eye textures; iris radius ≈ 0.115 of the texture, about half the eyeball's.
      const [u0, v0] = side ? [0.703, 0.705] : [0.293, 0.297];
      for (const i of verts) {
        const v = split.sourceIndex[i];
        uv[2 * i] = u0 + ((positions[3 * v] - c[0]) / r) * 0.23;
        uv[2 * i + 1] = v0 + ((positions[3 * v + 1] - c[1]) / r) * 0.23;
      }
    }
    const meta: PartMeta = {
      key: 'eyes', sourceVertices: lib.vertexCount, face: true,
      material: { kind: 'eyes', map: null, normalMap: null, aoMap: null, alpha: false, doubleSided: false },
    };
    return pack(meta, {
      sourceIndex: split.sourceIndex, index: split.index, uv,
      skinIndex: gather(lib.baseSkin.index, split.sourceIndex, 4, (n) => new Uint16Array(n)),
      skinWeight: gather(lib.baseSkin.weight, split.sourceIndex, 4, (n) => new Float32Array(n)),
    });
  }

  private proxy(id: string): Uint8Array {
    const kind = id.split('/')[0] as ProxyAsset['kind'];
    const asset = this.lib.proxyList(kind)?.find((p) => p.id === id);
    if (!asset) throw new Error(`Unknown part ${id}`);
    const { mat, obj } = asset;
    const meta: PartMeta = {
      key: id, sourceVertices: obj.positions.length / 3, face: FACE_PARTS.includes(kind),
      material: {
        kind, map: this.url(mat.diffuseTexture), normalMap: this.url(mat.normalTexture), aoMap: this.url(mat.aoTexture),
        alpha: (mat.transparent || ALPHA_KINDS.includes(kind)) && mat.diffuseTexture !== null,
        doubleSided: !mat.backfaceCull || kind === 'hair' || kind === 'beards',
      },
    };
    return this.packSplit(meta, splitCorners(obj.triV, obj.triVt, () => true), obj.uvs, asset.skin.index, asset.skin.weight);
  }

  private packSplit(meta: PartMeta, s: Split, uvs: Float32Array, skinIndex: Uint16Array, skinWeight: Float32Array, extra: Arrays = {}): Uint8Array {
    return pack(meta, {
      ...extra,
      sourceIndex: s.sourceIndex, index: s.index,
      uv: gather(uvs, s.uvIndex, 2, (n) => new Float32Array(n)),
      skinIndex: gather(skinIndex, s.sourceIndex, 4, (n) => new Uint16Array(n)),
      skinWeight: gather(skinWeight, s.sourceIndex, 4, (n) => new Float32Array(n)),
    });
  }
}
