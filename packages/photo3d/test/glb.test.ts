import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { buildLayers } from '../src/index.js';
import { exportGlbNode } from '../src/node/index.js';
import { bumpScene } from './fixtures.js';

interface Gltf {
  asset: { version: string };
  meshes: { primitives: { attributes: Record<string, number>; indices: number; material: number }[] }[];
  materials: { pbrMetallicRoughness: { baseColorTexture?: { index: number } } }[];
  textures: { source: number }[];
  images: { bufferView: number; mimeType: string }[];
  bufferViews: { byteOffset?: number; byteLength: number }[];
  accessors: { count: number }[];
  cameras?: { perspective: { yfov: number } }[];
}

function parseGlb(bytes: Uint8Array): { json: Gltf; bin: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(view.getUint32(0, true), 0x46546c67, 'magic "glTF"');
  assert.equal(view.getUint32(4, true), 2, 'glTF version 2');
  assert.equal(view.getUint32(8, true), bytes.length, 'header length = file length');
  const jsonLength = view.getUint32(12, true);
  assert.equal(view.getUint32(16, true), 0x4e4f534a, 'first chunk is JSON');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))) as Gltf;
  const binStart = 20 + jsonLength;
  assert.equal(view.getUint32(binStart + 4, true), 0x004e4942, 'second chunk is BIN');
  const bin = bytes.subarray(binStart + 8, binStart + 8 + view.getUint32(binStart, true));
  return { json, bin };
}

/** Width, height and decoded size of an RGBA PNG. */
function pngInfo(png: Uint8Array): { width: number; height: number; rawLength: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let offset = 8;
  const idat: Uint8Array[] = [];
  // glTF pads buffer views to 4 bytes: stop at IEND, not at the view's end.
  for (let type = ''; type !== 'IEND';) {
    const length = view.getUint32(offset);
    type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width, height, rawLength: inflateSync(Buffer.concat(idat)).length };
}

test('GLB export in Node: valid binary glTF, one mesh with both layers, PNG textures at the photo size, the photo camera', async () => {
  const scene = bumpScene();
  const layers = await buildLayers(scene);
  const glb = await exportGlbNode(layers);
  const { json, bin } = parseGlb(glb);
  assert.equal(json.asset.version, '2.0');
  assert.equal(json.meshes.length, 1);
  const prims = json.meshes[0].primitives;
  assert.equal(prims.length, 2, 'background layer + foreground');
  assert.equal(json.accessors[prims[1].indices].count, layers.foreground.indices.length);
  for (const p of prims) {
    assert.ok('POSITION' in p.attributes && 'TEXCOORD_0' in p.attributes);
    assert.ok(json.materials[p.material].pbrMetallicRoughness.baseColorTexture, 'textured');
  }
  assert.equal(json.images.length, 2);
  for (const image of json.images) {
    assert.equal(image.mimeType, 'image/png');
    const bv = json.bufferViews[image.bufferView];
    const png = pngInfo(bin.subarray(bv.byteOffset ?? 0, (bv.byteOffset ?? 0) + bv.byteLength));
    assert.deepEqual([png.width, png.height], [scene.image.width, scene.image.height]);
    assert.equal(png.rawLength, (scene.image.width * 4 + 1) * scene.image.height);
  }
  assert.ok(Math.abs((json.cameras?.[0].perspective.yfov ?? 0) - (50 * Math.PI) / 180) < 1e-6);
  // The shims that made it possible are gone again.
  assert.equal((globalThis as Record<string, unknown>).OffscreenCanvas, undefined);
  assert.equal((globalThis as Record<string, unknown>).FileReader, undefined);
});
