// `relief depth` on the shared sample photos: every output kind exists, decodes, and has the input's size.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, listFiles, runCli, tempDir } from './run-cli.ts';

const PHOTOS = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'];

/** Parses a .npy v1 header the way numpy does, returning dtype, shape and the float data. */
function readNpy(bytes: Buffer) {
  assert.deepEqual([...bytes.subarray(0, 6)], [0x93, ...Buffer.from('NUMPY')]);
  assert.equal(bytes[6], 1, 'npy format version 1');
  const headerLength = bytes.readUInt16LE(8);
  assert.equal((10 + headerLength) % 64, 0, 'header padded to 64 bytes');
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const descr = /'descr': '([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order': (\w+)/.exec(header)?.[1];
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header)!.slice(1).map(Number);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length));
  return { descr, fortran, shape, data };
}

test('depth writes 16-bit, 8-bit, colourised, .npy and mask outputs at each photo\'s size', async (t) => {
  const out = await tempDir(t);
  const res = await runCli(['depth', ...PHOTOS.map((p) => join(SAMPLES, p)), '-o', out,
    '-f', 'png16,png8,npy', '--colormap', 'viridis', '--mask', '--json', '--concurrency', '2']);
  assert.equal(res.code, 0, res.stderr);

  const lines = jsonLines(res.stdout);
  const results = lines.filter((l) => l.type === 'result');
  assert.equal(results.length, PHOTOS.length);
  assert.deepEqual(lines.at(-1), { ...lines.at(-1), type: 'summary', total: 3, ok: 3, failed: 0, skipped: 0, interrupted: 0 });

  for (const photo of PHOTOS) {
    const input = await sharp(join(SAMPLES, photo)).metadata();
    const stem = basename(photo, extname(photo));
    const result = results.find((r) => r.input === join(SAMPLES, photo))!;
    assert.equal((result.outputs as string[]).length, 5);

    const png16Meta = await sharp(join(out, `${stem}.depth.png`)).metadata();
    assert.deepEqual([png16Meta.width, png16Meta.height, png16Meta.channels, png16Meta.depth], [input.width, input.height, 1, 'ushort']);
    const png16 = await sharp(join(out, `${stem}.depth.png`)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const depth16 = new Uint16Array(png16.data.buffer, png16.data.byteOffset, png16.data.length / 2);

    const npy = readNpy(await readFile(join(out, `${stem}.depth.npy`)));
    assert.equal(npy.descr, '<f4');
    assert.equal(npy.fortran, 'False');
    assert.deepEqual(npy.shape, [input.height, input.width]);
    assert.equal(npy.data.length, input.width! * input.height!);
    // The .npy and the 16-bit PNG hold the same map: 0→0 and 1→65535, to within rounding.
    let maxDiff = 0;
    for (let i = 0; i < npy.data.length; i += 97) maxDiff = Math.max(maxDiff, Math.abs(npy.data[i] * 65535 - depth16[i]));
    assert.ok(maxDiff <= 0.51, `png16 vs npy differ by ${maxDiff}`);
    assert.ok(npy.data.some((v) => v > 0.05) && npy.data.every((v) => v >= 0 && v <= 1), 'depth in [0, 1], not all zero');

    const png8 = await sharp(join(out, `${stem}.depth8.png`)).metadata();
    assert.deepEqual([png8.width, png8.height, png8.channels, png8.depth], [input.width, input.height, 1, 'uchar']);

    const maskMeta = await sharp(join(out, `${stem}.mask.png`)).metadata();
    assert.deepEqual([maskMeta.width, maskMeta.height, maskMeta.channels], [input.width, input.height, 1]);
    const mask = await sharp(join(out, `${stem}.mask.png`)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const personShare = mask.data.filter((v) => v >= 128).length / mask.data.length;
    assert.ok(personShare > 0.1 && personShare < 0.95, `${photo}: mask covers ${personShare}`);

    const color = await sharp(join(out, `${stem}.depth-viridis.png`)).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([color.info.width, color.info.height, color.info.channels], [input.width, input.height, 4]);
    // Alpha is the mask; where the person is, colours follow viridis as the web app draws turbo: near is the map's
    // top end (yellow), far its bottom (deep violet).
    for (let i = 0; i < mask.data.length; i++) assert.equal(color.data[i * 4 + 3], mask.data[i]);
    const first = npy.data.findIndex((_, i) => mask.data[i] === 255);
    const nearest = npy.data.reduce((best, v, i) => (mask.data[i] === 255 && v < npy.data[best] ? i : best), first);
    const farthest = npy.data.reduce((best, v, i) => (mask.data[i] === 255 && v > npy.data[best] ? i : best), first);
    // Viridis's green rises from violet to yellow: the nearest person pixel is far greener than the farthest.
    const [, gNear] = color.data.subarray(nearest * 4, nearest * 4 + 3);
    const [, gFar] = color.data.subarray(farthest * 4, farthest * 4 + 3);
    assert.ok(gNear > gFar + 40, `nearest person pixel greener than the farthest in viridis: ${gNear} vs ${gFar}`);
  }
  assert.ok(!(await listFiles(out)).some((f) => f.endsWith('.tmp')), 'no temp files left');
});

test('-o with a .npy or .png file name writes exactly that file for one input', async (t) => {
  const out = await tempDir(t);
  const npyPath = join(out, 'tiefe ü 深度.npy');
  const a = await runCli(['depth', join(SAMPLES, 'astronaut.png'), '-o', npyPath, '--concurrency', '1', '--quiet']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(a.stdout, '', '--quiet prints nothing on success');
  assert.deepEqual(readNpy(await readFile(npyPath)).shape, [512, 512]);

  const pngPath = join(out, 'colour map.png');
  const b = await runCli(['depth', join(SAMPLES, 'cameraman.png'), '-o', pngPath, '--colormap', 'turbo', '--mask', '--concurrency', '1']);
  assert.equal(b.code, 0, b.stderr);
  assert.equal((await sharp(pngPath).metadata()).channels, 4, 'the named file is the colourised map');
  assert.equal((await sharp(join(out, 'colour map.mask.png')).metadata()).channels, 1, 'the mask sits beside it');
  assert.deepEqual(await listFiles(out), ['colour map.mask.png', 'colour map.png', 'tiefe ü 深度.npy']);
});
