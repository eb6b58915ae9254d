// relief-synth: `npm run synth -- --count 2000 --seed 1 --out data/synth/train` renders a dataset;
// `npm run synth -- sheet <dataset> --out docs/synth-contact-sheet.png` tiles samples for a quick look.
import { Command, InvalidArgumentError } from 'commander';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { generate } from './dataset/generate.ts';
import { contactSheet } from './sheet/contactSheet.ts';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got "${v}"`);
  return n;
};

const probability = (name: string) => (v: string): number => {
  const p = Number(v);
  if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name} must be a probability from 0 to 1, got "${v}"`);
  return p;
};

const renderer = (v: string): 'cpu' | 'webgl' => {
  if (v !== 'cpu' && v !== 'webgl') throw new InvalidArgumentError(`--renderer must be cpu or webgl, got "${v}"`);
  return v;
};

const program = new Command('relief-synth').description('Synthetic digital humans: color + metric depth + mask training pairs');

program
  .command('render', { isDefault: true })
  .description('render a dataset (resumes: only samples missing from <out>/manifest.json are rendered)')
  .requiredOption('--out <dir>', 'dataset folder (e.g. data/synth/train)')
  .option('--count <n>', 'number of samples', int('--count'), 2000)
  .option('--seed <n>', 'dataset seed', int('--seed'), 1)
  .option('--height <px>', 'image height', int('--height'), 256)
  .option('--width <px>', 'image width', int('--width'), 192)
  .option('--holdout', 'use the held-out HDR maps and skins (evaluation sets)', false)
  .option('--frontal', 'camera straight ahead, head not turned (for checks)', false)
  .option('--shard-size <n>', 'samples per shard folder', int('--shard-size'), 500)
  .option('--views-per-identity <n>', 'consecutive samples showing the same person', int('--views-per-identity'), 4)
  .option('--renderer <kind>', 'cpu (JavaScript rasteriser on worker threads) or webgl (three.js in headless Chromium)', renderer, 'cpu')
  .option('--workers <n>', 'parallel renderers: threads for cpu (default: one per core), Chromium pages for webgl (default 2)', int('--workers'))
  .option('--held-objects <p>', 'probability that a sample shows an object held in one hand in front of the body (default 0.25 with --renderer cpu, from train-v4 on; 0 = none, as sets before, and with webgl)', probability('--held-objects'))
  .option('--folded-arms <p>', 'probability that a sample\'s arms are folded in front of the body: crossed, at the chin, one across (default 0.2, from train-v5 on; 0 = none, as sets before)', probability('--folded-arms'), 0.2)
  .option('--assets <dir>', 'shared assets folder (default: RELIEF_ASSETS or ../shared/assets)')
  .action(async (o) => {
    const r = await generate({
      out: resolve(o.out), count: o.count, seed: o.seed, width: o.width, height: o.height, holdout: o.holdout,
      frontal: o.frontal, samplesPerShard: Math.max(1, o.shardSize), viewsPerIdentity: Math.max(1, o.viewsPerIdentity),
      renderer: o.renderer, heldObjects: o.heldObjects ?? (o.renderer === 'cpu' ? 0.25 : 0), foldedArms: o.foldedArms, workers: Math.max(1, o.workers ?? (o.renderer === 'cpu' ? availableParallelism() : 2)), assets: o.assets, log: (l) => console.error(l),
    });
    console.log(`rendered ${r.rendered} samples in ${r.seconds.toFixed(1)} s: ${r.samplesPerSecond.toFixed(2)} samples/s`);
  });

program
  .command('sheet <dataset>')
  .description('tile samples as color | depth colormap | mask into one PNG')
  .requiredOption('--out <file>', 'PNG to write')
  .option('--count <n>', 'samples to show', int('--count'), 24)
  .option('--columns <n>', 'samples per row', int('--columns'), 4)
  .option('--held-objects', 'only samples whose held object covers at least 1 % of the image', false)
  .action(async (dataset: string, o) => {
    await contactSheet(resolve(dataset), resolve(o.out), o.count, Math.max(1, o.columns), o.heldObjects);
    console.log(`wrote ${o.out}`);
  });

program.parseAsync().catch((e: Error) => {
  console.error(`relief-synth: ${e.message}`);
  process.exit(1);
});
