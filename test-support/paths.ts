// Where the read-only shared data lives: `../shared` beside the checkout (in CI too).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const SHARED = process.env.RELIEF_SHARED ?? resolve(REPO_ROOT, '../shared');
export const SAMPLES = resolve(SHARED, 'samples');
export const ASSETS = resolve(SHARED, 'assets');
