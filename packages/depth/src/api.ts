// The public surface shared by the browser and Node entries.
export { createEstimator } from './estimator.js';
export { useBackend, setWasmFiles, type BackendName, type WasmPaths } from './backends.js';
export { MAX_INPUT_SIDE } from './errors.js';
export {
  BUNDLED_DEPTH_MODEL,
  BUNDLED_FACE_DETECTOR_MODEL,
  BUNDLED_FACE_MESH_MODEL,
  BUNDLED_POSE_MODEL,
  BUNDLED_SEGMENTATION_MODEL,
  setModelsUrl,
} from './bundled_models.js';
export type { Bundled } from './model_loading.js';
export {
  SupportedModels,
  type ARPortraitDepthEstimationConfig,
  type ARPortraitDepthModelConfig,
  type DepthEstimator,
  type DepthEstimatorInput,
  type DepthMap,
  type Face,
  type MetricDepth,
  type PriorSelection,
  type ResolvedEstimationConfig,
  type ImageDataLike,
  type ModelSource,
  type PersonMask,
  type PixelData,
  type ValueMap,
} from './types.js';
