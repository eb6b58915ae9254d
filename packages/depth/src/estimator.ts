import * as tf from '@tensorflow/tfjs-core';
import { BUNDLED_DEPTH_MODEL, BUNDLED_SEGMENTATION_MODEL } from './bundled_models.js';
import { validateEstimationConfig } from './config.js';
import { ARPortraitDepthMap } from './depth_map.js';
import { unsupportedModel } from './errors.js';
import { toImageTensor } from './input.js';
import { loadBoth, loadModel } from './model_loading.js';
import { inputSize, runPipeline, type Networks } from './pipeline.js';
import { platform } from './platform.js';
import { NO_PRIORS, Priors } from './priors/priors.js';
import {
  SupportedModels,
  type ARPortraitDepthEstimationConfig,
  type ARPortraitDepthModelConfig,
  type DepthEstimator,
  type DepthEstimatorInput,
  type DepthMap,
} from './types.js';

function isVideo(input: unknown): boolean {
  return typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement;
}

class ARPortraitDepthEstimator implements DepthEstimator {
  private nets: Networks | null;

  /** `priorsByDefault`: the face priors were tuned for the bundled network; someone else's model gets its own output. */
  constructor(nets: Networks, private readonly priors: Priors, private readonly priorsByDefault: boolean) {
    this.nets = nets;
  }

  async estimateDepth(
    input: DepthEstimatorInput | null | undefined,
    estimationConfig: ARPortraitDepthEstimationConfig,
  ): Promise<DepthMap | null> {
    let config = validateEstimationConfig(estimationConfig, { priors: this.priorsByDefault, tracking: isVideo(input) });
    this.live();
    if (input == null) {
      this.reset();
      return null;
    }
    const anyPrior = config.priors.face || config.priors.body;
    // A photo's own EXIF focal length beats the stated default; the caller's value beats both.
    let focalGiven = estimationConfig.focalLength35mm !== undefined;
    if (anyPrior && !focalGiven && (input instanceof Uint8Array || input instanceof ArrayBuffer)) {
      const exif = await platform().focalLength35mm(input instanceof ArrayBuffer ? new Uint8Array(input) : input);
      if (exif !== undefined) {
        config = Object.freeze({ ...config, focalLength35mm: exif });
        focalGiven = true;
      }
    }
    const image = await toImageTensor(input);
    const oriented = config.flipHorizontal ? tf.reverse(image, 1) as tf.Tensor3D : image;
    try {
      const grid = inputSize(this.live().depth);
      const found = anyPrior ? await this.priors.run(oriented, config, grid, focalGiven) : NO_PRIORS;
      // live() again: dispose() may have run while the input was being decoded or the priors searched.
      const { depth, mask } = runPipeline(this.live(), oriented, config, found);
      return new ARPortraitDepthMap(depth, mask, config, found.anchors);
    } finally {
      image.dispose();
      if (oriented !== image) oriented.dispose();
    }
  }

  private live(): Networks {
    if (this.nets == null) throw new Error('This estimator was disposed: create a new one with createEstimator().');
    return this.nets;
  }

  dispose(): void {
    if (this.nets == null) return;
    this.nets.depth.dispose();
    this.nets.segmentation.dispose();
    this.nets = null;
    this.priors.dispose();
  }

  /** Forgets the faces and pose tracked from earlier frames. */
  reset(): void {
    this.priors.reset();
  }
}

/** Compiles shaders/kernels for both networks now so the first real frame runs at full speed. */
function warmUp(nets: Networks): void {
  tf.tidy(() => {
    const [h, w] = inputSize(nets.depth);
    nets.depth.predict(tf.zeros([1, h, w, 3]));
    const [sh, sw] = inputSize(nets.segmentation);
    nets.segmentation.predict(tf.zeros([1, sh, sw, 3]));
  });
}

/**
 * Creates a depth estimator. With no `modelConfig` it loads the bundled depth and person-segmentation models (and
 * the face and pose models of the priors) and needs no network. Same signature, defaults and error messages as
 * `@tensorflow-models/depth-estimation`.
 *
 * It waits for TF.js's backend (`tf.ready()`), loads each model and runs it once on zeros — so corrupt or
 * wrong-shaped weights fail here with a message — and, unless `warmup: false`, runs both networks once more so the
 * first {@link DepthEstimator.estimateDepth} is fast.
 *
 * @example
 * ```js
 * import { createEstimator, SupportedModels } from '@relief/depth';
 * const estimator = await createEstimator(SupportedModels.ARPortraitDepth);
 * const depthMap = await estimator.estimateDepth(image, { minDepth: 0.2, maxDepth: 0.9 });
 * const values = await depthMap.toFloat32Array();   // row-major, in [0, 1], smaller = nearer, 0 = background
 * depthMap.dispose();
 * ```
 * @param model `SupportedModels.ARPortraitDepth` (or its string value), the only model, as in the original.
 * @param modelConfig Your own model files instead of the bundled ones, the priors' default, warm-up.
 * @throws For another model, an invalid `modelConfig`, or a model that cannot be loaded (60 s time-out) or run.
 */
export async function createEstimator(
  model: SupportedModels | `${SupportedModels}`,
  modelConfig?: ARPortraitDepthModelConfig,
): Promise<DepthEstimator> {
  if (model !== SupportedModels.ARPortraitDepth) throw unsupportedModel(model);
  if (modelConfig?.priors !== undefined && typeof modelConfig.priors !== 'boolean') {
    throw new Error(`modelConfig.priors must be true or false, got ${typeof modelConfig.priors}.`);
  }
  await tf.ready();
  const [depth, segmentation] = await loadBoth([
    loadModel(modelConfig?.depthModelUrl, BUNDLED_DEPTH_MODEL, 'depth model'),
    loadModel(modelConfig?.segmentationModelUrl, BUNDLED_SEGMENTATION_MODEL, 'segmentation model', { lastChannelOnly: true, probability: true }),
  ]);
  const nets = { depth, segmentation };
  try {
    inputSize(depth);
    inputSize(segmentation);
    if (modelConfig?.warmup ?? true) warmUp(nets);
  } catch (error) {
    depth.dispose();
    segmentation.dispose();
    throw error;
  }
  const priorsByDefault = modelConfig?.priors ?? modelConfig?.depthModelUrl == null;
  const priors = new Priors({
    detector: modelConfig?.faceDetectorModelUrl, mesh: modelConfig?.faceMeshModelUrl, pose: modelConfig?.poseModelUrl,
  });
  // Loaded now when they will be used by default, so the first photo does not pay for it; otherwise on first use.
  if (priorsByDefault) await priors.load(modelConfig?.warmup ?? true);
  return new ARPortraitDepthEstimator(nets, priors, priorsByDefault);
}
