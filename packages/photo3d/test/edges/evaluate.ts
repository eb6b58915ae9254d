// Today's edges and fill vs the matte and textured fill, on one EdgeScene.
import { dilate, erode, threshold } from '../../src/masks.js';
import { holeFromMatte } from '../../src/matte/matte-masks.js';
import { resampleMap } from '../../src/sample.js';
import { refineMatte } from '../../src/matte/refine-matte.js';
import { fillImage, revealableBand, type FillMethod } from '../../src/fill/fill-image.js';
import type { EdgeScene } from './scenes.js';
import { colourBleed, edgeBand, matteErrors, meanAbsoluteError, ssim } from './metrics.js';

/** The part of the hole the measurement looks at: what default camera paths reveal (4 % of the long side). */
export const MEASURED_REVEAL = 0.04;

export interface MatteResult { alpha: Float32Array; colours: Float32Array; sad: number; mse: number; bleed: number }
export interface FillResult { rgb: Float32Array; mae: number; ssim: number }

const rgbOf = (data: ArrayLike<number>, n: number) => {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = data[4 * i + c];
  return out;
};

/** Today: the mask resampled to the photo, cut at 0.5 when drawn; the photo's own colours as the person's texture. */
export function matteToday(scene: EdgeScene): MatteResult {
  const n = scene.width * scene.height;
  const alpha = Float32Array.from(threshold(resampleMap(scene.mask, scene.maskWidth, scene.maskHeight, scene.width, scene.height)));
  return score(scene, alpha, rgbOf(scene.image, n));
}

export function matteRefined(scene: EdgeScene): MatteResult {
  const n = scene.width * scene.height;
  const matte = refineMatte({ data: scene.image, width: scene.width, height: scene.height }, scene.mask, scene.maskWidth, scene.maskHeight);
  return score(scene, matte.alpha, rgbOf(matte.foreground.data, n));
}

function score(scene: EdgeScene, alpha: Float32Array, colours: Float32Array): MatteResult {
  const band = edgeBand(scene.alpha, scene.width, scene.height);
  return { alpha, colours, ...matteErrors(alpha, scene.alpha, band), bleed: colourBleed(colours, scene.foreground, scene.background, scene.alpha, band) };
}

/** The background layer's hole as buildLayers makes it: the mask's person pixels at the photo's size, dilated 1 %. */
export function sceneHole(scene: EdgeScene): Uint8Array {
  const { width, height } = scene;
  const person = Float32Array.from(threshold(scene.mask));
  const dilation = Math.max(2, Math.round(0.01 * Math.max(width, height)));
  return dilate(threshold(resampleMap(person, scene.maskWidth, scene.maskHeight, width, height), 0.01), width, height, dilation);
}

/** The hole buildLayers cuts with the matte: what the matte covers, grown by a third of the 1 % margin. */
export function matteHole(scene: EdgeScene, matte: MatteResult): Uint8Array {
  const { width, height } = scene;
  return holeFromMatte(matte.alpha, width, height, Math.max(1, Math.round(Math.max(2, Math.round(0.01 * Math.max(width, height))) / 3)));
}

/**
 * The background layer as a camera move shows it: the ring from 4 % of the long side inside the true silhouette to
 * 1 % outside it (what is revealed behind the person, and what a too-wide hole overwrote beside it), scored against
 * the true background. Compares whole pipelines: their holes may differ.
 */
export function scoreBackgroundLayer(scene: EdgeScene, hole: Uint8Array, method: FillMethod): FillResult {
  const { width, height } = scene;
  const long = Math.max(width, height);
  const person = threshold(scene.alpha, 1e-6);
  const ring = dilate(person, width, height, Math.max(1, Math.round(0.01 * long)));
  const deep = erode(person, width, height, Math.round(MEASURED_REVEAL * long));
  const band = ring.map((v, i) => v & (1 - deep[i]));
  const rgb = rgbOf(fillImage({ data: scene.image, width, height }, hole, undefined, { method }).data, width * height);
  return { rgb, mae: meanAbsoluteError(rgb, scene.background, band), ssim: ssim(rgb, scene.background, width, height, band) };
}

export function fillScene(scene: EdgeScene, method: FillMethod): FillResult {
  const { width, height } = scene;
  const hole = sceneHole(scene);
  const filled = fillImage({ data: scene.image, width, height }, hole, undefined, { method });
  const rgb = rgbOf(filled.data, width * height);
  const band = revealableBand(hole, width, height, MEASURED_REVEAL * Math.max(width, height));
  return { rgb, mae: meanAbsoluteError(rgb, scene.background, band), ssim: ssim(rgb, scene.background, width, height, band) };
}
