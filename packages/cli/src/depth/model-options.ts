// Options that choose how depth is estimated, shared by depth, mesh and photo3d.
import { Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../exit-codes.js';
import type { ColormapName } from './colormaps.js';
import type { DepthSettings } from './settings.js';

export interface ModelFlags {
  backend: 'wasm' | 'cpu';
  model?: string;
  /** A path/URL, false for --no-segmentation, undefined for the bundled segmenter. */
  segmentation?: string | false;
  /** false for --no-priors; undefined keeps the estimator's default (on for the bundled model). */
  priors?: boolean;
  /** --focal: the camera's 35 mm-equivalent focal length, for the face priors' scale and metric depth. */
  focal?: number;
}

function focalLength(value: string): number {
  const f = Number(value);
  if (!Number.isFinite(f) || f < 5 || f > 2000) {
    throw new UsageError(`--focal ${value}: give the 35 mm-equivalent focal length in mm, 5–2000 (a phone's main camera is about 26).`);
  }
  return f;
}

export function addModelOptions(command: Command): Command {
  return command
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['wasm', 'cpu']).default('wasm'))
    .option('--model <path|url>', 'depth model: a TF.js model.json (or its folder) or an http(s) URL (default: the bundled Relief model)')
    .option('--segmentation <path|url>', 'person segmentation model (default: the bundled MediaPipe selfie model)')
    .option('--no-segmentation', 'do not mask out the background: depth for the whole image (photos without a person)')
    .option('--priors', 'correct faces with the face-mesh priors (default: on with the bundled model, off with --model)')
    .option('--no-priors', 'the depth network alone, without the face-mesh priors')
    .option('--focal <mm>', 'the camera\'s 35 mm-equivalent focal length (default: the photo\'s EXIF, else 28, a phone\'s lens)', focalLength);
}

export async function depthSettings(
  flags: ModelFlags,
  estimation: { minDepth: number; maxDepth: number; flipHorizontal: boolean },
  colormap: ColormapName = 'turbo',
): Promise<DepthSettings> {
  return {
    backend: flags.backend,
    model: flags.model === undefined ? undefined : await modelSource(flags.model, '--model'),
    segmentation: typeof flags.segmentation === 'string' ? await modelSource(flags.segmentation, '--segmentation') : undefined,
    skipSegmentation: flags.segmentation === false,
    ...(flags.priors === undefined ? {} : { priors: flags.priors }),
    ...(flags.focal === undefined ? {} : { focalLength35mm: flags.focal }),
    ...estimation,
    colormap,
  };
}

/** http(s) URLs pass through; a local path must exist now, so a typo fails before any work starts. */
async function modelSource(arg: string, flag: string): Promise<string> {
  if (/^https?:\/\//i.test(arg)) return arg;
  const path = resolve(arg);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`${flag} ${arg}: no such file or folder; pass a TF.js model.json, the folder holding it, or an http(s) URL.`);
  return info.isDirectory() ? join(path, 'model.json') : path;
}
