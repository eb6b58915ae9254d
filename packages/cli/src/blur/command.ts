// `relief blur`: portrait mode — the photo re-focused with a lens blur from its estimated depth (the person sharp,
// the background blurred, no halo), as a PNG or JPEG still.
import { buildLayers, DEFAULT_APERTURE, lensBlurImage } from '@relief/photo3d';
import { Command } from 'commander';
import { extname } from 'node:path';
import sharp from 'sharp';
import { writeBytesAtomically } from '../atomic-write.js';
import { runBatch, type Slot } from '../batch.js';
import { addBatchOptions, exitCodeFor, type BatchFlags } from '../batch-options.js';
import { DepthWorker } from '../depth/depth-worker.js';
import { addModelOptions, depthSettings, type ModelFlags } from '../depth/model-options.js';
import { expandInputs } from '../inputs.js';
import { planJobs, resolveTarget } from '../output-plan.js';
import { MESH_DEPTH_RANGE, photo3dInput } from '../photo3d/photo-input.js';
import { chooseReporter } from '../reporters.js';
import { addFocusOption, aperture, lensOptions, type LensFlags } from './lens-options.js';

const EXTENSIONS = ['.png', '.jpg', '.jpeg'];

type BlurFlags = BatchFlags & ModelFlags & LensFlags;

export function blurCommand(): Command {
  const command = new Command('blur')
    .description('Portrait mode: re-focus photos with a lens blur from their estimated depth (sharp person, blurred background, no halo).')
    .argument('<inputs...>', 'image files, folders or quoted glob patterns')
    .option('-o, --output <dir|file>', 'a .png or .jpg file for a single input, or a folder (default: <name>.blur.png next to each input)')
    .option('--aperture <a>', `blur radius of the far background as a fraction of the long side, 0 to 0.1 (default: ${DEFAULT_APERTURE})`, aperture);
  addFocusOption(command);
  addModelOptions(command);
  addBatchOptions(command, 'inputs blurred at once, each with its own depth worker');
  return command.action(async (inputs: string[], flags: BlurFlags) => {
    process.exitCode = await runBlur(inputs, flags);
  });
}

async function runBlur(inputs: string[], flags: BlurFlags): Promise<number> {
  const overwrite = flags.overwrite ?? false;
  const target = await resolveTarget(flags.output, EXTENSIONS);
  const jpeg = target.mode === 'file' && extname(target.file).toLowerCase() !== '.png';
  const { files, problems } = await expandInputs(inputs);
  const jobs = await planJobs(files, target, [{ id: 'blur', suffix: '.blur.png' }], overwrite);
  const settings = await depthSettings(flags, MESH_DEPTH_RANGE);
  const lens = lensOptions(flags);
  const createSlot = async (): Promise<Slot> => {
    const worker = await DepthWorker.start(settings);
    return {
      async run(job, progress) {
        const input = await photo3dInput(job.input.path, worker, settings.skipSegmentation, (f, s) => progress(f * 0.5, s));
        progress(0.55, 'separating the person from the background');
        // Only the layers' textures and depths are used: a coarse mesh is enough and quick.
        const layers = await buildLayers(input, { resolution: 65 });
        progress(0.75, 'blurring');
        const { data, width, height } = lensBlurImage(layers, lens);
        const raw = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } }).removeAlpha();
        const bytes = await (jpeg ? raw.jpeg({ quality: 92 }) : raw.png()).toBuffer();
        await writeBytesAtomically(job.outputs[0].path, bytes, overwrite);
        return { width, height };
      },
      close: () => worker.stop(),
    };
  };
  const summary = await runBatch({ jobs, problems, concurrency: flags.concurrency, createSlot, reporter: chooseReporter(flags) });
  return exitCodeFor(summary);
}
