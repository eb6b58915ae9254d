import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, setWasmThreads, wasmThreads } from '@relief/depth';
import { sample } from './fixtures.ts';
import { REPO_ROOT } from '../../../test-support/paths.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

it('rejects thread counts that are not whole numbers from 1 to 64', () => {
  for (const bad of [0, -1, 1.5, NaN, 65]) {
    assert.throws(() => setWasmThreads(bad), /pass a whole number of threads from 1 to 64/);
  }
});

it('runs the WASM backend on 2 threads in Node, with the same depth as the CPU backend, and says when it is too late to change', async () => {
  setWasmThreads(2);
  assert.equal(wasmThreads(), null, 'nothing has started yet');
  const depthOn = async (backend: string) => {
    assert.ok(await tf.setBackend(backend));
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const map = (await estimator.estimateDepth(sample('official_portrait.jpg'), CONFIG))!;
    const values = await map.toFloat32Array();
    map.dispose();
    estimator.dispose();
    return values;
  };
  const threaded = await depthOn('wasm');
  assert.equal(wasmThreads(), 2);
  const numTensors = tf.memory().numTensors;
  const reference = await depthOn('cpu');
  let maxDiff = 0;
  for (let i = 0; i < reference.length; i++) maxDiff = Math.max(maxDiff, Math.abs(reference[i]! - threaded[i]!));
  assert.ok(maxDiff < 1e-3, `max difference to the CPU backend ${maxDiff}`);
  assert.equal(tf.memory().numTensors, numTensors);
  assert.throws(() => setWasmThreads(1), /already runs 2 thread\(s\): call setWasmThreads\(1\) before the backend starts/);
  setWasmThreads(2); // the same count is fine
});

it('lets a Node process that used the threaded backend exit on its own', () => {
  const script = `
    import { createEstimator, SupportedModels, wasmThreads } from '@relief/depth';
    const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    const map = await estimator.estimateDepth({ data: new Uint8Array(64 * 48 * 3).fill(120), width: 64, height: 48 }, { minDepth: 0.2, maxDepth: 0.9 });
    await map.toFloat32Array();
    console.log('threads', wasmThreads());`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.signal, null, `the process did not exit by itself: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /threads [1-4]/);
});
