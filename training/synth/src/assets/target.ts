// MakeHuman .target: sparse per-vertex offsets, one "index dx dy dz" per line. The macro targets alone are
// 100 MB of text and parsing them was most of the cost of building new people, so numbers are read straight
// from the character codes; anything unusual (exponents, stray characters) goes through the strict `num`.
import { AssetError, num, readAssetText } from './files.ts';

export interface Target {
  indices: Uint32Array;
  deltas: Float32Array;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13;

export function parseTarget(file: string, vertexCount: number): Target {
  const text = readAssetText(file);
  const n = text.length;
  let idx = new Uint32Array(4096);
  let d = new Float32Array(3 * 4096);
  let count = 0;
  let pos = 0;
  let ln = 0;
  const values = [0, 0, 0, 0];
  while (pos < n) {
    ln++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    let p = pos;
    let k = 0;
    if (text.charCodeAt(p) !== 35) { // '#' starts a comment line
      while (k < 4) {
        while (p < end && isSpace(text.charCodeAt(p))) p++;
        if (p >= end) break;
        const start = p;
        // Plain decimals: [-]digits[.digits].
        let c = text.charCodeAt(p);
        const negative = c === 45;
        if (negative) c = text.charCodeAt(++p);
        let v = 0;
        let digits = 0;
        while (c >= 48 && c <= 57) { v = v * 10 + (c - 48); digits++; c = text.charCodeAt(++p); }
        if (c === 46) {
          let scale = 0.1;
          c = text.charCodeAt(++p);
          while (c >= 48 && c <= 57) { v += (c - 48) * scale; scale *= 0.1; digits++; c = text.charCodeAt(++p); }
        }
        if (digits === 0 || !(p >= end || isSpace(c))) {
          while (p < end && !isSpace(text.charCodeAt(p))) p++;
          v = num(text.slice(start, p), file, ln);
        } else if (negative) v = -v;
        values[k++] = v;
      }
    }
    if (k > 0) {
      if (k < 4) num(undefined, file, ln);
      const i = values[0];
      if (!Number.isInteger(i) || i < 0 || i >= vertexCount) {
        throw new AssetError(file, `line ${ln}: vertex ${i} is outside the base mesh (0..${vertexCount - 1})`);
      }
      if (count === idx.length) {
        const grownIdx = new Uint32Array(2 * count);
        grownIdx.set(idx);
        idx = grownIdx;
        const grownD = new Float32Array(6 * count);
        grownD.set(d);
        d = grownD;
      }
      idx[count] = i;
      d[3 * count] = values[1];
      d[3 * count + 1] = values[2];
      d[3 * count + 2] = values[3];
      count++;
    }
    pos = end + 1;
  }
  return { indices: idx.slice(0, count), deltas: d.slice(0, 3 * count) };
}

export function addTarget(positions: Float32Array, target: Target, weight: number): void {
  if (weight === 0) return;
  const { indices, deltas } = target;
  for (let k = 0; k < indices.length; k++) {
    const o = indices[k] * 3;
    positions[o] += weight * deltas[3 * k];
    positions[o + 1] += weight * deltas[3 * k + 1];
    positions[o + 2] += weight * deltas[3 * k + 2];
  }
}
