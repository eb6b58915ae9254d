// The 3D photo's edges and fill (issue 13): refineMatte and the background fill (push-pull, the structure fill
// and the textured, exemplar fill) on the benchmark portrait at its full 820×1024, one thread. CPU time is the
// steadier figure on this shared machine; the ≤ 1 s bar is for the fill of a 1024-px photo.
import { portraitInput } from './portrait_input.ts';
import { summarize, fmtSummary, fmt } from './stats.ts';
import type { Section } from './report.ts';

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

export async function benchPhoto3dEdges(rounds: number): Promise<Section> {
  const lib = await import('@relief/photo3d');
  const input = await portraitInput();
  const { image, mask, depthWidth: mw, depthHeight: mh } = input;
  const times: Record<string, { wall: number[]; cpu: number[] }> = { matte: { wall: [], cpu: [] }, smooth: { wall: [], cpu: [] }, structure: { wall: [], cpu: [] }, textured: { wall: [], cpu: [] } };
  const timed = <T>(key: string, f: () => T): T => {
    const c = process.cpuUsage();
    const w = performance.now();
    const out = f();
    times[key].wall.push(performance.now() - w);
    times[key].cpu.push(cpuMs(process.cpuUsage(c)));
    return out;
  };
  for (let r = 0; r < rounds; r++) {
    const matte = timed('matte', () => lib.refineMatte(image, mask, mw, mh));
    const hole = lib.holeFromMatte(matte.alpha, image.width, image.height, 3);
    for (const method of ['smooth', 'structure', 'textured'] as const) timed(method, () => lib.fillImage(image, hole, undefined, { method }));
    console.log(`photo3d-edges round ${r + 1}/${rounds}: matte ${fmt(times.matte.cpu.at(-1)!, 0)} ms, push-pull ${fmt(times.smooth.cpu.at(-1)!, 0)} ms, structure ${fmt(times.structure.cpu.at(-1)!, 0)} ms, textured ${fmt(times.textured.cpu.at(-1)!, 0)} ms CPU`);
  }
  const s = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { wall: summarize(v.wall), cpu: summarize(v.cpu) }]));
  const md = [
    `The portrait of export-browser (${image.width}×${image.height}, mask at ${mw}×${mh}), one thread; the hole is the matte's coverage`,
    'grown 3 px (what `buildLayers` fills). Median (p10–p90) over the rounds.',
    '',
    '| step | wall | CPU |',
    '|---|---|---|',
    `| \`refineMatte\` (guided filter + foreground colours) | ${fmtSummary(s.matte.wall, 0)} ms | ${fmtSummary(s.matte.cpu, 0)} ms |`,
    `| \`fillImage\` push-pull (\`fill: 'smooth'\`) | ${fmtSummary(s.smooth.wall, 0)} ms | ${fmtSummary(s.smooth.cpu, 0)} ms |`,
    `| \`fillImage\` structure (coherence transport, the default) | ${fmtSummary(s.structure.wall, 0)} ms | ${fmtSummary(s.structure.cpu, 0)} ms |`,
    `| \`fillImage\` textured (PatchMatch, \`fill: 'textured'\`) | ${fmtSummary(s.textured.wall, 0)} ms | ${fmtSummary(s.textured.cpu, 0)} ms |`,
    '',
    `${rounds} rounds; the machine is shared and loaded by other jobs, so wall times swing.`,
  ].join('\n');
  return { id: 'photo3d-edges', title: '3D photo edges and fill: matte, push-pull, structure and textured fill', markdown: md, data: s };
}
