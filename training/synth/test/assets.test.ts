// Broken or missing assets must stop the generator with an error that names the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAssetsRoot } from '../src/assets/files.ts';
import { Library } from '../src/model/library.ts';
import { generate } from '../src/dataset/generate.ts';
import { Parts, type PartMeta } from '../src/render/parts.ts';
import { unpack, unpackMeta } from '../src/render/blob.ts';
import { scratchDir } from '../../../test-support/temp.ts';

const REAL = resolveAssetsRoot();

/** A copy of the assets tree made of symlinks, except `replace` (relative path → new contents). */
function assetsWith(replace: Record<string, string>): string {
  const root = scratchDir('synth-assets-');
  const link = (rel: string): void => {
    const target = join(REAL, rel);
    const here = join(root, rel);
    const child = Object.keys(replace).some((r) => r.startsWith(`${rel}/`));
    if (!child) {
      symlinkSync(target, here);
      return;
    }
    mkdirSync(here, { recursive: true });
    for (const name of readdirSync(target)) {
      const sub = rel ? `${rel}/${name}` : name;
      if (replace[sub] !== undefined) writeFileSync(join(root, sub), replace[sub]);
      else link(sub);
    }
  };
  for (const name of readdirSync(REAL)) link(name);
  return root;
}

test('a missing assets folder names the expected file and how to point at the assets', async () => {
  await assert.rejects(
    generate({ out: scratchDir('synth-out-'), count: 1, seed: 1, width: 64, height: 64, holdout: false, frontal: false, samplesPerShard: 10, viewsPerIdentity: 1, renderer: 'cpu', workers: 1, heldObjects: 0, foldedArms: 0, assets: '/nonexistent/assets' }),
    /Assets not found: \/nonexistent\/assets\/makehuman\/data\/3dobjs\/base\.obj does not exist.*--assets/,
  );
});

test('a corrupt target names the file and line', () => {
  const root = assetsWith({ 'makehuman/data/targets/nose/nose-hump-incr.target': '# header\n12 0.1 zero 0.3\n' });
  assert.throws(() => new Library(root), (e: Error) =>
    e.message.includes('makehuman/data/targets/nose/nose-hump-incr.target') && e.message.includes('line 2') && e.message.includes('"zero"'));
});

test('a corrupt proxy fitting file names the file', () => {
  const root = assetsWith({ 'makehuman/base/hair/short02/short02.mhclo': 'obj_file short02.obj\nmaterial short02.mhmat\nverts 0\n 1 2\n' });
  assert.throws(() => new Library(root), /hair\/short02\/short02\.mhclo: line 4: a proxy vertex needs 1 or 9 numbers/);
});

test('a truncated rig file names the file', () => {
  const root = assetsWith({ 'makehuman/data/rigs/default_weights.mhw': '{"weights": {"head": [[1, 0.5' });
  assert.throws(() => new Library(root), /default_weights\.mhw: invalid JSON/);
});

test('a copied assets folder with every file intact loads', () => {
  const root = scratchDir('synth-assets-');
  cpSync(join(REAL, 'README.md'), join(root, 'README.md'));
  for (const name of readdirSync(REAL)) if (name !== 'README.md') symlinkSync(join(REAL, name), join(root, name));
  const lib = new Library(root);
  assert.equal(lib.proxyList('hair').length, 17);
  assert.ok(lib.proxyList('clothes').length >= 6);
  // 16 textures, less the body-paint suit that is not a skin.
  assert.equal(lib.skins.length, 15);
  assert.ok(!lib.skins.some((f) => f.includes('special_suit')));
  assert.equal(lib.hdrs.length, 50);
});

test('a corrupt HDR map stops the CPU renderer with the file named', async () => {
  const broken = Object.fromEntries(readdirSync(join(REAL, 'hdri')).filter((f) => f.endsWith('.hdr')).map((f) => [`hdri/${f}`, 'not an HDR image']));
  const root = assetsWith(broken);
  await assert.rejects(
    generate({ out: scratchDir('synth-out-'), count: 1, seed: 1, width: 64, height: 64, holdout: false, frontal: false, samplesPerShard: 10, viewsPerIdentity: 1, renderer: 'cpu', workers: 1, heldObjects: 0, foldedArms: 0, assets: root }),
    (e: Error) => /Corrupt or unreadable asset .*\/hdri\/[a-z0-9_]+\.hdr: cannot read HDR map/.test(e.message),
  );
});

test('beards, glasses, hats and shoes load as their own kinds; every .mhclo of a folder loads, whatever its name', () => {
  const lib = new Library(REAL);
  const ids = (kind: Parameters<Library['proxyList']>[0]): string[] => lib.proxyList(kind).map((p) => p.id);
  assert.deepEqual(ids('beards'), ['beards/grinsegold_full_beard', 'beards/grinsegold_moustache']);
  assert.deepEqual(ids('glasses'), ['glasses/frankyaye_glasses_library_male', 'glasses/punkduck_glasses_modern_form']);
  // fedora01/ holds fedora.mhclo and fedora_cocked.mhclo, neither named like the folder, and no texture: tinted hats.
  assert.deepEqual(ids('hats'), ['hats/fedora', 'hats/fedora_cocked']);
  assert.ok(lib.proxyList('hats').every((h) => h.mat.diffuseTexture === null && h.obj.positions.length > 0));
  assert.equal(ids('shoes').length, 6);
  // Outfits: every clothes folder that is not shoes or a hat, with or without "suit" in its name.
  const outfits = ids('clothes');
  for (const id of ['clothes/joepal_crude_gown', 'clothes/joepal_crude_t-shirt_female', 'clothes/male_casualsuit01']) assert.ok(outfits.includes(id), id);
  assert.ok(!outfits.some((id) => /shoes|fedora/.test(id)), outfits.join(', '));
});

test('beard and glasses parts are alpha-tested, lie off the face region, and shoes hide the feet they cover', () => {
  const lib = new Library(REAL);
  const parts = new Parts(lib);
  for (const id of ['beards/grinsegold_full_beard', 'glasses/frankyaye_glasses_library_male', 'glasses/punkduck_glasses_modern_form']) {
    const meta = unpackMeta<PartMeta>(parts.get(id));
    // frankyaye's .mhmat does not say "transparent", yet its clear lenses (alpha < 0.5) must stay see-through.
    assert.equal(meta.material.alpha, true, id);
    assert.equal(meta.face, false, id);
  }
  assert.equal(unpackMeta<PartMeta>(parts.get('eyebrows/eyebrow001')).face, true);
  const triangles = (key: string): number => (unpack<PartMeta>(parts.get(key)).arrays.index as Uint32Array).length / 3;
  const bare = triangles('body/clothes/male_casualsuit02');
  const shod = triangles('body/clothes/male_casualsuit02+shoes/shoes01');
  assert.ok(shod < bare - 100, `shoes hid ${bare - shod} body triangles`);
  assert.throws(() => parts.get('body/clothes/male_casualsuit02+shoes/nonexistent'), /Unknown proxy shoes\/nonexistent/);
});

test('a corrupt beard fitting file names the file', () => {
  const root = assetsWith({ 'makehuman/base/beards/grinsegold_moustache/grinsegold_moustache.mhclo': 'obj_file moustache.obj\nmaterial moustache.mhmat\nverts 0\n 1 2\n' });
  assert.throws(() => new Library(root), /beards\/grinsegold_moustache\/grinsegold_moustache\.mhclo: line 4/);
});
