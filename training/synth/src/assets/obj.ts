// Wavefront OBJ as MakeHuman writes it: v, vt, g, f with v/vt corners (quads and triangles).
import { AssetError, num, readAssetText } from './files.ts';

export interface ObjMesh {
  file: string;
  /** xyz per vertex, MakeHuman units (decimetres). */
  positions: Float32Array;
  /** uv per texture vertex. */
  uvs: Float32Array;
  /** Triangles (quads split 0-1-2, 0-2-3): position index and uv index per corner, group per triangle. */
  triV: Uint32Array;
  triVt: Uint32Array;
  triGroup: Uint16Array;
  groups: string[];
}

export function parseObj(file: string): ObjMesh {
  const text = readAssetText(file);
  const pos: number[] = [];
  const uv: number[] = [];
  const tv: number[] = [];
  const tvt: number[] = [];
  const tg: number[] = [];
  const groups: string[] = ['default'];
  let group = 0;
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    const c0 = line.charCodeAt(0);
    if (c0 !== 118 && c0 !== 102 && c0 !== 103) continue; // v, f, g
    const t = line.trim().split(/\s+/);
    if (t[0] === 'v') {
      pos.push(num(t[1], file, ln + 1), num(t[2], file, ln + 1), num(t[3], file, ln + 1));
    } else if (t[0] === 'vt') {
      uv.push(num(t[1], file, ln + 1), num(t[2], file, ln + 1));
    } else if (t[0] === 'g') {
      groups.push(t.slice(1).join(' '));
      group = groups.length - 1;
    } else if (t[0] === 'f') {
      const n = t.length - 1;
      if (n < 3) throw new AssetError(file, `line ${ln + 1}: a face needs at least 3 corners`);
      const cv: number[] = [];
      const cvt: number[] = [];
      for (let k = 1; k <= n; k++) {
        const [a, b] = t[k].split('/');
        cv.push(num(a, file, ln + 1) - 1);
        cvt.push(b ? num(b, file, ln + 1) - 1 : 0);
      }
      for (let k = 1; k + 1 < n; k++) {
        tv.push(cv[0], cv[k], cv[k + 1]);
        tvt.push(cvt[0], cvt[k], cvt[k + 1]);
        tg.push(group);
      }
    }
  }
  const nv = pos.length / 3;
  const nvt = Math.max(1, uv.length / 2);
  if (nv === 0 || tv.length === 0) throw new AssetError(file, 'no vertices or faces');
  for (let i = 0; i < tv.length; i++) {
    if (tv[i] < 0 || tv[i] >= nv || tvt[i] < 0 || tvt[i] >= nvt) {
      throw new AssetError(file, `face corner ${i} refers to a vertex that does not exist`);
    }
  }
  return {
    file,
    positions: Float32Array.from(pos),
    uvs: uv.length ? Float32Array.from(uv) : new Float32Array(2),
    triV: Uint32Array.from(tv),
    triVt: Uint32Array.from(tvt),
    triGroup: Uint16Array.from(tg),
    groups,
  };
}
