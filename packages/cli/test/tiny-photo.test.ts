// A photo too small for depth fails with its size and the minimum, as the web app says, instead of being upscaled.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, runCli, tempDir } from './run-cli.ts';

test('a 40×50 photo fails as too small, the next photo in the batch is still done', async (t) => {
  const dir = await tempDir(t);
  const tiny = join(dir, 'tiny.png');
  await sharp(join(SAMPLES, 'astronaut.png')).resize(40, 50, { fit: 'fill' }).png().toFile(tiny);
  const res = await runCli(['depth', tiny, join(SAMPLES, 'astronaut.png'), '-o', dir, '--json', '--concurrency', '1']);
  const results = jsonLines(res.stdout).filter((l) => l.type === 'result');
  const failed = results.find((r) => r.input === tiny)!;
  assert.equal(failed.status, 'failed');
  assert.match(String(failed.reason), /only 40×50 px: too small for depth; use a photo at least 64 px on each side/);
  assert.equal(results.find((r) => r.input === join(SAMPLES, 'astronaut.png'))!.status, 'ok');
  assert.notEqual(res.code, 0);
});
