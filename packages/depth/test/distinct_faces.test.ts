// One face meshed twice (two detections kept apart by non-maximum suppression, both leading the mesh onto it) must
// reach the prior and DepthMap.faces once; faces side by side, or one partly over another, stay separate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctFaces } from '../src/priors/face_prior.ts';
import type { FaceMesh } from '../src/priors/face_landmarks.ts';

/** A stand-in mesh: landmarks spread over the box [x, x + w] × [y, y + h]. */
function mesh(x: number, y: number, w: number, h: number, score: number): FaceMesh {
  const landmarks: [number, number, number][] = [];
  for (let i = 0; i <= 4; i++) for (let j = 0; j <= 4; j++) landmarks.push([x + (w * i) / 4, y + (h * j) / 4, 0]);
  return { landmarks, score, region: { x: x + w / 2, y: y + h / 2, size: w, angle: 0 } };
}

test('a face meshed twice, shifted by a third of its width, is kept once: the more confident mesh', () => {
  // The held-out render that showed it: boxes 99–241 and 148–316 px wide, scores 1.00 and 0.84.
  const first = mesh(99, 84, 142, 162, 0.84);
  const second = mesh(148, 79, 168, 169, 1.0);
  assert.deepEqual(distinctFaces([first, second]), [second]);
});

test('separate faces are all kept, most confident first, even when one overlaps the other a little', () => {
  const a = mesh(0, 0, 100, 120, 0.9);
  const b = mesh(150, 10, 90, 110, 0.95);
  const c = mesh(70, 20, 100, 120, 0.7); // shares a quarter of its box with a: two heads side by side
  assert.deepEqual(distinctFaces([a, b, c]), [b, a, c]);
  assert.deepEqual(distinctFaces([]), []);
});
