export interface Summary {
  median: number;
  p10: number;
  p90: number;
  n: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), n: sorted.length };
}

export const fmt = (x: number, digits = 1) => x.toFixed(digits);
export const fmtSummary = (s: Summary, digits = 1) => `${fmt(s.median, digits)} (${fmt(s.p10, digits)}–${fmt(s.p90, digits)})`;

/**
 * Runs each contender once per round, in alternating order, so drift on a shared machine hits all of them alike.
 */
export async function interleave(contenders: Record<string, () => Promise<void>>, rounds: number): Promise<Record<string, number[]>> {
  return (await interleaveTimed(contenders, rounds)).wall;
}

/**
 * Like interleave, also recording this process's CPU time per run (Node only): on a machine shared with other
 * work, CPU milliseconds of a single-threaded backend barely move while wall-clock times swing.
 */
export async function interleaveTimed(contenders: Record<string, () => Promise<void>>, rounds: number) {
  const names = Object.keys(contenders);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await contenders[name]!();
      wall[name]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[name]!.push((c.user + c.system) / 1000);
    }
  }
  return { wall, cpu };
}
