// `-o` with an extension the command does not write is a mistake to report, not a folder to create.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLES } from '../../../test-support/paths.ts';
import { listFiles, runCli, tempDir } from './run-cli.ts';

const PHOTO = join(SAMPLES, 'astronaut.png');

test('-o with a file extension the command does not write fails with the formats it does write, and creates nothing', async (t) => {
  const dir = await tempDir(t);
  for (const [args, ext, formats] of [
    [['photo3d', PHOTO, '-o', join(dir, 'clip.mov')], '.mov', /\.gif, \.webm, \.mp4/],
    [['depth', PHOTO, '-o', join(dir, 'depth.jpg')], '.jpg', /\.png, \.npy/],
    [['mesh', PHOTO, '-o', join(dir, 'mesh.obj')], '.obj', /\.glb/],
  ] as const) {
    const res = await runCli([...args]);
    assert.equal(res.code, 1, `${ext}: usage error`);
    assert.match(res.stderr, new RegExp(`this command writes .* files, not \\${ext}`));
    assert.match(res.stderr, formats);
  }
  assert.deepEqual(await listFiles(dir), [], 'no folder named like a file was made');
});

test('-o a folder whose name has a dot still works when it ends with /', async (t) => {
  const dir = await tempDir(t);
  const res = await runCli(['depth', PHOTO, '-o', join(dir, 'out.v2') + '/']);
  assert.equal(res.code, 0, res.stderr);
  assert.ok(existsSync(join(dir, 'out.v2', 'astronaut.depth.png')));
});
