// The root README's ten-line example must keep working, offline, from the repository root.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../../../test-support/paths.ts';

it('README example prints the depth map size and the face\'s distance for astronaut.png', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = readme.split('## Depth in ten lines')[1]!.match(/```js\n([\s\S]*?)```/)![1]!;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', block], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.match(out, /^depth map 512×512$/m);
  assert.match(out, /^1 face, \d\.\d\d m away \(at the default 28 mm lens\)$/m);
});
