// MakeHuman .mhmat: the few material keys a PBR renderer can use. Texture paths are resolved and checked.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AssetError, readAssetText } from './files.ts';

export interface Mhmat {
  file: string;
  diffuseColor: [number, number, number];
  /** null where the .mhmat names a texture that is not in the shared assets (see MISSING-TEXTURES.txt). */
  diffuseTexture: string | null;
  normalTexture: string | null;
  aoTexture: string | null;
  transparent: boolean;
  backfaceCull: boolean;
}

export function parseMhmat(file: string): Mhmat {
  const text = readAssetText(file);
  const dir = dirname(file);
  const m: Mhmat = {
    file, diffuseColor: [1, 1, 1], diffuseTexture: null, normalTexture: null, aoTexture: null,
    transparent: false, backfaceCull: true,
  };
  const texture = (rel: string): string | null => {
    const p = resolve(dir, rel);
    return existsSync(p) ? p : null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const [key, ...rest] = line.split(/\s+/);
    const value = rest.join(' ');
    switch (key) {
      case 'diffuseColor': {
        const c = rest.map(Number);
        if (c.length !== 3 || c.some((x) => !Number.isFinite(x))) throw new AssetError(file, `bad diffuseColor "${value}"`);
        m.diffuseColor = [c[0], c[1], c[2]];
        break;
      }
      case 'diffuseTexture': m.diffuseTexture = texture(value); break;
      case 'normalmapTexture': m.normalTexture = texture(value); break;
      case 'aomapTexture': m.aoTexture = texture(value); break;
      case 'transparent': m.transparent = value.toLowerCase() === 'true'; break;
      case 'backfaceCull': m.backfaceCull = value.toLowerCase() === 'true'; break;
      default: break;
    }
  }
  return m;
}
