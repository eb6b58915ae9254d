// `relief blur` (portrait mode) and the 3D-look options of `relief photo3d`: --strength, --amplitude auto, --blur.
import assert from 'node:assert/strict';
import { readFile, stat, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { decodeFrames, meanAbsDiff } from '../../../test-support/media.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, listFiles, runCli, tempDir } from './run-cli.ts';

test('blur writes <name>.blur.png beside a copy of the photo, blurred where the photo is not in focus, and never writes over an input', async (t) => {
  const dir = await tempDir(t);
  const photo = join(dir, 'portrait.jpg');
  await copyFile(join(SAMPLES, 'official_portrait.jpg'), photo);
  const before = await readFile(photo);
  const res = await runCli(['blur', photo, '--aperture', '0.03', '--concurrency', '1', '-q']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(dir), ['portrait.blur.png', 'portrait.jpg']);
  assert.deepEqual(await readFile(photo), before, 'the input is untouched');
  const original = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const blurred = await sharp(join(dir, 'portrait.blur.png')).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([blurred.info.width, blurred.info.height, blurred.info.channels], [original.info.width, original.info.height, 3]);
  // Corners (background, far from the person) lose detail; the face (the focus, the photo's upper middle) keeps it.
  const detail = (px: Buffer, w: number, x0: number, y0: number, size: number): number => {
    let sum = 0;
    for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size - 1; x++) sum += Math.abs(px[3 * (y * w + x)] - px[3 * (y * w + x + 1)]);
    return sum / (size * (size - 1));
  };
  const w = original.info.width;
  const corner = [detail(original.data, w, 10, 10, 60), detail(blurred.data, w, 10, 10, 60)];
  const face = [detail(original.data, w, Math.round(w * 0.45), Math.round(original.info.height * 0.2), 60), detail(blurred.data, w, Math.round(w * 0.45), Math.round(original.info.height * 0.2), 60)];
  assert.ok(corner[1] < 0.6 * corner[0], `background detail ${corner[0].toFixed(2)} → ${corner[1].toFixed(2)}`);
  assert.ok(face[1] > 0.85 * face[0], `face detail ${face[0].toFixed(2)} → ${face[1].toFixed(2)}`);

  // -o naming the input itself is refused; an existing output is kept without --overwrite.
  const self = await runCli(['blur', photo, '-o', photo, '--concurrency', '1']);
  assert.notEqual(self.code, 0);
  assert.match(self.stdout + self.stderr, /is an input file, which relief never writes over/);
  assert.deepEqual(await readFile(photo), before);
  const again = await runCli(['blur', photo, '--concurrency', '1', '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.ok((await stat(join(dir, 'portrait.blur.png'))).size > 0);

  const bad = await runCli(['blur', photo, '--focus', '2,0']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Expected X,Y from 0,0 \(top-left\) to 1,1/);
});

test('photo3d --strength 0 is a flat photo, --amplitude auto is reported, --blur renders portrait mode', async (t) => {
  const dir = await tempDir(t);
  const common = ['--size', '96', '--fps', '4', '--seconds', '1', '--path', 'swing', '--concurrency', '1', '--json'];
  const render = async (name: string, args: string[]) => {
    const res = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), '-o', join(dir, name), ...common, ...args]);
    assert.equal(res.code, 0, res.stderr);
    return { frames: decodeFrames(join(dir, name), 96, 96), lines: jsonLines(res.stdout) };
  };
  const flat = await render('flat.gif', ['--strength', '0', '--amplitude', '0.1']);
  const deep = await render('deep.gif', ['--strength', '2', '--amplitude', '0.1']);
  const auto = await render('auto.gif', []);
  const blurred = await render('blur.gif', ['--blur', '0.03']);
  // Parallax: how much the frame a quarter loop on differs from the first, beyond what a flat card shows.
  const motion = (f: Uint8Array[]) => meanAbsDiff(f[0], f[1]);
  assert.ok(motion(deep.frames) > motion(flat.frames), `deep ${motion(deep.frames).toFixed(2)} vs flat ${motion(flat.frames).toFixed(2)}`);
  const result = auto.lines.find((l) => l.type === 'result')!.details as { amplitude?: number };
  assert.ok(result.amplitude! > 0.005 && result.amplitude! <= 0.5, `auto amplitude ${result.amplitude}`);
  assert.ok(meanAbsDiff(blurred.frames[0], auto.frames[0]) > 0.5, 'portrait mode changes the picture');
  const bad = await runCli(['photo3d', join(SAMPLES, 'astronaut.png'), '--strength', '9']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Expected a number from 0 \(flat\) to 4/);
});
