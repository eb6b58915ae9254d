// The software renderer against the WebGL one (three.js on SwiftShader in Chromium): same layers, same camera
// pose, same output size — the frames must agree closely, silhouettes included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { meanAbsDiff } from '../../../test-support/media.ts';
import { buildLayers, SoftRenderer, type CameraPathKind, type Photo3DInput } from '../src/index.js';
import { openTestPage } from './browser-server.ts';
import { bumpScene, bumpSceneWithoutMask } from './fixtures.ts';

let opened: Awaited<ReturnType<typeof openTestPage>>;
let page: Page;

before(async () => {
  opened = await openTestPage();
  page = opened.page;
});

after(async () => {
  await opened?.close();
});

interface Case {
  name: string;
  /** 'bump' (person mask) or 'wall' (whole-image depth, no mask). */
  scene: 'bump' | 'wall';
  photo: [number, number];
  output: [number, number];
  path: CameraPathKind;
  amplitude: number;
  phase: number;
  /** Draw this pose instead of the path's (renderPose). */
  pose?: { position: [number, number, number]; target: [number, number, number]; fovDegrees: number };
}

const CASES: Case[] = [
  // Photo magnified 2× (bilinear), portrait output.
  { name: 'person, circle, magnified', scene: 'bump', photo: [96, 128], output: [192, 256], path: 'circle', amplitude: 0.08, phase: 0.3 },
  // Landscape photo on a square output: cropped to cover, photo minified ~2× (mipmaps).
  { name: 'person, swing, other aspect, minified', scene: 'bump', photo: [256, 192], output: [112, 112], path: 'swing', amplitude: 0.06, phase: 0.25 },
  // No mask: the torn surface over its pushed-back copy (polygon offset decides the coplanar parts).
  { name: 'whole-image depth, zoom', scene: 'wall', photo: [128, 96], output: [160, 160], path: 'zoom', amplitude: 0.12, phase: 0.5 },
  // The camera 0.03 from the bump's tip (depth 0.75), closer than the near plane: the tip is clipped away and the
  // wide view shows the cut rim with the background through the hole.
  { name: 'camera inside the scene, near-plane clipping', scene: 'bump', photo: [96, 128], output: [128, 128], path: 'circle', amplitude: 0.04, phase: 0,
    pose: { position: [0.02, 0.04, -0.72], target: [0, 0, -2], fovDegrees: 110 } },
];

function scene(c: Case): Photo3DInput {
  return c.scene === 'bump' ? bumpScene(...c.photo) : bumpSceneWithoutMask(...c.photo);
}

/** Frames from Chromium's WebGL renderer (MSAA on, as the CLI's Chromium path and the web app draw). */
async function webglFrames(c: Case): Promise<{ layer: Uint8Array; transparent: Uint8Array }> {
  const b64 = await page.evaluate(`(async () => {
    const p = window.photo3d;
    const c = ${JSON.stringify(c)};
    const input = c.scene === 'bump' ? window.bumpScene(...c.photo) : window.bumpSceneWithoutMask(...c.photo);
    const layers = await p.buildLayers(input);
    const r = new p.Photo3DRenderer({ width: c.output[0], height: c.output[1] });
    r.setLayers(layers);
    r.path = { path: c.path, amplitude: c.amplitude };
    const b64 = (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s); };
    const draw = () => (c.pose ? r.renderPose(c.pose) : r.render(c.phase));
    draw(); const layer = b64(r.readPixels());
    r.setBackground('transparent'); draw(); const transparent = b64(r.readPixels());
    r.dispose();
    return { layer, transparent };
  })()`) as { layer: string; transparent: string };
  return { layer: Buffer.from(b64.layer, 'base64'), transparent: Buffer.from(b64.transparent, 'base64') };
}

async function softFrames(c: Case): Promise<{ layer: Uint8Array; transparent: Uint8Array }> {
  const r = new SoftRenderer({ width: c.output[0], height: c.output[1] });
  r.setLayers(await buildLayers(scene(c)));
  r.path = { path: c.path, amplitude: c.amplitude };
  const draw = (): void => (c.pose ? r.renderPose(c.pose) : r.render(c.phase));
  draw();
  const layer = r.readPixels();
  r.setBackground('transparent');
  draw();
  return { layer, transparent: r.readPixels() };
}

/** Intersection over union of the drawn (alpha ≥ 128) pixels. */
function silhouetteOverlap(a: Uint8Array, b: Uint8Array): { iou: number; drawn: number } {
  let both = 0;
  let either = 0;
  for (let i = 3; i < a.length; i += 4) {
    const x = a[i] >= 128;
    const y = b[i] >= 128;
    if (x && y) both++;
    if (x || y) either++;
  }
  return { iou: both / either, drawn: either / (a.length / 4) };
}

for (const c of CASES) {
  test(`software frame matches WebGL: ${c.name}`, async () => {
    const [gl, soft] = await Promise.all([webglFrames(c), softFrames(c)]);
    const diff = meanAbsDiff(gl.layer, soft.layer, 4, 4);
    const { iou, drawn } = silhouetteOverlap(gl.transparent, soft.transparent);
    console.log(`# ${c.name}: mean |diff| ${diff.toFixed(2)}/255 per channel, silhouette IoU ${(100 * iou).toFixed(1)} % (${(100 * drawn).toFixed(0)} % of the frame)`);
    if (process.env.PHOTO3D_SHOTS) {
      const [w, h] = c.output;
      const side = new Uint8Array(w * 2 * h * 4);
      for (let y = 0; y < h; y++) {
        side.set(gl.layer.subarray(y * w * 4, (y + 1) * w * 4), y * w * 8);
        side.set(soft.layer.subarray(y * w * 4, (y + 1) * w * 4), y * w * 8 + w * 4);
      }
      writeFileSync(`${process.env.PHOTO3D_SHOTS}/soft-vs-webgl-${c.scene}-${c.path}-${2 * w}x${h}.rgba`, side);
    }
    // Not blank. A whole-image mesh is watertight (torn edges get flaps), so without a mask it may cover the frame.
    assert.ok(drawn > 0.1 && drawn <= 1, `foreground covers ${drawn} of the frame`);
    assert.ok(diff < 6, `mean absolute difference ${diff.toFixed(2)}/255 per channel`);
    assert.ok(iou >= 0.97, `silhouettes overlap ${(100 * iou).toFixed(1)} %`);
  });
}

test('a WebGL frame of another pose differs far more than the software frame of the same pose (the check discriminates)', async () => {
  const c = CASES[0];
  const [gl, soft] = await Promise.all([webglFrames({ ...c, phase: c.phase + 0.5 }), softFrames(c)]);
  assert.ok(meanAbsDiff(gl.layer, soft.layer, 4, 4) > 6, 'half a loop apart should not pass as the same frame');
  assert.ok(silhouetteOverlap(gl.transparent, soft.transparent).iou < 0.97);
});
