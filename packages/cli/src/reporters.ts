import type { Reporter } from './batch.js';
import { barsReporter } from './reporter-bars.js';
import { jsonReporter } from './reporter-json.js';
import { linesReporter } from './reporter-lines.js';

export interface OutputModeOptions {
  json?: boolean;
  quiet?: boolean;
}

/** Bars only on an interactive terminal; logs and pipes get one plain line per input. */
export function chooseReporter({ json, quiet }: OutputModeOptions): Reporter {
  if (json) return jsonReporter();
  if (!quiet && process.stderr.isTTY) return barsReporter();
  return linesReporter(quiet ?? false);
}
