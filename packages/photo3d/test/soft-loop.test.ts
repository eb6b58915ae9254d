// Node entry: the software-rendered loop on worker threads, and GIF encoding spread over threads. Worker threads
// load compiled scripts, so this file tests dist/ (npm test builds it first; run `npx tsc -b` before running it alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLayers, encodeGif, loopTiming } from '../dist/index.js';
import { encodeGifParallel, renderSoftGif, renderSoftLoop } from '../dist/node/index.js';
import { bumpScene } from './fixtures.js';

const layersPromise = buildLayers(bumpScene(64, 96));

async function collect(threads: number, extra: object = {}): Promise<{ frames: Uint8Array[]; order: number[] }> {
  const frames: Uint8Array[] = [];
  const order: number[] = [];
  await renderSoftLoop(await layersPromise, { width: 48, height: 64, fps: 10, duration: 1, threads, path: { path: 'swing' }, ...extra }, async (pixels, frame) => {
    // A slow consumer: workers must wait for it, and frames must still come in order.
    if (frame.index % 3 === 0) await new Promise((r) => setTimeout(r, 5));
    frames.push(pixels);
    order.push(frame.index);
  });
  return { frames, order };
}

test('renderSoftLoop: worker threads give the same frames as one thread, all of them, in order; the loop closes', async () => {
  const [one, two] = [await collect(0), await collect(2)];
  assert.deepEqual(two.order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(one.order, two.order);
  assert.equal(two.frames[0].length, 48 * 64 * 4);
  two.frames.forEach((f, i) => assert.deepEqual(f, one.frames[i], `frame ${i}`));
  // Frame N would be frame 0: the last frame is one step before the first, not a copy of it.
  assert.notDeepEqual(two.frames[9], two.frames[0]);
  const { frames: longer } = await collect(0, { fps: 20 });
  assert.deepEqual(longer[0], two.frames[0]);
  assert.deepEqual(longer[2], two.frames[1], 'phase 2/20 = phase 1/10');
});

test('renderSoftLoop: bad options are named before any thread starts; abort stops the threads and rejects', async () => {
  const layers = await layersPromise;
  await assert.rejects(renderSoftLoop(layers, { width: 0, height: 10 }, () => {}), /positive whole pixels/);
  await assert.rejects(renderSoftLoop(layers, { width: 8, height: 8, background: 'blue-ish' }, () => {}), /'blue-ish' is not understood/);
  const controller = new AbortController();
  let seen = 0;
  await assert.rejects(
    renderSoftLoop(layers, { width: 48, height: 64, fps: 30, duration: 4, threads: 2, signal: controller.signal }, () => {
      if (++seen === 3) controller.abort();
    }),
    { name: 'AbortError' },
  );
  assert.equal(seen, 3, 'no frame is delivered after the abort');
  const gifAbort = new AbortController();
  await assert.rejects(
    renderSoftGif(layers, { width: 48, height: 64, fps: 30, duration: 4, threads: 2, signal: gifAbort.signal, onEncoded: (done) => done === 3 && gifAbort.abort() }),
    { name: 'AbortError' },
  );
});

test('encodeGifParallel writes exactly the bytes encodeGif writes (global and per-frame palettes)', async () => {
  const { frames } = await collect(0);
  const timing = loopTiming(10, 1);
  for (const options of [{}, { palette: 'per-frame' as const }, { dither: true, colors: 64 }]) {
    const serial = encodeGif(frames, 48, 64, timing, options);
    const parallel = await encodeGifParallel(frames, 48, 64, timing, { ...options, threads: 3 });
    assert.ok(Buffer.from(parallel).equals(Buffer.from(serial)), `${JSON.stringify(options)}: ${parallel.length} vs ${serial.length} bytes`);
  }
  await assert.rejects(encodeGifParallel(frames.slice(1), 48, 64, timing, { threads: 2 }), /got 9 frames for a 10-frame loop/);
});

test('renderSoftGif (frames encoded in the rendering threads, palette frames first) = encodeGif of the loop, byte for byte', async () => {
  const layers = await layersPromise;
  const { frames } = await collect(0);
  const timing = loopTiming(10, 1);
  const loop = { width: 48, height: 64, fps: 10, duration: 1, path: { path: 'swing' as const } };
  for (const gif of [{}, { palette: 'per-frame' as const }, { dither: true, colors: 64 }]) {
    const expected = Buffer.from(encodeGif(frames, 48, 64, timing, gif));
    const encoded: number[] = [];
    const alone = await renderSoftGif(layers, { ...loop, threads: 2, gif, onEncoded: (done, total) => encoded.push(done / total) });
    assert.ok(Buffer.from(alone).equals(expected), `${JSON.stringify(gif)}: ${alone.length} vs ${expected.length} bytes`);
    assert.deepEqual(encoded, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => n / 10), 'progress per encoded frame');
    // With a frame consumer alongside (a video encoder): it still sees every frame, in order.
    const seen: number[] = [];
    const withFrames = await renderSoftGif(layers, { ...loop, threads: 3, gif }, (pixels, frame) => {
      assert.deepEqual(pixels, frames[frame.index]);
      seen.push(frame.index);
    });
    assert.ok(Buffer.from(withFrames).equals(expected), `${JSON.stringify(gif)} with onFrame`);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }
});
