// Plain lines, for logs and pipes: one line per finished input, errors on stderr.
import type { JobResult, Reporter, Summary } from './batch.js';
import { displayPath } from './display-path.js';

export function describeFailure(result: JobResult): string {
  return `error: ${displayPath(result.input)}: ${result.reason}`;
}

export function describeSummary(s: Summary): string {
  const parts = [`${s.ok} done`, `${s.skipped} skipped`, `${s.failed} failed`];
  if (s.interrupted > 0) parts.push(`${s.interrupted} not done (interrupted)`);
  return `${parts.join(', ')} of ${s.total} in ${s.seconds.toFixed(1)} s`;
}

export const STOPPING =
  'Stopping (Ctrl-C): running inputs are abandoned, finished outputs are kept. Press Ctrl-C again to quit at once.';

export function linesReporter(quiet: boolean): Reporter {
  return {
    begin() {},
    started() {},
    progress() {},
    finished(_slot, result) {
      if (result.status === 'failed') {
        console.error(describeFailure(result));
      } else if (!quiet && result.status === 'skipped') {
        console.log(`skipped ${displayPath(result.input)}: ${result.reason}`);
      } else if (!quiet) {
        const depth = typeof result.details?.depth === 'string' ? `, depth: ${result.details.depth}` : '';
        console.log(`ok ${displayPath(result.input)} → ${result.outputs.map(displayPath).join(', ')} (${result.seconds.toFixed(1)} s${depth})`);
      }
    },
    stopping() {
      console.error(STOPPING);
    },
    end(summary) {
      if (!quiet || summary.failed > 0 || summary.interrupted > 0) console.error(describeSummary(summary));
    },
  };
}
