import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { BUNDLED_FACE_DETECTOR_MODEL, BUNDLED_FACE_MESH_MODEL, BUNDLED_POSE_MODEL } from '../bundled_models.js';
import type { EstimationConfig } from '../config.js';
import { loadBoth, loadModel } from '../model_loading.js';
import type { ModelSource } from '../types.js';
import { bodyField, type BodyPriorField } from './body_prior.js';
import { CANONICAL_FACE } from './canonical_face_data.js';
import { CANONICAL_HEAD } from './canonical_head_data.js';
import type { FacePriorField } from './face_fusion.js';
import { regionFromLandmarks, type FaceRegion } from './face_landmarks.js';
import { describeFaces, findFaces, focalLengthPx, type FaceNets } from './face_prior.js';
import type { MetricAnchor } from './metric.js';
import { detectPose, type BodyPose } from './pose_landmarks.js';

export interface PriorResult {
  anchors: MetricAnchor[];
  faces: FacePriorField[];
  body: BodyPriorField | null;
}

export const NO_PRIORS: PriorResult = Object.freeze({ anchors: [], faces: [], body: null }) as PriorResult;

export interface PriorSources {
  detector?: ModelSource | undefined;
  mesh?: ModelSource | undefined;
  pose?: ModelSource | undefined;
}

/**
 * Video: the pose model (≈ 45 ms on 2 cores) runs on every third tracked frame while it sees a full body (which
 * moves little in between), and on every fifteenth while it does not, to notice one stepping into view.
 */
const POSE_EVERY = 3;
const POSE_EVERY_WITHOUT_BODY = 15;

function shapeOf(model: GraphModel, fallback: number): [number, number] {
  const shape = model.inputs[0]?.shape;
  return [shape?.[1] && shape[1] > 0 ? shape[1] : fallback, shape?.[2] && shape[2] > 0 ? shape[2] : fallback];
}

/**
 * The priors' models and tracking state. The priors are an improvement, never a dependency: a model that fails to
 * load or to run leaves the network's depth as it is (with one console warning), and estimateDepth goes on.
 */
export class Priors {
  private faceNets: Promise<FaceNets | null> | null = null;
  private poseNet: Promise<GraphModel | null> | null = null;
  private tracked: FaceRegion[] = [];
  private lastPose: BodyPose | null = null;
  private lastBody = false;
  private frame = 0;
  private warned = false;
  private disposed = false;

  constructor(private readonly sources: PriorSources) {}

  /** Loads (once) and compiles a prior's models; null when they cannot be used. */
  private lazily<T>(load: () => Promise<GraphModel[]>, sizes: number[], make: (models: GraphModel[]) => T,
    warm: boolean): Promise<T | null> {
    return (async () => {
      let models: GraphModel[] = [];
      try {
        models = await load();
        if (warm) tf.tidy(() => models.forEach((m, i) => m.execute(tf.zeros([1, ...shapeOf(m, sizes[i]!), 3]))));
        if (this.disposed) throw new Error('the estimator was disposed while the prior models loaded');
        return make(models);
      } catch (error) {
        models.forEach((m) => m.dispose());
        this.warn(error);
        return null;
      }
    })();
  }

  private faces(warm: boolean): Promise<FaceNets | null> {
    // loadBoth frees the model that loaded when the other fails.
    this.faceNets ??= this.lazily(() => loadBoth([
      loadModel(this.sources.detector, BUNDLED_FACE_DETECTOR_MODEL, 'face detector model'),
      loadModel(this.sources.mesh, BUNDLED_FACE_MESH_MODEL, 'face mesh model'),
    ] as const), [128, 192], ([detector, mesh]) => ({ detector: detector!, mesh: mesh!, canonical: CANONICAL_FACE, head: CANONICAL_HEAD }), warm);
    return this.faceNets;
  }

  private pose(warm: boolean): Promise<GraphModel | null> {
    this.poseNet ??= this.lazily(async () => [await loadModel(this.sources.pose, BUNDLED_POSE_MODEL, 'pose model')],
      [256], ([pose]) => pose!, warm);
    return this.poseNet;
  }

  /** Loads every prior's models now (so the first photo does not wait for them). */
  async load(warm = true): Promise<void> {
    await Promise.all([this.faces(warm), this.pose(warm)]);
  }

  /**
   * Faces and body pose in `image` (already mirrored if asked), as fields for the pipeline, or none. `grid` is the
   * network's input size; `focalGiven`: the caller or EXIF stated the focal length.
   */
  async run(image: tf.Tensor3D, config: EstimationConfig, grid: [number, number], focalGiven: boolean): Promise<PriorResult> {
    const imageSize = image.shape.slice(0, 2) as [number, number];
    const [faces, body] = await Promise.all([
      config.priors.face ? this.runFaces(image, config, imageSize, grid, focalGiven) : null,
      config.priors.body ? this.runBody(image, config, imageSize, grid) : null,
    ]);
    return { anchors: faces?.anchors ?? [], faces: faces?.fields ?? [], body };
  }

  private async runFaces(image: tf.Tensor3D, config: EstimationConfig, imageSize: [number, number], grid: [number, number],
    focalGiven: boolean) {
    const nets = await this.faces(true);
    if (!nets) return null;
    try {
      const meshes = await findFaces(nets, image, config.tracking ? this.tracked : []);
      this.tracked = config.tracking ? meshes.map((m) => regionFromLandmarks(m.landmarks)) : [];
      return describeFaces(nets, meshes, imageSize, grid, config.focalLength35mm, focalGiven);
    } catch (error) {
      this.tracked = [];
      this.warn(error);
      return null;
    }
  }

  private async runBody(image: tf.Tensor3D, config: EstimationConfig, imageSize: [number, number], grid: [number, number]) {
    const net = await this.pose(true);
    if (!net) return null;
    try {
      const every = this.lastBody ? POSE_EVERY : POSE_EVERY_WITHOUT_BODY;
      const reuse = config.tracking && this.lastPose && this.frame++ % every !== 0;
      const pose = reuse ? this.lastPose! : await detectPose(net, image);
      this.lastPose = config.tracking ? pose : null;
      const field = bodyField(pose, imageSize, grid, focalLengthPx(imageSize, config.focalLength35mm));
      this.lastBody = field !== null;
      return field;
    } catch (error) {
      this.lastPose = null;
      this.warn(error);
      return null;
    }
  }

  reset(): void {
    this.tracked = [];
    this.lastPose = null;
    this.lastBody = false;
    this.frame = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
    void this.faceNets?.then((nets) => {
      nets?.detector.dispose();
      nets?.mesh.dispose();
    });
    void this.poseNet?.then((net) => net?.dispose());
  }

  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(`Relief: priors are off for this estimator (${(error as Error).message}); depth comes from the network alone.`);
  }
}
