// `relief convert`: a photo (with its own depth, or estimated) into the formats people share 3D photos in.
import { Command, Option } from 'commander';
import { writeBytesAtomically } from '../atomic-write.js';
import { runBatch, type Slot } from '../batch.js';
import { addBatchOptions, exitCodeFor, type BatchFlags } from '../batch-options.js';
import { DepthWorker } from '../depth/depth-worker.js';
import { addModelOptions, depthSettings, type ModelFlags } from '../depth/model-options.js';
import { describeDepth, fovFromDepthPhoto, inputFromDepthPhoto, readEmbeddedDepth } from '../depth-photo/embedded.js';
import { depthPhotoFromEstimate } from '../depth-photo/from-estimate.js';
import { UsageError } from '../exit-codes.js';
import { expandInputs } from '../inputs.js';
import { integerIn, listOf } from '../option-parsers.js';
import { planJobs, resolveTarget } from '../output-plan.js';
import { MESH_DEPTH_RANGE, photo3dInput } from '../photo3d/photo-input.js';
import { chooseReporter } from '../reporters.js';
import { CONVERT_FORMATS, convertOutputs, outputsOf, type ConvertFormat, type QuiltLayout } from './formats.js';

interface ConvertFlags extends BatchFlags, ModelFlags {
  format: ConvertFormat[];
  estimate?: boolean;
  size: number;
  quilt: { columns: number; rows: number };
  quiltView: { width: number; height: number };
}

function grid(raw: string): { columns: number; rows: number } {
  const m = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!m) throw new UsageError(`--quilt takes COLUMNSxROWS like 8x6, got "${raw}".`);
  return { columns: Number(m[1]), rows: Number(m[2]) };
}

function viewSize(raw: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/i.exec(raw.trim());
  if (!m || Number(m[1]) < 8 || Number(m[2]) < 8 || Number(m[1]) > 4096 || Number(m[2]) > 4096) throw new UsageError(`--quilt-view takes WIDTHxHEIGHT (8 to 4096) like 420x560, got "${raw}".`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

export function convertCommand(): Command {
  const command = new Command('convert')
    .description('Write a photo\'s 3D formats: Dynamic Depth JPEG, Facebook 3D-photo pair, RGB-D, PLY, stereo pairs, anaglyphs, Looking Glass quilts. Uses the depth the photo carries (iPhone, Android, Lens Blur), else estimates it.')
    .argument('<inputs...>', 'image files (depth photos: JPEG or HEIC), folders or quoted glob patterns')
    .option('-o, --output <dir>', 'folder to write into (default: next to each input)')
    .addOption(new Option('-f, --format <list>', `comma-separated: ${CONVERT_FORMATS.join(', ')}`).argParser(listOf(CONVERT_FORMATS)).makeOptionMandatory())
    .option('--estimate', 'estimate depth even when the photo carries its own')
    .option('--size <N>', 'long side of each rendered view (sbs, cross, anaglyph, anaglyph-gif)', integerIn(16, 4096), 768)
    .option('--quilt <CxR>', 'quilt views as columns x rows (8x6 for Looking Glass Portrait)', grid, { columns: 8, rows: 6 })
    .option('--quilt-view <WxH>', 'size of one quilt view', viewSize, { width: 420, height: 560 });
  addModelOptions(command);
  addBatchOptions(command, 'inputs converted at once');
  return command.action(async (inputs: string[], flags: ConvertFlags) => {
    process.exitCode = await runConvert(inputs, flags);
  });
}

async function runConvert(inputs: string[], flags: ConvertFlags): Promise<number> {
  const overwrite = flags.overwrite ?? false;
  const { columns, rows } = flags.quilt;
  if (columns * rows < 2 || columns * rows > 256) throw new UsageError(`--quilt ${columns}x${rows}: a quilt needs 2 to 256 views.`);
  const quilt: QuiltLayout = { columns, rows, ...flags.quiltView };
  const target = await resolveTarget(flags.output, []);
  const { files, problems } = await expandInputs(inputs);
  const kinds = [...new Set(flags.format)].flatMap((f) => outputsOf(f, quilt));
  const jobs = await planJobs(files, target, kinds, overwrite);
  const settings = await depthSettings(flags, MESH_DEPTH_RANGE);
  const createSlot = async (): Promise<Slot> => {
    // Depth photos need no model: the worker starts on the first photo that must be estimated.
    let worker: Promise<DepthWorker> | undefined;
    return {
      async run(job, progress) {
        const embedded = flags.estimate ? undefined : await readEmbeddedDepth(job.input.path);
        progress(0.1, embedded ? 'read embedded depth' : 'estimating depth');
        const input = embedded ? inputFromDepthPhoto(embedded) : await photo3dInput(job.input.path, await (worker ??= DepthWorker.start(settings)), settings.skipSegmentation, (f, s) => progress(0.1 + f * 0.3, s));
        const photo = embedded ?? depthPhotoFromEstimate(input);
        progress(0.5, 'writing formats');
        const ids = job.outputs.map((o) => o.kind);
        const bytes = await convertOutputs(ids, photo, input, { size: flags.size, quilt, fovDegrees: embedded ? fovFromDepthPhoto(embedded) : undefined });
        await Promise.all(job.outputs.map((o, i) => writeBytesAtomically(o.path, bytes[i], overwrite)));
        return { width: photo.image.width, height: photo.image.height, depth: describeDepth(embedded) };
      },
      close: async () => { if (worker) await (await worker).stop(); },
    };
  };
  const summary = await runBatch({ jobs, problems, concurrency: flags.concurrency, createSlot, reporter: chooseReporter(flags) });
  return exitCodeFor(summary);
}
