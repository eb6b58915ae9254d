import * as tf from '@tensorflow/tfjs-core';
import type { DepthEngine, DepthRange } from './depth-engine.ts';
import { DEPTH_LUT, NO_DEPTH_RGB } from './colormap.ts';

/** Mean absolute change of the depth map (in [0,1] units) above which a frame starts a new scene: no blending. */
const SCENE_CUT = 0.12;

export interface LiveOptions {
  range: DepthRange;
  segment: boolean;
  /** Weight of the previous frames in the running average, 0 (none) … <1. */
  smoothing: number;
}

/** Why the camera could not start, in words a user can act on. */
export function webcamErrorText(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Webcam permission was denied. Allow camera access for this page (the camera icon in the address bar), then press Webcam again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No webcam was found. Connect a camera, or upload a photo instead.';
  if (name === 'NotReadableError') return 'The webcam is busy in another application. Close it there, then press Webcam again.';
  return `The webcam could not start: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The original's depth_map demo: webcam → depth every frame, drawn with the turbo colormap. Depth and mask are
 * averaged over frames on the backend (GPU for WebGL/WebGPU) to calm the flicker of per-frame estimates; a large
 * change (a scene cut, someone stepping in) resets the average instead of ghosting.
 */
export class LiveDepth {
  private stream: MediaStream | undefined;
  private running = false;
  private depthAvg: tf.Tensor2D | undefined;
  private maskAvg: tf.Tensor2D | undefined;
  // Made on first use, on whichever backend is active by then.
  private lut: tf.Tensor2D | undefined;
  private times: number[] = [];
  /** Milliseconds per frame: estimate, smoothing, colormap and drawing. */
  frameMs = 0;
  sceneCuts = 0;
  frames = 0;
  /** Share of the last frame's pixels that show a person (1 when segmentation is off). */
  personShare = 1;
  /** Called when a frame fails (the camera is stopped then). */
  onError: (error: unknown) => void = () => {};

  constructor(private readonly engine: DepthEngine, readonly video: HTMLVideoElement, private readonly canvas: HTMLCanvasElement,
    private readonly options: () => LiveOptions) {}

  get active(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new DOMException('This page has no camera access (it needs https or localhost).', 'SecurityError');
    }
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false });
    this.video.srcObject = this.stream;
    await this.video.play();
    this.engine.reset();
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.video.srcObject = null;
    this.resetAverage();
  }

  /** Frames per second over the last second. */
  fps(): number {
    return this.times.length;
  }

  /** The current frame, upright and unmirrored, for a 3D photo. */
  capture(): Promise<ImageBitmap> {
    return createImageBitmap(this.video);
  }

  resetAverage(): void {
    this.depthAvg?.dispose();
    this.maskAvg?.dispose();
    this.depthAvg = this.maskAvg = undefined;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (this.video.readyState >= 2) {
        try {
          await this.step();
        } catch (error) {
          this.stop();
          this.onError(error);
        }
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  private async step(): Promise<void> {
    const t0 = performance.now();
    const o = this.options();
    const lut = (this.lut ??= tf.tensor2d(DEPTH_LUT, [256, 3], 'int32'));
    const map = await this.engine.estimate(this.video, o.range, { skipSegmentation: !o.segment, flipHorizontal: true });
    const depth = await map.toTensor();
    const mask = await map.mask.toTensor();
    const prev = this.depthAvg && this.depthAvg.shape.join() === depth.shape.join() ? this.depthAvg : undefined;
    const { nextDepth, nextMask, change, share, rgb } = tf.tidy(() => {
      // Blend weight of the new frame: 1 on a scene cut, decided on the backend so no readback stalls the frame.
      const change = prev ? tf.mean(tf.abs(tf.sub(depth, prev))) : tf.scalar(1);
      const w = tf.where(tf.greater(change, SCENE_CUT), tf.scalar(1), tf.scalar(1 - o.smoothing));
      const nextDepth = (prev ? tf.add(prev, tf.mul(tf.sub(depth, prev), w)) : tf.clone(depth)) as tf.Tensor2D;
      const nextMask = (prev && this.maskAvg ? tf.add(this.maskAvg, tf.mul(tf.sub(mask, this.maskAvg), w)) : tf.clone(mask)) as tf.Tensor2D;
      const index = tf.cast(tf.round(tf.mul(tf.clipByValue(nextDepth, 0, 1), 255)), 'int32');
      const colours = tf.gather(lut, index) as unknown as tf.Tensor3D;
      const isPerson = tf.greaterEqual(nextMask, 0.5);
      const share = tf.mean(tf.cast(isPerson, 'float32'));
      const person = tf.expandDims(isPerson, 2);
      const rgb = tf.where(tf.broadcastTo(person, colours.shape), colours, tf.broadcastTo(tf.tensor1d(NO_DEPTH_RGB, 'int32'), colours.shape)) as tf.Tensor3D;
      return { nextDepth, nextMask, change, share, rgb };
    });
    map.dispose();
    this.resetAverage();
    this.depthAvg = nextDepth;
    this.maskAvg = nextMask;
    await tf.browser.toPixels(rgb, this.canvas);
    if (!this.running) this.resetAverage();
    rgb.dispose();
    const [changed, personShare] = await Promise.all([change.data(), share.data()]).then(([c, p]) => [c[0], p[0]]);
    change.dispose();
    share.dispose();
    this.personShare = personShare;
    if (prev !== undefined && changed > SCENE_CUT) this.sceneCuts++;
    this.frames++;
    const now = performance.now();
    this.frameMs = now - t0;
    this.times.push(now);
    while (this.times.length && now - this.times[0] > 1000) this.times.shift();
  }
}
