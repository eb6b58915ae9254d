import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoAmplitude, buildLayers, CAMERA_PATHS, DEFAULT_REVEAL_THRESHOLD, MAX_AUTO_AMPLITUDE, revealedShare } from '../src/index.js';
import { bumpScene } from './fixtures.js';
import { sampleInput } from './sample-inputs.js';

test('auto amplitude: revealed-but-unfilled share under the threshold at auto, over it at 2× auto, for every path', async () => {
  const layers = await buildLayers(await sampleInput('official_portrait.jpg', 256));
  for (const path of CAMERA_PATHS) {
    const auto = autoAmplitude(layers, path);
    const atAuto = revealedShare(layers, { path, amplitude: auto });
    assert.ok(atAuto <= DEFAULT_REVEAL_THRESHOLD, `${path}: ${(100 * atAuto).toFixed(2)} % revealed at auto ${auto.toFixed(3)}`);
    if (auto >= MAX_AUTO_AMPLITUDE / 2) continue; // the cap, not the threshold, decided (zoom reveals little)
    const atTwice = revealedShare(layers, { path, amplitude: 2 * auto });
    assert.ok(atTwice > DEFAULT_REVEAL_THRESHOLD, `${path}: only ${(100 * atTwice).toFixed(2)} % revealed at 2 × auto ${auto.toFixed(3)}`);
    assert.ok(auto > 0.005, `${path}: auto ${auto} leaves no motion`);
  }
  // A stricter threshold gives a smaller motion.
  assert.ok(autoAmplitude(layers, 'circle', { threshold: 0.005 }) < autoAmplitude(layers, 'circle'));
});

test('a still camera reveals nothing; more motion reveals more', async () => {
  const layers = await buildLayers(bumpScene(96, 96));
  const shares = [0, 0.05, 0.1, 0.2].map((amplitude) => revealedShare(layers, { path: 'swing', amplitude }));
  assert.ok(shares[0] < 0.002, `${shares[0]} revealed by a still camera`);
  for (let k = 1; k < shares.length; k++) assert.ok(shares[k] > shares[k - 1], `shares ${shares.join(' < ')}`);
});

test('bad threshold or path names the problem', async () => {
  const layers = await buildLayers(bumpScene(32, 32));
  assert.throws(() => autoAmplitude(layers, 'circle', { threshold: 0 }), /share of the frame between 0 and 1, got 0/);
  assert.throws(() => autoAmplitude(layers, 'spiral' as 'circle'), /Unknown camera path 'spiral'/);
});
