import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PY_DIR, runPython } from './python.ts';

test('training/python unit tests (metrics, losses, model, data, augmentation) pass', () => {
  const out = runPython(['-m', 'unittest', 'discover', '-s', join(PY_DIR, 'tests'), '-t', PY_DIR]);
  const ran = /Ran (\d+) tests?/.exec(out);
  assert.ok(ran && Number(ran[1]) >= 20, `expected the Python suite to run, got:\n${out}`);
  assert.match(out, /\nOK/);
});
