import type { PathSettings, Photo3DRenderer } from './renderer.js';
import { loopTiming, type LoopTiming } from './loop-timing.js';

export interface ExportProgress {
  stage: 'render' | 'encode';
  /** Frames finished so far in this stage. */
  done: number;
  total: number;
  /** Overall 0…1. */
  fraction: number;
}

/** What draws an export's frames (see ExportOptions.renderer). */
export type ExportRenderer = 'auto' | 'webgl' | 'software';

export interface ExportOptions {
  /** Output size in pixels; default the renderer's current size. */
  width?: number;
  height?: number;
  /** Default 30. */
  fps?: number;
  /** Seconds for one loop of the camera path. Default 3. */
  duration?: number;
  /** Camera path for the export; default the renderer's current one. */
  path?: PathSettings;
  /**
   * What draws the frames of a view's exportGif and exportVideo (renderFrames always uses WebGL). 'webgl': the
   * view's renderer. 'software': SoftRenderer on Web Workers, the same picture (layers, path, background, antialias,
   * overscan), GIF frames encoded in the workers too. 'auto' (default): 'software' where WebGL is itself a CPU
   * rasteriser (SwiftShader, llvmpipe: ~8× slower than the software renderer per core) unless the view shows what
   * only WebGL draws (a wireframe, a CSS colour name as background); 'webgl' elsewhere, and wherever workers cannot
   * start (e.g. a Content-Security-Policy without worker-src).
   */
  renderer?: ExportRenderer;
  onProgress?: (progress: ExportProgress) => void;
  /** Aborting rejects the export with the signal's reason (an AbortError DOMException by default). */
  signal?: AbortSignal;
}

export interface LoopFrame {
  index: number;
  /** Seconds from the start of the loop. */
  timestamp: number;
  /** Loop phase i/N in [0,1). */
  phase: number;
}

/** Frame `index` of a loop: phase index/N, so the frame after the last would be frame 0 again. */
export function frameAt(index: number, timing: LoopTiming): LoopFrame {
  return { index, timestamp: (index * timing.duration) / timing.frames, phase: index / timing.frames };
}

let lastYield = 0;
/** Lets the page repaint (progress bars) and see an abort click during long exports, ~every 30 ms of work. */
async function yieldSometimes(): Promise<void> {
  const now = typeof performance !== 'undefined' ? performance.now() : Date.now();
  if (now - lastYield < 30) return;
  lastYield = now;
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Renders one exact loop into the renderer's canvas, frame by frame (frame i at phase i/N, so the frame after the
 * last would be frame 0 again), at the requested size and path; restores the renderer's size and path afterwards.
 * `onFrame` sees each frame while it is on the canvas.
 */
export async function renderLoop(
  renderer: Photo3DRenderer,
  options: ExportOptions,
  onFrame: (frame: LoopFrame, timing: LoopTiming) => void | Promise<void>,
  progressShare = 1,
): Promise<LoopTiming> {
  const timing = loopTiming(options.fps, options.duration);
  const { width: oldW, height: oldH } = renderer;
  const oldPath = renderer.path;
  const width = options.width ?? oldW;
  const height = options.height ?? oldH;
  try {
    renderer.setSize(width, height);
    if (options.path) renderer.path = options.path;
    for (let i = 0; i < timing.frames; i++) {
      options.signal?.throwIfAborted();
      const frame = frameAt(i, timing);
      renderer.render(frame.phase);
      await onFrame(frame, timing);
      options.onProgress?.({ stage: 'render', done: i + 1, total: timing.frames, fraction: ((i + 1) / timing.frames) * progressShare });
      await yieldSometimes();
    }
    options.signal?.throwIfAborted();
  } finally {
    renderer.path = oldPath;
    renderer.setSize(oldW, oldH);
  }
  return timing;
}

/** The loop as raw RGBA frames (top row first), e.g. for a Node process that pipes them into ffmpeg. */
export async function renderLoopFrames(renderer: Photo3DRenderer, options: ExportOptions = {}): Promise<{ frames: Uint8Array[]; width: number; height: number; timing: LoopTiming }> {
  const frames: Uint8Array[] = [];
  const timing = await renderLoop(renderer, options, () => { frames.push(renderer.readPixels()); });
  return { frames, width: options.width ?? renderer.width, height: options.height ?? renderer.height, timing };
}
