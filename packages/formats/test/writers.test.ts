// Every writer's output is read back by our reader (depth equal within the format's quantisation); the Dynamic
// Depth JPEG is also read by exiftool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode as decodePng } from 'fast-png';
import { maxRelativeError, readFixture, syntheticPhoto } from './fixtures.ts';
import { readDepthPhoto, readImageDepthPair, readPly, readRgbd, resampleScalar, toDistances, writeDynamicDepthJpeg, writeFacebookPair, writePly, writeRgbdPng } from '../src/index.js';
import { md5Hex } from '../src/md5.js';
import { scratchDir } from '../../../test-support/temp.ts';

/** The synthetic photo's nearest and farthest pixels. */
const NEAREST = 13 * 64 + 17, FARTHEST = 47 * 64;
const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;

/** Relative error of RangeInverse quantisation with `levels` steps between near and far. */
const inverseStep = (near: number, far: number, levels: number) => (far / near - 1) / levels;

test('md5 matches RFC 1321 test vectors (extended-XMP GUIDs)', () => {
  assert.equal(md5Hex(new TextEncoder().encode('')), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(md5Hex(new TextEncoder().encode('The quick brown fox jumps over the lazy dog')), '9e107d9d372bb6826bd81d3542a419d6');
  assert.equal(md5Hex(new Uint8Array(1000).fill(97)), 'cabe45dcc9ae5b66ba86600cca6b8ba8');
});

test('Dynamic Depth JPEG: our reader gets depth (16-bit), intrinsics and image back', async () => {
  const photo = syntheticPhoto();
  const back = await readDepthPhoto(writeDynamicDepthJpeg(photo));
  assert.deepEqual([back.source, back.kind, back.units, back.depth.width, back.depth.height], ['dynamic-depth', 'depth', 'metres', 64, 48]);
  const err = maxRelativeError(photo.depth.data, back.depth.data);
  assert.ok(err <= inverseStep(1.05, 3.49, 65535), `max relative error ${err}`);
  assert.deepEqual(back.intrinsics, photo.intrinsics);
  // JPEG is lossy: colours come back close, not equal.
  const i = (24 * 64 + 32) * 4;
  assert.ok(Math.abs(back.image.data[i] - 220) < 12 && Math.abs(back.image.data[i + 2] - 40) < 12);
});

test('Dynamic Depth JPEG from a real iPhone photo: disparity becomes distance, round trip within 16 bits', async () => {
  const apple = await readFixture('apple-jpeg-mpf/image-with-depth.jpg');
  const small = { ...apple, image: { data: apple.image.data.slice(0, 4), width: 1, height: 1 } };
  const back = await readDepthPhoto(writeDynamicDepthJpeg({ ...small, intrinsics: undefined }));
  const want = toDistances(apple);
  assert.equal(back.units, 'relative');
  assert.ok(maxRelativeError(want.depth.data, back.depth.data) <= inverseStep(want.near, want.far, 65535));
});

test('Dynamic Depth JPEG: exiftool reads the GDepth map, the Container directory and the appended depth PNG', { skip: !hasExiftool && 'exiftool missing: apt-get install libimage-exiftool-perl' }, () => {
  const photo = syntheticPhoto();
  const file = join(scratchDir('relief-dd-'), 'dd.jpg');
  const bytes = writeDynamicDepthJpeg(photo);
  writeFileSync(file, bytes);
  const tags = JSON.parse(execFileSync('exiftool', ['-j', '-n', '-XMP-GDepth:all', '-XMP-Device:all', '-warning', file], { encoding: 'utf8' }))[0];
  assert.equal(tags.Warning, undefined, `exiftool warns: ${tags.Warning}`);
  // Near/Far are the nearest and farthest pixels: 1 + 17/64·0.2 and 3 + 47/48·0.5.
  assert.deepEqual([tags.Format, tags.Mime], ['RangeInverse', 'image/png']);
  assert.ok(Math.abs(tags.Near - 1.053125) < 1e-6 && Math.abs(tags.Far - 3.4895833) < 1e-6, `Near ${tags.Near} Far ${tags.Far}`);
  assert.deepEqual(tags.ContainerDirectoryItemMime, ['image/jpeg', 'image/png']);
  assert.equal(tags.CameraDepthMapFormat, 'RangeInverse');
  // GDepth map (8-bit, RangeInverse): exiftool extracts the PNG from the extended XMP.
  const png = decodePng(execFileSync('exiftool', ['-b', '-XMP-GDepth:DepthImage', file]));
  assert.deepEqual([png.width, png.height, png.depth], [64, 48, 8]);
  const near = png.data[NEAREST], far = png.data[FARTHEST];
  assert.ok(near < 10 && far > 245, `GDepth near ${near}, far ${far}`);
  // The Dynamic Depth item: its length from exiftool's directory, found at the end of the file, is a 16-bit PNG.
  const length = tags.ContainerDirectoryItemLength[1];
  const item = decodePng(bytes.subarray(bytes.length - length));
  assert.deepEqual([item.width, item.height, item.depth], [64, 48, 16]);
});

test('Facebook pair: photo.jpg + photo_depth.png (white = near, image size) read back within 8 bits', () => {
  const photo = syntheticPhoto();
  const pair = writeFacebookPair(photo);
  const png = decodePng(pair.depth);
  assert.deepEqual([png.width, png.height, png.channels], [64, 48, 1]);
  assert.deepEqual([png.data[NEAREST], png.data[FARTHEST]], [255, 0], 'white = near, black = far');
  const back = readImageDepthPair(pair.image, pair.depth);
  assert.ok(maxRelativeError(photo.depth.data, back.depth.data) <= inverseStep(1.05, 3.49, 255), 'within 8-bit RangeInverse');
  // A foreign pair (no Relief text chunk) still reads, as relative disparity with white = near.
  const foreign = readImageDepthPair(pair.image, writeFacebookPair({ ...photo, depth: resampleScalar(photo.depth, 32, 24) }).depth.subarray(0));
  assert.equal(foreign.image.width, 64);
});

test('RGB-D side-by-side PNG: twice as wide, colour left, depth right, read back within 8 bits', () => {
  const photo = syntheticPhoto();
  const bytes = writeRgbdPng(photo);
  const png = decodePng(bytes);
  assert.deepEqual([png.width, png.height], [128, 48]);
  assert.deepEqual([...png.data.subarray((24 * 128 + 32) * 4, (24 * 128 + 32) * 4 + 4)], [220, 120, 40, 255]);
  assert.equal(png.data[(13 * 128 + 64 + 17) * 4], 255, 'near is white');
  const back = readRgbd(bytes);
  assert.deepEqual([...back.image.data], [...photo.image.data]);
  assert.ok(maxRelativeError(photo.depth.data, back.depth.data) <= inverseStep(1.05, 3.49, 255));
});

test('PLY: one vertex per depth pixel at −z = depth through the intrinsics; mesh tears at the square’s edge', () => {
  const photo = syntheticPhoto();
  const cloud = readPly(writePly(photo));
  assert.equal(cloud.positions.length / 3, 64 * 48);
  for (const i of [0, 24 * 64 + 32, 47 * 64 + 63]) {
    const [x, y, z] = cloud.positions.subarray(i * 3, i * 3 + 3);
    const d = photo.depth.data[i];
    assert.ok(Math.abs(-z - d) < 1e-6, `z at ${i}`);
    assert.ok(Math.abs(x - (((i % 64) + 0.5 - 32) / 60) * d) < 1e-5 && Math.abs(y + ((Math.floor(i / 64) + 0.5 - 24) / 60) * d) < 1e-5);
  }
  assert.deepEqual([...cloud.colors.subarray((24 * 64 + 32) * 3, (24 * 64 + 32) * 3 + 3)], [220, 120, 40]);
  const mesh = readPly(writePly(photo, { mesh: true }));
  const full = 2 * 63 * 47;
  // The square's outline is torn: fewer triangles than a full grid, but most survive.
  assert.ok(mesh.faces.length / 3 < full && mesh.faces.length / 3 > full * 0.9, `${mesh.faces.length / 3} of ${full}`);
  for (let f = 0; f < mesh.faces.length; f += 3) {
    const zs = [0, 1, 2].map((k) => -mesh.positions[mesh.faces[f + k] * 3 + 2]);
    assert.ok(Math.max(...zs) / Math.min(...zs) < 1.05);
  }
});
