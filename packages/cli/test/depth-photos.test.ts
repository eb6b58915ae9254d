// Depth photos on the command line: `convert` writes every 3D format from a photo's own depth, `mesh`/`photo3d`
// use that depth unless --estimate, `depth --embedded` extracts it, and damaged ones fail with a clear message.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { readDepthPhoto, readImageDepthPair, readPly, readRgbd, toDistances } from '@relief/formats';
import { SAMPLES } from '../../../test-support/paths.ts';
import { writeBrightnessModel } from './brightness-model.ts';
import { jsonLines, listFiles, runCli, tempDir } from './run-cli.ts';

const PHOTOS = join(SAMPLES, 'depth-photos');
const LENS_BLUR = join(PHOTOS, 'gdepth-lens-blur/lbr-photo1.jpg');

function result(stdout: string): Record<string, unknown> & { details: Record<string, unknown> } {
  const line = jsonLines(stdout).find((l) => l.type === 'result');
  assert.ok(line, `no result line in ${stdout}`);
  return line as Record<string, unknown> & { details: Record<string, unknown> };
}

test('convert: every format from a Lens Blur photo\'s own depth, each readable', async (t) => {
  const dir = await tempDir(t);
  const res = await runCli(['convert', LENS_BLUR, '-o', dir, '-f', 'dynamic-depth,facebook,rgbd,ply,ply-mesh,sbs,cross,anaglyph,anaglyph-gif,quilt', '--size', '96', '--quilt', '3x2', '--quilt-view', '36x64', '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(result(res.stdout).details.depth, 'embedded gdepth depth');
  assert.deepEqual(await listFiles(dir), [
    'lbr-photo1.anaglyph.gif', 'lbr-photo1.anaglyph.png', 'lbr-photo1.cross.png', 'lbr-photo1.dynamic-depth.jpg', 'lbr-photo1.facebook.jpg',
    'lbr-photo1.facebook_depth.png', 'lbr-photo1.mesh.ply', 'lbr-photo1.ply', 'lbr-photo1.quilt_qs3x2a0.5625.png', 'lbr-photo1.rgbd.png', 'lbr-photo1.sbs.png',
  ]);
  const original = toDistances(await readDepthPhoto(await readFile(LENS_BLUR)));
  const dd = await readDepthPhoto(await readFile(join(dir, 'lbr-photo1.dynamic-depth.jpg')));
  assert.equal(dd.source, 'dynamic-depth');
  const back = toDistances(dd);
  let worst = 0;
  for (let i = 0; i < back.depth.data.length; i++) worst = Math.max(worst, Math.abs(back.depth.data[i] / original.depth.data[i] - 1));
  assert.ok(worst < 1e-4, `Dynamic Depth round trip off by ${worst}`);
  const fb = readImageDepthPair(await readFile(join(dir, 'lbr-photo1.facebook.jpg')), await readFile(join(dir, 'lbr-photo1.facebook_depth.png')));
  assert.deepEqual([fb.image.width, fb.depth.width], [576, 576]);
  assert.equal(readRgbd(await readFile(join(dir, 'lbr-photo1.rgbd.png'))).image.width, 576);
  assert.equal(readPly(await readFile(join(dir, 'lbr-photo1.ply'))).positions.length, 576 * 1024 * 3);
  const size = async (name: string) => { const m = await sharp(join(dir, name)).metadata(); return [m.width, m.height]; };
  assert.deepEqual(await size('lbr-photo1.sbs.png'), [108, 96]);
  assert.deepEqual(await size('lbr-photo1.anaglyph.png'), [54, 96]);
  assert.deepEqual(await size('lbr-photo1.quilt_qs3x2a0.5625.png'), [108, 128]);
});

test('depth --embedded writes the HEIC\'s own disparity-derived map; mesh uses it and says so', async (t) => {
  const dir = await tempDir(t);
  const res = await runCli(['depth', join(PHOTOS, 'apple-heic/pug.heic'), '-o', join(dir, 'pug.png'), '--embedded', '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(result(res.stdout).details.depth, 'embedded apple-heic disparity');
  const png = await sharp(join(dir, 'pug.png')).metadata();
  assert.deepEqual([png.width, png.height, png.depth], [768, 576, 'ushort']);
  const mesh = await runCli(['mesh', LENS_BLUR, '-o', join(dir, 'lens.glb')]);
  assert.equal(mesh.code, 0, mesh.stderr);
  assert.match(mesh.stdout, /depth: embedded gdepth depth/);
});

test('--estimate ignores the embedded depth', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const res = await runCli(['mesh', LENS_BLUR, '-o', join(dir, 'lens.glb'), '--estimate', '--model', model, '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(result(res.stdout).details.depth, 'estimated');
});

test('a damaged depth photo fails with what is wrong and the way around it; ordinary photos are estimated', async (t) => {
  const dir = await tempDir(t);
  const bytes = await readFile(join(PHOTOS, 'apple-jpeg-mpf/image-with-depth.jpg'));
  await writeFile(join(dir, 'cut.jpg'), bytes.subarray(0, 2_570_600));
  const res = await runCli(['convert', join(dir, 'cut.jpg'), '-o', dir, '-f', 'ply']);
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /cut\.jpg.*MPF image 2.*truncated.*--estimate/s);
  const model = await writeBrightnessModel(join(dir, 'model'));
  await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, 'astronaut.png'));
  const plain = await runCli(['convert', join(dir, 'astronaut.png'), '-o', join(dir, 'out'), '-f', 'dynamic-depth', '--model', model, '--json']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(result(plain.stdout).details.depth, 'estimated');
  const dd = await readDepthPhoto(await readFile(join(dir, 'out', 'astronaut.dynamic-depth.jpg')));
  assert.equal(dd.source, 'dynamic-depth');
});

test('relief --help and convert --help list every format', async () => {
  const top = await runCli(['--help']);
  for (const f of ['dynamic-depth', 'facebook', 'rgbd', 'ply', 'sbs', 'anaglyph', 'quilt']) assert.match(top.stdout, new RegExp(`relief convert IMG\\.HEIC -f ${f}\\b`));
  assert.match(top.stdout, /relief depth IMG\.HEIC -o depth\.png --embedded/);
  const help = await runCli(['convert', '--help']);
  for (const f of ['dynamic-depth', 'facebook', 'rgbd', 'ply', 'ply-mesh', 'sbs', 'cross', 'anaglyph', 'anaglyph-gif', 'quilt']) assert.match(help.stdout, new RegExp(`\\b${f}\\b`));
});
