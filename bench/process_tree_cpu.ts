// CPU seconds of a process and everything it starts, sampled from /proc (Linux). Shell `times` and getrusage miss
// most of Chromium: its renderer and GPU processes are not reaped by the process we wait for, so their CPU never
// reaches our rusage (a 12-sample synth run: `times` said 5 s, /proc 43 s).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux ABI Node supports

interface Stat { ppid: number; ticks: number }

function readStat(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

/**
 * Starts sampling `root`'s process tree every `intervalMs`; `now()` and `stop()` return the CPU seconds used by
 * every process seen in it (each at its last sample, so a process's final fraction of an interval is missed: a slight undercount).
 */
export function sampleTreeCpu(root: number, intervalMs = 200): { now(): number; stop(): number } {
  const last = new Map<number, number>();
  const sample = (): void => {
    const stats = new Map<number, Stat>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = readStat(name);
      if (s) stats.set(Number(name), s);
    }
    for (const [pid, s] of stats) {
      // Once in the tree, a process stays counted even after it is re-parented to init.
      let inTree = pid === root || last.has(pid);
      for (let p = s.ppid, hops = 0; !inTree && p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) inTree = p === root || last.has(p);
      if (inTree) last.set(pid, Math.max(last.get(pid) ?? 0, s.ticks));
    }
  };
  const total = (): number => {
    let ticks = 0;
    for (const t of last.values()) ticks += t;
    return ticks / TICKS_PER_SECOND;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** CPU seconds so far. */
    now() {
      sample();
      return total();
    },
    stop() {
      clearInterval(timer);
      sample();
      return total();
    },
  };
}
