// Parsers for `relief photo3d --strength` and `--amplitude`.
import { MAX_AUTO_AMPLITUDE, MAX_STRENGTH } from '@relief/photo3d';
import { InvalidArgumentError } from 'commander';

export function strengthOption(raw: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!(value >= 0 && value <= MAX_STRENGTH)) throw new InvalidArgumentError(`Expected a number from 0 (flat) to ${MAX_STRENGTH}; 1 is the estimated relief.`);
  return value;
}

/** 'auto', or a fraction of the subject distance up to 2 × the widest auto motion (beyond auto is allowed, on purpose). */
export function amplitudeOption(raw: string): number | 'auto' {
  if (raw.trim() === 'auto') return 'auto';
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!(value >= 0 && value <= 2 * MAX_AUTO_AMPLITUDE)) throw new InvalidArgumentError(`Expected auto or a number from 0 to ${2 * MAX_AUTO_AMPLITUDE}, e.g. 0.05.`);
  return value;
}
