// Where the face is on the MakeHuman base mesh: named landmark vertices (nose tip, cheekbones, chin, ears) and
// the face region (front of the head between hairline, ears and chin) that face.png marks. The base mesh has
// no face vertex group, so both are derived from the shape targets that move those features, in rest pose.
import type { Library } from './library.ts';

export interface FaceGeometry {
  /** Body vertex per landmark name. */
  landmarks: Record<string, number>;
  /** 1 for body vertices of the face region. */
  region: Uint8Array;
}

/** The vertex a target moves most: the centre of the feature it shapes (e.g. the cheekbone's peak). */
function mostMoved(lib: Library, rel: string): number {
  const t = lib.target(rel);
  let best = -1;
  let bestVertex = t.indices[0];
  for (let i = 0; i < t.indices.length; i++) {
    const d = t.deltas[3 * i] ** 2 + t.deltas[3 * i + 1] ** 2 + t.deltas[3 * i + 2] ** 2;
    if (d > best) {
      best = d;
      bestVertex = t.indices[i];
    }
  }
  return bestVertex;
}

function extreme(lib: Library, rel: string, score: (v: number) => number): number {
  return [...lib.target(rel).indices].reduce((best, v) => (score(v) > score(best) ? v : best));
}

export function faceGeometry(lib: Library): FaceGeometry {
  const p = lib.base.positions;
  const landmarks = {
    noseTip: extreme(lib, 'nose/nose-scale-depth-incr.target', (v) => p[3 * v + 2]),
    leftCheek: mostMoved(lib, 'cheek/l-cheek-bones-incr.target'),
    rightCheek: mostMoved(lib, 'cheek/r-cheek-bones-incr.target'),
    // The chin's most forward point (pogonion), not its underside: it is what the camera sees of the chin.
    chin: extreme(lib, 'chin/chin-prominent-incr.target', (v) => p[3 * v + 2]),
    leftEar: extreme(lib, 'ears/l-ear-scale-incr.target', (v) => Math.abs(p[3 * v])),
    rightEar: extreme(lib, 'ears/r-ear-scale-incr.target', (v) => Math.abs(p[3 * v])),
  };
  const at = (v: number): [number, number, number] => [p[3 * v], p[3 * v + 1], p[3 * v + 2]];
  const nose = at(landmarks.noseTip);
  // Lowest point of the chin and the ear lobes span the jaw line: the face is above that plane.
  const chinTarget = lib.target('chin/chin-prominent-incr.target').indices;
  const chinLow = at([...chinTarget].reduce((a, b) => (p[3 * b + 1] < p[3 * a + 1] ? b : a)));
  // 5 mm under the chin's lowest point, so the triangles around the chin's tip stay in the face.
  const chin: [number, number, number] = [0, chinLow[1] - 0.05, at(landmarks.chin)[2]];
  const lobeL = at(mostMoved(lib, 'ears/l-ear-lobe-incr.target'));
  const lobeR = at(mostMoved(lib, 'ears/r-ear-lobe-incr.target'));
  const a = [lobeL[0] - chin[0], lobeL[1] - chin[1], lobeL[2] - chin[2]];
  const b = [lobeR[0] - chin[0], lobeR[1] - chin[1], lobeR[2] - chin[2]];
  const n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const sign = Math.sign((nose[0] - chin[0]) * n[0] + (nose[1] - chin[1]) * n[1] + (nose[2] - chin[2]) * n[2]);
  // Thirds of a face: chin to nose is about 0.4 of chin to hairline (nose tip sits a little above the nose base).
  const hairline = chin[1] + 2.5 * (nose[1] - chin[1]);
  // In front of the ears: the ear lobe's depth plus a little (the tragus), which also keeps the ears out.
  const earFront = Math.max(lobeL[2], lobeR[2]) + 0.15;
  const region = new Uint8Array(p.length / 3);
  for (let v = 0; v < region.length; v++) {
    const [x, y, z] = at(v);
    const above = sign * ((x - chin[0]) * n[0] + (y - chin[1]) * n[1] + (z - chin[2]) * n[2]) >= 0;
    if (above && y <= hairline && z >= earFront && Math.abs(x) < Math.abs(lobeL[0])) region[v] = 1;
  }
  return { landmarks, region };
}
