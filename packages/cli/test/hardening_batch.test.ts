// Issue 16: batches that a fuzz and fault-injection run broke — huge and hostile images, odd file names, signals,
// --overwrite over files that are not ours, leftover temp files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, listFiles, runCli, startCli, tempDir } from './run-cli.ts';

const PORTRAIT = join(SAMPLES, 'official_portrait.jpg');

// Defect 1: one 8000×8000 JPEG made every later photo in that worker fail (the WASM heap overran).
test('8192² JPEG and PNG then a normal photo in one worker: all succeed, the big ones at the 16.8-MP working size', async (t) => {
  const dir = await tempDir(t);
  const big = sharp(PORTRAIT).resize(8192, 8192, { fit: 'fill' });
  await big.clone().jpeg({ quality: 80 }).toFile(join(dir, 'a-big.jpg'));
  await big.clone().png({ compressionLevel: 1 }).toFile(join(dir, 'b-big.png'));
  await copyFile(PORTRAIT, join(dir, 'c-normal.jpg'));
  const res = await runCli(['depth', dir, '-o', join(dir, 'out'), '--concurrency', '1', '--json']);
  assert.equal(res.code, 0, res.stderr);
  const sizes = jsonLines(res.stdout).filter((l) => l.type === 'result').map((l) => [l.input, (l.details as { width: number }).width]);
  const normal = await sharp(PORTRAIT).metadata();
  assert.deepEqual(sizes, [[join(dir, 'a-big.jpg'), 4096], [join(dir, 'b-big.png'), 4096], [join(dir, 'c-normal.jpg'), normal.width]]);
});

// Defect 2: an SVG named x.png stalled the batch (librsvg rendering a huge blur) and Ctrl-C could not end it.
test('an SVG named .png fails at once with a message and the batch goes on', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'x.png'), '<svg xmlns="http://www.w3.org/2000/svg" width="8000" height="8000"><filter id="b">' +
    '<feGaussianBlur stdDeviation="900"/></filter><rect width="8000" height="8000" filter="url(#b)"/></svg>');
  await copyFile(PORTRAIT, join(dir, 'y.jpg'));
  const t0 = performance.now();
  const res = await runCli(['depth', dir, '--concurrency', '1']);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /x\.png: .*SVG images are not accepted/);
  assert.deepEqual(await listFiles(dir), ['x.png', 'y.depth.png', 'y.jpg']);
  assert.ok(performance.now() - t0 < 30_000);
});

// Defect 3: a name that is not UTF-8 threw ENOENT from realpath and aborted the whole batch.
test('a file name that is not UTF-8 is reported as that file\'s failure; the others are processed', async (t) => {
  const dir = await tempDir(t);
  await copyFile(PORTRAIT, join(dir, 'good.jpg'));
  const latin1 = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]);
  await writeFile(latin1, await readFile(PORTRAIT));
  const res = await runCli(['depth', dir, '--concurrency', '1']);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /caf\uFFFD\.jpg: its name is not valid UTF-8.*rename it/);
  assert.match(res.stderr, /1 done, 0 skipped, 1 failed of 2/);
});

// Defect 8: --overwrite replaced files that folder scans skip: a photo named p.depth.png, a cat.gif beside cat.jpg.
test('--overwrite never replaces a file that is not relief\'s own output, and still replaces ours', async (t) => {
  const dir = await tempDir(t);
  await copyFile(PORTRAIT, join(dir, 'p.jpg'));
  await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, 'p.depth.png'));
  await copyFile(PORTRAIT, join(dir, 'q.jpg'));
  const first = await runCli(['depth', join(dir, 'q.jpg')]);
  assert.equal(first.code, 0, first.stderr);
  const photo = await readFile(join(dir, 'p.depth.png'));
  const res = await runCli(['depth', dir, '--overwrite', '--concurrency', '1', '--json']);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /p\.depth\.png exists and is not a relief png16 output.*does not replace it even with --overwrite/);
  assert.deepEqual(await readFile(join(dir, 'p.depth.png')), photo);
  const q = jsonLines(res.stdout).find((l) => l.input === join(dir, 'q.jpg'))!;
  assert.deepEqual([q.status, q.outputs], ['ok', [join(dir, 'q.depth.png')]]);

  await sharp(PORTRAIT).resize(64).gif().toFile(join(dir, 'cat.gif'));
  await copyFile(PORTRAIT, join(dir, 'cat.jpg'));
  const gif = await readFile(join(dir, 'cat.gif'));
  const video = await runCli(['photo3d', join(dir, 'cat.jpg'), '--overwrite', '--size', '64', '--fps', '4', '--seconds', '1']);
  assert.equal(video.code, 2, video.stderr);
  assert.match(video.stderr, /cat\.gif exists and is not a relief gif output/);
  assert.deepEqual(await readFile(join(dir, 'cat.gif')), gif);
});

// Defect 10: a 240-byte name gave a legal 250-byte output name, but the temp name added 14 bytes (ENAMETOOLONG).
test('an input with a 240-byte name gets its 250-byte output', async (t) => {
  const dir = await tempDir(t);
  const stem = 'é'.repeat(120); // 240 bytes in UTF-8
  await copyFile(PORTRAIT, join(dir, `${stem}.jpg`));
  const res = await runCli(['depth', join(dir, `${stem}.jpg`)]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(dir), [`${stem}.depth.png`, `${stem}.jpg`]);
});

// Defect 9: SIGTERM killed relief outright (exit 143) and left hidden temp files forever.
for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  test(`${signal} stops the batch like Ctrl-C: finished outputs whole, no temp files, exit ${code}`, async (t) => {
    const dir = await tempDir(t);
    for (let i = 0; i < 12; i++) await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, `p${String(i).padStart(2, '0')}.png`));
    const out = join(dir, 'out');
    const { child, done } = startCli(['depth', dir, '-o', out, '--concurrency', '1', '-f', 'png16,npy']);
    await new Promise<void>((resolve) => child.stdout!.on('data', (s: string) => s.includes('ok ') && resolve()));
    child.kill(signal);
    const res = await done;
    assert.equal(res.code, code, res.stderr);
    const files = await listFiles(out);
    assert.ok(!files.some((f) => f.includes('.tmp')), `temp files left: ${files}`);
    const depths = files.filter((f) => f.endsWith('.depth.png'));
    assert.ok(depths.length >= 1 && depths.length < 12, `${depths.length} of 12 finished`);
    assert.equal(files.length, depths.length * 2);
  });
}

test('a stop signal ends relief within seconds even while a worker is busy, and a second one at once', async (t) => {
  const dir = await tempDir(t);
  await sharp(PORTRAIT).resize(8192, 8192, { fit: 'fill' }).png({ compressionLevel: 1 }).toFile(join(dir, 'big.png'));
  // Two inputs on one worker: the second is still waiting when the signal comes, however fast the first one is.
  await copyFile(join(dir, 'big.png'), join(dir, 'big2.png'));
  for (const signals of [['SIGTERM'], ['SIGINT', 'SIGINT']] as const) {
    const { child, done } = startCli(['depth', join(dir, 'big.png'), join(dir, 'big2.png'), '-o', join(dir, 'out'), '--overwrite', '--concurrency', '1']);
    await new Promise((r) => setTimeout(r, 1500)); // the worker is up and decoding
    // A user's second Ctrl-C comes a moment after the first; sent back to back, the kernel merges the two.
    child.kill(signals[0]);
    if (signals.length === 2) await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    if (signals.length === 2) child.kill(signals[1]);
    const res = await done;
    const seconds = (performance.now() - t0) / 1000;
    assert.ok(seconds < (signals.length === 2 ? 2 : 7), `${signals.join('+')}: still running after ${seconds} s`);
    assert.ok(res.code !== 0, `${signals.join('+')}: ${res.code} ${res.signal}`);
    assert.ok(!(await listFiles(dir)).some((f) => f.includes('.tmp')));
  }
});

test('temp files left by a killed run are removed at the next start; a running relief keeps its own', async (t) => {
  const dir = await tempDir(t);
  await copyFile(PORTRAIT, join(dir, 'a.jpg'));
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  const stale = [`.relief-${dead}-0123abcd.tmp`, '.a.depth.png.89abcdef.tmp'];
  const live = `.relief-${process.pid}-fedcba98.tmp`;
  for (const name of [...stale, live]) await writeFile(join(dir, name), 'partial');
  const res = await runCli(['depth', join(dir, 'a.jpg')]);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(dir), [live, 'a.depth.png', 'a.jpg']);
});
