// Smoke run of the whole training path: fake data → train (and resume) → export → TF.js agrees with PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModelFromDisk } from './graph-model-from-disk.ts';
import { PY_DIR, runPython } from './python.ts';

const TFJS_FAST_OPS = new Set(['Placeholder', 'Const', '_FusedConv2D', 'Conv2D', 'Conv2DBackpropInput', 'AddV2', 'Relu', 'Mul', 'Identity']);

function readF32(path: string): Float32Array {
  const buf = readFileSync(path);
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

async function predict(modelJson: string, input: Float32Array): Promise<{ shape: number[]; data: Float32Array }> {
  const model = await loadGraphModelFromDisk(modelJson);
  try {
    const x = tf.tensor4d(input, [1, 256, 192, 3]);
    const y = model.predict(x) as tf.Tensor;
    const data = (await y.data()) as Float32Array;
    const shape = y.shape;
    tf.dispose([x, y]);
    return { shape, data };
  } finally {
    model.dispose();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function std(a: Float32Array): number {
  let s = 0, s2 = 0;
  for (const v of a) { s += v; s2 += v * v; }
  return Math.sqrt(Math.max(0, s2 / a.length - (s / a.length) ** 2));
}

test('fake data → train → resume → export: TF.js output equals PyTorch to 1e-4 (float32 and float16)', async (t) => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'relief-train-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data');
  const run = join(dir, 'run');
  runPython([join(PY_DIR, 'fake_data.py'), data, '--count', '12', '--samples-per-shard', '5']);
  const common = [join(PY_DIR, 'train.py'), '--data', data, '--cache-dir', join(dir, 'cache'), '--run', run,
    '--batch', '4', '--val-count', '2', '--val-every', '100', '--log-every', '5', '--warmup', '2', '--lr', '5e-3'];
  runPython([...common, '--phases', '64x48:15', '--snapshot-every', '5', '--ema', '0.9']);
  assert.deepEqual(readdirSync(join(run, 'snapshots')).sort(),
    ['step-10-ema.pt', 'step-10.pt', 'step-15-ema.pt', 'step-15.pt', 'step-5-ema.pt', 'step-5.pt']);
  const resumed = runPython([...common, '--phases', '64x48:15,128x96:5', '--ema', '0.9']);
  assert.match(resumed, /resumed .*last\.pt at step 15/);
  assert.doesNotMatch(resumed, /holds no weight average/); // the average went on from last.pt
  assert.match(resumed, /finished at step 20\/20/);
  // The average is its own network: other weights than the last ones, BatchNorm re-estimated, loadable by the exporter.
  const compared = runPython(['-c', `import sys, torch; sys.path.insert(0, ${JSON.stringify(PY_DIR)})
from export_tfjs import load_model
a, b = (torch.load(${JSON.stringify(run)} + f, map_location='cpu') for f in ('/final.pt', '/final-ema.pt'))
load_model(${JSON.stringify(run)} + '/final-ema.pt', None)
print('ema-differs', max((a['model'][k].float() - b['model'][k].float()).abs().max().item() for k in a['model']) > 1e-6,
      'calibrated', 'bn_calibration' in b, b['step'])`]);
  assert.match(compared, /ema-differs True calibrated True 20/);
  const log = readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const steps = log.filter((e) => 'total' in e);
  assert.deepEqual(steps.map((e) => e.step), [5, 10, 15, 20]);
  assert.equal(steps.at(-1).res, '128x96');
  for (const e of steps) assert.ok(Number.isFinite(e.total) && e.total > 0, JSON.stringify(e));
  const vals = log.filter((e) => 'val' in e);
  assert.deepEqual(vals.map((e) => e.step), [15, 20]); // validation closes each run
  for (const e of vals) assert.ok(e.val.absrel >= 0 && e.val.delta1 >= 0 && e.val.delta1 <= 1, JSON.stringify(e));

  const f32 = join(dir, 'model32');
  const f16 = join(dir, 'model16');
  const ref = join(dir, 'ref');
  runPython([join(PY_DIR, 'export_tfjs.py'), '--checkpoint', join(run, 'final.pt'), '--out', f32, '--reference', ref]);
  runPython([join(PY_DIR, 'export_tfjs.py'), '--checkpoint', join(run, 'final.pt'), '--out', f16, '--fp16']);

  const json = JSON.parse(readFileSync(join(f32, 'model.json'), 'utf8'));
  assert.equal(json.format, 'graph-model');
  assert.deepEqual(Object.keys(json.signature.inputs), ['input_1:0']);
  assert.deepEqual(Object.keys(json.signature.outputs), ['Identity:0']);
  const ops = new Set<string>(json.modelTopology.node.map((n: { op: string }) => n.op));
  assert.deepEqual([...ops].filter((op) => !TFJS_FAST_OPS.has(op)), []);
  const fused = json.modelTopology.node.filter((n: { op: string }) => n.op === '_FusedConv2D');
  assert.ok(fused.length >= 20, `expected ≥20 fused convolutions, got ${fused.length}`);
  const shard = (d: string) => statSync(join(d, 'group1-shard1of1.bin')).size;
  assert.ok(Math.abs(shard(f16) * 2 - shard(f32)) < 1024, 'float16 shard should be half the float32 shard');

  const input = readF32(join(ref, 'input.bin'));
  const want32 = readF32(join(ref, 'output.bin'));
  assert.ok(std(want32) > 1e-3, `reference output is nearly constant (std ${std(want32)}): the comparison would be weak`);
  const got32 = await predict(join(f32, 'model.json'), input);
  assert.deepEqual(got32.shape, [1, 256, 192, 1]);
  assert.ok(maxAbsDiff(got32.data, want32) < 1e-4, `float32 max abs diff ${maxAbsDiff(got32.data, want32)}`);
  const got16 = await predict(join(f16, 'model.json'), input);
  const want16 = readF32(join(ref, 'output_fp16.bin'));
  assert.ok(maxAbsDiff(got16.data, want16) < 1e-4, `float16 max abs diff ${maxAbsDiff(got16.data, want16)}`);
});

test('the wide network (--arch wide) trains, records its architecture, exports, and TF.js equals PyTorch', async (t) => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'relief-wide-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data');
  const run = join(dir, 'run');
  runPython([join(PY_DIR, 'fake_data.py'), data, '--count', '10', '--samples-per-shard', '5']);
  const out = runPython([join(PY_DIR, 'train.py'), '--arch', 'wide', '--data', data, '--cache-dir', join(dir, 'cache'), '--run', run,
    '--batch', '4', '--val-count', '2', '--val-every', '100', '--log-every', '3', '--warmup', '2', '--lr', '5e-3', '--phases', '64x64:6']);
  assert.match(out, /model wide: 2,949,237 deployed params, 0\.918 GMAC/);
  // A resume must name the same network.
  assert.throws(() => runPython([join(PY_DIR, 'train.py'), '--data', data, '--cache-dir', join(dir, 'cache'), '--run', run, '--phases', '64x64:8']),
    /holds a wide network .* pass --arch wide/);
  const f32 = join(dir, 'model32');
  const ref = join(dir, 'ref');
  runPython([join(PY_DIR, 'export_tfjs.py'), '--checkpoint', join(run, 'final.pt'), '--out', f32, '--reference', ref]);
  const json = JSON.parse(readFileSync(join(f32, 'model.json'), 'utf8'));
  assert.deepEqual(json.userDefinedMetadata.relief.architecture.widths, [8, 16, 32, 80, 144, 240]);
  const ops = new Set<string>(json.modelTopology.node.map((n: { op: string }) => n.op));
  assert.deepEqual([...ops].filter((op) => !TFJS_FAST_OPS.has(op)), []);
  const input = readF32(join(ref, 'input.bin'));
  const want = readF32(join(ref, 'output.bin'));
  assert.ok(std(want) > 1e-3, `reference output is nearly constant (std ${std(want)})`);
  const got = await predict(join(f32, 'model.json'), input);
  assert.deepEqual(got.shape, [1, 256, 192, 1]);
  assert.ok(maxAbsDiff(got.data, want) < 1e-4, `float32 max abs diff ${maxAbsDiff(got.data, want)}`);
});

test('untrained placeholder export has the official signature and runs in TF.js', async (t) => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'relief-placeholder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = runPython([join(PY_DIR, 'export_tfjs.py'), '--untrained', '--seed', '0', '--out', dir]);
  assert.match(out, /780,869 float weights/); // docs/MODEL.md's parameter count
  assert.ok(existsSync(join(dir, 'model.json')));
  const model = await loadGraphModelFromDisk(join(dir, 'model.json'));
  t.after(() => model.dispose());
  assert.deepEqual(model.inputs.map((i) => [i.name, i.shape, i.dtype]), [['input_1', [1, 256, 192, 3], 'float32']]);
  assert.deepEqual(model.outputs.map((o) => o.name), ['Identity']);
  // Left half zeroed like the API's masked background, right half a grey "person".
  const x = tf.tidy(() => tf.concat([tf.zeros([1, 256, 96, 3]), tf.fill([1, 256, 96, 3], 0.5)], 2));
  const y = model.predict(x) as tf.Tensor;
  assert.deepEqual(y.shape, [1, 256, 192, 1]);
  const v = await y.data();
  tf.dispose([x, y]);
  assert.ok(v.every(Number.isFinite));
  for (let r = 0; r < 256; r += 15) {
    assert.equal(v[r * 192 + 10], 0, 'background must be exactly 0');
    assert.notEqual(v[r * 192 + 150], 0, 'person pixels must carry depth');
  }
});
