import {
  BUNDLED_DEPTH_MODEL, SupportedModels, createEstimator, useBackend,
  type BackendName, type DepthEstimator, type DepthEstimatorInput, type DepthMap,
} from '@relief/depth';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type AppBackend = Extract<BackendName, 'webgl' | 'webgpu' | 'wasm'>;

// Served by this page (the WASM backend's default is a CDN, which an offline app must not use).
const wasmPaths = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

export interface DepthRange {
  minDepth: number;
  maxDepth: number;
}

export interface EstimateOptions {
  /** Whole-frame depth, for photos without a person. */
  skipSegmentation?: boolean;
  /** Mirror first (selfie cameras); the maps stay mirrored. */
  flipHorizontal?: boolean;
}

/** One estimator on one tfjs backend; switching backends recreates it. */
export class DepthEngine {
  private estimator: DepthEstimator | undefined;
  backend: AppBackend | undefined;

  /** Activates `wanted`, or the next in WebGL → WASM order when it cannot run here; returns what runs. */
  async start(wanted: AppBackend): Promise<AppBackend> {
    this.estimator?.dispose();
    this.estimator = undefined;
    const order: AppBackend[] = [wanted, ...(['webgl', 'wasm'] as const).filter((b) => b !== wanted)];
    for (const name of order) {
      if (await useBackend(name, { wasmPaths }).catch(() => false)) {
        this.estimator = await createEstimator(SupportedModels.ARPortraitDepth);
        this.backend = name;
        return name;
      }
    }
    throw new Error('No tfjs backend could start in this browser (WebGL, WASM). Try a current Chrome, Edge, Firefox or Safari.');
  }

  async estimate(input: DepthEstimatorInput, range: DepthRange, options: EstimateOptions = {}): Promise<DepthMap> {
    if (!this.estimator) throw new Error('The depth model is still loading.');
    const map = await this.estimator.estimateDepth(input, { ...range, ...options });
    if (!map) throw new Error('The depth model returned nothing for this input.');
    return map;
  }

  /** Forgets per-stream state (e.g. when the webcam starts). */
  reset(): void {
    this.estimator?.reset();
  }
}

/** True while the bundled depth network is the random-weight placeholder (its model.json says so). */
export async function bundledModelIsPlaceholder(): Promise<boolean> {
  const response = await fetch(BUNDLED_DEPTH_MODEL.model);
  const json = (await response.json()) as { userDefinedMetadata?: { relief?: { placeholder?: boolean } } };
  return json.userDefinedMetadata?.relief?.placeholder === true;
}

/** Whether this browser exposes WebGPU at all (tfjs still needs an adapter; start() falls back if not). */
export const hasWebGpu = (): boolean => 'gpu' in navigator;
