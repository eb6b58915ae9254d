// `relief mesh`: the textured 3D photo as a binary glTF (GLB), built in Node (no browser needed).
import { buildLayers, DEFAULT_FOV_DEGREES } from '@relief/photo3d';
import { exportGlbNode } from '@relief/photo3d/node';
import { Command } from 'commander';
import { writeBytesAtomically } from '../atomic-write.js';
import { runBatch, type Slot } from '../batch.js';
import { addBatchOptions, exitCodeFor, type BatchFlags } from '../batch-options.js';
import { DepthWorker } from '../depth/depth-worker.js';
import { addModelOptions, depthSettings, type ModelFlags } from '../depth/model-options.js';
import { expandInputs } from '../inputs.js';
import { positiveNumber } from '../option-parsers.js';
import { planJobs, resolveTarget } from '../output-plan.js';
import { MESH_DEPTH_RANGE } from '../photo3d/photo-input.js';
import { photoOrEstimate } from '../depth-photo/photo-or-estimate.js';
import { chooseReporter } from '../reporters.js';

interface MeshFlags extends BatchFlags, ModelFlags {
  fov?: number;
  estimate?: boolean;
}

export function meshCommand(): Command {
  const command = new Command('mesh')
    .description('Build the textured 3D mesh of a portrait (person torn at depth edges over an inpainted background) as a .glb file.')
    .argument('<inputs...>', 'image files, folders or quoted glob patterns')
    .option('-o, --output <dir|file>', 'a .glb file for a single input, or a folder (default: next to each input)')
    .option('--fov <degrees>', `vertical field of view of the camera that took the photo (default: ${DEFAULT_FOV_DEGREES})`, positiveNumber(179))
    .option('--estimate', 'estimate depth even when the photo carries its own (iPhone, Android, Lens Blur depth photos)');
  addModelOptions(command);
  addBatchOptions(command, 'inputs built at once, each with its own depth worker');
  return command.action(async (inputs: string[], flags: MeshFlags) => {
    process.exitCode = await runMesh(inputs, flags);
  });
}

async function runMesh(inputs: string[], flags: MeshFlags): Promise<number> {
  const overwrite = flags.overwrite ?? false;
  const target = await resolveTarget(flags.output, ['.glb']);
  const { files, problems } = await expandInputs(inputs);
  const jobs = await planJobs(files, target, [{ id: 'glb', suffix: '.glb' }], overwrite);
  const settings = await depthSettings(flags, MESH_DEPTH_RANGE);
  const createSlot = async (): Promise<Slot> => {
    // Depth photos need no model: the worker starts on the first photo that must be estimated.
    let worker: Promise<DepthWorker> | undefined;
    return {
      async run(job, progress) {
        const { input, depth, fovDegrees } = await photoOrEstimate(job.input.path, flags.estimate ?? false, () => (worker ??= DepthWorker.start(settings)), settings.skipSegmentation, (f, s) => progress(f * 0.5, s));
        progress(0.6, 'building the mesh');
        const layers = await buildLayers(input, { fovDegrees: flags.fov ?? fovDegrees });
        progress(0.85, 'writing glTF');
        await writeBytesAtomically(job.outputs[0].path, await exportGlbNode(layers), overwrite);
        return {
          width: input.image.width,
          height: input.image.height,
          triangles: (layers.foreground.indices.length + layers.background.indices.length) / 3,
          depth,
        };
      },
      close: async () => { if (worker) await (await worker).stop(); },
    };
  };
  const summary = await runBatch({ jobs, problems, concurrency: flags.concurrency, createSlot, reporter: chooseReporter(flags) });
  return exitCodeFor(summary);
}
