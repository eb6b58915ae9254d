// `relief depth` over folders and globs: bad files are reported and skipped over, outputs are never
// clobbered without --overwrite, inputs never, and usage mistakes exit 1 with a message that says what to do.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { SAMPLES } from '../../../test-support/paths.ts';
import { jsonLines, listFiles, runCli, startCli, tempDir } from './run-cli.ts';

test('a folder with a corrupt file: exit 2, the other outputs written, an error naming the file', async (t) => {
  const root = await tempDir(t);
  const photos = join(root, 'fotos für Ünïcode 📷');
  await mkdir(join(photos, 'sub dir'), { recursive: true });
  await copyFile(join(SAMPLES, 'astronaut.png'), join(photos, 'astronaut copy.png'));
  await copyFile(join(SAMPLES, 'cameraman.png'), join(photos, 'sub dir', 'kamera mann.png'));
  const png = await readFile(join(SAMPLES, 'cameraman.png'));
  await writeFile(join(photos, 'truncated.png'), png.subarray(0, png.length / 3));
  await writeFile(join(photos, 'notes.jpg'), 'this is not an image');
  await writeFile(join(photos, 'readme.txt'), 'not picked up: not an image extension');
  const out = join(root, 'out put');

  const res = await runCli(['depth', photos, '-o', out, '--concurrency', '2']);
  assert.equal(res.code, 2, res.stderr);
  const errors = res.stderr.split('\n').filter((l) => l.startsWith('error:'));
  assert.equal(errors.length, 2, res.stderr);
  assert.match(errors.find((l) => l.includes('truncated.png'))!, /truncated\.png: .*(corrupt|truncated|decode)/i);
  assert.match(errors.find((l) => l.includes('notes.jpg'))!, /notes\.jpg: .*decode/i);
  assert.match(res.stderr, /2 done, 0 skipped, 2 failed of 4/);
  assert.deepEqual(await listFiles(out), ['astronaut copy.depth.png', 'sub dir/kamera mann.depth.png']);
  const meta = await sharp(join(out, 'sub dir', 'kamera mann.depth.png')).metadata();
  assert.deepEqual([meta.width, meta.height, meta.depth], [512, 512, 'ushort']);
});

test('re-running skips existing outputs; --overwrite replaces them; outputs beside inputs are not taken as inputs', async (t) => {
  const dir = await tempDir(t);
  await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, 'a.png'));
  const first = await runCli(['depth', dir, '--concurrency', '1', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const output = join(dir, 'a.depth.png');
  const before = (await stat(output)).mtimeMs;

  const again = await runCli(['depth', dir, '--concurrency', '1', '--json']);
  assert.equal(again.code, 0, again.stderr);
  const [result, summary] = jsonLines(again.stdout);
  assert.equal(result.status, 'skipped');
  assert.deepEqual(result.kept, [output]);
  assert.equal(summary.skipped, 1);
  assert.equal(summary.total, 1, 'a.depth.png in the same folder is not an input');
  assert.equal((await stat(output)).mtimeMs, before);

  const forced = await runCli(['depth', dir, '--concurrency', '1', '--overwrite']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /^ok .*a\.png → .*a\.depth\.png/m);
  assert.ok((await stat(output)).mtimeMs > before);
  assert.deepEqual(await listFiles(dir), ['a.depth.png', 'a.png']);
});

test('never writes over an input, even with --overwrite', async (t) => {
  const dir = await tempDir(t);
  const input = join(dir, 'me.png');
  await copyFile(join(SAMPLES, 'astronaut.png'), input);
  const original = await readFile(input);
  for (const extra of [[], ['--overwrite']]) {
    const res = await runCli(['depth', input, '-o', input, '--concurrency', '1', ...extra]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /me\.png: .*is an input file, which relief never writes over/);
    assert.deepEqual(await readFile(input), original);
  }
  // An earlier output passed back in as an input is protected the same way.
  await runCli(['depth', input, '--concurrency', '1']);
  const res = await runCli(['depth', input, join(dir, 'me.depth.png'), '--overwrite', '--concurrency', '1']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /me\.png: its output .*me\.depth\.png is an input file/);
});

test('usage errors exit 1 with a message that names the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['depth'], /missing required argument 'inputs'/],
    [['depth', 'x.png', '--frobnicate'], /unknown option '--frobnicate'/],
    [['depth', 'x.png', '--min-depth', 'abc'], /--min-depth <n>' argument 'abc' is invalid\. Expected a number/],
    [['depth', 'x.png', '--max-depth', '2'], /Expected a number from 0 to 1/],
    [['depth', 'x.png', '--min-depth', '0.8', '--max-depth', '0.3'], /--min-depth \(0\.8\) must be below --max-depth \(0\.3\)/],
    [['depth', 'x.png', '--concurrency', '0'], /Expected a whole number from 1 to 64/],
    [['depth', 'x.png', '--colormap', 'rainbow'], /Allowed choices are turbo, gray, viridis, inferno/],
    [['depth', 'x.png', '-f', 'png16,jpg'], /Expected one or more of png16, png8, npy/],
    [['depth', SAMPLES, '-o', '/tmp/one-file.png'], /names one file, but the inputs hold \d+ images; give a folder/],
    [['depth', join(SAMPLES, 'astronaut.png'), '-o', '/tmp/x.npy', '-f', 'png8'], /first output \(png8\) is a \.png file/],
    [['depth', 'x.png', '--model', '/no/such/model.json'], /--model \/no\/such\/model\.json: no such file or folder/],
    [['nonsense'], /unknown command 'nonsense'/],
  ];
  for (const [args, message] of cases) {
    const res = await runCli(args);
    assert.equal(res.code, 1, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, args.join(' '));
    assert.match(res.stderr, /--help/, 'points at the help');
  }
});

test('a missing input or a photo with no person is reported and the batch goes on; --no-segmentation takes any photo', async (t) => {
  const dir = await tempDir(t);
  const wall = join(dir, 'wall.png');
  // A smooth gradient: nothing the segmenter could take for a person.
  const gradient = Buffer.alloc(160 * 120 * 3);
  for (let i = 0; i < 160 * 120; i++) gradient.fill(Math.round(((i % 160) / 160) * 255), i * 3, i * 3 + 3);
  await sharp(gradient, { raw: { width: 160, height: 120, channels: 3 } }).png().toFile(wall);
  const res = await runCli(['depth', wall, join(dir, 'missing.jpg'), join(SAMPLES, 'astronaut.png'), '-o', join(dir, 'out'), '--concurrency', '1']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /error: .*wall\.png: no person found .*--no-segmentation/);
  assert.match(res.stderr, /error: .*missing\.jpg: no such file or folder/);
  assert.deepEqual(await listFiles(join(dir, 'out')), ['astronaut.depth.png']);

  const whole = await runCli(['depth', wall, '-o', join(dir, 'out'), '--no-segmentation', '--concurrency', '1', '--json']);
  assert.equal(whole.code, 0, whole.stderr);
  assert.equal((jsonLines(whole.stdout)[0].details as { personFraction: number }).personFraction, 1);
  const meta = await sharp(join(dir, 'out', 'wall.depth.png')).metadata();
  assert.deepEqual([meta.width, meta.height], [160, 120]);
});

test('glob patterns pick images and mirror the tree below the pattern\'s fixed part', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'in', 'a'), { recursive: true });
  await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, 'in', 'a', 'x.png'));
  await copyFile(join(SAMPLES, 'cameraman.png'), join(dir, 'in', 'y.png'));
  await copyFile(join(SAMPLES, 'official_portrait.jpg'), join(dir, 'in', 'z.jpg'));
  const res = await runCli(['depth', 'in/**/*.png', '-o', 'out', '--concurrency', '1', '-f', 'png8'], dir);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(join(dir, 'out')), ['a/x.depth8.png', 'y.depth8.png']);
});

test('Ctrl-C stops the batch: finished outputs stay whole, no temp files are left, exit 130', async (t) => {
  const dir = await tempDir(t);
  const names = Array.from({ length: 16 }, (_, i) => `p${String(i).padStart(2, '0')}.png`);
  for (const name of names) await copyFile(join(SAMPLES, 'astronaut.png'), join(dir, name));
  const out = join(dir, 'out');
  const { child, done } = startCli(['depth', dir, '-o', out, '--concurrency', '1', '-f', 'png16,npy']);
  await new Promise<void>((resolve) => child.stdout!.on('data', (s: string) => s.includes('ok ') && resolve()));
  child.kill('SIGINT');
  const res = await done;
  assert.equal(res.code, 130, res.stderr);
  assert.match(res.stderr, /Stopping \(Ctrl-C\)/);
  assert.match(res.stderr, /not done \(interrupted\)/);
  const files = await listFiles(out);
  assert.ok(!files.some((f) => f.includes('.tmp')), `temp files left: ${files}`);
  const depths = files.filter((f) => f.endsWith('.depth.png'));
  assert.ok(depths.length >= 1 && depths.length < names.length, `${depths.length} of ${names.length} finished`);
  assert.equal(files.length, depths.length * 2, 'each finished input has both outputs');
  for (const f of depths) assert.equal((await sharp(join(out, f)).metadata()).height, 512);
});
