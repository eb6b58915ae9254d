import type { Photo3DInput, RgbaImage } from './types.js';
import { buildLayers, type LayerOptions, type Photo3DLayers } from './layers.js';
import { applyStrength } from './strength.js';
import { lensBlurLayers } from './blur/lens-blur.js';
import { Photo3DRenderer, type BackgroundMode } from './renderer.js';
import type { CameraPathKind } from './camera-paths.js';
import { pixelsFromSource, type TextureSource } from './pixels-from-source.js';
import { exportGif } from './export-gif.js';
import { exportVideo, type VideoOptions } from './export-video.js';
import { exportGlb } from './export-glb.js';
import { renderLoopFrames, type ExportOptions, type ExportRenderer } from './export-options.js';
import type { GifOptions } from './encode-gif.js';
import { exportGifSoftware, type SoftScene } from './export-soft.js';
import { isSoftwareWebGL, resolveExportRenderer, resolveLiveRenderer, type ViewLook } from './renderer-choice.js';
import { LiveLoop } from './live-loop.js';
import { SoftWorkersUnavailable } from './soft/web-threads.js';

/** Photo3DInput whose image may also be anything drawable (read once through a 2D canvas). */
export type Photo3DData = Omit<Photo3DInput, 'image'> & { image: RgbaImage | TextureSource };

export interface ViewOptions {
  path?: CameraPathKind;
  /** Fraction of the focus distance; default per path (DEFAULT_AMPLITUDE). */
  amplitude?: number;
  /** Distance the camera paths look at, depth units. Default the person's (or scene's) median depth. */
  focusDepth?: number;
  /** Seconds per loop, for the live view and as the default export duration. Default 3. */
  period?: number;
  wireframe?: boolean;
  background?: BackgroundMode;
  /** Moves the camera along the view axis by this fraction of the focus depth (+ away from the subject), on top of the path. Default 0. */
  cameraZ?: number;
  /** MSAA; fixed when the view is created. Software WebGL (SwiftShader) renders ~2× faster without. Default true. */
  antialias?: boolean;
  /**
   * What draws the animation of start(). 'webgl': the view's renderer, every frame. 'software': SoftRenderer on Web
   * Workers (navigator.hardwareConcurrency, 1–8), several frames in flight, each shown on the canvas when done —
   * except for views only WebGL draws (a wireframe, a CSS colour name as background). 'auto' (default): 'software'
   * where WebGL is itself a CPU rasteriser (SwiftShader, llvmpipe), as for exports. Wherever workers cannot start,
   * WebGL. render(t) always draws with WebGL.
   */
  liveRenderer?: ExportRenderer;
}

export type Photo3DOptions = LayerOptions & ViewOptions;

export interface Photo3DView {
  readonly renderer: Photo3DRenderer;
  readonly layers: Photo3DLayers;
  /** Draws loop phase t (0…1). */
  render(t: number): void;
  /** Animates on requestAnimationFrame, one loop per period, carrying on from the phase where it stopped. */
  start(): void;
  /** Stops the animation (and its workers). */
  stop(): void;
  /** What draws the animation — or would, while stopped (see ViewOptions.liveRenderer). */
  readonly liveRenderer: 'webgl' | 'software';
  /** Frames the animation has shown since the view was made (e.g. for a frame-rate readout). */
  readonly framesShown: number;
  /** For the 'parallax' path: the viewer's offset in [−1, 1]² (see attachParallaxInput). */
  setParallax(x: number, y: number): void;
  /** Changes options; geometry options (FOV, resolution, tearing, inpainting…) rebuild the layers; strength and lens blur are derived without a rebuild. */
  update(options: Photo3DOptions): Promise<void>;
  /** One seamless loop as a looping GIF file's bytes (size, fps, duration, palette, dithering, progress, abort). */
  exportGif(options?: ExportOptions & GifOptions): Promise<Uint8Array>;
  /** One seamless loop as a WebM (VP9/VP8) or MP4 (H.264) file's bytes, encoded by WebCodecs. */
  exportVideo(options?: VideoOptions): Promise<Uint8Array>;
  /** The textured 3D photo as a binary glTF (GLB) file's bytes, with the photo's camera. */
  exportGlb(): Promise<Uint8Array>;
  /** What drew the frames of the latest GIF/video export (see ExportOptions.renderer); undefined before any. */
  readonly lastExportRenderer: 'webgl' | 'software' | undefined;
  /** Raw RGBA frames of one loop (top row first), e.g. for ffmpeg in the CLI. */
  renderFrames(options?: ExportOptions): Promise<{ frames: Uint8Array[]; width: number; height: number }>;
  /** Stops the animation (and its workers) and frees the renderer's GPU resources. */
  dispose(): void;
}

const LAYER_KEYS: (keyof LayerOptions)[] = ['fovDegrees', 'resolution', 'tearThreshold', 'inpaint', 'holeDilation', 'backgroundDepth', 'backgroundMargin'];

function toInput(data: Photo3DData): Photo3DInput {
  const image = 'data' in data.image && 'width' in data.image ? (data.image as RgbaImage) : pixelsFromSource(data.image as TextureSource);
  return { ...data, image };
}

/**
 * The browser entry: builds the layers (inpainting in a worker), draws them on `canvas` at its current size, and
 * exposes the exporters. Also what a Playwright-driven headless page calls for the CLI.
 *
 * @example
 * ```js
 * import { createPhoto3D, inputFromDepthMap } from '@relief/photo3d';
 * const input = inputFromDepthMap(rgba, { values, width, height, config: depthMap.config, mask });  // from @relief/depth
 * const view = await createPhoto3D(canvas, input, { path: 'circle', period: 3 });
 * view.start();                                                   // animate on requestAnimationFrame
 * const gif = await view.exportGif({ width: 512, height: 512, fps: 20, duration: 3 });
 * ```
 * @param canvas Where the view draws (WebGL), at the canvas's current size.
 * @param data The photo (RGBA pixels or anything drawable: `<img>`, `ImageBitmap`, canvas) and its depth.
 * @param options Geometry ({@link LayerOptions}: field of view, resolution, tearing, inpainting…) and view
 *   ({@link ViewOptions}: camera path, period, background…); `update()` changes them later.
 */
export async function createPhoto3D(canvas: HTMLCanvasElement | OffscreenCanvas, data: Photo3DData, options: Photo3DOptions = {}): Promise<Photo3DView> {
  const input = toInput(data);
  let current: Photo3DOptions = { ...options };
  // The relief as estimated; strength and lens blur are derived from it, so changing them never re-inpaints.
  let estimated = await buildLayers(input, { ...current, strength: 1, lensBlur: undefined });
  const derive = (): Photo3DLayers =>
    applyStrength(current.lensBlur ? lensBlurLayers(estimated, current.lensBlur) : estimated, current.strength ?? 1);
  let layers = derive();
  const renderer = new Photo3DRenderer({ canvas, width: canvas.width || 512, height: canvas.height || 512, antialias: options.antialias });
  renderer.setLayers(layers);
  let parallax = { x: 0, y: 0 };

  const applyView = (): void => {
    renderer.path = { path: current.path ?? 'circle', amplitude: current.amplitude, focusDepth: current.focusDepth, offset: parallax, cameraZ: current.cameraZ };
    renderer.setWireframe(current.wireframe ?? false);
    renderer.setBackground(current.background ?? 'layer');
  };
  applyView();
  const period = (): number => current.period ?? 3;
  const exportDefaults = <T extends ExportOptions>(o: T): T => ({ duration: period(), ...o });
  let lastExportRenderer: 'webgl' | 'software' | undefined;
  let softwareWebGLCache: boolean | undefined;
  const softwareWebGL = (): boolean => (softwareWebGLCache ??= isSoftwareWebGL(renderer));
  const look = (): ViewLook => ({ wireframe: current.wireframe ?? false, background: current.background ?? 'layer' });
  const live = new LiveLoop(renderer, {
    layers: () => layers,
    background: () => look().background,
    period,
    software: () => resolveLiveRenderer(current.liveRenderer, look(), softwareWebGL) === 'software',
    antialias: options.antialias ?? true,
  });
  const scene = (o: ExportOptions): SoftScene => ({
    layers,
    width: o.width ?? renderer.width,
    height: o.height ?? renderer.height,
    path: o.path ?? renderer.path,
    antialias: options.antialias ?? true,
    background: current.background ?? 'layer',
    overscan: renderer.overscan,
  });
  // The software path where asked for (or where 'auto' picks it), else WebGL — also when 'auto' finds that workers
  // cannot start here.
  const exportWith = async <T>(o: ExportOptions, software: () => Promise<T>, webgl: () => Promise<T>): Promise<T> => {
    const choice = resolveExportRenderer(o.renderer, look(), softwareWebGL);
    if (choice === 'software') {
      lastExportRenderer = 'software';
      try {
        return await software();
      } catch (error) {
        if (o.renderer === 'software' || !(error instanceof SoftWorkersUnavailable)) throw error;
      }
    }
    lastExportRenderer = 'webgl';
    return webgl();
  };

  // Exports draw on the same canvas at their own size: hold the live animation meanwhile.
  const paused = async <T>(work: () => Promise<T>): Promise<T> => {
    const wasRunning = live.running;
    view.stop();
    try {
      return await work();
    } finally {
      if (wasRunning) view.start();
    }
  };

  const view: Photo3DView = {
    renderer,
    get layers() { return layers; },
    render: (t) => renderer.render(t),
    start: () => live.start(),
    stop: () => live.stop(),
    get liveRenderer() { return live.drawnBy; },
    get framesShown() { return live.framesShown; },
    setParallax(x, y) {
      parallax = { x, y };
      applyView();
    },
    async update(next) {
      const rebuild = LAYER_KEYS.some((k) => k in next && next[k] !== current[k]);
      const rederive = ('strength' in next && next.strength !== current.strength) ||
        ('lensBlur' in next && JSON.stringify(next.lensBlur) !== JSON.stringify(current.lensBlur));
      current = { ...current, ...next };
      if (rebuild) estimated = await buildLayers(input, { ...current, strength: 1, lensBlur: undefined });
      if (rebuild || rederive) {
        layers = derive();
        renderer.setLayers(layers);
        live.setLayers(layers);
      }
      applyView();
    },
    get lastExportRenderer() { return lastExportRenderer; },
    exportGif: (o = {}) => paused(() => {
      const options = exportDefaults(o);
      return exportWith(options, () => exportGifSoftware(scene(options), options), () => exportGif(renderer, options));
    }),
    exportVideo: (o = {}) => paused(() => {
      const options = exportDefaults(o);
      return exportWith(options, () => exportVideo(renderer, options, scene(options)), () => exportVideo(renderer, options));
    }),
    exportGlb: () => exportGlb(layers),
    renderFrames: (o = {}) => paused(() => renderLoopFrames(renderer, exportDefaults(o))),
    dispose() {
      view.stop();
      renderer.dispose();
    },
  };
  return view;
}
