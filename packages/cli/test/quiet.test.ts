// `-q`: nothing at all on stdout or stderr when every input succeeds, for every command; a failure still reaches
// stderr with its reason and the summary.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLES } from '../../../test-support/paths.ts';
import { runCli, tempDir } from './run-cli.ts';

const PHOTO = join(SAMPLES, 'astronaut.png');
const DEPTH_PHOTO = join(SAMPLES, 'depth-photos/gdepth-lens-blur/lbr-photo1.jpg');

test('-q prints nothing on success for depth, mesh, photo3d, blur and convert', async (t) => {
  const dir = await tempDir(t);
  const commands = [
    ['depth', PHOTO, '-o', join(dir, 'a.depth.png'), '--mask'],
    ['depth', DEPTH_PHOTO, '-o', join(dir, 'e.depth.png'), '--embedded'],
    // TensorFlow.js's CPU backend prints a banner advising tfjs-node at its first tensor.
    ['depth', PHOTO, '-o', join(dir, 'cpu.depth.png'), '--backend', 'cpu'],
    ['mesh', PHOTO, '-o', join(dir, 'a.glb')],
    ['photo3d', PHOTO, '-o', join(dir, 'a.gif'), '--size', '96', '--fps', '4', '--seconds', '1'],
    ['photo3d', DEPTH_PHOTO, '-o', join(dir, 'lbr.gif'), '--size', '96', '--fps', '4', '--seconds', '1'],
    ['blur', PHOTO, '-o', join(dir, 'a.blur.png')],
    ['convert', DEPTH_PHOTO, '-o', dir, '-f', 'anaglyph,rgbd'],
  ];
  for (const args of commands) {
    const res = await runCli([...args, '-q', '--concurrency', '1']);
    assert.equal(res.code, 0, `${args[0]}: ${res.stderr}`);
    assert.equal(res.stdout, '', `relief ${args[0]} -q printed on stdout`);
    assert.equal(res.stderr, '', `relief ${args[0]} -q printed on stderr`);
  }
  // Run again: the outputs exist, so every input is skipped, and that is no news either.
  const again = await runCli([...commands[0], '-q']);
  assert.deepEqual([again.code, again.stdout, again.stderr], [0, '', '']);
});

test('-q still reports a failed input on stderr, with the reason and the summary', async (t) => {
  const dir = await tempDir(t);
  const res = await runCli(['depth', join(dir, 'missing.jpg'), PHOTO, '-o', dir, '-q', '--concurrency', '1']);
  assert.equal(res.code, 2);
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /^error: .*missing\.jpg: no such file or folder$/m);
  assert.match(res.stderr, /1 done, 0 skipped, 1 failed of 2/);
});
