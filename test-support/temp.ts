// Scratch folders for tests that are removed when the test process exits, so `npm test` leaves nothing in the
// system's temp folder however a test ends (node:test runs each file in its own process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder under the temp folder, named `<prefix>XXXXXX`, gone when this process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
