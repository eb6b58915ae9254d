// Options every batch command shares, and how a batch's outcome becomes the exit code.
import { Command, Option } from 'commander';
import { constants } from 'node:os';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED } from './exit-codes.js';
import type { Summary } from './batch.js';
import { concurrency, DEFAULT_CONCURRENCY } from './option-parsers.js';

export interface BatchFlags {
  output?: string;
  concurrency: number;
  overwrite?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `parallelism` says what one unit of --concurrency is for this command. */
export function addBatchOptions(command: Command, parallelism: string): Command {
  return command
    .addOption(new Option('--concurrency <n>', parallelism).argParser(concurrency).default(DEFAULT_CONCURRENCY, 'number of cores'))
    .option('--overwrite', 'replace outputs that already exist (inputs are never written over)')
    .option('--json', 'print one JSON object per input and a summary on stdout, for scripts')
    .option('-q, --quiet', 'print only errors');
}

export function exitCodeFor(summary: Summary): number {
  // 128 + the signal's number, as shells report it: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
  if (summary.interrupted > 0) return summary.signal ? 128 + constants.signals[summary.signal] : EXIT_INTERRUPTED;
  return summary.failed > 0 ? EXIT_SOME_FAILED : EXIT_OK;
}
