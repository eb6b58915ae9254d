// The person's skeleton, head/shoulder pose, camera and smooth normals: the same for the WebGL page and the CPU
// renderer, so both draw the same person from the same place.
import * as THREE from 'three';
import type { IdentityMeta, ViewRequest, ViewLandmarks } from './protocol.ts';

export interface Skeleton {
  root: THREE.Group;
  bones: THREE.Bone[];
  byName: Map<string, THREE.Bone>;
}

/** Bones at their rest heads (no rotation), parented as in the rig. */
export function buildSkeleton(meta: IdentityMeta, boneHeads: Float32Array): Skeleton {
  const root = new THREE.Group();
  const bones = meta.bones.names.map(() => new THREE.Bone());
  meta.bones.parents.forEach((parent, i) => {
    const b = bones[i];
    b.name = meta.bones.names[i];
    const ph = parent >= 0 ? [boneHeads[3 * parent], boneHeads[3 * parent + 1], boneHeads[3 * parent + 2]] : [0, 0, 0];
    b.position.set(boneHeads[3 * i] - ph[0], boneHeads[3 * i + 1] - ph[1], boneHeads[3 * i + 2] - ph[2]);
    (parent >= 0 ? bones[parent] : root).add(b);
  });
  root.updateMatrixWorld(true);
  return { root, bones, byName: new Map(bones.map((b) => [b.name, b])) };
}

const deg = THREE.MathUtils.degToRad;

/** Head turn spread over the neck (fractions sum to 1), clavicles, arms (lowered, swung forward) and elbows. */
export function pose(s: Skeleton, v: ViewRequest): void {
  for (const b of s.bones) b.quaternion.identity();
  const share: [string, number][] = [['neck01', 0.25], ['neck02', 0.2], ['neck03', 0.2], ['head', 0.35]];
  for (const [name, f] of share) {
    s.byName.get(name)?.quaternion.setFromEuler(new THREE.Euler(deg(v.headPitchDeg * f), deg(v.headYawDeg * f), deg(v.headRollDeg * f), 'YXZ'));
  }
  for (const [side, i] of [['L', 0], ['R', 1]] as const) {
    const arm = s.byName.get(`upperarm01.${side}`);
    const clav = s.byName.get(`clavicle.${side}`);
    if (!arm || !clav) continue;
    const sign = Math.sign(arm.getWorldPosition(new THREE.Vector3()).x) || 1;
    clav.quaternion.setFromEuler(new THREE.Euler(0, 0, deg(v.shoulderDeg[i]) * sign));
    // Lowered in the frontal plane first (z), then swung forward about the shoulders' axis (x; forward is −x).
    arm.quaternion.setFromEuler(new THREE.Euler(-deg(v.armsForwardDeg[i]), 0, -deg(v.armsDownDeg[i]) * sign, 'XYZ'));
    const elbow = s.byName.get(`lowerarm01.${side}`);
    const twist = v.armsTwistDeg?.[i] ?? 0;
    if (!elbow?.parent || (v.elbowDeg[i] === 0 && twist === 0)) continue;
    s.root.updateMatrixWorld(true);
    const dir = elbow.getWorldPosition(new THREE.Vector3()).sub(arm.getWorldPosition(new THREE.Vector3())).normalize();
    // The humerus turns inwards about its own length (positive = the hand towards the body's midline), carrying
    // the forearm and hand with it, as when arms fold across the chest.
    const inward = new THREE.Quaternion().setFromAxisAngle(dir, deg(twist) * sign);
    if (twist !== 0) rotateInWorld(arm, inward);
    if (v.elbowDeg[i] === 0) continue;
    s.root.updateMatrixWorld(true);
    // The elbow hinges about the axis across the upper arm and the facing direction, so the hand comes forward
    // whether the arm hangs, points sideways or is raised; the humerus' turn turns the hinge with it.
    const axis = new THREE.Vector3().crossVectors(dir, new THREE.Vector3(0, 0, 1)).normalize().applyQuaternion(inward);
    const parent = elbow.parent.getWorldQuaternion(new THREE.Quaternion());
    const bend = new THREE.Quaternion().setFromAxisAngle(axis, deg(v.elbowDeg[i]));
    elbow.quaternion.copy(parent.clone().invert().multiply(bend).multiply(parent));
  }
  s.root.updateMatrixWorld(true);
}

/** Applies a rotation given in world space to a bone's local rotation. */
function rotateInWorld(bone: THREE.Object3D, world: THREE.Quaternion): void {
  const parent = bone.parent!.getWorldQuaternion(new THREE.Quaternion());
  bone.quaternion.premultiply(parent.clone().invert().multiply(world).multiply(parent));
}

export function aim(camera: THREE.PerspectiveCamera, v: ViewRequest, width: number, height: number): void {
  camera.fov = v.camera.fovYDeg;
  camera.aspect = width / height;
  camera.near = 0.05;
  camera.far = 100;
  camera.updateProjectionMatrix();
  camera.position.set(...v.camera.position);
  camera.up.set(0, 1, 0);
  camera.lookAt(...v.camera.target);
  camera.rotateZ(deg(v.camera.rollDeg));
  camera.updateMatrixWorld(true);
}

/** Column/row (top-left origin, pixel centres at +0.5) and camera depth of world points, by landmark name. */
export function projectLandmarks(camera: THREE.PerspectiveCamera, points: Record<string, THREE.Vector3>, width: number, height: number): ViewLandmarks {
  const out: ViewLandmarks = {};
  for (const [name, world] of Object.entries(points)) {
    const z = -world.clone().applyMatrix4(camera.matrixWorldInverse).z;
    const ndc = world.clone().project(camera);
    out[name] = [((ndc.x + 1) / 2) * width, ((1 - ndc.y) / 2) * height, z];
  }
  return out;
}

/**
 * Per source vertex: the normalised sum of the face normals around it over the source topology, so UV seams
 * (split render vertices) stay smooth. `index` holds render vertices; `sourceIndex` maps them to source vertices.
 */
export function sourceNormals(source: Float32Array, sourceIndex: Uint32Array, index: Uint32Array): Float32Array {
  const sn = new Float32Array(source.length);
  for (let t = 0; t < index.length; t += 3) {
    const a = sourceIndex[index[t]] * 3, b = sourceIndex[index[t + 1]] * 3, c = sourceIndex[index[t + 2]] * 3;
    const e1x = source[b] - source[a], e1y = source[b + 1] - source[a + 1], e1z = source[b + 2] - source[a + 2];
    const e2x = source[c] - source[a], e2y = source[c + 1] - source[a + 1], e2z = source[c + 2] - source[a + 2];
    const nx = e1y * e2z - e1z * e2y, ny = e1z * e2x - e1x * e2z, nz = e1x * e2y - e1y * e2x;
    sn[a] += nx; sn[a + 1] += ny; sn[a + 2] += nz;
    sn[b] += nx; sn[b + 1] += ny; sn[b + 2] += nz;
    sn[c] += nx; sn[c + 1] += ny; sn[c + 2] += nz;
  }
  for (let s = 0; s < sn.length; s += 3) {
    const l = Math.hypot(sn[s], sn[s + 1], sn[s + 2]) || 1;
    sn[s] /= l; sn[s + 1] /= l; sn[s + 2] /= l;
  }
  return sn;
}
