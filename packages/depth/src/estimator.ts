import * as tf from '@tensorflow/tfjs-core';
import { BUNDLED_DEPTH_MODEL, BUNDLED_SEGMENTATION_MODEL } from './bundled_models.js';
import { validateEstimationConfig } from './config.js';
import { ARPortraitDepthMap } from './depth_map.js';
import { unsupportedModel } from './errors.js';
import { toImageTensor } from './input.js';
import { loadBoth, loadModel } from './model_loading.js';
import { inputSize, runPipeline, type Networks } from './pipeline.js';
import {
  SupportedModels,
  type ARPortraitDepthEstimationConfig,
  type ARPortraitDepthModelConfig,
  type DepthEstimator,
  type DepthEstimatorInput,
  type DepthMap,
} from './types.js';

class ARPortraitDepthEstimator implements DepthEstimator {
  private nets: Networks | null;

  constructor(nets: Networks) {
    this.nets = nets;
  }

  async estimateDepth(
    input: DepthEstimatorInput | null | undefined,
    estimationConfig: ARPortraitDepthEstimationConfig,
  ): Promise<DepthMap | null> {
    const config = validateEstimationConfig(estimationConfig);
    this.live();
    if (input == null) {
      this.reset();
      return null;
    }
    const image = await toImageTensor(input);
    try {
      // live() again: dispose() may have run while the input was being decoded.
      const { depth, mask } = runPipeline(this.live(), image, config);
      return new ARPortraitDepthMap(depth, mask, config);
    } finally {
      image.dispose();
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
  }

  /** Nothing persists between frames yet; kept for API compatibility. */
  reset(): void {}
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
 * Creates a depth estimator. With no config it uses the bundled depth and segmentation models and needs no
 * network. Same signature and messages as `@tensorflow-models/depth-estimation`.
 */
export async function createEstimator(
  model: SupportedModels | `${SupportedModels}`,
  modelConfig?: ARPortraitDepthModelConfig,
): Promise<DepthEstimator> {
  if (model !== SupportedModels.ARPortraitDepth) throw unsupportedModel(model);
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
  return new ARPortraitDepthEstimator(nets);
}
