import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import zlib from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { createEstimator, SupportedModels, MAX_INPUT_SIDE, type DepthEstimator } from '@relief/depth';
import { sample } from './fixtures.ts';

const CONFIG = { minDepth: 0.2, maxDepth: 0.9 };

for (const backend of ['wasm', 'cpu']) {
  describe(`inputs on ${backend}`, () => {
    let estimator: DepthEstimator;
    before(async () => {
      assert.ok(await tf.setBackend(backend));
      estimator = await createEstimator(SupportedModels.ARPortraitDepth);
    });
    after(() => estimator.dispose());

    const sizeOf = async (input: unknown) => {
      const map = (await estimator.estimateDepth(input as never, CONFIG))!;
      const size = [map.width, map.height, (await map.toArray()).length, (await map.toArray())[0]!.length];
      map.dispose();
      return size;
    };

    it('gives a map of the input size for RGB, RGBA and gray tensors (int32 and float32)', async () => {
      for (const [shape, dtype] of [[[20, 30, 3], 'int32'], [[20, 30, 4], 'float32'], [[20, 30, 1], 'int32']] as const) {
        const x = tf.fill([...shape], 128, dtype) as tf.Tensor3D;
        assert.deepEqual(await sizeOf(x), [30, 20, 20, 30]);
        assert.ok(!x.isDisposed, 'the caller keeps its input tensor');
        x.dispose();
      }
    });

    it('decodes PNG and JPEG bytes and {data, width, height} pixels', async () => {
      assert.deepEqual(await sizeOf(sample('astronaut.png')), [512, 512, 512, 512]);
      assert.deepEqual(await sizeOf(sample('official_portrait.jpg')), [820, 1024, 1024, 820]);
      const rgba = { data: new Uint8ClampedArray(7 * 5 * 4).fill(200), width: 7, height: 5 };
      assert.deepEqual(await sizeOf(rgba), [7, 5, 5, 7]);
      const gray = { data: new Uint8Array(7 * 5).fill(90), width: 7, height: 5, channels: 1 };
      assert.deepEqual(await sizeOf(gray), [7, 5, 5, 7]);
    });

    it('applies EXIF orientation: a portrait JPEG stored landscape comes out portrait', async () => {
      const jpeg = await sharp(sample('astronaut.png')).resize(64, 48).jpeg().withMetadata({ orientation: 6 }).toBuffer();
      assert.deepEqual(await sizeOf(jpeg), [48, 64, 64, 48]);
    });

    it('handles a 1×1 image', async () => {
      const map = (await estimator.estimateDepth(tf.fill([1, 1, 3], 100) as tf.Tensor3D, CONFIG))!;
      const [[v]] = (await map.toArray()) as [[number]];
      assert.ok(v >= 0 && v <= 1);
      map.dispose();
    });

    it('rejects empty, oversized and malformed inputs with messages that name the problem', async () => {
      const reject = (input: unknown, message: RegExp) =>
        assert.rejects(() => estimator.estimateDepth(input as never, CONFIG), { message });
      await reject({ data: new Uint8Array(0), width: 0, height: 0 }, /empty \(0×0\)/);
      await reject(tf.zeros([0, 4, 3]), /empty \(4×0\)/);
      await reject({ data: new Uint8Array(0), width: 16384, height: 16384 }, new RegExp(`16384×16384, larger than the ${MAX_INPUT_SIDE}×${MAX_INPUT_SIDE} limit`));
      await reject(tf.zeros([4, 4]), /rank 3\), got shape \[4, 4\]/);
      await reject(tf.zeros([4, 4, 2]), /1 \(gray\), 3 \(RGB\) or 4 \(RGBA\) channels, got 2/);
      await reject(tf.zeros([4, 4, 3], 'bool'), /int32 or float32.*got dtype bool/);
      await reject(tf.tensor3d([NaN, 0, 0], [1, 1, 3]), /NaN or Infinity/);
      await reject(tf.tensor3d([Infinity, 0, 0], [1, 1, 3]), /NaN or Infinity/);
      await reject({ data: new Uint8Array(10), width: 3, height: 3 }, /10 bytes does not fit 3×3/);
      await reject('photo.jpg', /Unsupported input \(string\)/);
      await reject(new Uint8Array(0), /image buffer is empty/);
      await reject(Buffer.from('definitely not an image'), /Could not decode the image bytes/);
      const jpeg = sample('official_portrait.jpg');
      await reject(jpeg.subarray(0, 2000), /Could not decode the image bytes.*truncated or corrupt/);
    });

    it('rejects a 16384×16384 encoded image from its header, before decoding pixels', async () => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer();
      // Rewrite IHDR's width and height (bytes 16..23) and its CRC: a valid header for a 16384×16384 image.
      png.writeUInt32BE(16384, 16);
      png.writeUInt32BE(16384, 20);
      png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
      await assert.rejects(() => estimator.estimateDepth(png, CONFIG), /16384×16384, larger than the 8192×8192 limit/);
    });
  });
}
