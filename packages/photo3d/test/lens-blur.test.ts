import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, erode, dilate, lensBlurImage, lensBlurLayers, type RgbaImage } from '../src/index.js';
import { sampleInput } from './sample-inputs.js';

const SIZE = 160;

/**
 * A flat "person" (a disc at depth 1, orange/cream checks) in front of a far wall (blue stripes, clipped to 0 as the
 * Depth API gives): the person at the focus depth must stay sharp, the wall must blur.
 */
function portraitScene() {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  const depth = new Float32Array(SIZE * SIZE);
  const mask = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const inside = Math.hypot(x + 0.5 - SIZE / 2, y + 0.5 - SIZE * 0.55) < SIZE * 0.3;
      mask[i] = inside ? 1 : 0;
      depth[i] = inside ? 1 : 0;
      const check = ((x >> 2) + (y >> 2)) & 1;
      data.set(inside ? (check ? [240, 140, 60, 255] : [250, 215, 170, 255]) : ((x >> 1) & 1 ? [20, 60, 230, 255] : [140, 180, 255, 255]), 4 * i);
    }
  }
  return { image: { data, width: SIZE, height: SIZE }, depth, depthWidth: SIZE, depthHeight: SIZE, mask, depthUnits: 'raw' as const };
}

/** Mean |a − b| per channel (0…255) over the pixels where `where` is set. */
function meanDiff(a: RgbaImage, b: RgbaImage, where: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let p = 0; p < where.length; p++) {
    if (!where[p]) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[4 * p + c] - b.data[4 * p + c]);
    n += 3;
  }
  return sum / n;
}

/** Mean horizontal gradient over `where`: the stripes' contrast, gone when blurred. */
function detail(image: RgbaImage, where: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let p = 0; p < where.length; p++) {
    if (!where[p] || p % image.width === image.width - 1) continue;
    sum += Math.abs(image.data[4 * p + 2] - image.data[4 * (p + 1) + 2]);
    n++;
  }
  return sum / n;
}

function regions(mask: Float32Array, width: number, height: number) {
  const person = Uint8Array.from(mask, (v) => (v >= 0.5 ? 1 : 0));
  const inner = erode(person, width, height, 4);
  // The person's edge band: the outermost 3 px of the person, where a halo of background colour would show.
  const core = erode(person, width, height, 3);
  const band = person.map((v, i) => (v && !core[i] ? 1 : 0));
  const farFromPerson = dilate(person, width, height, 12).map((v) => 1 - v);
  return { person, inner, band, farFromPerson };
}

test('lens blur: the person at the focus depth stays sharp, the far background blurs, no background colour on the person\'s edge', async () => {
  const scene = portraitScene();
  const layers = await buildLayers(scene);
  const out = lensBlurImage(layers, { aperture: 0.06 });
  const { inner, band, farFromPerson } = regions(scene.mask, SIZE, SIZE);
  assert.ok(meanDiff(out, scene.image, inner) < 0.5, `in-focus person changed by ${meanDiff(out, scene.image, inner).toFixed(2)}/255`);
  const before = detail(scene.image, farFromPerson);
  const after = detail(out, farFromPerson);
  assert.ok(after < 0.2 * before, `background detail ${before.toFixed(1)} → ${after.toFixed(1)}: not blurred`);
  // Halo: the edge band keeps the photo's colours (here exact: the mask is hard) — a blur that ignores occlusion
  // pulls the blue wall into it.
  const edge = meanDiff(out, scene.image, band);
  assert.ok(edge < 1, `person edge changed by ${edge.toFixed(2)}/255 (background bleeding in)`);
  let blueShift = 0;
  let n = 0;
  for (let p = 0; p < band.length; p++) if (band[p]) { blueShift += out.data[4 * p + 2] - scene.image.data[4 * p + 2]; n++; }
  assert.ok(blueShift / n < 1, `edge band is ${(blueShift / n).toFixed(2)} bluer`);
});

test('lens blur focused on the background: the wall stays sharp and the person blurs over it', async () => {
  const scene = portraitScene();
  const layers = await buildLayers(scene);
  const out = lensBlurImage(layers, { aperture: 0.06, focus: { x: 0.02, y: 0.02 } });
  const { inner, farFromPerson } = regions(scene.mask, SIZE, SIZE);
  assert.ok(meanDiff(out, scene.image, farFromPerson) < 1, 'the in-focus wall is unchanged');
  assert.ok(detail(out, inner) < 0.5 * detail(scene.image, inner), 'the out-of-focus person is blurred');
});

test('aperture 0 changes nothing; the blurred layers keep their geometry; bad options name the range', async () => {
  const scene = portraitScene();
  const layers = await buildLayers(scene);
  assert.equal(lensBlurLayers(layers, { aperture: 0 }), layers);
  const blurred = await buildLayers(scene, { lensBlur: { aperture: 0.02 } });
  assert.deepEqual(blurred.foreground.positions, layers.foreground.positions);
  assert.notDeepEqual(blurred.backgroundImage.data, layers.backgroundImage.data);
  assert.throws(() => lensBlurLayers(layers, { aperture: 0.5 }), /aperture is a blur radius as a fraction of the photo's long side, from 0 to 0.1; got 0.5/);
  assert.throws(() => lensBlurLayers(layers, { focus: { x: 2, y: 0 } }), /focus point is a position in the photo from \(0, 0\)/);
});

/**
 * How far the edge band moved towards the (blurred) background's colour, as a share of the way: the projection of
 * out − photo onto background − photo. 0: no background colour came in (the band may still blur with the person's
 * own colours where the person is out of focus); 1: the band became background — a halo.
 */
function towardBackground(out: RgbaImage, photo: RgbaImage, background: RgbaImage, band: Uint8Array): number {
  let dot = 0;
  let norm = 0;
  for (let p = 0; p < band.length; p++) {
    if (!band[p]) continue;
    for (let c = 0; c < 3; c++) {
      const toBackground = background.data[4 * p + c] - photo.data[4 * p + c];
      dot += (out.data[4 * p + c] - photo.data[4 * p + c]) * toBackground;
      norm += toBackground * toBackground;
    }
  }
  return dot / norm;
}

test('on a real portrait (official_portrait.jpg), no background colour comes into the person\'s edge while the background blurs', async () => {
  const input = await sampleInput('official_portrait.jpg', 512);
  const layers = await buildLayers(input);
  const started = performance.now();
  const out = lensBlurImage(layers, { aperture: 0.02 });
  const ms = performance.now() - started;
  const { width, height } = input.image;
  const { band, farFromPerson } = regions(input.mask, width, height);
  const halo = towardBackground(out, input.image, lensBlurLayers(layers, { aperture: 0.02 }).backgroundImage, band);
  const edge = meanDiff(out, input.image, band);
  const background = meanDiff(out, input.image, farFromPerson);
  console.log(`# lens blur ${width}×${height}: ${ms.toFixed(0)} ms; edge band Δ ${edge.toFixed(2)}/255, ${(100 * halo).toFixed(1)} % of the way to the background colour; background Δ ${background.toFixed(2)}/255`);
  assert.ok(halo < 0.1, `the edge band moved ${(100 * halo).toFixed(1)} % of the way to the background colour`);
  assert.ok(background > edge, `background changed by only ${background.toFixed(2)}/255 (edge ${edge.toFixed(2)})`);
});
