// `relief photo3d`: the web app's 3D photo (same @relief/photo3d code, camera paths, edge tearing and inpainted
// background) rendered headless — by photo3d's software renderer, or by its WebGL renderer in Chromium — written
// as GIF, WebM or MP4.
import { DEFAULT_FOV_DEGREES, DEFAULT_TEAR_THRESHOLD, MAX_GRID_VERTICES, type CameraPathKind } from '@relief/photo3d';
import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { runBatch, type Slot } from '../batch.js';
import { addBatchOptions, exitCodeFor, type BatchFlags } from '../batch-options.js';
import { DepthWorker } from '../depth/depth-worker.js';
import { addModelOptions, depthSettings, type ModelFlags } from '../depth/model-options.js';
import { UsageError } from '../exit-codes.js';
import { expandInputs } from '../inputs.js';
import { integerIn, listOf, positiveNumber } from '../option-parsers.js';
import { addFocusOption, aperture, lensOptions, type LensFlags } from '../blur/lens-options.js';
import { amplitudeOption, strengthOption } from './motion-options.js';
import { backgroundOption, cameraZOption, FILLS, fovOption, resolutionOption, tearOption, type FillChoice } from './look-options.js';
import { planJobs, resolveTarget } from '../output-plan.js';
import { chooseReporter } from '../reporters.js';
import type { ChromiumSession } from './chromium-session.js';
import { RENDERERS, type Look, type RendererName } from './frame-source.js';
import { VIDEO_FORMATS, type VideoFormat } from './frame-sinks.js';
import { MESH_DEPTH_RANGE } from './photo-input.js';
import { parseSize, type SizeRequest } from './output-size.js';
import { renderJob } from './render-job.js';
import { softwareFrames } from './software-frames.js';

const PATHS = ['circle', 'swing', 'zoom', 'dolly'] as const satisfies readonly CameraPathKind[];

interface Photo3DFlags extends BatchFlags, ModelFlags, Omit<LensFlags, 'aperture'> {
  strength: number;
  amplitude: number | 'auto';
  blur?: number;
  format?: VideoFormat[];
  path: (typeof PATHS)[number];
  size: SizeRequest;
  fps: number;
  seconds: number;
  renderer: RendererName;
  estimate?: boolean;
  fov?: number;
  resolution: number | 'auto';
  /** A threshold, false for --no-tear, undefined for photo3d's default. */
  tear?: number | false;
  fill?: FillChoice;
  cameraZ: number;
  background: string;
  wireframe?: boolean;
}

export function photo3dCommand(): Command {
  const command = new Command('photo3d')
    .description('Render 3D-photo animations of portraits (no display or GPU needed) as GIF, WebM or MP4.')
    .argument('<inputs...>', 'image files, folders or quoted glob patterns')
    .option('-o, --output <dir|file>', 'a .gif/.webm/.mp4 file for a single input, or a folder (default: next to each input)')
    .addOption(new Option('-f, --format <list>', 'gif, webm, mp4, comma-separated for several (default: gif, or from the -o file\'s extension)').argParser(listOf(VIDEO_FORMATS)))
    .addOption(new Option('--path <name>', 'camera motion').choices(PATHS).default('circle'))
    .addOption(new Option('--size <N|WxH>', 'output size: the long side (keeping the photo\'s aspect) or exact WIDTHxHEIGHT').argParser(parseSize).default({ longSide: 512 }, '512'))
    .option('--fps <n>', 'frames per second, 1 to 60', integerIn(1, 60), 30)
    .option('--seconds <s>', 'length of the (looping) animation', positiveNumber(60), 3)
    .addOption(new Option('--renderer <name>', 'software: photo3d\'s CPU renderer in Node (fast); chromium: its WebGL renderer in headless Chromium (exact web-app pixels)')
      .choices(RENDERERS).default('software'))
    .option('--estimate', 'estimate depth even when the photo carries its own (iPhone, Android, Lens Blur depth photos)')
    .option('--strength <s>', '3D strength: 0 a flat photo, 1 the estimated relief, up to 4', strengthOption, 1)
    .option('--amplitude <auto|a>', 'camera motion as a fraction of the subject distance, or auto: the largest whose revealed, made-up background stays under 2 % of the frame', amplitudeOption, 'auto')
    .option('--blur <aperture>', 'portrait mode: lens blur with this far-background blur radius (fraction of the long side, e.g. 0.012)', aperture)
    .option('--fov <degrees>', `vertical field of view of the camera that took the photo, 10 to 120 (default: ${DEFAULT_FOV_DEGREES})`, fovOption)
    .option('--camera-z <z>', 'camera moved along the view axis, as a fraction of the subject distance: below 0 closer, above 0 farther (-0.9 to 1)', cameraZOption, 0)
    .option('--resolution <auto|n>', `mesh vertices on the long side, 16 to ${MAX_GRID_VERTICES}; auto: one every 2 output pixels`, resolutionOption, 'auto')
    .option('--tear <threshold>', `tear the mesh where depth jumps by more than this fraction (default: ${DEFAULT_TEAR_THRESHOLD})`, tearOption)
    .option('--no-tear', 'never tear the mesh: depth edges stretch instead')
    .addOption(new Option('--fill <method>', 'what fills the background behind the person: structure (lines carried on, photo3d\'s default), smooth (push-pull), textured (patches from the photo) or none (the photo itself)').choices(FILLS))
    .option('--background <layer|colour>', 'behind the person: layer (the filled photo) or a colour, #rrggbb', backgroundOption, 'layer')
    .option('--wireframe', 'draw the mesh\'s triangle edges (needs --renderer chromium)');
  addFocusOption(command);
  addModelOptions(command);
  addBatchOptions(command, 'inputs rendered at once, each with its own depth worker (and browser page with --renderer chromium)');
  return command.action(async (inputs: string[], flags: Photo3DFlags) => {
    process.exitCode = await runPhoto3D(inputs, flags);
  });
}

async function runPhoto3D(inputs: string[], flags: Photo3DFlags): Promise<number> {
  const overwrite = flags.overwrite ?? false;
  const target = await resolveTarget(flags.output, VIDEO_FORMATS.map((f) => `.${f}`));
  const fromName = target.mode === 'file' ? (extname(target.file).slice(1).toLowerCase() as VideoFormat) : 'gif';
  const formats = [...new Set(flags.format ?? [fromName])];
  if (target.mode === 'file' && extname(target.file).toLowerCase() !== `.${formats[0]}`) {
    throw new UsageError(`-o names a ${extname(target.file)} file but the first format is ${formats[0]}; use a .${formats[0]} name or a folder.`);
  }
  const size = flags.size;
  if ('width' in size && formats.some((f) => f !== 'gif') && (size.width % 2 || size.height % 2)) {
    throw new UsageError(`--size ${size.width}x${size.height}: WebM and MP4 need even widths and heights.`);
  }
  if (flags.wireframe && flags.renderer !== 'chromium') {
    throw new UsageError('--wireframe is drawn by WebGL only; add --renderer chromium.');
  }
  const frames = Math.round(flags.fps * flags.seconds);
  if (frames < 2) throw new UsageError(`--fps ${flags.fps} × --seconds ${flags.seconds} gives ${frames} frame; a loop needs at least 2.`);

  const { files, problems } = await expandInputs(inputs);
  const jobs = await planJobs(files, target, formats.map((f) => ({ id: f, suffix: `.${f}` })), overwrite);
  const settings = await depthSettings(flags, MESH_DEPTH_RANGE);
  let chromium: Promise<ChromiumSession> | undefined;
  // Software rendering spreads each loop over threads: the cores left per input rendered at once.
  const slots = Math.max(1, Math.min(flags.concurrency, jobs.filter((j) => !j.blocked && j.outputs.length > 0).length));
  const threads = Math.max(1, Math.floor(availableParallelism() / slots));
  const createSlot = async (): Promise<Slot> => {
    const context = { skipSegmentation: settings.skipSegmentation, ...flags, estimate: flags.estimate ?? false, overwrite, look: lookOf(flags) };
    if (flags.renderer === 'software') {
      const worker = await DepthWorker.start(settings);
      const frames = softwareFrames(threads);
      return {
        run: (job, progress, signal) => renderJob(job, { worker, frames, ...context }, progress, signal),
        close: () => worker.stop(),
      };
    }
    chromium ??= import('./chromium-session.js').then((m) => new m.ChromiumSession());
    const session = await chromium;
    const [worker, page] = await Promise.all([DepthWorker.start(settings), session.openPage()]);
    return {
      run: (job, progress, signal) => renderJob(job, { worker, frames: page.frames, ...context }, progress, signal),
      close: async () => {
        await Promise.all([worker.stop(), page.close()]);
      },
    };
  };
  try {
    const summary = await runBatch({ jobs, problems, concurrency: flags.concurrency, createSlot, reporter: chooseReporter(flags) });
    return exitCodeFor(summary);
  } finally {
    await (await chromium)?.close();
  }
}

/** The 3D photo's look from the flags that set it. */
function lookOf(flags: Photo3DFlags): Look {
  return {
    strength: flags.strength, amplitude: flags.amplitude,
    lensBlur: flags.blur !== undefined ? lensOptions({ aperture: flags.blur, focus: flags.focus }) : undefined,
    fovDegrees: flags.fov, tearThreshold: flags.tear === false ? Infinity : flags.tear,
    inpaint: flags.fill !== 'none', fill: flags.fill === 'none' ? undefined : flags.fill,
    cameraZ: flags.cameraZ, background: flags.background, wireframe: flags.wireframe ?? false,
  };
}
