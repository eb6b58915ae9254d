// Seeded randomness. Every random choice in a sample comes from a stream keyed by (dataset seed, purpose, index),
// so any sample can be regenerated alone (resume, parallel renderers) and gives the same bytes.

function hashString(s: string, h = 2166136261): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream that depends only on its key parts: independent of how many numbers other streams drew. */
  static stream(...key: (string | number)[]): Rng {
    return new Rng(hashString(key.join('\u0001')));
  }

  /** mulberry32: small, fast and good enough for picking rendering parameters. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: nothing to pick from');
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Approximately normal (sum of uniforms), clamped to ±3 sigma so sliders stay plausible. */
  normal(mean: number, sigma: number): number {
    const z = this.next() + this.next() + this.next() + this.next() - 2;
    return mean + sigma * Math.max(-3, Math.min(3, z * Math.sqrt(3)));
  }
}
