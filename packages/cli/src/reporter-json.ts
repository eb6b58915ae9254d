// `--json`: one JSON object per line on stdout (a result per input, then a summary), for scripts.
// Errors also go to stderr as text so a human watching the run still sees them.
import type { Reporter } from './batch.js';
import { describeFailure, STOPPING } from './reporter-lines.js';

export function jsonReporter(): Reporter {
  return {
    begin() {},
    started() {},
    progress() {},
    finished(_slot, result) {
      process.stdout.write(JSON.stringify({ type: 'result', ...result, seconds: round(result.seconds) }) + '\n');
      if (result.status === 'failed') console.error(describeFailure(result));
    },
    stopping() {
      console.error(STOPPING);
    },
    end(summary) {
      process.stdout.write(JSON.stringify({ type: 'summary', ...summary, seconds: round(summary.seconds) }) + '\n');
    },
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
