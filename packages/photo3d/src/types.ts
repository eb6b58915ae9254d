/** RGBA pixels in memory, row-major, top row first (what ImageData, sharp `.ensureAlpha().raw()` or canvas give). */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * What a depth value means. `raw`: the network's relative depth r (≈ distance / the subject's median distance, so
 * the person sits near 1); `metres`: metric camera-z. Both are distances along the optical axis, larger = farther.
 */
export type DepthUnits = 'raw' | 'metres';

/** Everything a 3D photo is built from: plain data, so any depth source (our Depth API, a sensor, a file) works. */
export interface Photo3DInput {
  image: RgbaImage;
  /** H×W distances (see `depthUnits`), row-major; may have another size than the image (sampled bilinearly). */
  depth: Float32Array;
  depthWidth: number;
  depthHeight: number;
  /** Person probability in [0,1] at the depth map's size. Without it the whole image is one torn depth surface. */
  mask?: Float32Array;
  depthUnits: DepthUnits;
}

/** Geometry as flat arrays, ready for a three.js BufferGeometry or any other consumer (Node or browser). */
export interface MeshData {
  /** x,y,z per vertex, camera space: camera at the origin looking down −z, y up. */
  positions: Float32Array;
  /** u,v per vertex: (0,0) is the image's top-left corner, matching glTF and textures uploaded with flipY=false. */
  uvs: Float32Array;
  /** Three vertex indices per kept triangle. */
  indices: Uint32Array;
  /** Grid size in vertices. */
  columns: number;
  rows: number;
}
