// Writes bench-results.json and replaces the generated sections of docs/BENCHMARKS.md, keeping the prose.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../test-support/paths.ts';

export interface Section {
  id: string;
  title: string;
  markdown: string;
  data: unknown;
}

export function machine() {
  let chromium = 'not installed';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch { /* reported as not installed */ }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tfjs: JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')).version as string,
    chromium,
  };
}

export function writeReport(sections: Section[]): void {
  const info = machine();
  const jsonPath = join(REPO_ROOT, 'bench-results.json');
  const previous = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : { sections: {} };
  for (const s of sections) previous.sections[s.id] = { title: s.title, machine: info, data: s.data };
  writeFileSync(jsonPath, JSON.stringify(previous, null, 2) + '\n');

  const mdPath = join(REPO_ROOT, 'docs/BENCHMARKS.md');
  let md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
  for (const s of sections) {
    const body = `<!-- bench:${s.id} -->\n### ${s.title}\n\n_Measured ${info.date.slice(0, 10)} with \`npm run bench -- --only ${s.id}\` on ${info.cpu} (${info.cores} cores, ${info.memoryGiB} GiB), Node ${info.node}, tfjs ${info.tfjs}, ${info.chromium}._\n\n${s.markdown.trim()}\n<!-- /bench:${s.id} -->`;
    const re = new RegExp(`<!-- bench:${s.id} -->[\\s\\S]*?<!-- /bench:${s.id} -->`);
    md = re.test(md) ? md.replace(re, body) : `${md.trimEnd()}\n\n${body}\n`;
  }
  writeFileSync(mdPath, md);
}
