// Shared Node test inputs: the generated depth fixture, the two-channel selfie model, sample photos.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
// @ts-expect-error plain JS generator shared with the package's placeholder model
import { writePlaceholderModel } from '../scripts/placeholder-model.mjs';
import { fileHandler } from '../src/node/file_handler.ts';
import { twoChannel } from './two_channel.ts';
import { BUNDLED_SEGMENTATION_MODEL } from '../src/bundled_models.ts';
import { SAMPLES } from '../../../test-support/paths.ts';
import { scratchDir } from '../../../test-support/temp.ts';
import { fileURLToPath } from 'node:url';

export const SAMPLE_FILES = ['astronaut.png', 'cameraman.png', 'official_portrait.jpg'].map((f) => join(SAMPLES, f));

export function sample(name: string): Buffer {
  return readFileSync(join(SAMPLES, name));
}

/** A random-weight depth network with the official signature, written to a fresh temp dir. */
export function depthFixturePath(seed = 7): string {
  return writePlaceholderModel(scratchDir('relief-depth-'), 'fixture', seed) as string;
}

export const SELFIE_PATH = fileURLToPath(BUNDLED_SEGMENTATION_MODEL.model);

/** The bundled selfie model in the two-channel layout of the TF Hub export (see two_channel.ts). */
export function twoChannelSelfie(): io.IOHandler {
  return { load: async () => twoChannel(await fileHandler(SELFIE_PATH).load()) };
}
