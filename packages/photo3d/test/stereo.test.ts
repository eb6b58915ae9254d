// Stereo outputs: side-by-side (parallel / cross-eyed), red–cyan anaglyph still and GIF, Looking Glass quilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMedia } from '../../../test-support/media.ts';
import { anaglyph, anaglyphGif, buildLayers, quilt, quiltFileSuffix, renderOffsets, sideBySide, type Photo3DLayers } from '../src/index.js';
import { bumpScene } from './fixtures.ts';

const W = 72, H = 96;
let layersPromise: Promise<Photo3DLayers> | undefined;
const layers = () => (layersPromise ??= buildLayers(bumpScene(W, H)));

/** The horizontal shift (pixels) that best maps row band [y0, y1) of `a` onto `b` over columns [x0, x1). */
function shift(a: Uint8Array, b: Uint8Array, y0: number, y1: number, x0: number, x1: number): number {
  let best = 0, bestErr = Infinity;
  for (let s = -6; s <= 6; s++) {
    let err = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) err += Math.abs(a[(y * W + x) * 4 + c] - b[(y * W + x + s) * 4 + c]);
    if (err < bestErr) [best, bestErr] = [s, err];
  }
  return best;
}

test('stereo views: the background lies behind the screen (right eye sees it further right), the subject on it', async () => {
  const [left, right] = renderOffsets(await layers(), { width: W, height: H }, [-1, 1], 0.05);
  // Bottom rows are background stripes; the bump's centre is the focus.
  assert.ok(shift(left, right, 85, 94, 8, W - 8) > 0, 'background has uncrossed disparity');
  const subject = shift(left, right, 36, 50, 26, 46);
  assert.ok(Math.abs(subject) <= 1, `the subject sits at (nearly) zero parallax: ${subject}`);
});

test('side-by-side: 2W×H, parallel = left|right, cross-eyed = right|left', async () => {
  const l = await layers();
  const parallel = sideBySide(l, { width: W, height: H });
  const cross = sideBySide(l, { width: W, height: H, crossEyed: true });
  assert.deepEqual([parallel.width, parallel.height], [2 * W, H]);
  const [left, right] = renderOffsets(l, { width: W, height: H }, [-1, 1], 0.032);
  const half = (img: { data: Uint8Array | Uint8ClampedArray }, side: 0 | 1, y: number) => [...img.data.subarray((y * 2 * W + side * W) * 4, (y * 2 * W + side * W + W) * 4)];
  for (const y of [0, 50, H - 1]) {
    assert.deepEqual(half(parallel, 0, y), [...left.subarray(y * W * 4, (y + 1) * W * 4)]);
    assert.deepEqual(half(parallel, 1, y), [...right.subarray(y * W * 4, (y + 1) * W * 4)]);
    assert.deepEqual(half(cross, 0, y), half(parallel, 1, y));
  }
});

test('anaglyph: red from the left eye, green and blue from the right', async () => {
  const l = await layers();
  const img = anaglyph(l, { width: W, height: H });
  const [left, right] = renderOffsets(l, { width: W, height: H }, [-1, 1], 0.032);
  for (let i = 0; i < W * H * 4; i += 4 * 97) assert.deepEqual([...img.data.subarray(i, i + 4)], [left[i], right[i + 1], right[i + 2], 255]);
  // The views differ, so the anaglyph is not just a recoloured photo.
  let differ = 0;
  for (let i = 0; i < left.length; i += 4) if (Math.abs(left[i + 1] - right[i + 1]) > 30) differ++;
  assert.ok(differ > 20, `${differ} pixels differ between the eyes`);
});

test('animated anaglyph GIF: ffmpeg reads fps × seconds frames at the asked size', async () => {
  const gif = decodeMedia(anaglyphGif(await layers(), { width: W, height: H, fps: 8, seconds: 1 }), 'gif');
  assert.deepEqual([gif.width, gif.height, gif.frames.length], [W, H, 8]);
});

test('Looking Glass quilt 4×3: view 0 bottom-left, last view top-right, name tag', async () => {
  const l = await layers();
  const q = quilt(l, { columns: 4, rows: 3, width: 24, height: 32 });
  assert.deepEqual([q.width, q.height], [96, 96]);
  const [first, last] = renderOffsets(l, { width: 24, height: 32 }, [-1, 1], 0.08);
  const view = (col: number, rowFromTop: number) => {
    const out: number[] = [];
    for (let y = 0; y < 32; y++) out.push(...q.data.subarray(((rowFromTop * 32 + y) * 96 + col * 24) * 4, ((rowFromTop * 32 + y) * 96 + col * 24 + 24) * 4));
    return out;
  };
  assert.deepEqual(view(0, 2), [...first]);
  assert.deepEqual(view(3, 0), [...last]);
  assert.equal(quiltFileSuffix(8, 6, 420, 560), '_qs8x6a0.75');
  assert.throws(() => quilt(l, { columns: 1, rows: 1, width: 8, height: 8 }), /2 to 256 views/);
});
