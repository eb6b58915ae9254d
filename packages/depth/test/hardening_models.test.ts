// Issue 16: crafted or broken model files, failing loads, and custom models with out-of-range outputs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { depthFixturePath, sample } from './fixtures.ts';
import { fileHandler } from '../src/node/file_handler.ts';
import { scratchDir } from '../../../test-support/temp.ts';

// Read when the package loads: an unresponsive server then fails in 1.5 s instead of the default 60 s.
process.env.RELIEF_MODEL_TIMEOUT_MS = '1500';
const { createEstimator, SupportedModels } = await import('@relief/depth');

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };
const fixture = depthFixturePath();
const fixtureJson = JSON.parse(readFileSync(fixture, 'utf8')) as { weightsManifest: { paths: string[] }[] };
const shard = join(fixture, '..', fixtureJson.weightsManifest[0]!.paths[0]!);

/** The fixture's model.json in a fresh folder with its manifest's paths replaced; returns the new model.json. */
function craftedModel(paths: string[], prepare: (dir: string) => void = () => {}): string {
  const dir = scratchDir('relief-crafted-');
  prepare(dir);
  const json = structuredClone(fixtureJson);
  json.weightsManifest[0]!.paths = paths;
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  return join(dir, 'model.json');
}

const load = (depthModelUrl: string) => createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl, warmup: false });

describe('hardening: model files (issue 16)', () => {
  let pixels: Buffer;
  before(async () => {
    assert.ok(await tf.setBackend('wasm'));
    pixels = await sharp(sample('official_portrait.jpg')).resize(192, 256, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  });

  // Defect 12: weight paths were not confined, devices and FIFOs were read without bound, duplicates re-read.
  it('refuses weight paths outside the model folder, devices, FIFOs, duplicates and oversize shards, quickly', async () => {
    const outside = join(fixture, '..', 'outside.bin');
    copyFileSync(shard, outside);
    const t0 = performance.now();
    await assert.rejects(load(craftedModel(['../' + basename(outside)])), /points outside the model's folder/);
    await assert.rejects(load(craftedModel([outside])), /points outside the model's folder/);
    await assert.rejects(load(craftedModel(['/dev/zero'])), /points outside the model's folder/);
    await assert.rejects(load(craftedModel(['zero.bin'], (d) => symlinkSync('/dev/zero', join(d, 'zero.bin')))), /zero\.bin is not a regular file/);
    await assert.rejects(load(craftedModel(['fifo.bin'], (d) => execFileSync('mkfifo', [join(d, 'fifo.bin')]))), /fifo\.bin is not a regular file/);
    await assert.rejects(load(craftedModel(Array(5000).fill('w.bin'), (d) => copyFileSync(shard, join(d, 'w.bin')))), /w\.bin is listed more than once/);
    await assert.rejects(load(craftedModel(['a.bin', 'b.bin'], (d) => {
      copyFileSync(shard, join(d, 'a.bin'));
      copyFileSync(shard, join(d, 'b.bin'));
    })), /hold \d+ bytes but its weights need \d+/);
    const fifoJson = scratchDir('relief-fifo-');
    execFileSync('mkfifo', [join(fifoJson, 'model.json')]);
    await assert.rejects(load(join(fifoJson, 'model.json')), /model\.json is not a regular file/);
    assert.ok(performance.now() - t0 < 5000, `took ${performance.now() - t0} ms`);
    // The same files, listed properly, still load.
    (await load(craftedModel(['w.bin'], (d) => copyFileSync(shard, join(d, 'w.bin'))))).dispose();
  });

  it('times out a server that never answers, with a message', async () => {
    const server: Server = createServer(() => {}); // accepts, never responds
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    try {
      const { port } = server.address() as { port: number };
      const t0 = performance.now();
      await assert.rejects(load(`http://127.0.0.1:${port}/model.json`), /did not finish loading within 1\.5 s/);
      assert.ok(performance.now() - t0 < 4000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  // Defect 13: corrupt weights failed at the first prediction with "conv2dDerInput: depth of input (-313284343)…".
  it('says the weights are corrupt when they do not fit the graph', async () => {
    const bundled = new URL('../models/depth/', import.meta.url);
    const shards: string[] = JSON.parse(readFileSync(new URL('model.json', bundled), 'utf8')).weightsManifest[0].paths;
    const model = craftedModel(shards, (d) => {
      for (const shard of shards) {
        const bytes = readFileSync(new URL(shard, bundled));
        for (let i = 0; i < bytes.length; i += 7) bytes[i] ^= 0x5a;
        writeFileSync(join(d, shard), bytes);
      }
    });
    writeFileSync(model, readFileSync(new URL('model.json', bundled)));
    await assert.rejects(load(model), /Could not load the depth model from .*model\.json: its weights do not fit its graph \(.*\); the weight files may be corrupt/);
  });

  // Defect 5: Promise.all kept the model that loaded when the other failed (64–138 tensors per failed call).
  it('frees the model that loaded when the other one fails', async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(createEstimator(SupportedModels.ARPortraitDepth, { segmentationModelUrl: '/nonexistent/model.json' }), /segmentation model.*file not found/);
    await assert.rejects(createEstimator(SupportedModels.ARPortraitDepth, { depthModelUrl: '/nonexistent/model.json' }), /depth model.*file not found/);
    assert.equal(tf.memory().numTensors, before);
  });

  // Defect 11: a custom segmentation model's output was used as the mask unclamped.
  it('clamps a custom segmentation model\'s output to [0, 1]', async () => {
    const raw = await loadGraphModel(fileHandler(fixture));
    const image = tf.tidy(() => tf.div(tf.tensor4d(new Uint8Array(pixels), [1, 256, 192, 3], 'int32'), 255));
    const out = raw.predict(image) as tf.Tensor;
    const [min, max] = [tf.min(out).dataSync()[0]!, tf.max(out).dataSync()[0]!];
    tf.dispose([out, image]);
    raw.dispose();
    assert.ok(min < 0 || max > 1, `the fixture must give values outside [0, 1] for this test to mean anything (${min}..${max})`);
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth, { segmentationModelUrl: fixture });
    const map = (await estimator.estimateDepth({ data: pixels, width: 192, height: 256 }, CONFIG))!;
    const mask = await map.mask.toFloat32Array();
    map.dispose();
    estimator.dispose();
    assert.ok(mask.every((p) => p >= 0 && p <= 1), `mask in ${Math.min(...mask)}..${Math.max(...mask)}`);
  });
});

