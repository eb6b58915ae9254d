import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, runCli, tempDir } from './run-cli.ts';

function npyFloats(bytes: Buffer): Float32Array {
  const headerLength = bytes.readUInt16LE(8);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length));
}

test('depth -f metres writes depth in metres scaled by the face, and --focal moves it', async (t) => {
  const out = await tempDir(t);
  const medians: number[] = [];
  for (const focal of ['50', '100']) {
    const file = join(out, `portrait-${focal}.npy`);
    const res = await runCli(['depth', join(SAMPLES, 'official_portrait.jpg'), '-f', 'metres', '--focal', focal, '-o', file]);
    assert.equal(res.code, 0, res.stderr);
    const metres = npyFloats(await readFile(file)).filter(Number.isFinite);
    assert.ok(metres.length > 100000, 'the person has metric depth');
    metres.sort();
    medians.push(metres[metres.length >> 1]!);
  }
  assert.ok(medians[0]! > 0.5 && medians[0]! < 3, `a person photographed at the default 28 mm stands 0.5–3 m away: ${medians[0]}`);
  assert.ok(Math.abs(medians[1]! / medians[0]! - 2) < 0.05, `twice the focal length, twice the distance: ${medians}`);
});

test('depth -f metres fails a photo without a face, with the reason, and goes on', async (t) => {
  const out = await tempDir(t);
  const back = join(out, 'back.png');
  // A person-shaped blob with no face: segmentation may or may not find a person; either way there is no face.
  await sharp({ create: { width: 192, height: 256, channels: 3, background: '#6080a0' } }).png().toFile(back);
  const res = await runCli(['depth', back, join(SAMPLES, 'astronaut.png'), '-f', 'metres', '-o', out, '--json', '--no-segmentation']);
  const lines = jsonLines(res.stdout);
  const failed = lines.find((l) => l.type === 'result' && l.input === back);
  assert.ok(failed, res.stdout + res.stderr);
  assert.match(String(failed.error ?? failed.reason ?? JSON.stringify(failed)), /no face large and frontal enough to scale depth to metres/);
  assert.ok(lines.some((l) => l.type === 'result' && l.input === join(SAMPLES, 'astronaut.png') && (l.outputs as string[])?.length === 1));
});

test('--focal refuses a focal length that is not one', async () => {
  const res = await runCli(['depth', join(SAMPLES, 'astronaut.png'), '--focal', '-2']);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /--focal -2: give the 35 mm-equivalent focal length in mm/);
});
