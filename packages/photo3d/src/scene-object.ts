import {
  BufferAttribute, BufferGeometry, DataTexture, DoubleSide, LinearFilter, LinearMipmapLinearFilter, Mesh,
  MeshBasicMaterial, MirroredRepeatWrapping, RGBAFormat, SRGBColorSpace, UnsignedByteType, type Wrapping,
} from 'three';
import type { Photo3DLayers } from './layers.js';
import type { MeshData, RgbaImage } from './types.js';

/** The 3D photo as one three.js mesh with two groups: 0 = background layer, 1 = foreground (drawn over it). */
export interface Photo3DObject {
  mesh: Mesh<BufferGeometry, MeshBasicMaterial[]>;
  backgroundMaterial: MeshBasicMaterial;
  foregroundMaterial: MeshBasicMaterial;
  dispose(): void;
}

function texture(image: RgbaImage, wrap: Wrapping): DataTexture {
  const data = image.data instanceof Uint8Array ? image.data : new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length);
  const tex = new DataTexture(data, image.width, image.height, RGBAFormat, UnsignedByteType);
  // Rows are top-down and UV (0,0) is the top-left corner (the glTF convention), so no flip.
  tex.flipY = false;
  tex.colorSpace = SRGBColorSpace;
  tex.magFilter = LinearFilter;
  tex.minFilter = LinearMipmapLinearFilter;
  tex.generateMipmaps = true;
  tex.wrapS = tex.wrapT = wrap;
  tex.needsUpdate = true;
  return tex;
}

function mergedGeometry(parts: MeshData[]): BufferGeometry {
  const vertexCount = parts.reduce((n, p) => n + p.positions.length / 3, 0);
  const indexCount = parts.reduce((n, p) => n + p.indices.length, 0);
  const positions = new Float32Array(vertexCount * 3);
  const uvs = new Float32Array(vertexCount * 2);
  const indices = new Uint32Array(indexCount);
  const geometry = new BufferGeometry();
  let v = 0;
  let i = 0;
  parts.forEach((p, group) => {
    positions.set(p.positions, v * 3);
    uvs.set(p.uvs, v * 2);
    for (let k = 0; k < p.indices.length; k++) indices[i + k] = p.indices[k] + v;
    geometry.addGroup(i, p.indices.length, group);
    v += p.positions.length / 3;
    i += p.indices.length;
  });
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.setAttribute('uv', new BufferAttribute(uvs, 2));
  geometry.setIndex(new BufferAttribute(indices, 1));
  geometry.computeBoundingSphere();
  return geometry;
}

/** Builds the textured mesh (works without a DOM, e.g. for GLB export in Node). */
export function createPhoto3DObject(layers: Photo3DLayers): Photo3DObject {
  const backgroundMaterial = new MeshBasicMaterial({
    map: texture(layers.backgroundImage, MirroredRepeatWrapping),
    side: DoubleSide,
    // Without a mask the background copies the foreground outside the holes; keep it a hair behind.
    polygonOffset: true,
    polygonOffsetFactor: 1,
    polygonOffsetUnits: 4,
  });
  backgroundMaterial.name = 'background';
  const foregroundMaterial = new MeshBasicMaterial({
    map: texture(layers.foregroundImage, MirroredRepeatWrapping),
    side: DoubleSide,
    // The person's soft matte (refineMatte) blends over the background layer (glTF: alphaMode BLEND); texels with no
    // coverage are discarded so they write no depth.
    transparent: true,
    alphaTest: 1 / 255,
  });
  foregroundMaterial.name = 'foreground';
  const mesh = new Mesh(mergedGeometry([layers.background, layers.foreground]), [backgroundMaterial, foregroundMaterial]);
  mesh.name = 'photo3d';
  return {
    mesh,
    backgroundMaterial,
    foregroundMaterial,
    dispose() {
      mesh.geometry.dispose();
      for (const m of [backgroundMaterial, foregroundMaterial]) {
        m.map?.dispose();
        m.dispose();
      }
    },
  };
}
