// The software renderer in Node: three.js's camera, exact loops, depth order, backgrounds, speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerspectiveCamera, Vector3 } from 'three';
import { buildLayers, CAMERA_PATHS, pathPose, SoftRenderer, viewFrustum, type Photo3DLayers } from '../src/index.js';
import { projectionFor } from '../src/soft/projection.js';
import { bumpScene } from './fixtures.js';

const scene = bumpScene(96, 128);
const layersPromise = buildLayers(scene);

function renderer(layers: Photo3DLayers, width = 96, height = 128, antialias = true): SoftRenderer {
  const r = new SoftRenderer({ width, height, antialias });
  r.setLayers(layers);
  return r;
}

test('projects vertices exactly where three.js\'s camera (as Photo3DRenderer sets it up) puts them', async () => {
  const layers = await layersPromise;
  for (const path of CAMERA_PATHS) {
    for (const [width, height] of [[96, 128], [200, 100]]) {
      const pose = pathPose(layers, { path, offset: { x: 0.7, y: -0.4 } }, 0.37);
      const view = viewFrustum(layers, pose, { path }, true, width, height);
      const camera = new PerspectiveCamera(view.fovDegrees, view.aspect, view.near, view.far);
      camera.position.set(...view.position);
      camera.lookAt(...view.target);
      camera.updateMatrixWorld();
      const mine = projectionFor(view, width, height);
      const p = layers.foreground.positions;
      for (let i = 0; i < p.length; i += 3 * 97) {
        const ndc = new Vector3(p[i], p[i + 1], p[i + 2]).project(camera);
        const d = [p[i] - mine.eye[0], p[i + 1] - mine.eye[1], p[i + 2] - mine.eye[2]];
        const dot = (axis: number[]): number => axis[0] * d[0] + axis[1] * d[1] + axis[2] * d[2];
        const w = -dot(mine.back);
        const x = width / 2 + (dot(mine.right) / w) * mine.scaleX;
        const y = height / 2 - (dot(mine.up) / w) * mine.scaleY;
        const z = mine.depthA + mine.depthB / w;
        assert.ok(Math.abs(x - ((ndc.x + 1) / 2) * width) < 1e-6, `${path} x`);
        assert.ok(Math.abs(y - ((1 - ndc.y) / 2) * height) < 1e-6, `${path} y`);
        assert.ok(Math.abs(z - (ndc.z + 1) / 2) < 1e-9, `${path} depth`);
      }
    }
  }
});

test('loops close: the frame at phase 1 is the frame at phase 0, byte for byte; a quarter loop later differs', async () => {
  const r = renderer(await layersPromise);
  for (const path of ['circle', 'swing', 'zoom', 'dolly'] as const) {
    r.path = { path };
    r.render(0);
    const first = r.readPixels();
    r.render(1);
    assert.deepEqual(r.readPixels(), first, `${path}: frame N = frame 0`);
    // Swing passes its start again at half a loop; a quarter is the farthest point of every path but zoom/dolly's.
    r.render(path === 'zoom' || path === 'dolly' ? 0.5 : 0.25);
    const later = r.readPixels();
    let changed = 0;
    for (let i = 0; i < later.length; i++) if (later[i] !== first[i]) changed++;
    assert.ok(changed > later.length * 0.05, `${path}: later in the loop only ${changed} bytes changed`);
  }
});

test('depth order: the near person occludes the background layer, whose hole is inpainted', async () => {
  const layers = await layersPromise;
  const r = renderer(layers, 96, 128, false);
  r.render(0);
  const px = r.readPixels();
  const at = (x: number, y: number): number[] => [...px.subarray(4 * (y * 96 + x), 4 * (y * 96 + x) + 4)];
  // The bump's centre shows the person's warm checkerboard, not the cool inpainted layer right behind it.
  const centre = at(Math.round(scene.cx), Math.round(scene.cy));
  assert.ok(centre[0] > 200 && centre[2] < 160, `centre pixel ${centre}`);
  const bgCentre = layers.backgroundImage.data;
  const i = 4 * (Math.round(scene.cy) * 96 + Math.round(scene.cx));
  assert.ok(bgCentre[i + 2] > bgCentre[i], 'the layer behind the person is background-coloured there');
  // A corner shows the background layer.
  const corner = at(2, 2);
  assert.ok(corner[2] > corner[0], `corner pixel ${corner}`);
  assert.equal(corner[3], 255);
});

test('backgrounds: transparent leaves alpha 0 around the person; a colour fills it; unknown colours are named', async () => {
  const r = renderer(await layersPromise, 96, 128, false);
  r.setBackground('transparent');
  r.render(0.2);
  let px = r.readPixels();
  assert.deepEqual([...px.subarray(0, 4)], [0, 0, 0, 0]);
  const c = 4 * (Math.round(scene.cy) * 96 + Math.round(scene.cx));
  assert.equal(px[c + 3], 255);
  r.setBackground('#ff00ff');
  r.render(0.2);
  px = r.readPixels();
  assert.deepEqual([...px.subarray(0, 4)], [255, 0, 255, 255]);
  r.setBackground('rgb(1, 2, 3)');
  r.render(0.2);
  assert.deepEqual([...r.readPixels().subarray(0, 4)], [1, 2, 3, 255]);
  assert.throws(() => r.setBackground('rebeccapurple'), /'rebeccapurple' is not understood.*#rrggbb/);
});

test('antialias: 2×2 supersampling softens the silhouette (more in-between colours) without moving it', async () => {
  const layers = await layersPromise;
  const [sharp, smooth] = [false, true].map((aa) => {
    const r = renderer(layers, 96, 128, aa);
    r.setBackground('#000000');
    r.render(0.1);
    return r.readPixels();
  });
  let partialSharp = 0;
  let partialSmooth = 0;
  let diff = 0;
  for (let i = 0; i < sharp.length; i += 4) {
    diff += Math.abs(sharp[i] - smooth[i]);
    // Silhouette pixels: neither black (background) nor person-bright.
    if (sharp[i] > 20 && sharp[i] < 180) partialSharp++;
    if (smooth[i] > 20 && smooth[i] < 180) partialSmooth++;
  }
  assert.ok(partialSmooth > 1.5 * partialSharp, `edge pixels: ${partialSmooth} with vs ${partialSharp} without`);
  assert.ok(diff / (sharp.length / 4) < 12, 'same picture otherwise');
});

test('sizes: any output size, bad sizes are named; rendering before setLayers says what to call', () => {
  assert.throws(() => new SoftRenderer({ width: 0, height: 10 }), /positive whole pixels, got 0×10/);
  const r = new SoftRenderer({ width: 31, height: 17 });
  assert.throws(() => r.render(0), /call setLayers\(await buildLayers\(input\)\) first/);
  assert.equal(r.readPixels().length, 31 * 17 * 4);
});

test('speed: a 512×512 frame of the default mesh of a 512-px photo (printed, not asserted: the machine is shared)', async () => {
  const layers = await buildLayers(bumpScene(512, 512));
  for (const antialias of [false, true]) {
    const r = renderer(layers, 512, 512, antialias);
    const out = new Uint8Array(512 * 512 * 4);
    for (let i = 0; i < 3; i++) r.render(i / 10);
    const frames = 20;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) {
      r.render(i / frames);
      r.readPixels(out);
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(`# 512×512, ${layers.foreground.indices.length / 3} person triangles, antialias ${antialias}: ` +
      `${((performance.now() - t0) / frames).toFixed(1)} ms/frame wall, ${((cpu.user + cpu.system) / 1000 / frames).toFixed(1)} ms CPU`);
  }
});
