// The photo3d input for `mesh`, `photo3d` and `convert`: the photo's own depth when it has some, else an estimate.
import type { Photo3DInput } from '@relief/photo3d';
import type { ProgressFn } from '../batch.js';
import type { DepthWorker } from '../depth/depth-worker.js';
import { photo3dInput } from '../photo3d/photo-input.js';
import { describeDepth, fovFromDepthPhoto, inputFromDepthPhoto, readEmbeddedDepth } from './embedded.js';

export interface SourcedInput {
  input: Photo3DInput;
  /** "estimated" or "embedded <source> <kind>[ + matte]", for the result line. */
  depth: string;
  /** From the file's intrinsics, when it has them. */
  fovDegrees?: number;
}

export async function photoOrEstimate(
  path: string, estimate: boolean, worker: () => Promise<DepthWorker>, skipSegmentation: boolean, progress: ProgressFn,
): Promise<SourcedInput> {
  const photo = estimate ? undefined : await readEmbeddedDepth(path);
  if (photo) return { input: inputFromDepthPhoto(photo), depth: describeDepth(photo), fovDegrees: fovFromDepthPhoto(photo) };
  return { input: await photo3dInput(path, await worker(), skipSegmentation, progress), depth: describeDepth(undefined) };
}
