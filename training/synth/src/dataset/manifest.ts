// manifest.json: dataset settings plus which samples are finished, so a rerun renders only the missing ones.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_VERSION, GENERATOR, DEPTH_SCALE } from './format.ts';

export interface Manifest {
  version: number;
  seed: number;
  count: number;
  height: number;
  width: number;
  samplesPerShard: number;
  depthScale: number;
  viewsPerIdentity: number;
  frontal: boolean;
  /** 'cpu' (the JavaScript rasteriser) or 'webgl' (three.js in Chromium); they draw slightly different pixels. */
  renderer: 'cpu' | 'webgl';
  /** Probability of an object held in one hand per sample (0 in sets drawn before held objects existed). */
  heldObjects: number;
  /** Probability of folded arms per sample (0 in sets drawn before they existed). */
  foldedArms: number;
  complete: number[];
  splits: { holdout: boolean; hdrs: string[]; skins: string[] };
  generator: string;
}

export type Settings = Omit<Manifest, 'version' | 'depthScale' | 'complete' | 'generator'>;

/** The settings that decide every sample's bytes; a resumed dataset must match them. */
const FIXED: (keyof Settings)[] = ['seed', 'height', 'width', 'samplesPerShard', 'viewsPerIdentity', 'frontal', 'renderer', 'heldObjects', 'foldedArms'];

export function openManifest(out: string, s: Settings): Manifest {
  const file = join(out, 'manifest.json');
  const fresh: Manifest = { version: FORMAT_VERSION, ...s, depthScale: DEPTH_SCALE, complete: [], generator: GENERATOR };
  if (!existsSync(file)) return fresh;
  let old: Manifest;
  try {
    // Datasets from before the CPU renderer existed were all drawn by WebGL.
    old = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    old.renderer ??= 'webgl';
    old.heldObjects ??= 0;
    old.foldedArms ??= 0;
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); delete it to start the dataset again.`);
  }
  for (const k of FIXED) {
    if (JSON.stringify(old[k]) !== JSON.stringify(s[k])) {
      throw new Error(`${out} holds a dataset made with ${k}=${JSON.stringify(old[k])}, not ${JSON.stringify(s[k])}: use another --out or the same settings.`);
    }
  }
  if (old.splits?.holdout !== s.splits.holdout) {
    throw new Error(`${out} holds a ${old.splits?.holdout ? 'held-out' : 'training'} set: use another --out or ${old.splits?.holdout ? 'add' : 'drop'} --holdout.`);
  }
  return { ...fresh, complete: (old.complete ?? []).filter((i) => i < s.count) };
}

export function saveManifest(out: string, m: Manifest): void {
  const file = join(out, 'manifest.json');
  m.complete = [...new Set(m.complete)].sort((a, b) => a - b);
  writeFileSync(`${file}.tmp`, JSON.stringify(m, null, 1));
  renameSync(`${file}.tmp`, file);
}
