// Layouts no licensed, people-free real file exists for (see the fixtures' README), built here with the structure
// real phones write: a Pixel "GCam" portrait (Dynamic Depth in extended XMP, items named by DataURI, depth as JPEG,
// the unblurred original as its own item — layout as in exifr's test/fixtures/xmp-gcam-portrait.xml, MIT) and an
// iPhone JPEG with a portrait-effects matte next to its disparity map (MPF images with their own apdi XMP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDepthPhoto, encodeJpeg, type RgbaImage } from '../src/index.js';
import { concat, utf8 } from '../src/bytes.js';
import { extendedXmpGuid, replaceXmp, xmpSegments } from '../src/jpeg-segments.js';

const W = 64, H = 48;

function image(fill: (x: number, y: number) => [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set([...fill(x, y), 255], (y * W + x) * 4);
  return { data, width: W, height: H };
}

/** Left half near (grey 40), right half far (grey 200). */
const greyMap = image((x) => (x < W / 2 ? [40, 40, 40] : [200, 200, 200]));

test('Pixel GCam portrait layout: depth JPEG found by DepthURI, original image item preferred, RangeLinear, intrinsics', async () => {
  const blurred = encodeJpeg(image(() => [128, 128, 128]));
  const original = encodeJpeg(image(() => [200, 30, 30]));
  const depth = encodeJpeg(greyMap, 100);
  const confidence = encodeJpeg(image(() => [255, 255, 255]));
  const ns = (p: string) => `xmlns:${p}="http://ns.google.com/photos/dd/1.0/${p.toLowerCase()}/"`;
  const extended = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description ${['Profile', 'Item', 'Camera', 'Device', 'Image', 'DepthMap', 'ImagingModel', 'Container'].map(ns).join(' ')} rdf:about="">
<Device:Container rdf:parseType="Resource"><Container:Directory><rdf:Seq>
<rdf:li><Container:Item Item:Mime="image/jpeg" Item:Length="0" Item:DataURI="primary_image"/></rdf:li>
<rdf:li><Container:Item Item:Mime="image/jpeg" Item:Length="${original.length}" Item:DataURI="android/original_image"/></rdf:li>
<rdf:li><Container:Item Item:Mime="image/jpeg" Item:Length="${depth.length}" Item:DataURI="android/depthmap"/></rdf:li>
<rdf:li><Container:Item Item:Mime="image/jpeg" Item:Length="${confidence.length}" Item:DataURI="android/confidencemap"/></rdf:li>
</rdf:Seq></Container:Directory></Device:Container>
<Device:Profiles><rdf:Seq><rdf:li><Device:Profile Profile:Type="DepthPhoto"><Profile:CameraIndices><rdf:Seq><rdf:li>0</rdf:li></rdf:Seq></Profile:CameraIndices></Device:Profile></rdf:li></rdf:Seq></Device:Profiles>
<Device:Cameras><rdf:Seq><rdf:li><Device:Camera Camera:Trait="Physical">
<Camera:Image Image:ItemSemantic="Original" Image:ItemURI="android/original_image"/>
<Camera:DepthMap DepthMap:ItemSemantic="Segmentation" DepthMap:Format="RangeLinear" DepthMap:Units="None" DepthMap:Near="0.300000" DepthMap:Far="8.000000" DepthMap:DepthURI="android/depthmap" DepthMap:MeasureType="OpticalAxis" DepthMap:ConfidenceURI="android/confidencemap"/>
<Camera:ImagingModel ImagingModel:FocalLengthX="1812.5" ImagingModel:FocalLengthY="1812.5" ImagingModel:ImageWidth="3264" ImagingModel:ImageHeight="2448" ImagingModel:PrincipalPointX="1643.29" ImagingModel:PrincipalPointY="1232.1" ImagingModel:PixelAspectRatio="1.0"/>
</Device:Camera></rdf:li></rdf:Seq></Device:Cameras>
</rdf:Description></rdf:RDF></x:xmpmeta>`;
  const standard = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" xmpNote:HasExtendedXMP="${extendedXmpGuid(extended)}" GCamera:BurstPrimary="1"/></rdf:RDF></x:xmpmeta>`;
  const file = concat([replaceXmp(blurred, xmpSegments(standard, extended)), original, depth, confidence]);
  const p = await readDepthPhoto(file);
  assert.deepEqual([p.source, p.kind, p.units, p.near, p.far, p.depth.width], ['dynamic-depth', 'depth', 'relative', 0.3, 8, W]);
  // RangeLinear: grey 40 → 0.3 + 40/255 · 7.7 ≈ 1.51, grey 200 → 6.34 (JPEG at quality 100: within 2 levels).
  const level = 7.7 / 255;
  assert.ok(Math.abs(p.depth.data[24 * W + 5] - (0.3 + 40 * level)) < 2 * level, `near ${p.depth.data[24 * W + 5]}`);
  assert.ok(Math.abs(p.depth.data[24 * W + 60] - (0.3 + 200 * level)) < 2 * level, `far ${p.depth.data[24 * W + 60]}`);
  assert.ok(p.image.data[0] > 180 && p.image.data[1] < 60, 'the red original, not the grey blurred primary');
  assert.ok(Math.abs(p.intrinsics!.fx - 1812.5 * (W / 3264)) < 1e-6 && Math.abs(p.intrinsics!.cy - 1232.1 * (H / 2448)) < 1e-6);
});

/** CIPA MPF index in an APP2 right after SOI, little-endian; offsets relative to the TIFF header at byte 10. */
function withMpf(primary: Uint8Array, extra: Uint8Array[]): Uint8Array {
  const n = 1 + extra.length;
  const ifdCount = 3;
  const tiff = new Uint8Array(8 + 2 + ifdCount * 12 + 4 + 16 * n);
  const v = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 0x2a, 0x00]);
  v.setUint32(4, 8, true);
  v.setUint16(8, ifdCount, true);
  const entry = (i: number, tag: number, type: number, count: number, value: number) => {
    const at = 10 + i * 12;
    v.setUint16(at, tag, true); v.setUint16(at + 2, type, true); v.setUint32(at + 4, count, true); v.setUint32(at + 8, value, true);
  };
  entry(0, 0xb000, 7, 4, 0x30303130); // MPFVersion "0100"
  entry(1, 0xb001, 4, 1, n);
  const entries = 10 + ifdCount * 12 + 4;
  entry(2, 0xb002, 7, 16 * n, entries);
  const payload = concat([utf8('MPF\0'), tiff]);
  const app2 = concat([new Uint8Array([0xff, 0xe2, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
  const head = concat([primary.subarray(0, 2), app2, primary.subarray(2)]);
  let at = head.length;
  const sizes = [head.length, ...extra.map((e) => e.length)];
  sizes.forEach((size, i) => {
    v.setUint32(entries + i * 16 + 4, size, true);
    v.setUint32(entries + i * 16 + 8, i === 0 ? 0 : at - 10, true);
    if (i > 0) at += size;
  });
  // Rewrite the APP2 with the filled-in entries.
  head.set(tiff, 2 + 4 + 4);
  return concat([head, ...extra]);
}

function appleAux(grey: RgbaImage, description: string): Uint8Array {
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:apdi="http://ns.apple.com/pixeldatainfo/1.0/" xmlns:depthData="http://ns.apple.com/depthData/1.0/" ${description}/></rdf:RDF></x:xmpmeta>`;
  return replaceXmp(encodeJpeg(grey, 100), xmpSegments(xmp));
}

test('iPhone JPEG with disparity and portrait matte: the matte comes back, absolute accuracy gives 1/metres', async () => {
  const matte = image((x, y) => (Math.hypot(x - 20, y - 24) < 12 ? [255, 255, 255] : [0, 0, 0]));
  const file = withMpf(encodeJpeg(image(() => [90, 140, 90])), [
    appleAux(greyMap, 'apdi:AuxiliaryImageType="disparity" apdi:FloatMinValue="0.5" apdi:FloatMaxValue="2.5" depthData:Accuracy="absolute"'),
    appleAux(matte, 'apdi:AuxiliaryImageType="urn:com:apple:photo:2018:aux:portraiteffectsmatte"'),
  ]);
  const p = await readDepthPhoto(file);
  assert.deepEqual([p.source, p.kind, p.units, p.near, p.far], ['apple-jpeg', 'disparity', '1/metres', 2.5, 0.5]);
  assert.ok(Math.abs(p.depth.data[24 * W + 5] - (0.5 + (40 / 255) * 2)) < 0.02, `disparity ${p.depth.data[24 * W + 5]}`);
  assert.ok(p.matte, 'matte read');
  assert.ok(p.matte.data[24 * W + 20] > 0.95 && p.matte.data[5 * W + 60] < 0.05, 'matte inside the disc, not outside');
});
