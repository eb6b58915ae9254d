// Parsers for numeric options: commander turns their errors into "option '…' argument '…' is invalid. <reason>" and exit 1.
import { InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';

function number(raw: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) throw new InvalidArgumentError(`Expected a number, e.g. 0.5.`);
  return value;
}

export function unitInterval(raw: string): number {
  const value = number(raw);
  if (value < 0 || value > 1) throw new InvalidArgumentError(`Expected a number from 0 to 1, e.g. 0.5.`);
  return value;
}

export function integerIn(min: number, max: number) {
  return (raw: string): number => {
    const value = number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

export function positiveNumber(max: number) {
  return (raw: string): number => {
    const value = number(raw);
    if (value <= 0 || value > max) throw new InvalidArgumentError(`Expected a number above 0 and at most ${max}.`);
    return value;
  };
}

/** `--concurrency`: at most 64 slots, and by default one per core. */
export const concurrency = integerIn(1, 64);
export const DEFAULT_CONCURRENCY = availableParallelism();

/** Comma-separated (or repeated) values, each one of `allowed`. */
export function listOf<T extends string>(allowed: readonly T[]) {
  return (raw: string, previous: T[] | undefined): T[] => {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.find((s) => !allowed.includes(s as T));
    if (bad !== undefined || items.length === 0) throw new InvalidArgumentError(`Expected one or more of ${allowed.join(', ')}, comma-separated.`);
    return [...(previous ?? []), ...(items as T[])];
  };
}
