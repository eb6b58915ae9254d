import type { Photo3DLayers } from './layers.js';
import type { MeshData } from './types.js';

/** The strongest relief `strength` accepts: past ×4 the depth ratios of a portrait turn into spikes. */
export const MAX_STRENGTH = 4;

/**
 * The "3D strength" control: scales the relief the viewer sees by raising every depth's ratio to the focus depth to
 * the power `strength` (z' = focus·(z/focus)^strength). 1 is the estimated depth, 0 a flat photo on the focus plane
 * (no parallax at all), 2 doubles every depth ratio's logarithm; depths stay positive and keep their order for any
 * strength, which a linear scale around the focus would not. Vertices slide along their own pixel rays, so the
 * photo's own view is unchanged at every strength; background plane, near/far depths and therefore the overscan
 * zoom follow.
 */
export function applyStrength(layers: Photo3DLayers, strength: number): Photo3DLayers {
  if (!(strength >= 0 && strength <= MAX_STRENGTH)) {
    throw new Error(`3D strength must be a number from 0 (a flat photo) to ${MAX_STRENGTH}, got ${strength}; 1 is the estimated depth.`);
  }
  if (strength === 1) return layers;
  const focus = layers.focusDepth;
  const scaled = (z: number): number => focus * Math.pow(z / focus, strength);
  return {
    ...layers,
    foreground: scaleMesh(layers.foreground, scaled),
    background: scaleMesh(layers.background, scaled),
    nearDepth: scaled(layers.nearDepth),
    farDepth: scaled(layers.farDepth),
  };
}

function scaleMesh(mesh: MeshData, depthOf: (z: number) => number): MeshData {
  const positions = new Float32Array(mesh.positions.length);
  for (let k = 0; k < positions.length; k += 3) {
    const z = -mesh.positions[k + 2];
    const ratio = z > 0 ? depthOf(z) / z : 1;
    positions[k] = mesh.positions[k] * ratio;
    positions[k + 1] = mesh.positions[k + 1] * ratio;
    positions[k + 2] = mesh.positions[k + 2] * ratio;
  }
  return { ...mesh, positions };
}
