import { attachParallaxInput, createPhoto3D, type Photo3DData, type Photo3DOptions, type Photo3DView } from '@relief/photo3d';
import type { Settings } from './settings.ts';

/** Long side of the live view's drawing buffer; more only costs fill rate on high-DPI screens. */
const MAX_VIEW_PIXELS = 1280;

function photo3dOptions(s: Settings): Photo3DOptions {
  return {
    fovDegrees: s.fovDegrees,
    resolution: s.resolution,
    tearThreshold: s.tear ? s.tearThreshold : Infinity,
    inpaint: s.inpaint,
    path: s.path,
    amplitude: s.radius,
    cameraZ: s.cameraZ,
    period: s.period,
    wireframe: s.wireframe,
    background: s.background === 'layer' ? 'layer' : s.backgroundColor,
    // SwiftShader and weak GPUs render about twice as fast without MSAA; the mesh is dense enough not to need it.
    antialias: false,
  };
}

/**
 * The animated 3D photo in the page: one canvas per photo, an animation loop that keeps its phase when the speed
 * changes, and the FPS / render-time readout.
 */
export class View3D {
  view: Photo3DView | undefined;
  private canvas: HTMLCanvasElement | undefined;
  private detachParallax: (() => void) | undefined;
  private frame = 0;
  private phase = 0;
  private last = 0;
  private period = 3;
  private frames: number[] = [];
  private renderMs = 0;
  private readonly resize = new ResizeObserver(() => this.fitCanvas());

  constructor(private readonly stage: HTMLElement) {
    this.resize.observe(stage);
  }

  /** Replaces the shown photo. A fresh canvas each time: a disposed three.js renderer's context is not reusable. */
  async show(data: Photo3DData, width: number, height: number, settings: Settings): Promise<void> {
    const canvas = document.createElement('canvas');
    canvas.setAttribute('aria-label', '3D photo; move the pointer over it for the parallax path');
    canvas.tabIndex = 0;
    this.stage.style.aspectRatio = `${width} / ${height}`;
    this.stage.style.setProperty('--aspect', String(width / height));
    const size = this.viewSize(width / height);
    [canvas.width, canvas.height] = [size.width, size.height];
    const view = await createPhoto3D(canvas, data, photo3dOptions(settings));
    this.dispose();
    this.stage.replaceChildren(canvas);
    this.canvas = canvas;
    this.view = view;
    this.period = settings.period;
    this.detachParallax = attachParallaxInput(canvas, view);
    this.fitCanvas();
    this.play();
  }

  async apply(settings: Settings): Promise<void> {
    if (!this.view) return;
    await this.view.update(photo3dOptions(settings));
    this.period = settings.period;
  }

  /** Holds the animation (exports draw on the same canvas). */
  pause(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  play(): void {
    if (this.frame || !this.view) return;
    this.last = performance.now();
    const tick = (now: number): void => {
      this.phase = (this.phase + (now - this.last) / 1000 / this.period) % 1;
      this.last = now;
      this.drawPhase(this.phase);
      this.frames.push(now);
      while (this.frames.length && now - this.frames[0] > 1000) this.frames.shift();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  /** Draws one loop phase now (also used by tests to compare camera positions). */
  drawPhase(t: number): void {
    const t0 = performance.now();
    this.view?.render(t);
    this.renderMs = 0.9 * this.renderMs + 0.1 * (performance.now() - t0);
  }

  /** Frames drawn in the last second, and the smoothed CPU time of one render call. */
  stats(): { fps: number; renderMs: number } {
    return { fps: this.frames.length, renderMs: this.renderMs };
  }

  dispose(): void {
    this.pause();
    this.detachParallax?.();
    this.view?.dispose();
    this.view = undefined;
    this.canvas = undefined;
  }

  private viewSize(aspect: number): { width: number; height: number } {
    const box = this.stage.getBoundingClientRect();
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    let width = Math.max(64, Math.round((box.width || 512) * dpr));
    let height = Math.max(64, Math.round(width / aspect));
    const scale = Math.min(1, MAX_VIEW_PIXELS / Math.max(width, height));
    width = Math.round(width * scale);
    height = Math.round(height * scale);
    return { width, height };
  }

  private fitCanvas(): void {
    if (!this.view || !this.canvas || !this.frame) return;
    const { width, height } = this.viewSize(this.canvas.width / this.canvas.height);
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.view.renderer.setSize(width, height);
  }
}
