// `npm test`: system packages, one TypeScript build (+ the web app's type-check), then every *.test.ts under the workspaces and
// training/ in Node's test runner (browser tests drive Debian's Chromium from inside those files).
// Optional arguments filter test files by substring: `npm test -- depth/test/config`.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';

const ROOTS = ['packages', 'apps', 'training'];

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

ensureSystemDeps();
execFileSync('npx', ['tsc', '-b'], { stdio: 'inherit' });
// Code that runs through tsx or Vite (no emitted files) is outside the root build: type-check it here.
execFileSync('npm', ['run', '--silent', 'typecheck', '-w', '@relief/web'], { stdio: 'inherit' });
for (const project of ['tsconfig.tests.json', 'bench', 'training/synth', 'training/test', 'training/eval']) {
  execFileSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
}
const filters = process.argv.slice(2);
const files = ROOTS.flatMap((r) => { try { return findTests(r); } catch { return []; } })
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
// Two files at a time: one at a time the suite left part of the second core idle (fresh-clone CI 28 min; two at a
// time 24, each file ≈ 30 % slower). Files that change what others read run alone after the rest.
const ALONE = [
  // npm pack's prepack rebuilds dist/browser (the script-tag bundle) and copies LICENSE and NOTICE into the packages.
  'packages/cli/test/pack-install.test.ts',
];
const run = (list, concurrency) => list.length === 0 ? 0
  : spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...list], { stdio: 'inherit' }).status ?? 1;
const shared = run(files.filter((f) => !ALONE.includes(f)), 2);
const alone = run(files.filter((f) => ALONE.includes(f)), 1);
process.exit(shared || alone);
