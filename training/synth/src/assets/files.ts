// Where the shared CC0 assets live and how reading them fails: every error names the file and the fix.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

/** --assets flag, else RELIEF_ASSETS, else RELIEF_SHARED/assets, else ../shared/assets beside the checkout. */
export function resolveAssetsRoot(flag?: string): string {
  const root = flag ?? process.env.RELIEF_ASSETS ?? resolve(process.env.RELIEF_SHARED ?? resolve(REPO_ROOT, '../shared'), 'assets');
  const probe = resolve(root, 'makehuman/data/3dobjs/base.obj');
  if (!existsSync(probe)) {
    throw new Error(
      `Assets not found: ${probe} does not exist. Point --assets (or RELIEF_ASSETS) at the shared assets folder ` +
        `(default ../shared/assets beside the repository).`,
    );
  }
  return root;
}

export class AssetError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`Corrupt or unreadable asset ${file}: ${problem}. Restore the file from the shared assets or point --assets at a good copy.`);
  }
}

export function readAssetText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new AssetError(file, (e as Error).message);
  }
}

export function readAssetJson(file: string): unknown {
  const text = readAssetText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssetError(file, `invalid JSON (${(e as Error).message})`);
  }
}

/** Parses a whitespace-separated number, failing with the file and line instead of letting NaN through. */
export function num(token: string | undefined, file: string, line: number): number {
  const v = token === undefined ? NaN : Number(token);
  if (!Number.isFinite(v)) throw new AssetError(file, `line ${line}: expected a number, got ${JSON.stringify(token)}`);
  return v;
}
