import type { BackgroundMode, Photo3DRenderer } from './renderer.js';
import type { Photo3DLayers } from './layers.js';
import { LiveFrames } from './soft/live-frames.js';
import type { SoftFrameRequest } from './soft/loop-worker.js';
import { SoftWorkersUnavailable, webWorkers } from './soft/web-threads.js';

/** What the loop reads from its view as it goes. */
export interface LiveSource {
  layers(): Photo3DLayers;
  background(): BackgroundMode;
  /** Seconds per loop. */
  period(): number;
  /** Whether the software renderer should draw the animation (see ViewOptions.liveRenderer). */
  software(): boolean;
  /** The software renderer's 2×2 supersampling. */
  antialias: boolean;
}

/**
 * A view's animation: one loop per period on requestAnimationFrame, keeping its phase when the period changes and
 * across stop/start. Each tick either draws with WebGL or shows the newest frame Web Workers finished with the
 * software renderer; where WebGL is itself a CPU rasteriser the workers together draw many times more frames.
 */
export class LiveLoop {
  /** Frames shown since the view was made, by either renderer. */
  framesShown = 0;
  private frame = 0;
  private phase = 0;
  private last = 0;
  private soft: LiveFrames | undefined;
  private workersFailed = false;

  constructor(private readonly renderer: Photo3DRenderer, private readonly source: LiveSource) {}

  get running(): boolean {
    return this.frame !== 0;
  }

  /** What draws the animation — or would, while stopped. */
  get drawnBy(): 'webgl' | 'software' {
    return !this.workersFailed && this.source.software() ? 'software' : 'webgl';
  }

  start(): void {
    if (this.frame) return;
    this.last = performance.now();
    const tick = (now: number): void => {
      this.phase = this.phaseAt(now);
      this.last = now;
      this.draw();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Stops the animation and its workers; frames still in flight are dropped. */
  stop(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.stopWorkers();
  }

  setLayers(layers: Photo3DLayers): void {
    this.soft?.setLayers(layers);
  }

  private phaseAt(now: number): number {
    return (this.phase + (now - this.last) / 1000 / this.source.period()) % 1;
  }

  private draw(): void {
    if (this.drawnBy === 'webgl') {
      this.stopWorkers();
    } else if (this.soft) {
      const shown = this.soft.take();
      if (shown) {
        this.renderer.showFrame(shown.pixels, shown.width, shown.height);
        this.framesShown++;
      }
      return;
    } else {
      // This tick still draws with WebGL: the canvas shows the photo while the workers load.
      this.startWorkers();
    }
    this.renderer.render(this.phase);
    this.framesShown++;
  }

  private startWorkers(): void {
    const { renderer, source } = this;
    const setup = {
      layers: source.layers(), width: renderer.width, height: renderer.height, antialias: source.antialias,
      background: source.background(), overscan: renderer.overscan, path: renderer.path,
      // Live frames are asked for by phase, never by loop index.
      frames: 0,
    };
    const current = (): SoftFrameRequest => ({
      phase: this.phaseAt(performance.now()), path: renderer.path, background: source.background(), width: renderer.width, height: renderer.height,
    });
    try {
      this.soft = new LiveFrames(webWorkers.start, setup, webWorkers.defaultCount(), current, (error) => this.fallBack(error));
    } catch (error) {
      this.fallBack(error as Error);
    }
  }

  private stopWorkers(): void {
    this.soft?.terminate();
    this.soft = undefined;
  }

  /** WebGL from now on: where workers cannot run (CSP, no Worker) quietly, as on any other platform. */
  private fallBack(error: Error): void {
    this.soft = undefined;
    this.workersFailed = true;
    if (!(error instanceof SoftWorkersUnavailable)) console.warn(`photo3d: the live view went back to WebGL: ${error.message}`);
  }
}
