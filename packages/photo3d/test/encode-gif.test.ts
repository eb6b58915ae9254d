import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMedia, meanAbsDiff } from '../../../test-support/media.ts';
import { encodeGif, loopTiming } from '../src/index.js';

/** A moving colour gradient, so frames differ and need many colours. */
function frames(count: number, width: number, height: number): Uint8Array[] {
  return Array.from({ length: count }, (_, f) => {
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        rgba.set([(x * 4 + f * 10) & 255, (y * 255) / height, 128 + 100 * Math.sin((x + y + f) / 9), 255], 4 * (y * width + x));
      }
    }
    return rgba; // ~3000 colours per frame: the palette must choose well
  });
}

test('encodeGif (Node): ffmpeg decodes the frames back at the right size, count, timing and colours', () => {
  const input = frames(8, 64, 48);
  const timing = loopTiming(8, 1);
  for (const options of [{}, { palette: 'per-frame' as const, dither: true }]) {
    const gif = decodeMedia(encodeGif(input, 64, 48, timing, options), 'gif');
    assert.deepEqual([gif.width, gif.height, gif.frames.length], [64, 48, 8]);
    assert.ok(Math.abs(gif.duration - 1) < 0.011, `duration ${gif.duration}`);
    gif.frames.forEach((f, i) => {
      const err = meanAbsDiff(f, input[i], 3, 4);
      assert.ok(err < 10, `frame ${i} off by ${err.toFixed(2)} with ${JSON.stringify(options)}`);
    });
  }
});

test('encodeGif rejects frames that do not match the loop', () => {
  assert.throws(() => encodeGif(frames(3, 8, 8), 8, 8, loopTiming(4, 1)), /got 3 frames for a 4-frame loop/);
  assert.throws(() => encodeGif(frames(4, 8, 8), 8, 9, loopTiming(4, 1)), /expected 8×9×4/);
  assert.throws(() => encodeGif(frames(4, 8, 8), 8, 8, loopTiming(4, 1), { colors: 1 }), /2–256/);
});
