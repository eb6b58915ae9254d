// Damaged and hostile files: every one gives a DepthPhotoError whose message names the problem — never a crash,
// a hang or a generic exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode as encodePng } from 'fast-png';
import { fixture, syntheticPhoto } from './fixtures.ts';
import { DepthPhotoError, readDepthPhoto, readImageDepthPair, readPly, readRgbd, writeDynamicDepthJpeg, writePly, encodeJpeg } from '../src/index.js';

async function rejects(bytes: Uint8Array, pattern: RegExp, reason: DepthPhotoError['reason'] = 'damaged'): Promise<void> {
  await assert.rejects(readDepthPhoto(bytes, 'photo.jpg'), (e: unknown) => {
    assert.ok(e instanceof DepthPhotoError, `not a DepthPhotoError: ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.reason, reason, e.message);
    return true;
  });
}

const patched = (bytes: Uint8Array, at: number, values: number[]) => {
  const out = bytes.slice();
  out.set(values, at);
  return out;
};

test('empty, random and non-photo bytes', async () => {
  await rejects(new Uint8Array(0), /photo\.jpg is empty/);
  await rejects(new TextEncoder().encode('hello world, not a photo'), /not a JPEG or HEIC photo/, 'unsupported');
  await rejects(encodePng({ width: 2, height: 2, data: new Uint8Array(16), channels: 4 }), /PNG photos carry no depth/, 'no-depth');
});

test('an ordinary JPEG has no depth: reason no-depth, so callers can estimate instead', async () => {
  await rejects(encodeJpeg(syntheticPhoto().image), /no embedded depth map.*estimate its depth instead/, 'no-depth');
});

test('truncated files: every layout names truncation', async () => {
  const apple = fixture('apple-jpeg-mpf/image-with-depth.jpg');
  await rejects(apple.subarray(0, 1_000_000), /truncated/);
  // Cut inside the aux image: the MPF entry points past the end.
  await rejects(apple.subarray(0, 2_570_600), /truncated|damaged/);
  await rejects(fixture('apple-heic/pug.heic').subarray(0, 600_000), /truncated|damaged/);
  await rejects(fixture('gdepth-lens-blur/lbr-photo1.jpg').subarray(0, 200_000), /truncated|extended XMP/);
  const dd = writeDynamicDepthJpeg(syntheticPhoto());
  await rejects(dd.subarray(0, dd.length - 50), /Dynamic Depth item 1 \(Depth\) claims \d+ bytes.*truncated/);
});

test('missing auxiliary image: the MPF image gone, GDepth data gone, HEIC depth item gone', async () => {
  const apple = fixture('apple-jpeg-mpf/image-with-depth.jpg');
  await rejects(apple.subarray(0, 2_570_521), /offset 2570521 lies outside/);
  // Overwrite the HEIC's auxC depth URN: then it is an ordinary HEIC photo.
  const heic = fixture('apple-heic/pug.heic');
  const at = Buffer.from(heic).indexOf('urn:mpeg:hevc:2015:auxid:2');
  await rejects(patched(heic, at, [...Buffer.from('urn:x')]), /no depth or disparity image/, 'no-depth');
  // GDepth whose extended XMP (with GDepth:Data) is stripped.
  const gdepth = fixture('gdepth-lens-blur/lbr-photo1.jpg');
  const ext = Buffer.from(gdepth).indexOf('http://ns.adobe.com/xmp/extension/');
  await rejects(patched(gdepth, ext, [...Buffer.from('http://example.com/nothing/here/x')]), /GDepth metadata but no GDepth:Data/);
});

test('wrong offsets: an MPF entry pointing into the primary, a HEIC box running past its parent', async () => {
  const apple = fixture('apple-jpeg-mpf/image-with-depth.jpg');
  const mpf = Buffer.from(apple).indexOf('MPF\0');
  // Entry 2's offset field holds 2570521 relative to the MPF header (4 bytes after "MPF\0"): point it at byte 1000.
  const rel = Buffer.alloc(4);
  const little = apple[mpf + 4] === 0x49;
  if (little) rel.writeUInt32LE(2_570_521 - (mpf + 4)); else rel.writeUInt32BE(2_570_521 - (mpf + 4));
  const field = Buffer.from(apple).indexOf(rel, mpf);
  assert.ok(field > mpf && field < mpf + 200, 'found the MPF offset field');
  await rejects(patched(apple, field, little ? [0xe8, 0x03, 0, 0] : [0, 0, 0x03, 0xe8]), /no JPEG starts at its offset \d+; the MPF index is wrong/);
  const heic = fixture('apple-heic/pug.heic');
  const iloc = Buffer.from(heic).indexOf('iloc');
  await rejects(patched(heic, iloc - 4, [0x7f, 0xff, 0xff, 0xff]), /box 'iloc'.*claims \d+ bytes, past the end/);
});

test('absurd sizes: a depth PNG claiming 100000×100000 pixels, a JPEG frame of 65535×65535', async () => {
  const photo = syntheticPhoto();
  const huge = encodePng({ width: 2, height: 2, data: new Uint8Array(4), channels: 1 });
  new DataView(huge.buffer).setUint32(16, 100000);
  new DataView(huge.buffer).setUint32(20, 100000);
  assert.throws(() => readImageDepthPair(encodeJpeg(photo.image), huge), /claims 100000×100000 pixels, more than the 100 MP limit/);
  const jpeg = encodeJpeg(photo.image);
  const sof = Buffer.from(jpeg).indexOf(Buffer.from([0xff, 0xc0]));
  assert.throws(() => readImageDepthPair(patched(jpeg, sof + 5, [0xff, 0xff, 0xff, 0xff]), huge), /could not be decoded as JPEG.*(maxResolutionInMP|exceeds)/);
});

test('absurd sizes in a HEIC: the depth item claiming 200000×200000 pixels is refused by libheif\'s limits', async () => {
  const heic = Buffer.from(fixture('apple-heic/pug.heic'));
  // The fourth ispe property (768×576) belongs to the depth item, 54.
  let at = -1;
  for (let i = 0; i < 4; i++) at = heic.indexOf('ispe', at + 1);
  assert.deepEqual([heic.readUInt32BE(at + 8), heic.readUInt32BE(at + 12)], [768, 576]);
  heic.writeUInt32BE(200_000, at + 8);
  heic.writeUInt32BE(200_000, at + 12);
  await rejects(new Uint8Array(heic), /\(item 54\) could not be decoded \(.*200000x200000 exceeds the maximum image size \d+\)/);
});

test('RGB-D and PLY readers reject what they cannot read', () => {
  assert.throws(() => readRgbd(encodePng({ width: 3, height: 2, data: new Uint8Array(24), channels: 4 })), /needs an even width/);
  const ply = writePly(syntheticPhoto());
  assert.throws(() => readPly(ply.subarray(0, 500)), /PLY file is truncated/);
  assert.throws(() => readPly(new TextEncoder().encode('solid stl')), /not a PLY file/);
});
