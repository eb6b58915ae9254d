// Where the CPU renderer puts a held object: in front of the hand's centre, moved out until no body vertex is
// inside it, and left out when it would sit at the lens. A toy rig: a spine, a forearm and a hand, one "belly" wall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as THREE from 'three';
import type { HeldObject } from '../src/model/heldObject.ts';
import { placeHeldObject } from '../src/render/cpu/heldObject.ts';
import type { LivePart } from '../src/render/cpu/renderer.ts';
import type { IdentityMeta } from '../src/render/protocol.ts';
import { buildSkeleton } from '../src/render/rig.ts';

const meta = { parts: [], landmarks: {}, bones: { names: ['root', 'spine03', 'lowerarm01.L', 'wrist.L'], parents: [-1, 0, 1, 2] } } as IdentityMeta;
const skeleton = buildSkeleton(meta, Float32Array.from([0, 0, 0, 0, 0.5, 0, 0.2, 0.6, 0.1, 0.2, 0.5, 0.25]));

/** Hand vertices (wrist bone) around (0.2, 0.5, 0.3), and a wall of torso vertices (spine bone) at z = wallZ. */
function body(wallZ: number): LivePart {
  const pts: [number, number, number, number][] = [];
  for (const dx of [-0.02, 0.02]) for (const dy of [-0.02, 0.02]) pts.push([0.2 + dx, 0.5 + dy, 0.3, 3]);
  for (let x = 0.1; x <= 0.3; x += 0.01) for (let y = 0.4; y <= 0.6; y += 0.01) pts.push([x, y, wallZ, 1]);
  const world = Float32Array.from(pts.flatMap(([x, y, z]) => [x, y, z]));
  const skinIndex = Uint16Array.from(pts.flatMap(([, , , b]) => [b, 0, 0, 0]));
  const skinWeight = Float32Array.from(pts.flatMap(() => [1, 0, 0, 0]));
  return { world, geo: { skinIndex, skinWeight } } as unknown as LivePart;
}

const ball: HeldObject = {
  kind: 'ball', hand: 0, size: [0.2, 0.2, 0.2], grip: 0.8, gripAngleDeg: 0, yawDeg: 0, tiltXDeg: 0, tiltZDeg: 0,
  primitives: [{ shape: 'ellipsoid', size: [0.2, 0.2, 0.2], offset: [0, 0, 0], colors: [[1, 0, 0], [0, 0, 1]], pattern: 'checks', frequency: 2, roughness: 0.5, textureSeed: 1 }],
};
const far = new THREE.Vector3(0.2, 0.5, 3);

test('the object sits in front of the hand, the hand gripping its side', () => {
  const p = placeHeldObject(ball, skeleton, [body(0)], far);
  assert.ok(p);
  assert.equal(p.pushedM, 0);
  // Forward (+z) by grip × radius from the hand's centre.
  assert.ok(p.palm.distanceTo(new THREE.Vector3(0.2, 0.5, 0.3)) < 1e-6);
  assert.ok(p.center.distanceTo(new THREE.Vector3(0.2, 0.5, 0.38)) < 1e-6, `centre ${p.center.toArray()}`);
  assert.ok(p.parts.length === 1 && p.parts[0].world.length > 0);
  // Its surface reaches back past the hand's centre: it is held, not floating.
  let back = Infinity;
  for (let i = 2; i < p.parts[0].world.length; i += 3) back = Math.min(back, p.parts[0].world[i]);
  assert.ok(back < 0.3, `nearest-to-body surface at z ${back}`);
});

test('an object that would cut into the body is moved out until no body vertex is inside it', () => {
  const wall = body(0.33);
  const p = placeHeldObject(ball, skeleton, [wall], far);
  assert.ok(p);
  assert.ok(p.pushedM > 0.04 && p.pushedM < 0.08, `pushed ${p.pushedM} m`);
  for (let i = 0; i < wall.world.length; i += 3) {
    const v = new THREE.Vector3(wall.world[i], wall.world[i + 1], wall.world[i + 2]);
    const isHand = wall.geo.skinIndex[(4 * i) / 3] === 3;
    if (!isHand) assert.ok(v.distanceTo(p.center) >= 0.1, `body vertex ${v.toArray()} inside the object`);
  }
});

test('an object is left out when it cannot clear the body or would sit at the lens', () => {
  assert.equal(placeHeldObject(ball, skeleton, [body(0.33)], new THREE.Vector3(0.2, 0.5, 0.6)), null);
  // A wall that the object cannot clear within 30 cm: every vertex of a deep block in front of the hand.
  const block = body(0.33);
  const deep: number[] = [];
  for (let z = 0.31; z < 0.9; z += 0.02) for (let x = 0.1; x <= 0.3; x += 0.02) deep.push(x, 0.5, z);
  const world = Float32Array.from([...block.world, ...deep]);
  const n = world.length / 3;
  const skinIndex = Uint16Array.from({ length: 4 * n }, (_, k) => (k % 4 === 0 ? (k / 4 < 4 ? 3 : 1) : 0));
  const skinWeight = Float32Array.from({ length: 4 * n }, (_, k) => (k % 4 === 0 ? 1 : 0));
  assert.equal(placeHeldObject(ball, skeleton, [{ world, geo: { skinIndex, skinWeight } } as unknown as LivePart], far), null);
});
