// `relief mesh`: a binary glTF holding the torn person mesh, the background layer, their textures and the camera.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLES } from '../../../test-support/paths.ts';
import { writeBrightnessModel } from './brightness-model.ts';
import { jsonLines, listFiles, runCli, tempDir } from './run-cli.ts';

interface Gltf {
  meshes: { primitives: { attributes: Record<string, number>; indices: number }[] }[];
  accessors: { count: number }[];
  images: { mimeType: string }[];
  cameras: { type: string }[];
}

function readGlb(bytes: Buffer): Gltf {
  assert.equal(bytes.toString('latin1', 0, 4), 'glTF');
  assert.equal(bytes.readUInt32LE(4), 2, 'glTF 2');
  assert.equal(bytes.readUInt32LE(8), bytes.length, 'header length = file length');
  const jsonLength = bytes.readUInt32LE(12);
  assert.equal(bytes.toString('latin1', 16, 20), 'JSON');
  return JSON.parse(bytes.toString('utf8', 20, 20 + jsonLength)) as Gltf;
}

test('mesh writes a textured .glb per photo, with the photo camera, into a folder or a named file', async (t) => {
  const dir = await tempDir(t);
  const model = await writeBrightnessModel(join(dir, 'model'));
  const out = join(dir, 'out');
  const res = await runCli(['mesh', join(SAMPLES, 'astronaut.png'), join(SAMPLES, 'cameraman.png'), '-o', out, '--model', model, '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(await listFiles(out), ['astronaut.glb', 'cameraman.glb']);
  for (const name of ['astronaut.glb', 'cameraman.glb']) {
    const gltf = readGlb(await readFile(join(out, name)));
    const primitives = gltf.meshes.flatMap((m) => m.primitives);
    assert.equal(primitives.length, 2, 'foreground and background layers');
    for (const p of primitives) {
      assert.ok(gltf.accessors[p.attributes.POSITION].count >= 4);
      assert.ok(gltf.accessors[p.indices].count % 3 === 0 && gltf.accessors[p.indices].count > 0);
      assert.ok('TEXCOORD_0' in p.attributes);
    }
    assert.ok(gltf.images.length >= 1 && gltf.images.every((i) => i.mimeType === 'image/png'));
    assert.equal(gltf.cameras[0].type, 'perspective');
  }
  const triangles = jsonLines(res.stdout).filter((l) => l.type === 'result').map((l) => (l.details as { triangles: number }).triangles);
  assert.ok(triangles.every((n) => n > 1000), `triangles: ${triangles}`);

  const named = join(dir, 'my mesh ü.glb');
  const single = await runCli(['mesh', join(SAMPLES, 'astronaut.png'), '-o', named, '--model', model, '-q']);
  assert.equal(single.code, 0, single.stderr);
  readGlb(await readFile(named));
});
