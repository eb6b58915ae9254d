// `relief photo3d`: renders of the 3D photo (software renderer by default, WebGL in Chromium on request) as
// GIF/WebM/MP4 with the asked frame count and size, checked by decoding with ffprobe/ffmpeg.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeFile, decodeFrames, meanAbsDiff, probeMedia } from '../../../test-support/media.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { writeBrightnessModel } from './brightness-model.ts';
import { listFiles, runCli, startCli, tempDir } from './run-cli.ts';

test('photo3d --renderer software renders GIF, WebM and MP4 with the asked frame count and size, and the camera moves', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const out = join(dir, 'out');
  const res = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), join(SAMPLES, 'cameraman.png'), '-o', out,
    '-f', 'gif,webm,mp4', '--size', '128', '--fps', '8', '--seconds', '1', '--model', model, '--concurrency', '1', '--renderer', 'software']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(out), ['astronaut.gif', 'astronaut.mp4', 'astronaut.webm', 'cameraman.gif', 'cameraman.mp4', 'cameraman.webm']);
  const codecs = { gif: 'gif', webm: 'vp9', mp4: 'h264' };
  for (const file of await listFiles(out)) {
    const { codec, width, height, frameCount } = probeMedia(join(out, file));
    assert.deepEqual({ codec, width, height, frameCount }, { codec: codecs[file.split('.')[1] as keyof typeof codecs], width: 128, height: 128, frameCount: 8 }, file);
  }
  // The camera circles once in 8 frames: the picture changes, and neighbouring frames (45° apart) differ less
  // than opposite ones (180°), which also shows the frames arrived in order.
  const gif = decodeFrames(join(out, 'astronaut.gif'), 128, 128);
  const opposite = meanAbsDiff(gif[0], gif[4]);
  const neighbours = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => meanAbsDiff(gif[i], gif[(i + 1) % 8]));
  assert.ok(opposite > 1, `opposite frames differ by ${opposite}`);
  assert.ok(Math.max(...neighbours) < opposite, `neighbours ${neighbours.map((d) => d.toFixed(2))} vs opposite ${opposite.toFixed(2)}`);
});

test('photo3d -o file.mp4 takes an exact WxH and another camera path; bad combinations are usage errors', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const file = join(dir, 'mein film ü.mp4');
  const res = await runCli(['photo3d', join(SAMPLES, 'official_portrait.jpg'), '-o', file, '--size', '96x128', '--fps', '6',
    '--seconds', '1', '--path', 'swing', '--model', model, '--concurrency', '1']);
  assert.equal(res.code, 0, res.stderr);
  const { codec, width, height, frameCount } = probeMedia(file);
  assert.deepEqual({ codec, width, height, frameCount }, { codec: 'h264', width: 96, height: 128, frameCount: 6 });
  assert.deepEqual(await listFiles(dir), ['mein film ü.mp4', 'model/model.json', 'model/weights.bin']);

  const cases: [string[], RegExp][] = [
    [['-o', join(dir, 'a.gif'), '-f', 'mp4'], /names a \.gif file but the first format is mp4/],
    [['-o', dir, '-f', 'mp4', '--size', '97x128'], /WebM and MP4 need even widths and heights/],
    [['--size', 'huge'], /Expected a long side like 512, or WIDTHxHEIGHT/],
    [['--path', 'spiral'], /Allowed choices are circle, swing, zoom, dolly/],
    [['--renderer', 'gpu'], /Allowed choices are software, chromium/],
    [['--fps', '1', '--seconds', '1'], /a loop needs at least 2/],
  ];
  for (const [args, message] of cases) {
    const bad = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), ...args]);
    assert.equal(bad.code, 1, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});

test('--renderer chromium (WebGL in headless Chromium) writes the same 3D photo as the default software renderer', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const frames: Record<string, Uint8Array[]> = {};
  for (const renderer of ['software', 'chromium']) {
    const file = join(dir, `${renderer}.gif`);
    const res = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), '-o', file, '--size', '96', '--fps', '6', '--seconds', '1',
      '--renderer', renderer, '--model', model, '--concurrency', '1']);
    assert.equal(res.code, 0, res.stderr);
    const { codec, width, height, frameCount, frames: decoded } = decodeFile(file);
    assert.deepEqual({ codec, width, height, frameCount }, { codec: 'gif', width: 96, height: 96, frameCount: 6 }, renderer);
    frames[renderer] = decoded;
  }
  // Same layers, camera and framing: every frame agrees closely (the renderers differ in antialiasing and filtering,
  // and draw the soft matte's partial alpha differently — WebGL blends it, the software renderer turns it into
  // coverage of 2×2 samples, which at 96 px touches many pixels; GIF quantisation adds a little). Frames one sixth of
  // a loop apart differ more than twice as much.
  const same = [0, 1, 2, 3, 4, 5].map((i) => meanAbsDiff(frames.software[i], frames.chromium[i]));
  const shifted = meanAbsDiff(frames.software[0], frames.chromium[1]);
  console.log(`# software vs chromium: ${same.map((d) => d.toFixed(2)).join(', ')} per frame; one step apart ${shifted.toFixed(2)}`);
  assert.ok(Math.max(...same) < 7.5, `software and chromium frames differ by ${same.map((d) => d.toFixed(2))}`);
  assert.ok(shifted > 2 * Math.max(...same), 'the comparison tells frames apart');
});

test('Ctrl-C during a render stops the renderer and ffmpeg, leaves no temp or partial file, exit 130', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const out = join(dir, 'out');
  const { child, done } = startCli(['photo3d', join(SAMPLES, 'astronaut.png'), '-o', out, '-f', 'mp4', '--size', '128',
    '--fps', '30', '--seconds', '20', '--model', model, '--concurrency', '1']);
  // The temp file appears once ffmpeg has frames: the render is then under way.
  const started = Date.now();
  while (!(await listFiles(out).catch(() => [])).some((f) => f.endsWith('.tmp'))) {
    assert.ok(Date.now() - started < 60_000, 'render did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGINT');
  const res = await done;
  assert.equal(res.code, 130, res.stderr);
  assert.match(res.stderr, /1 not done \(interrupted\)/);
  assert.deepEqual(await listFiles(out), [], 'no temp file and no partial video');
});
