// Material choices per part kind, shared by the WebGL page and the CPU renderer so both shade a person alike.
import type { MaterialKind } from './parts.ts';

/** Roughness when the person does not set one (skin, hair and clothes do). */
export function defaultRoughness(kind: MaterialKind): number {
  return kind === 'eyes' ? 0.15 : kind === 'glasses' ? 0.25 : kind === 'teeth' ? 0.35 : 0.6;
}

/** Hair, eyebrows and beards take their hue from the material colour alone: texture luminance × 2.5, texture alpha. */
export function tintByLuminance(kind: MaterialKind): boolean {
  return kind === 'hair' || kind === 'eyebrows' || kind === 'beards';
}
