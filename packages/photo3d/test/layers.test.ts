import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, SoftRenderer } from '../src/index.js';

/** No mask: a near square (depth 1) in front of a far wall (depth 2), red on blue. */
function boxScene(size = 64) {
  const data = new Uint8ClampedArray(size * size * 4);
  const depth = new Float32Array(size * size);
  const inBox = (x: number, y: number): boolean => x >= 20 && x < 44 && y >= 20 && y < 44;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      depth[i] = inBox(x, y) ? 1 : 2;
      data.set(inBox(x, y) ? [220, 30, 30, 255] : [30, 60, 200, 255], 4 * i);
    }
  }
  return { image: { data, width: size, height: size }, depth, depthWidth: size, depthHeight: size, depthUnits: 'metres' as const, inBox };
}

test('whole-image depth (no mask): the surface tears at the box edge; behind its edge the wall continues, inpainted', async () => {
  const scene = boxScene();
  const layers = await buildLayers(scene, { resolution: 33 });
  // Foreground: no triangle joins the box (z=1) to the wall (z=2); torn ones became flaps on either side (whose
  // vertices may still differ where the grid samples the blurred step between them).
  const { positions, indices } = layers.foreground;
  for (let t = 0; t < indices.length; t += 3) {
    const z = [0, 1, 2].map((k) => -positions[3 * indices[t + k] + 2]);
    assert.ok(Math.max(...z) / Math.min(...z) - 1 < 0.5, `triangle spans depths ${z}`);
  }
  assert.ok(positions.length / 3 > 33 * 33, 'torn triangles became flaps (extra vertices)');
  // Background layer: along the box's inner border (a band as wide as default camera motion can uncover, 4 % of
  // the image) the wall's depth (2) and colour continue; the box's middle, which no motion uncovers, stays.
  const bg = layers.background;
  const depthAt = (u: number, v: number): number => {
    let best = Infinity;
    let depth = NaN;
    for (let k = 0; k < bg.positions.length / 3; k++) {
      const d = Math.hypot(bg.uvs[2 * k] * 64 - u, bg.uvs[2 * k + 1] * 64 - v);
      if (d < best) { best = d; depth = -bg.positions[3 * k + 2]; }
    }
    return depth;
  };
  assert.equal(depthAt(22, 32), 2, 'wall depth just inside the box edge');
  assert.equal(depthAt(32, 22), 2);
  assert.equal(depthAt(32, 32), 1, 'box centre not pushed back');
  const img = layers.backgroundImage.data;
  for (const [x, y] of [[20, 32], [21, 32], [22, 40], [32, 21], [43, 30]]) {
    const i = 4 * (y * 64 + x);
    assert.ok(img[i + 2] > img[i], `pixel ${x},${y} is ${img[i]},${img[i + 1]},${img[i + 2]}, not wall blue`);
  }
  assert.equal(layers.focusDepth, 2);
  assert.equal(layers.depthUnits, 'metres');
});

/** A person (mask) whose hand (depth 1.3) is held in front of the chest (depth 2), skin on a grey shirt. */
function handScene(size = 96) {
  const data = new Uint8ClampedArray(size * size * 4);
  const depth = new Float32Array(size * size).fill(6);
  const mask = new Float32Array(size * size);
  const inBody = (x: number, y: number): boolean => x >= 16 && x < 80 && y >= 12;
  const inHand = (x: number, y: number): boolean => Math.hypot(x - 48, y - 56) < 14;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      if (inBody(x, y)) {
        mask[i] = 1;
        depth[i] = inHand(x, y) ? 1.3 : 2;
      }
      data.set(inHand(x, y) ? [230, 180, 150, 255] : inBody(x, y) ? [120, 120, 120, 255] : [30, 60, 200, 255], 4 * i);
    }
  }
  return { image: { data, width: size, height: size }, depth, depthWidth: size, depthHeight: size, mask, depthUnits: 'metres' as const };
}

test('a tear inside the person opens onto the person\'s own far side, never onto the background layer', async () => {
  const scene = handScene();
  const failures: string[] = [];
  for (let resolution = 17; resolution <= 97; resolution += 8) {
    const layers = await buildLayers(scene, { resolution, inpaint: false });
    const r = new SoftRenderer({ width: 96, height: 96, antialias: false });
    r.setLayers(layers);
    r.setBackground('#ff00ff'); // the background layer hidden: magenta is wherever the person mesh is missing
    for (const [path, t] of [['swing', 0.25], ['swing', 0.75], ['circle', 0], ['circle', 0.25]] as const) {
      r.path = { path };
      r.render(t);
      const px = r.readPixels();
      let holes = 0;
      // The chest around the hand, well inside the body's outline.
      for (let y = 36; y < 78; y++) {
        for (let x = 26; x < 70; x++) {
          const i = 4 * (y * 96 + x);
          if (px[i] === 255 && px[i + 1] === 0 && px[i + 2] === 255) holes++;
        }
      }
      if (holes) failures.push(`resolution ${resolution}, ${path} at t=${t}: ${holes} background pixels show through the chest`);
    }
  }
  assert.deepEqual(failures, []);
});
