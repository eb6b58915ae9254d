// Renders people with the synth renderer (seeded, so always the same) and turns them into EdgeScenes.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ASSETS, REPO_ROOT } from '../../../../test-support/paths.ts';
import { edgeScene, renderIds, type EdgeScene } from './scenes.ts';

const HDRI = join(ASSETS, 'hdri');

/** `count` people at 1024×768 (scenes of 256×192) into `dir`; resumes what is already there. */
export function renderPeople(dir: string, count: number, seed: number): void {
  execFileSync(process.execPath, [
    '--import', 'tsx', join(REPO_ROOT, 'training/synth/src/cli.ts'),
    '--count', String(count), '--seed', String(seed), '--height', '1024', '--width', '768', '--views-per-identity', '1', '--out', dir,
  ], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/** Every rendered person over an HDR crop (backgrounds spread over the maps, the same for the same folder). */
export async function scenesFrom(dir: string): Promise<EdgeScene[]> {
  const hdrs = readdirSync(HDRI).filter((f) => f.endsWith('.hdr')).sort();
  const ids = renderIds(dir);
  return Promise.all(ids.map((id, k) => edgeScene(dir, id, join(HDRI, hdrs[(k * 5) % hdrs.length]), k)));
}
