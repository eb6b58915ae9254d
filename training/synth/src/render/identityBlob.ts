// Packs a built person for the page: positions per source mesh, bone heads, and per-part material choices.
import { resolve, relative } from 'node:path';
import type { Library } from '../model/library.ts';
import type { BuiltIdentity } from '../model/identity.ts';
import { pack, type Arrays } from './blob.ts';
import type { IdentityMeta, PartSpec } from './protocol.ts';

export function identityBlob(lib: Library, person: BuiltIdentity): Uint8Array {
  const p = person.params;
  const url = (file: string): string => `/assets/${relative(lib.root, file).split('\\').join('/')}`;
  const parts: PartSpec[] = [
    { key: `body/${[p.clothes, p.shoes].filter((id) => id !== 'none').join('+')}`, positions: 'base', map: url(resolve(lib.makehuman, 'base/skins/textures', p.skin)), color: p.skinTint, roughness: p.skinRoughness },
    { key: 'eyes', positions: 'base', map: url(resolve(lib.makehuman, 'base/eyes/materials', p.eyes)) },
    { key: 'teeth/teeth_base', positions: 'teeth/teeth_base' },
    { key: p.eyebrows, positions: p.eyebrows, color: p.hairColor.map((c) => c * 0.8) as [number, number, number] },
    { key: p.eyelashes, positions: p.eyelashes, color: [0.05, 0.04, 0.035] },
    { key: p.clothes, positions: p.clothes, color: p.clothesTint, roughness: 0.8 },
  ];
  if (p.hair !== 'none') parts.push({ key: p.hair, positions: p.hair, color: p.hairColor, roughness: 0.55 });
  if (p.beard !== 'none') parts.push({ key: p.beard, positions: p.beard, color: p.hairColor, roughness: 0.55 });
  if (p.shoes !== 'none') parts.push({ key: p.shoes, positions: p.shoes, roughness: 0.5 });
  if (p.hat !== 'none') parts.push({ key: p.hat, positions: p.hat, color: p.hatColor, roughness: 0.8 });
  if (p.glasses !== 'none') parts.push({ key: p.glasses, positions: p.glasses });
  const arrays: Arrays = { base: person.body, boneHeads: person.boneHeads };
  for (const [id, pos] of person.proxies) arrays[id] = pos;
  const meta: IdentityMeta = {
    parts,
    bones: { names: lib.rig.bones.map((b) => b.name), parents: lib.rig.bones.map((b) => b.parent) },
    landmarks: lib.face().landmarks,
  };
  return pack(meta, arrays);
}
