// `npm run bench [-- --only id,id] [--rounds N]`: runs the benchmark sections, writes bench-results.json and
// refreshes docs/BENCHMARKS.md. Not part of `npm test`.
import { parseArgs } from 'node:util';
import { writeReport, type Section } from './report.ts';
import { benchDepthNode } from './depth_node.ts';
import { benchDepthBrowser } from './depth_browser.ts';
import { benchCli } from './cli.ts';
import { benchExportBrowser } from './export_browser.ts';
import { benchSynth } from './synth.ts';
import { benchPhoto3dNode } from './photo3d_node.ts';
import { benchPhoto3dEdges } from './photo3d_edges.ts';
import { benchPriorsNode } from './priors_node.ts';
import { benchWebApp } from './web_app.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, rounds: { type: 'string', default: '30' } } });
const rounds = Number(values.rounds);
const sections: Record<string, () => Promise<Section>> = {
  'depth-node': () => benchDepthNode(rounds),
  'priors-node': () => benchPriorsNode(Math.max(10, Math.round(rounds / 2))),
  'depth-browser': () => benchDepthBrowser(Math.max(5, Math.round(rounds / 3))),
  cli: () => benchCli(),
  'export-browser': () => benchExportBrowser(Math.max(3, Math.round(rounds / 10))),
  synth: () => benchSynth(),
  'photo3d-node': () => benchPhoto3dNode(Math.max(3, Math.round(rounds / 10))),
  'photo3d-edges': () => benchPhoto3dEdges(Math.max(3, Math.round(rounds / 6))),
  'web-app': () => benchWebApp(Math.max(3, Math.round(rounds / 6))),
};
const wanted = values.only ? values.only.split(',') : Object.keys(sections);
const unknown = wanted.filter((id) => !sections[id]);
if (unknown.length) {
  console.error(`Unknown section(s): ${unknown.join(', ')}. Known: ${Object.keys(sections).join(', ')}`);
  process.exit(1);
}
const done: Section[] = [];
for (const id of wanted) {
  console.log(`== ${id}`);
  done.push(await sections[id]!());
  writeReport(done);
}
console.log('Wrote bench-results.json and docs/BENCHMARKS.md');
