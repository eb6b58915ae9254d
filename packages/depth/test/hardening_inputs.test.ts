// Issue 16: inputs from a fuzz and fault-injection run that broke the estimator or gave silently wrong results.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, type DepthEstimator } from '@relief/depth';
import { sample } from './fixtures.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

async function values(estimator: DepthEstimator, input: unknown): Promise<{ width: number; height: number; depth: Float32Array; mask: Float32Array }> {
  const map = (await estimator.estimateDepth(input as never, CONFIG))!;
  try {
    return { width: map.width, height: map.height, depth: await map.toFloat32Array(), mask: await map.mask.toFloat32Array() };
  } finally {
    map.dispose();
  }
}

describe('hardening: inputs (issue 16)', () => {
  let estimator: DepthEstimator;
  let portrait: Buffer;
  let reference: Awaited<ReturnType<typeof values>>;
  before(async () => {
    assert.ok(await tf.setBackend('wasm'));
    estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    portrait = await sharp(sample('official_portrait.jpg')).resize(192, 256).png().toBuffer();
    reference = await values(estimator, portrait);
  });
  after(() => estimator.dispose());

  // Defect 1: 7700²–8192² overran the WASM heap; the backend then failed every later call with Aborted().
  it('estimates 8192² JPEG, PNG and pixel buffers on WASM at a bounded working size, then a normal photo exactly as before', async () => {
    const big = sharp(sample('official_portrait.jpg')).resize(8192, 8192, { fit: 'fill' });
    const inputs: [string, unknown][] = [
      ['jpeg', await big.clone().jpeg({ quality: 80 }).toBuffer()],
      ['png', await big.clone().png({ compressionLevel: 1 }).toBuffer()],
    ];
    const raw = await big.clone().ensureAlpha().raw().toBuffer();
    inputs.push(['pixels', { data: raw, width: 8192, height: 8192 }]);
    for (const [what, input] of inputs) {
      const result = await values(estimator, input);
      assert.deepEqual([result.width, result.height], [4096, 4096], what);
      const person = result.mask.reduce((n, p) => n + (p >= 0.5 ? 1 : 0), 0) / result.mask.length;
      assert.ok(person > 0.2 && person < 0.9, `${what}: person fraction ${person}`);
      assert.ok(result.depth.every(Number.isFinite), what);
    }
    const after = await values(estimator, portrait);
    assert.deepEqual(after.depth, reference.depth);
    assert.deepEqual(after.mask, reference.mask);
  });

  it('estimates an 8192²×4 tensor on WASM (a quarter of the heap by itself) without a full-size kernel, then a normal photo as before', async () => {
    const x = tf.fill([8192, 8192, 4], 120, 'float32') as tf.Tensor3D;
    const result = await values(estimator, x);
    x.dispose();
    assert.deepEqual([result.width, result.height], [4096, 4096]);
    assert.ok(result.depth.every(Number.isFinite));
    assert.deepEqual((await values(estimator, portrait)).depth, reference.depth);
  });

  it('keeps the input size up to 4096×4096 pixels and the aspect ratio above', async () => {
    const wide = { data: new Uint8Array(8192 * 4096 * 3).fill(90), width: 8192, height: 4096 };
    const result = await values(estimator, wide);
    assert.ok(Math.abs(result.width / result.height - 2) < 0.001, `${result.width}×${result.height}`);
    assert.ok(result.width * result.height <= 4096 * 4096 && result.width * result.height > 0.99 * 4096 * 4096);
    const tall = tf.fill([5000, 3000, 3], 90, 'int32') as tf.Tensor3D;
    const small = await values(estimator, tall);
    tall.dispose();
    assert.deepEqual([small.width, small.height], [3000, 5000]);
  });

  // Defect 2: SVG bytes were rendered by librsvg; a blurred 1.8 KB SVG kept estimateDepth busy for > 15 min.
  it('refuses SVG (also named .png), PDF and unknown bytes from their signature, at once', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="8000" height="8000">' +
      '<filter id="b"><feGaussianBlur stdDeviation="900"/></filter><rect width="8000" height="8000" filter="url(#b)"/></svg>');
    const t0 = performance.now();
    await assert.rejects(estimator.estimateDepth(svg, CONFIG), /SVG images are not accepted.*JPEG, PNG, WebP, AVIF, GIF or TIFF/);
    await assert.rejects(estimator.estimateDepth(Buffer.from('%PDF-1.4\n'), CONFIG), /PDF documents are not accepted/);
    await assert.rejects(estimator.estimateDepth(Buffer.from('GIF90a....'), CONFIG), /file signature is not that of a JPEG/);
    assert.ok(performance.now() - t0 < 2000);
  });

  it('decodes every accepted format: JPEG, PNG, WebP, AVIF, GIF, TIFF', async () => {
    const image = sharp(portrait);
    for (const format of ['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const) {
      const result = await values(estimator, await image.clone().toFormat(format).toBuffer());
      assert.deepEqual([result.width, result.height], [192, 256], format);
    }
  });

  // Defect 7: other typed arrays had their bytes reinterpreted as 8-bit pixels (mean depth error 0.22).
  it('takes 16-bit pixels scaled to 8 bits and refuses other typed arrays with a message', async () => {
    const rgb = await sharp(portrait).raw().toBuffer();
    const sixteen = Uint16Array.from(rgb, (v) => v * 257);
    const result = await values(estimator, { data: sixteen, width: 192, height: 256 });
    assert.deepEqual(result.depth, (await values(estimator, { data: rgb, width: 192, height: 256 })).depth);
    for (const Type of [Float32Array, Float64Array, Int16Array, Int32Array, Uint32Array, Int8Array]) {
      await assert.rejects(estimator.estimateDepth({ data: new Type(192 * 256 * 3), width: 192, height: 256 } as never, CONFIG),
        new RegExp(`Pixel data in a ${Type.name} is ambiguous.*Uint8Array.*Uint16Array`));
    }
    await assert.rejects(estimator.estimateDepth({ data: new DataView(new ArrayBuffer(12)), width: 2, height: 2 } as never, CONFIG), /DataView is ambiguous/);
  });

  // Defect 11: finite but huge float32 pixels overflowed inside the networks: an all-NaN mask on WASM.
  it('clamps float32 pixels to 0..255: ±3.4e38 gives a finite mask and depth, equal to 0 and 255', async () => {
    const huge = tf.tensor3d([3.4e38, -3.4e38, 3.4e38, -3.4e38, 3.4e38, 3.4e38], [2, 1, 3]);
    const clamped = tf.tensor3d([255, 0, 255, 0, 255, 255], [2, 1, 3]);
    const [a, b] = [await values(estimator, huge), await values(estimator, clamped)];
    huge.dispose();
    clamped.dispose();
    assert.ok(a.mask.every(Number.isFinite) && a.depth.every(Number.isFinite));
    assert.deepEqual(a, b);
    // Also above the working size, where the tensor is resized: the clamp comes first, or the interpolation overflows.
    const side = 4097;
    const stripes = new Float32Array(side * side).map((_, i) => (Math.floor(i / side) % 2 ? 3.4e38 : -3.4e38));
    const big = tf.tensor3d(stripes, [side, side, 1]);
    const c = await values(estimator, big);
    big.dispose();
    assert.deepEqual([c.width, c.height], [4096, 4096]);
    assert.ok(c.mask.every(Number.isFinite) && c.depth.every(Number.isFinite));
    stripes[side * 2000 + 1234] = NaN; // found there too, though the big tensor is only read a band at a time
    const holed = tf.tensor3d(stripes, [side, side, 1]);
    await assert.rejects(estimator.estimateDepth(holed, CONFIG), /contains NaN or Infinity/);
    holed.dispose();
  });

  // Defect 13: messages that named a JavaScript internal instead of the problem.
  it('names the problem for prototype-less config values, Proxy inputs and inputs disposed during the call', async () => {
    await assert.rejects(estimator.estimateDepth(portrait, { minDepth: Object.create(null), maxDepth: 0.9 }),
      /minDepth must be a finite number in \[0, 1\], got an object that cannot be shown as text/);
    await assert.rejects(estimator.estimateDepth(new Proxy(new Uint8Array(portrait), {}), CONFIG), /not a real typed array.*plain Uint8Array/);
    await assert.rejects(estimator.estimateDepth({ data: new Proxy(new Uint8Array(12), {}), width: 2, height: 2 } as never, CONFIG),
      /pixel data is not a real typed array/);
    const x = tf.tensor3d(new Float32Array(256 * 192 * 3).fill(100), [256, 192, 3]);
    const pending = values(estimator, x);
    x.dispose(); // right after the call, before the asynchronous NaN check has read the tensor
    const result = await pending;
    const y = tf.fill([256, 192, 3], 100, 'float32') as tf.Tensor3D;
    assert.deepEqual(result, await values(estimator, y));
    y.dispose();
  });

  it('leaks no tensors on any of these paths', async () => {
    const before = tf.memory().numTensors;
    await estimator.estimateDepth(Buffer.from('<svg/>'), CONFIG).catch(() => {});
    await estimator.estimateDepth({ data: new Float32Array(12), width: 2, height: 2 } as never, CONFIG).catch(() => {});
    (await estimator.estimateDepth({ data: new Uint16Array(12), width: 2, height: 2 } as never, CONFIG))!.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
