// A 7380×9216 (68 MP) photo — over @relief/depth's 8192-px side limit — is taken, as the web app takes it: decoded
// straight to the estimator's 16.8 MP working size, and its depth map written at that size.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, runCli, tempDir } from './run-cli.ts';

test('depth takes a 7380×9216 JPEG and writes its depth at 16.8 MP, aspect kept', async (t) => {
  const dir = await tempDir(t);
  const photo = join(dir, 'huge.jpg');
  await sharp(join(SAMPLES, 'official_portrait.jpg')).resize(7380, 9216, { fit: 'fill' }).jpeg({ quality: 80 }).toFile(photo);
  const out = join(dir, 'huge.depth.png');
  const res = await runCli(['depth', photo, '-o', out, '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(jsonLines(res.stdout)[0]!.status, 'ok');
  const meta = await sharp(out).metadata();
  // The largest size of the photo's aspect within 4096² px: what @relief/depth estimates any bigger photo at.
  assert.deepEqual([meta.width, meta.height, meta.depth], [3665, 4577, 'ushort']);
  assert.ok(meta.width! * meta.height! <= 4096 * 4096);
});

test('a photo over 100 MP is refused with its size and the limit', async (t) => {
  const dir = await tempDir(t);
  const photo = join(dir, 'panorama.jpg');
  // 20000×6000 of one colour: quick to make, and its header alone says 120 MP.
  await sharp({ create: { width: 20000, height: 6000, channels: 3, background: '#808080' } }).jpeg().toFile(photo);
  const res = await runCli(['depth', photo, '-o', dir, '--json']);
  const result = jsonLines(res.stdout)[0]!;
  assert.equal(result.status, 'failed');
  assert.match(String(result.reason), /20000×6000 px \(120 MP\): over the 100 MP limit; downscale it first/);
});
