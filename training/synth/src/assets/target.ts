// MakeHuman .target: sparse per-vertex offsets, one "index dx dy dz" per line.
import { AssetError, num, readAssetText } from './files.ts';

export interface Target {
  indices: Uint32Array;
  deltas: Float32Array;
}

export function parseTarget(file: string, vertexCount: number): Target {
  const text = readAssetText(file);
  const idx: number[] = [];
  const d: number[] = [];
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln];
    if (line.length === 0 || line.charCodeAt(0) === 35) continue; // '#'
    const t = line.trim().split(/\s+/);
    if (t.length === 1 && t[0] === '') continue;
    const i = num(t[0], file, ln + 1);
    if (!Number.isInteger(i) || i < 0 || i >= vertexCount) {
      throw new AssetError(file, `line ${ln + 1}: vertex ${t[0]} is outside the base mesh (0..${vertexCount - 1})`);
    }
    idx.push(i);
    d.push(num(t[1], file, ln + 1), num(t[2], file, ln + 1), num(t[3], file, ln + 1));
  }
  return { indices: Uint32Array.from(idx), deltas: Float32Array.from(d) };
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
