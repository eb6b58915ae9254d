// Runs a command's jobs on N slots (worker threads, browser pages): one bad input never stops the
// batch, and Ctrl-C, SIGTERM or SIGHUP stop it cleanly (running jobs abort, finished outputs stay, temp files go).
import { removeStaleTempFiles, removeTempFilesSync } from './atomic-write.js';
import type { InputProblem } from './inputs.js';
import type { Job } from './output-plan.js';

export type ProgressFn = (fraction: number, stage: string) => void;

/** Something that can process one job at a time, holding its expensive state (a model, a page) between jobs. */
export interface Slot {
  /** Writes the job's outputs (atomically); resolves with facts for the report, rejects with the reason it failed. */
  run(job: Job, progress: ProgressFn, signal: AbortSignal): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export type JobStatus = 'ok' | 'skipped' | 'failed';

export interface JobResult {
  input: string;
  status: JobStatus;
  /** Files written by this run. */
  outputs: string[];
  /** Files that already existed and were kept (no --overwrite). */
  kept: string[];
  reason?: string;
  seconds: number;
  details?: Record<string, unknown>;
}

export interface Summary {
  total: number;
  ok: number;
  skipped: number;
  failed: number;
  /** Inputs not finished because of Ctrl-C (or SIGTERM, SIGHUP). */
  interrupted: number;
  /** The signal that stopped the batch, if one did. */
  signal?: NodeJS.Signals;
  seconds: number;
}

export interface Reporter {
  begin(total: number, slots: number): void;
  started(slot: number, input: string): void;
  progress(slot: number, fraction: number, stage: string): void;
  finished(slot: number | undefined, result: JobResult): void;
  /** Ctrl-C was pressed: say what happens next. */
  stopping(): void;
  end(summary: Summary): void;
}

/** A slot could not start (e.g. the model does not load): nothing can succeed, so the batch stops. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export interface BatchOptions {
  jobs: readonly Job[];
  problems: readonly InputProblem[];
  concurrency: number;
  createSlot: (index: number) => Promise<Slot>;
  reporter: Reporter;
}

/** Signals that stop a batch the way Ctrl-C does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/**
 * After a stop signal, running jobs get this long to finish and write their outputs; then relief quits at once
 * whatever they are doing (a decode stuck in native code cannot be interrupted any other way).
 */
export const STOP_GRACE_MS = 5000;

/**
 * Ends the process now, as the signal's default action would: temp files are removed first. process.exit()
 * would wait for libuv's thread pool, so a worker busy in native code could keep relief alive for minutes.
 */
function quitNow(signal: NodeJS.Signals, handler: (signal: NodeJS.Signals) => void): void {
  removeTempFilesSync();
  for (const s of STOP_SIGNALS) process.off(s, handler);
  process.kill(process.pid, signal);
}

export async function runBatch({ jobs, problems, concurrency, createSlot, reporter }: BatchOptions): Promise<Summary> {
  const t0 = performance.now();
  await removeStaleTempFiles(jobs.flatMap((j) => [...j.outputs, ...j.kept].map((o) => o.path)));
  const counts = { ok: 0, skipped: 0, failed: 0 };
  const finish = (slot: number | undefined, result: JobResult) => {
    counts[result.status]++;
    reporter.finished(slot, result);
  };
  const queue = jobs.filter((j) => !j.blocked && j.outputs.length > 0);
  const slotCount = Math.max(0, Math.min(concurrency, queue.length));
  reporter.begin(problems.length + jobs.length, slotCount);

  for (const p of problems) finish(undefined, { input: p.input, status: 'failed', outputs: [], kept: [], reason: p.reason, seconds: 0 });
  for (const job of jobs) {
    const base = { input: job.input.path, outputs: [], kept: job.kept.map((o) => o.path), seconds: 0 };
    if (job.blocked) finish(undefined, { ...base, status: 'failed', reason: job.blocked });
    else if (job.outputs.length === 0) finish(undefined, { ...base, status: 'skipped', reason: 'outputs exist (pass --overwrite to replace them)' });
  }

  const controller = new AbortController();
  let setupError: unknown;
  let stoppedBy: NodeJS.Signals | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal: the user will not wait for running jobs to wind down.
    if (stoppedBy !== undefined) return quitNow(signal, onSignal);
    stoppedBy = signal;
    reporter.stopping();
    controller.abort();
    deadline = setTimeout(() => quitNow(signal, onSignal), STOP_GRACE_MS).unref();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);

  const runSlot = async (index: number) => {
    let slot: Slot;
    try {
      slot = await createSlot(index);
    } catch (err) {
      setupError ??= err;
      controller.abort();
      return;
    }
    try {
      for (let job = queue.shift(); job && !controller.signal.aborted; job = queue.shift()) {
        const started = performance.now();
        reporter.started(index, job.input.path);
        const base = { input: job.input.path, kept: job.kept.map((o) => o.path) };
        try {
          const details = await slot.run(job, (f, stage) => reporter.progress(index, f, stage), controller.signal);
          const seconds = (performance.now() - started) / 1000;
          finish(index, { ...base, status: 'ok', outputs: job.outputs.map((o) => o.path), seconds, details });
        } catch (err) {
          if (controller.signal.aborted) break;
          const seconds = (performance.now() - started) / 1000;
          finish(index, { ...base, status: 'failed', outputs: [], reason: errorText(err), seconds });
        }
      }
    } finally {
      await slot.close();
    }
  };

  try {
    await Promise.all(Array.from({ length: slotCount }, (_, i) => runSlot(i)));
  } finally {
    clearTimeout(deadline);
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
  if (setupError !== undefined) throw new SetupError(errorText(setupError));
  const done = counts.ok + counts.skipped + counts.failed;
  const summary: Summary = { total: problems.length + jobs.length, ...counts, interrupted: problems.length + jobs.length - done, seconds: (performance.now() - t0) / 1000 };
  if (stoppedBy !== undefined) summary.signal = stoppedBy;
  reporter.end(summary);
  return summary;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
