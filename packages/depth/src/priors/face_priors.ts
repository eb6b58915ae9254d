import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { BUNDLED_FACE_DETECTOR_MODEL, BUNDLED_FACE_MESH_MODEL } from '../bundled_models.js';
import type { EstimationConfig } from '../config.js';
import { loadModel } from '../model_loading.js';
import type { ModelSource } from '../types.js';
import { CANONICAL_FACE } from './canonical_face_data.js';
import type { FacePriorField } from './face_fusion.js';
import { regionFromLandmarks, type FaceRegion } from './face_landmarks.js';
import { describeFaces, findFaces, type FaceNets } from './face_prior.js';
import type { MetricAnchor } from './metric.js';

export interface FacePriorResult {
  anchors: MetricAnchor[];
  fields: FacePriorField[];
}

const NONE: FacePriorResult = Object.freeze({ anchors: [], fields: [] }) as FacePriorResult;

/**
 * The face prior's models and tracking state. The priors are an improvement, never a dependency: a model that
 * fails to load or to run leaves the network's depth as it is (with one console warning), and estimateDepth goes on.
 */
export class FacePriors {
  private nets: Promise<FaceNets | null> | null = null;
  private tracked: FaceRegion[] = [];
  private warned = false;
  private disposed = false;

  constructor(private readonly sources: { detector?: ModelSource | undefined; mesh?: ModelSource | undefined }) {}

  /** Loads (once) and compiles the face models; resolves to null when they cannot be used. */
  load(warm = true): Promise<FaceNets | null> {
    this.nets ??= (async () => {
      let detector: GraphModel | null = null;
      let mesh: GraphModel | null = null;
      try {
        [detector, mesh] = await Promise.all([
          loadModel(this.sources.detector, BUNDLED_FACE_DETECTOR_MODEL, 'face detector model'),
          loadModel(this.sources.mesh, BUNDLED_FACE_MESH_MODEL, 'face mesh model'),
        ]);
        if (warm) {
          tf.tidy(() => {
            detector!.execute(tf.zeros([1, ...shapeOf(detector!, 128), 3]));
            mesh!.execute(tf.zeros([1, ...shapeOf(mesh!, 192), 3]));
          });
        }
        if (this.disposed) throw new Error('the estimator was disposed while the face models loaded');
        return { detector, mesh, canonical: CANONICAL_FACE };
      } catch (error) {
        detector?.dispose();
        mesh?.dispose();
        this.warn(error);
        return null;
      }
    })();
    return this.nets;
  }

  /** Faces in `image` (already mirrored if asked) as prior fields on the network's grid, or none. `focalGiven`: the
   * caller stated the focal length (the distance's error is then face-size spread alone). */
  async run(image: tf.Tensor3D, config: EstimationConfig, grid: [number, number], focalGiven: boolean): Promise<FacePriorResult> {
    const nets = await this.load();
    if (!nets) return NONE;
    try {
      const meshes = await findFaces(nets, image, config.tracking ? this.tracked : []);
      this.tracked = config.tracking ? meshes.map((m) => regionFromLandmarks(m.landmarks)) : [];
      return describeFaces(nets, meshes, image.shape.slice(0, 2) as [number, number], grid,
        config.focalLength35mm, focalGiven);
    } catch (error) {
      this.tracked = [];
      this.warn(error);
      return NONE;
    }
  }

  reset(): void {
    this.tracked = [];
  }

  dispose(): void {
    this.disposed = true;
    this.tracked = [];
    void this.nets?.then((nets) => {
      nets?.detector.dispose();
      nets?.mesh.dispose();
    });
  }

  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(`Relief: face priors are off for this estimator (${(error as Error).message}); depth comes from the network alone.`);
  }
}

function shapeOf(model: GraphModel, fallback: number): [number, number] {
  const shape = model.inputs[0]?.shape;
  return [shape?.[1] && shape[1] > 0 ? shape[1] : fallback, shape?.[2] && shape[2] > 0 ? shape[2] : fallback];
}
