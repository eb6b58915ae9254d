// The CLI's batch and 3D-photo figures (issue 6), measured by the CLI package's own benchmark.
import { runCliBench } from '../packages/cli/bench/cli.bench.ts';
import { fmt, fmtSummary } from './stats.ts';
import type { Section } from './report.ts';

export async function benchCli(): Promise<Section> {
  const r = await runCliBench();
  const md = [
    '| task | result |',
    '|---|---|',
    `| \`relief depth\` on ${r.depth.images} photos at 1024 px | ${fmt(r.depth.imagesPerSecond, 2)} images/s (${fmt(r.depth.seconds)} s), CPU use ${fmt(100 * r.depth.cpuUse, 0)} % of ${r.cores} cores |`,
    `| \`relief photo3d\` ${r.photo3d.frames} frames at ${r.photo3d.size} px → GIF | ${fmtSummary(r.photo3d.gifSeconds, 2)} s (goal < 3 s) |`,
    `| \`relief photo3d\` ${r.photo3d.frames} frames at ${r.photo3d.size} px → MP4 | ${fmtSummary(r.photo3d.mp4Seconds, 2)} s |`,
    `| \`relief photo3d --renderer chromium\` ${r.photo3d.frames} frames at ${r.photo3d.size} px → GIF | ${fmtSummary(r.photo3d.chromiumGifSeconds, 2)} s |`,
    '',
    `Wall-clock seconds of whole commands, start-up (Node, models, depth) included, as a user sees them: median (10th–90th percentile) of ${r.photo3d.rounds} interleaved runs each. 3D photos use the default software renderer unless named.`,
  ].join('\n');
  return { id: 'cli', title: 'relief CLI: batch depth and 3D-photo export', markdown: md, data: r };
}
