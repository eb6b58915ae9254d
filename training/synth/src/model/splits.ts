// Which HDR maps and skin textures only held-out sets (--holdout) use, so evaluation never sees training
// lighting or skin textures. Listed in training/synth/README.md; changing them changes every dataset.
import { basename } from 'node:path';

// v3 (50 maps): three of the maps added in 2026-12 joined the held-out set (a studio, an indoor, a sunny outdoor
// one), and one elderly skin, so evaluation covers those looks without training on them.
export const HOLDOUT_HDRS = [
  'kiara_1_dawn_1k.hdr', 'pedestrian_overpass_1k.hdr', 'st_fagans_interior_1k.hdr',
  'brown_photostudio_02_1k.hdr', 'leadenhall_market_1k.hdr', 'noon_grass_1k.hdr',
];
export const HOLDOUT_SKINS = ['young_darkskinned_male_diffuse.png', 'young_lightskinned_female_diffuse3.png', 'old_lightskinned_male_diffuse2.png'];

/** The files of `all` that belong to the chosen split; fails if a listed held-out file is not among them. */
export function splitFiles(all: string[], holdoutNames: string[], holdout: boolean): string[] {
  const names = all.map((f) => basename(f));
  for (const h of holdoutNames) {
    if (!names.includes(h)) throw new Error(`Held-out asset ${h} is missing from ${all.length ? all[0].replace(/[^/]+$/, '') : 'the assets'}.`);
  }
  return all.filter((f) => holdoutNames.includes(basename(f)) === holdout);
}
