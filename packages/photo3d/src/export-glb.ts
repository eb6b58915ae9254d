import { Group, PerspectiveCamera } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { Photo3DLayers } from './layers.js';
import { createPhoto3DObject } from './scene-object.js';

/**
 * The textured 3D photo as a binary glTF (GLB): one mesh with two primitives (background layer, foreground), PNG
 * textures, in the photo camera's space (camera at the origin looking down −z, depth units as given), plus that
 * camera, so viewers open it from the photo's viewpoint. Needs a canvas for the PNGs: browsers have one; Node uses
 * `exportGlbNode` from '@relief/photo3d/node'.
 */
export async function exportGlb(layers: Photo3DLayers): Promise<Uint8Array> {
  const object = createPhoto3DObject(layers);
  const root = new Group();
  root.name = 'photo3d';
  const { intrinsics } = layers;
  const camera = new PerspectiveCamera(intrinsics.fovDegrees, intrinsics.width / intrinsics.height, layers.nearDepth * 0.05, layers.farDepth * 10);
  camera.name = 'photo camera';
  root.add(object.mesh, camera);
  try {
    const result = await new GLTFExporter().parseAsync(root, { binary: true });
    if (!(result instanceof ArrayBuffer)) throw new Error('GLTFExporter returned JSON where a binary GLB was asked for.');
    return new Uint8Array(result);
  } finally {
    object.dispose();
  }
}
