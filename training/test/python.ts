// Runs the training scripts with Debian's Python (the one that has python3-torch), failing with its output.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/paths.ts';

export const PYTHON = '/usr/bin/python3';
export const PY_DIR = join(REPO_ROOT, 'training', 'python');

export function runPython(args: string[], timeoutMs = 120_000): string {
  const res = spawnSync(PYTHON, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: timeoutMs });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.status !== 0) {
    throw new Error(`${PYTHON} ${args.join(' ')} exited with ${res.status ?? res.signal}:\n${output}`);
  }
  return output;
}
