// Progress bars on a terminal: one overall bar with ETA, and one per slot showing its current file and stage.
import cliProgress from 'cli-progress';
import { basename } from 'node:path';
import type { Reporter } from './batch.js';
import { describeFailure, describeSummary, STOPPING } from './reporter-lines.js';

export function barsReporter(): Reporter {
  const multi = new cliProgress.MultiBar(
    { clearOnComplete: true, hideCursor: true, barsize: 24, format: '{label} {bar} {percentage}% | {info}' },
    cliProgress.Presets.shades_classic,
  );
  let overall: cliProgress.SingleBar | undefined;
  const slots: cliProgress.SingleBar[] = [];
  const names: string[] = [];
  let total = 0;
  let finished = 0;
  let ran = 0;
  let failed = 0;
  let firstStart: number | undefined;
  // Inputs skipped or rejected up front take no time, so the ETA counts only inputs that ran.
  const eta = () => {
    if (ran === 0 || firstStart === undefined) return '…';
    const left = ((Date.now() - firstStart) / ran) * (total - finished) / 1000;
    return left < 60 ? `${Math.ceil(left)} s` : `${Math.floor(left / 60)} min ${Math.round(left % 60)} s`;
  };
  const overallInfo = () => `${failed} failed | ETA ${eta()}`;
  return {
    begin(count, slotCount) {
      total = count;
      overall = multi.create(total, 0, { label: 'all ', info: overallInfo() }, { format: '{label} {bar} {value}/{total} | {info}' });
      for (let i = 0; i < slotCount; i++) slots.push(multi.create(100, 0, { label: 'file', info: 'loading the model…' }));
    },
    started(slot, input) {
      firstStart ??= Date.now();
      names[slot] = basename(input);
      slots[slot]?.update(0, { info: `${names[slot]}: starting` });
    },
    progress(slot, fraction, stage) {
      slots[slot]?.update(Math.round(fraction * 100), { info: `${names[slot]}: ${stage}` });
    },
    finished(slot, result) {
      finished++;
      if (slot !== undefined) ran++;
      if (result.status === 'failed') {
        failed++;
        multi.log(describeFailure(result) + '\n');
      }
      if (slot !== undefined) slots[slot]?.update(100, { info: `${names[slot]}: ${result.status}` });
      overall?.update(finished, { info: overallInfo() });
    },
    stopping() {
      multi.log(STOPPING + '\n');
    },
    end(summary) {
      multi.stop();
      console.error(describeSummary(summary));
    },
  };
}
