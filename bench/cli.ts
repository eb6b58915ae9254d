// The CLI's batch and 3D-photo figures (issue 6), measured by the CLI package's own benchmark.
import { runCliBench } from '../packages/cli/bench/cli.bench.ts';
import { fmt } from './stats.ts';
import type { Section } from './report.ts';

export async function benchCli(): Promise<Section> {
  const r = await runCliBench();
  const md = [
    '| task | result |',
    '|---|---|',
    `| \`relief depth\` on ${r.depth.images} photos at 1024 px | ${fmt(r.depth.imagesPerSecond, 2)} images/s (${fmt(r.depth.seconds)} s), CPU use ${fmt(100 * r.depth.cpuUse, 0)} % of ${r.cores} cores |`,
    `| \`relief photo3d\` ${r.photo3d.frames} frames at ${r.photo3d.size} px → GIF | ${fmt(r.photo3d.gifSeconds)} s (goal < 3 s) |`,
    `| \`relief photo3d\` ${r.photo3d.frames} frames at ${r.photo3d.size} px → MP4 | ${fmt(r.photo3d.mp4Seconds)} s |`,
    '',
    'Wall-clock seconds of whole commands, start-up (Node, models, depth) included, as a user sees them; 3D photos use the default software renderer.',
  ].join('\n');
  return { id: 'cli', title: 'relief CLI: batch depth and 3D-photo export', markdown: md, data: r };
}
