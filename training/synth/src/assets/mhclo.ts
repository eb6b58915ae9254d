// MakeHuman .mhclo proxy fitting: each proxy vertex = weighted sum of 3 base vertices + an offset scaled by the
// current size of the body (x/y/z_scale reference vertex pairs), and which base vertices the proxy hides.
import { dirname, resolve } from 'node:path';
import { AssetError, num, readAssetText } from './files.ts';

export interface Mhclo {
  file: string;
  objFile: string;
  materialFile: string | null;
  /** 3 base-mesh vertex indices per proxy vertex. */
  refs: Uint32Array;
  weights: Float32Array;
  offsets: Float32Array;
  /** [v1, v2, reference distance] per axis x, y, z. */
  scales: [number, number, number][];
  deleteVerts: Uint32Array;
}

export function parseMhclo(file: string, baseVertexCount: number): Mhclo {
  const text = readAssetText(file);
  const dir = dirname(file);
  const refs: number[] = [];
  const weights: number[] = [];
  const offsets: number[] = [];
  const del: number[] = [];
  const scales: [number, number, number][] = [[0, 0, 1], [0, 0, 1], [0, 0, 1]];
  let objFile: string | null = null;
  let materialFile: string | null = null;
  // Keyword lines may sit inside a section (bob01 has `material` after `verts 0`): numbers belong to the last one.
  let section: 'none' | 'verts' | 'delete' = 'none';
  const lines = text.split('\n');
  const checkIndex = (v: number, ln: number): number => {
    if (!Number.isInteger(v) || v < 0 || v >= baseVertexCount) {
      throw new AssetError(file, `line ${ln}: base vertex ${v} does not exist`);
    }
    return v;
  };
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln].trim();
    if (line === '' || line.startsWith('#')) continue;
    const t = line.split(/\s+/);
    const numeric = /^[0-9-]/.test(t[0]);
    if (numeric && section === 'verts') {
      if (t.length === 1) {
        refs.push(checkIndex(num(t[0], file, ln + 1), ln + 1), 0, 0);
        weights.push(1, 0, 0);
        offsets.push(0, 0, 0);
      } else if (t.length >= 9) {
        for (let k = 0; k < 3; k++) refs.push(checkIndex(num(t[k], file, ln + 1), ln + 1));
        for (let k = 3; k < 6; k++) weights.push(num(t[k], file, ln + 1));
        for (let k = 6; k < 9; k++) offsets.push(num(t[k], file, ln + 1));
      } else {
        throw new AssetError(file, `line ${ln + 1}: a proxy vertex needs 1 or 9 numbers, got ${t.length}`);
      }
      continue;
    }
    if (numeric && section === 'delete') {
      for (let k = 0; k < t.length; k++) {
        if (t[k + 1] === '-') {
          const a = num(t[k], file, ln + 1);
          const b = num(t[k + 2], file, ln + 1);
          for (let v = a; v <= b; v++) del.push(checkIndex(v, ln + 1));
          k += 2;
        } else {
          del.push(checkIndex(num(t[k], file, ln + 1), ln + 1));
        }
      }
      continue;
    }
    if (numeric) throw new AssetError(file, `line ${ln + 1}: numbers outside a verts/delete_verts section`);
    switch (t[0]) {
      case 'obj_file': objFile = resolve(dir, t.slice(1).join(' ')); break;
      case 'material': materialFile = resolve(dir, t.slice(1).join(' ')); break;
      case 'x_scale': case 'y_scale': case 'z_scale': {
        const axis = t[0] === 'x_scale' ? 0 : t[0] === 'y_scale' ? 1 : 2;
        scales[axis] = [checkIndex(num(t[1], file, ln + 1), ln + 1), checkIndex(num(t[2], file, ln + 1), ln + 1), num(t[3], file, ln + 1)];
        break;
      }
      case 'verts': section = 'verts'; break;
      case 'delete_verts': section = 'delete'; break;
      default: break;
    }
  }
  if (!objFile) throw new AssetError(file, 'no obj_file line');
  if (refs.length === 0) throw new AssetError(file, 'no verts section');
  return {
    file, objFile, materialFile,
    refs: Uint32Array.from(refs), weights: Float32Array.from(weights), offsets: Float32Array.from(offsets),
    scales, deleteVerts: Uint32Array.from(del),
  };
}

/** Proxy vertex positions on a (morphed, rest-pose) base mesh, as MakeHuman's proxy.getCoords does. */
export function fitProxy(clo: Mhclo, base: Float32Array): Float32Array {
  const s = clo.scales.map(([a, b, ref], axis) => Math.abs(base[3 * a + axis] - base[3 * b + axis]) / ref);
  const n = clo.refs.length / 3;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let axis = 0; axis < 3; axis++) {
      let v = s[axis] * clo.offsets[3 * i + axis];
      for (let k = 0; k < 3; k++) v += clo.weights[3 * i + k] * base[3 * clo.refs[3 * i + k] + axis];
      out[3 * i + axis] = v;
    }
  }
  return out;
}
