// The lens options `relief blur` and `relief photo3d --blur` share: aperture and focus point.
import { DEFAULT_APERTURE, type LensBlurOptions } from '@relief/photo3d';
import { InvalidArgumentError, type Command } from 'commander';

export interface LensFlags {
  aperture?: number;
  focus?: { x: number; y: number };
}

/** `--focus X,Y`: a point of the photo, each 0…1 from the top-left corner. */
export function focusPoint(raw: string): { x: number; y: number } {
  const parts = raw.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (parts.length !== 2 || parts.some((v) => !(v >= 0 && v <= 1))) {
    throw new InvalidArgumentError('Expected X,Y from 0,0 (top-left) to 1,1 (bottom-right), e.g. 0.5,0.3.');
  }
  return { x: parts[0], y: parts[1] };
}

/** `--aperture A`: the far background's blur radius as a fraction of the long side, 0…0.1. */
export function aperture(raw: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!(value >= 0 && value <= 0.1)) throw new InvalidArgumentError('Expected a fraction of the long side from 0 to 0.1, e.g. 0.012.');
  return value;
}

export function addFocusOption(command: Command): Command {
  return command.option('--focus <x,y>', 'the point to focus on, 0,0 top-left to 1,1 bottom-right (default: the person)', focusPoint);
}

export function lensOptions(flags: LensFlags): LensBlurOptions {
  return { aperture: flags.aperture ?? DEFAULT_APERTURE, focus: flags.focus };
}
