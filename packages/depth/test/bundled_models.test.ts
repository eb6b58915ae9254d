import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLED_DEPTH_MODEL, BUNDLED_SEGMENTATION_MODEL } from '@relief/depth';

// Bundlers only emit the weight files the code names, so every shard a bundled model.json lists must be named.
for (const [what, bundled] of Object.entries({ depth: BUNDLED_DEPTH_MODEL, segmentation: BUNDLED_SEGMENTATION_MODEL })) {
  it(`the bundled ${what} model names every weight shard its model.json lists`, () => {
    const json = JSON.parse(readFileSync(fileURLToPath(bundled.model), 'utf8'));
    const paths = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths).sort();
    assert.deepEqual(Object.keys(bundled.weights).sort(), paths);
    for (const url of Object.values(bundled.weights)) assert.ok(existsSync(fileURLToPath(url)), `${url} exists`);
    assert.deepEqual(json.signature.inputs[Object.keys(json.signature.inputs)[0]!].tensorShape.dim.map((d: { size: string }) => Number(d.size)),
      what === 'depth' ? [1, 256, 192, 3] : [1, 256, 256, 3]);
  });
}
