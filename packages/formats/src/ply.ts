// PLY (binary little-endian): one coloured vertex per depth-map pixel, re-projected through the photo's pinhole
// camera (camera at the origin looking down −z, y up, like photo3d); with `mesh`, triangles join neighbours whose
// depths differ by less than `tearRatio` so depth edges stay torn. MeshLab, Blender and CloudCompare open it.
import { toDistances } from './distances.js';
import { fail } from './errors.js';
import { ascii } from './bytes.js';
import type { DepthPhoto } from './types.js';

/** Vertical field of view used when the file has no intrinsics (photo3d's portrait default). */
export const DEFAULT_FOV_DEGREES = 50;

export interface PlyOptions {
  mesh?: boolean;
  /** Largest far/near depth ratio across one triangle edge (default 1.05). */
  tearRatio?: number;
}

export function writePly(photo: DepthPhoto, { mesh = false, tearRatio = 1.05 }: PlyOptions = {}): Uint8Array {
  const { depth } = toDistances(photo);
  const { width: w, height: h } = depth;
  const img = photo.image;
  // Intrinsics are in image pixels; the depth grid may be smaller.
  const s = w / img.width;
  const f = photo.intrinsics ?? { fx: img.height / 2 / Math.tan((DEFAULT_FOV_DEGREES * Math.PI) / 360), fy: 0, cx: img.width / 2, cy: img.height / 2 };
  const fx = f.fx * s, fy = (f.fy || f.fx) * s, cx = f.cx * s, cy = f.cy * (h / img.height);
  const faces: number[] = [];
  if (mesh) {
    const ok = (a: number, b: number) => Math.max(depth.data[a], depth.data[b]) / Math.min(depth.data[a], depth.data[b]) < tearRatio;
    for (let y = 0; y + 1 < h; y++) {
      for (let x = 0; x + 1 < w; x++) {
        const i = y * w + x, r = i + 1, d = i + w, dr = d + 1;
        if (ok(i, d) && ok(d, r) && ok(r, i)) faces.push(i, d, r);
        if (ok(r, d) && ok(d, dr) && ok(dr, r)) faces.push(r, d, dr);
      }
    }
  }
  const header = `ply\nformat binary_little_endian 1.0\ncomment made by Relief from a ${photo.source} depth photo\nelement vertex ${w * h}\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\n` +
    (mesh ? `element face ${faces.length / 3}\nproperty list uchar int vertex_indices\n` : '') + 'end_header\n';
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + w * h * 15 + (faces.length / 3) * 13);
  out.set(head);
  const view = new DataView(out.buffer);
  let at = head.length;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const z = depth.data[y * w + x];
      view.setFloat32(at, ((x + 0.5 - cx) / fx) * z, true);
      view.setFloat32(at + 4, -((y + 0.5 - cy) / fy) * z, true);
      view.setFloat32(at + 8, -z, true);
      const p = (Math.min(img.height - 1, Math.floor(((y + 0.5) * img.height) / h)) * img.width + Math.min(img.width - 1, Math.floor(((x + 0.5) * img.width) / w))) * 4;
      out[at + 12] = img.data[p]; out[at + 13] = img.data[p + 1]; out[at + 14] = img.data[p + 2];
      at += 15;
    }
  }
  for (let i = 0; i < faces.length; i += 3) {
    out[at] = 3;
    view.setInt32(at + 1, faces[i], true); view.setInt32(at + 5, faces[i + 1], true); view.setInt32(at + 9, faces[i + 2], true);
    at += 13;
  }
  return out;
}

export interface PlyData {
  positions: Float32Array;
  colors: Uint8Array;
  faces: Uint32Array;
}

/** Reads the PLY layout writePly produces (binary little-endian, float xyz + uchar rgb, optional triangle list). */
export function readPly(bytes: Uint8Array): PlyData {
  const end = ascii(bytes, 0, Math.min(bytes.length, 4096)).indexOf('end_header\n');
  if (ascii(bytes, 0, 4) !== 'ply\n' || end < 0) fail('not a PLY file (no "ply" magic or end_header).');
  const header = ascii(bytes, 0, end);
  if (!header.includes('format binary_little_endian 1.0')) fail('only binary little-endian PLY is read.');
  const vertices = Number(/element vertex (\d+)/.exec(header)?.[1] ?? NaN);
  const faceCount = Number(/element face (\d+)/.exec(header)?.[1] ?? 0);
  let at = end + 'end_header\n'.length;
  if (!Number.isInteger(vertices) || at + vertices * 15 + faceCount * 13 > bytes.length) fail(`the PLY file is truncated: its header promises ${vertices} vertices and ${faceCount} faces.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const positions = new Float32Array(vertices * 3);
  const colors = new Uint8Array(vertices * 3);
  for (let i = 0; i < vertices; i++, at += 15) {
    for (let k = 0; k < 3; k++) positions[i * 3 + k] = view.getFloat32(at + k * 4, true);
    colors.set(bytes.subarray(at + 12, at + 15), i * 3);
  }
  const faces = new Uint32Array(faceCount * 3);
  for (let i = 0; i < faceCount; i++, at += 13) {
    if (bytes[at] !== 3) fail(`PLY face ${i} has ${bytes[at]} corners; only triangles are read.`);
    for (let k = 0; k < 3; k++) faces[i * 3 + k] = view.getInt32(at + 1 + k * 4, true);
  }
  return { positions, colors, faces };
}
