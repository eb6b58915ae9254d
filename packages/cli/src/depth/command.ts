// `relief depth`: depth maps (16/8-bit PNG, colourised PNG, .npy) and person masks for many photos.
import { Command, Option } from 'commander';
import { extname } from 'node:path';
import { runBatch } from '../batch.js';
import { addBatchOptions, exitCodeFor, type BatchFlags } from '../batch-options.js';
import { UsageError } from '../exit-codes.js';
import { expandInputs } from '../inputs.js';
import { listOf, unitInterval } from '../option-parsers.js';
import { planJobs, resolveTarget, type OutputKind } from '../output-plan.js';
import { chooseReporter } from '../reporters.js';
import { COLORMAPS, type ColormapName } from './colormaps.js';
import type { DepthKind } from './settings.js';
import { startDepthSlot } from './depth-slot.js';
import { addModelOptions, depthSettings, type ModelFlags } from './model-options.js';

const FORMATS = ['png16', 'png8', 'npy', 'metres'] as const;
type Format = (typeof FORMATS)[number];

interface DepthFlags extends BatchFlags, ModelFlags {
  format?: Format[];
  colormap?: ColormapName;
  mask?: boolean;
  minDepth: number;
  maxDepth: number;
  flip?: boolean;
  embedded?: boolean;
}

/** Output names in folder mode (inputs.ts knows them too, to skip them in folder scans). */
function suffix(kind: DepthKind, colormap: ColormapName): string {
  return { png16: '.depth.png', png8: '.depth8.png', npy: '.depth.npy', metres: '.metres.npy', color: `.depth-${colormap}.png`, mask: '.mask.png' }[kind];
}

export function depthCommand(): Command {
  const command = new Command('depth')
    .description('Estimate depth maps for photos of people: files, folders (searched recursively) or glob patterns.')
    .argument('<inputs...>', 'image files (JPEG, PNG, WebP, AVIF, TIFF), folders, or quoted glob patterns like "photos/**/*.jpg"')
    .option('-o, --output <dir|file>', 'a folder to write into (mirrors the input folders), or a .png/.npy file for a single input (default: next to each input)')
    .addOption(new Option('-f, --format <list>', 'depth outputs, comma-separated: png16 (16-bit PNG), png8 (8-bit PNG), npy (float32 NumPy), metres (float32 NumPy in metres, scaled by the face: needs one; NaN off the person) (default: png16, or from the -o file\'s extension)').argParser(listOf(FORMATS)))
    .addOption(new Option('--colormap <name>', 'also write a colourised PNG, transparent where there is no person').choices(COLORMAPS))
    .option('--mask', 'also write the person mask as an 8-bit PNG (255 = person)')
    .option('--min-depth <n>', 'raw depth mapped to 0 (nearest), from 0 to 1', unitInterval, 0.2)
    .option('--max-depth <n>', 'raw depth mapped to 1 (farthest), from 0 to 1', unitInterval, 0.9)
    .option('--flip', 'mirror each photo first (selfie cameras); outputs stay mirrored')
    .option('--embedded', 'write the depth map a depth photo carries (iPhone JPEG/HEIC, Android, Lens Blur) instead of estimating; other photos are estimated');
  addModelOptions(command);
  addBatchOptions(command, 'depth workers, each holding its own model');
  return command.action(async (inputs: string[], flags: DepthFlags) => {
    process.exitCode = await runDepth(inputs, flags);
  });
}

async function runDepth(inputs: string[], flags: DepthFlags): Promise<number> {
  if (flags.minDepth >= flags.maxDepth) {
    throw new UsageError(`--min-depth (${flags.minDepth}) must be below --max-depth (${flags.maxDepth}).`);
  }
  const colormap = flags.colormap ?? 'turbo';
  const target = await resolveTarget(flags.output, ['.png', '.npy']);
  const kinds = outputKinds(flags, target.mode === 'file' ? extname(target.file).toLowerCase() : undefined);
  const { files, problems } = await expandInputs(inputs);
  const jobs = await planJobs(files, target, kinds.map((id) => ({ id, suffix: suffix(id, colormap) }) satisfies OutputKind), flags.overwrite ?? false);
  const settings = await depthSettings(flags, { minDepth: flags.minDepth, maxDepth: flags.maxDepth, flipHorizontal: flags.flip ?? false }, colormap);
  const summary = await runBatch({
    jobs,
    problems,
    concurrency: flags.concurrency,
    createSlot: () => startDepthSlot(settings, flags.overwrite ?? false, flags.embedded ?? false),
    reporter: chooseReporter(flags),
  });
  return exitCodeFor(summary);
}

/** With `-o file.ext`, the file's extension decides the first output unless --format says otherwise. */
function outputKinds(flags: DepthFlags, fileExt: string | undefined): DepthKind[] {
  const inferred: Format[] = fileExt === '.npy' ? ['npy'] : fileExt === '.png' && flags.colormap ? [] : ['png16'];
  const kinds: DepthKind[] = [...new Set(flags.format ?? inferred)];
  if (flags.colormap) kinds.push('color');
  if (flags.mask) kinds.push('mask');
  if (fileExt !== undefined) {
    const wanted = kinds[0] === 'npy' || kinds[0] === 'metres' ? '.npy' : '.png';
    if (fileExt !== wanted) {
      throw new UsageError(`-o names a ${fileExt} file but the first output (${kinds[0]}) is a ${wanted} file; use a ${wanted} name or a folder.`);
    }
  }
  return kinds;
}
