// `prepack` of every published package (npm runs it in the package's folder): build, drop outputs whose source is
// gone (tsc -b never deletes the output of a removed source file, and `files` would ship it), and copy the
// repository's LICENSE and NOTICE in (the bundled models' licences require the NOTICE to travel with them).
// As `postpack` it removes those copies again, so packing leaves the checkout as it was.
// dist/ is pruned in place rather than deleted, so tests and tools that read it meanwhile keep working; anything a
// package's own prepack writes into dist/ after this (the depth script-tag build) is written again there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const COPIED = ['LICENSE', 'NOTICE'];
if (process.env.npm_lifecycle_event === 'postpack') {
  for (const file of COPIED) rmSync(file, { force: true });
  process.exit(0);
}
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { stdio: 'inherit' });

const SOURCE_OF = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;
function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
      continue;
    }
    const source = join('src', relative('dist', path)).replace(SOURCE_OF, '');
    if (!['.ts', '.tsx', '.mts', '.cts'].some((ext) => existsSync(source + ext))) {
      rmSync(path);
      console.error(`pack-build: removed ${path} (no ${source}.ts any more)`);
    }
  }
}
prune('dist');
for (const file of COPIED) copyFileSync(join(root, file), file);
