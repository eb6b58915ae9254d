// MakeHuman's default rig: bones whose head/tail joints are the mean of listed base-mesh vertices
// (default.mhskel) and per-bone vertex weights (default_weights.mhw), reduced to 4 influences per vertex.
import { AssetError, readAssetJson } from './files.ts';

export interface Bone {
  name: string;
  parent: number;
  headJoint: Uint32Array;
}

export interface Rig {
  /** Parents always come before children. */
  bones: Bone[];
}

export interface SkinWeights {
  /** 4 bone indices and 4 weights (summing to 1) per vertex. */
  index: Uint16Array;
  weight: Float32Array;
}

type SkelJson = { bones: Record<string, { head: string; parent: string | null }>; joints: Record<string, number[]> };

export function parseRig(skelFile: string, weightsFile: string, vertexCount: number): { rig: Rig; skin: SkinWeights } {
  const skel = readAssetJson(skelFile) as SkelJson;
  if (!skel || typeof skel.bones !== 'object' || typeof skel.joints !== 'object') {
    throw new AssetError(skelFile, 'expected an object with "bones" and "joints"');
  }
  const names = Object.keys(skel.bones);
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string, depth: number): void => {
    if (placed.has(name)) return;
    if (depth > names.length) throw new AssetError(skelFile, `bone parents form a cycle at "${name}"`);
    const parent = skel.bones[name].parent;
    if (parent) {
      if (!skel.bones[parent]) throw new AssetError(skelFile, `bone "${name}" has unknown parent "${parent}"`);
      place(parent, depth + 1);
    }
    placed.add(name);
    order.push(name);
  };
  for (const n of names) place(n, 0);
  const indexOf = new Map(order.map((n, i) => [n, i]));
  const bones: Bone[] = order.map((name) => {
    const b = skel.bones[name];
    const joint = skel.joints[b.head];
    if (!Array.isArray(joint) || joint.length === 0 || joint.some((v) => !Number.isInteger(v) || v < 0 || v >= vertexCount)) {
      throw new AssetError(skelFile, `joint "${b.head}" of bone "${name}" is missing or refers to vertices outside the base mesh`);
    }
    return { name, parent: b.parent ? indexOf.get(b.parent)! : -1, headJoint: Uint32Array.from(joint) };
  });

  const wj = readAssetJson(weightsFile) as { weights?: Record<string, [number, number][]> };
  if (!wj || typeof wj.weights !== 'object') throw new AssetError(weightsFile, 'expected an object with "weights"');
  const perVertex: [number, number][][] = Array.from({ length: vertexCount }, () => []);
  for (const [bone, list] of Object.entries(wj.weights)) {
    const bi = indexOf.get(bone);
    if (bi === undefined) throw new AssetError(weightsFile, `weights for bone "${bone}" which the skeleton does not have`);
    if (!Array.isArray(list)) throw new AssetError(weightsFile, `weights of bone "${bone}" are not a list`);
    for (const pair of list) {
      const [v, w] = pair;
      if (!Number.isInteger(v) || v < 0 || v >= vertexCount || !Number.isFinite(w)) {
        throw new AssetError(weightsFile, `bad weight entry ${JSON.stringify(pair)} for bone "${bone}"`);
      }
      perVertex[v].push([bi, w]);
    }
  }
  return { rig: { bones }, skin: topFour(perVertex, indexOf.get('root') ?? 0) };
}

/** Keeps the 4 strongest influences per vertex and renormalises; unweighted vertices follow `fallbackBone`. */
export function topFour(perVertex: [number, number][][], fallbackBone: number): SkinWeights {
  const n = perVertex.length;
  const index = new Uint16Array(n * 4);
  const weight = new Float32Array(n * 4);
  for (let v = 0; v < n; v++) {
    const list = perVertex[v].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 4);
    const sum = list.reduce((s, [, w]) => s + w, 0);
    if (sum <= 0) {
      index[4 * v] = fallbackBone;
      weight[4 * v] = 1;
      continue;
    }
    list.forEach(([b, w], k) => {
      index[4 * v + k] = b;
      weight[4 * v + k] = w / sum;
    });
  }
  return { index, weight };
}

/** Skin weights of a proxy vertex: the blend of its 3 reference base vertices' weights. */
export function proxySkin(base: SkinWeights, refs: Uint32Array, refWeights: Float32Array, fallbackBone: number): SkinWeights {
  const n = refs.length / 3;
  const perVertex: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    const acc = new Map<number, number>();
    for (let k = 0; k < 3; k++) {
      const rw = refWeights[3 * i + k];
      if (rw === 0) continue;
      const v = refs[3 * i + k];
      for (let j = 0; j < 4; j++) {
        const w = base.weight[4 * v + j];
        if (w > 0) acc.set(base.index[4 * v + j], (acc.get(base.index[4 * v + j]) ?? 0) + rw * w);
      }
    }
    perVertex.push([...acc.entries()]);
  }
  return topFour(perVertex, fallbackBone);
}
