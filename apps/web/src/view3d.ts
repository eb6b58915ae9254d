import { attachParallaxInput, autoAmplitude, createPhoto3D, revealedShare, type Photo3DData, type Photo3DLayers, type Photo3DOptions, type Photo3DView } from '@relief/photo3d';
import type { Settings } from './settings.ts';

export interface MotionReadout {
  auto: number;
  amplitude: number;
  /** Largest share of the frame, over the loop, showing background the photo never saw. */
  share: number;
}

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
    strength: s.strength,
    lensBlur: s.blur3d ? { aperture: s.blurAperture, focus: s.blurFocus } : undefined,
    cameraZ: s.cameraZ,
    period: s.period,
    wireframe: s.wireframe,
    background: s.background === 'layer' ? 'layer' : s.backgroundColor,
    // SwiftShader and weak GPUs render about twice as fast without MSAA; the mesh is dense enough not to need it.
    antialias: false,
  };
}

/**
 * The animated 3D photo in the page: one canvas per photo, animated by the view's own loop (which keeps its phase
 * when the speed changes, and on SwiftShader draws with the software renderer on workers), and the FPS readout.
 */
export class View3D {
  view: Photo3DView | undefined;
  private canvas: HTMLCanvasElement | undefined;
  private detachParallax: (() => void) | undefined;
  private playing = false;
  /** The previous FPS reading: when, and the view's frame count then. */
  private sample = { time: 0, frames: 0 };
  private readonly resize = new ResizeObserver(() => this.fitCanvas());
  /** The last auto amplitude and what it was measured for (it only changes with the layers, path or aspect). */
  private auto: { layers: Photo3DLayers; path: string; aspect: number; amplitude: number } | undefined;
  /** Told the motion after every change: the auto amplitude, the one in use, and the share of the frame it reveals. */
  onMotion: ((motion: MotionReadout) => void) | undefined;

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
    this.sample = { time: performance.now(), frames: 0 };
    this.detachParallax = attachParallaxInput(canvas, view);
    await this.applyMotion(settings);
    this.fitCanvas();
    this.play();
  }

  async apply(settings: Settings): Promise<void> {
    if (!this.view) return;
    await this.view.update(photo3dOptions(settings));
    await this.applyMotion(settings);
  }

  /**
   * With auto radius, the path's largest amplitude whose revealed, made-up background stays under 2 % of the frame
   * (photo3d's autoAmplitude on the layers shown); either way, the readout of what the motion reveals.
   */
  private async applyMotion(settings: Settings): Promise<void> {
    const view = this.view;
    if (!view || !this.canvas) return;
    const aspect = this.canvas.width / this.canvas.height;
    let auto = this.auto;
    if (!auto || auto.layers !== view.layers || auto.path !== settings.path || auto.aspect !== aspect) {
      auto = { layers: view.layers, path: settings.path, aspect, amplitude: autoAmplitude(view.layers, settings.path, { aspect }) };
      this.auto = auto;
    }
    const amplitude = settings.autoRadius ? auto.amplitude : settings.radius;
    if (settings.autoRadius) await view.update({ amplitude });
    const share = revealedShare(view.layers, { path: settings.path, amplitude, cameraZ: settings.cameraZ }, { aspect });
    this.onMotion?.({ auto: auto.amplitude, amplitude, share });
  }

  /** Holds the animation (exports draw on the same canvas). */
  pause(): void {
    this.playing = false;
    this.view?.stop();
  }

  play(): void {
    if (!this.view) return;
    this.playing = true;
    this.view.start();
  }

  /** Draws one loop phase now (also used by tests to compare camera positions). */
  drawPhase(t: number): void {
    this.view?.render(t);
  }

  /** Frames shown per second since the previous call, and what draws them ('webgl', or 'software' on workers). */
  stats(): { fps: number; renderer: string } {
    const now = performance.now();
    const frames = this.view?.framesShown ?? 0;
    const fps = now > this.sample.time ? ((frames - this.sample.frames) * 1000) / (now - this.sample.time) : 0;
    this.sample = { time: now, frames };
    return { fps, renderer: this.view?.liveRenderer ?? '—' };
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
    if (!this.view || !this.canvas || !this.playing) return;
    const { width, height } = this.viewSize(this.canvas.width / this.canvas.height);
    if (width === this.canvas.width && height === this.canvas.height) return;
    this.view.renderer.setSize(width, height);
  }
}
