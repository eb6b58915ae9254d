// `npm run docs:api` (TypeDoc, typedoc.json) builds the API reference of the public packages without a warning: a
// public signature naming a type the package does not export, or a broken {@link}, fails here.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../test-support/paths.ts';

const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  .replace(/\s+/g, ' ');

it('the API reference builds without warnings and documents the main entry points', { timeout: 120_000 }, (t) => {
  const out = mkdtempSync(join(tmpdir(), 'relief-api-docs-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out, '--treatWarningsAsErrors'],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `typedoc failed:\n${r.stdout}\n${r.stderr}`);

  const index = text(readFileSync(join(out, 'index.html'), 'utf8'));
  for (const pkg of ['@relief/depth', '@relief/photo3d', '@relief/formats']) assert.ok(index.includes(pkg), `index lacks ${pkg}`);
  const create = text(readFileSync(join(out, 'functions/_relief_depth.createEstimator.html'), 'utf8'));
  assert.match(create, /loads the bundled depth and person-segmentation models/);
  // The @example, as highlighted code (tokens in spans, hence compared without spaces).
  assert.ok(create.replace(/\s/g, '').includes('Exampleimport{createEstimator,SupportedModels}from\'@relief/depth\''), 'no example');
  const estimator = text(readFileSync(join(out, 'interfaces/_relief_depth.DepthEstimator.html'), 'utf8'));
  assert.match(estimator, /estimateDepth/);
  assert.match(estimator, /minDepth and maxDepth \(required, in \[0, 1\], min < max\)/);
  const layers = text(readFileSync(join(out, 'functions/_relief_photo3d..buildLayers.html'), 'utf8'));
  assert.match(layers, /Splits a photo \+ depth/);
  const read = text(readFileSync(join(out, 'functions/_relief_formats.readDepthPhoto.html'), 'utf8'));
  assert.match(read, /readDepthPhoto/);
});
