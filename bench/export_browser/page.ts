// Benchmark page: one 3D photo, exported as a 60-frame GIF by Relief (its default renderer, and WebGL → readPixels →
// gifenc) and by the original demo's path (render → copy to a 2D canvas → CCapture.js → gif.js workers), from the
// same view; and the live view's frame rate.
import { createPhoto3D, encodeGif, loopTiming, type ExportRenderer, type Photo3DOptions, type Photo3DView } from '../../packages/photo3d/src/index.ts';

interface CCaptureInstance {
  start(): void;
  capture(canvas: HTMLCanvasElement): void;
  stop(): void;
  save(callback: (blob: Blob) => void): void;
}
declare const CCapture: new (settings: Record<string, unknown>) => CCaptureInstance;

// CCapture replaces performance.now, Date.now, setTimeout and requestAnimationFrame while it captures (it fakes
// time at its frame rate): keep the real clock.
const clock = performance.now.bind(performance);

export interface LoopSpec {
  size: number;
  fps: number;
  duration: number;
}

const views = new Map<string, { view: Photo3DView; canvas: HTMLCanvasElement }>();

const fromBase64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export interface PortraitData {
  image: string;
  width: number;
  height: number;
  depth: string;
  mask: string;
  depthWidth: number;
  depthHeight: number;
}

/** Builds a view named `name` on its own size×size canvas in the document (so the compositor presents it). */
async function setup(name: string, input: PortraitData, size: number, options: Photo3DOptions): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  document.body.append(canvas);
  const floats = (b64: string) => new Float32Array(fromBase64(b64).buffer);
  const view = await createPhoto3D(canvas, {
    image: { data: fromBase64(input.image), width: input.width, height: input.height },
    depth: floats(input.depth), mask: floats(input.mask), depthWidth: input.depthWidth, depthHeight: input.depthHeight, depthUnits: 'raw',
  }, { path: 'circle', period: 3, ...options });
  views.set(name, { view, canvas });
}

function named(name: string): { view: Photo3DView; canvas: HTMLCanvasElement } {
  const v = views.get(name);
  if (!v) throw new Error(`no view "${name}": call setup() first`);
  return v;
}

/**
 * Relief's export in its two steps, timed apart: the frames (render + read-back: what both exporters must do) and
 * the GIF encoding alone (what exportGif does with them).
 */
async function reliefParts(name: string, spec: LoopSpec): Promise<{ renderMs: number; encodeMs: number }> {
  const { view } = named(name);
  const t0 = clock();
  const { frames } = await view.renderFrames({ width: spec.size, height: spec.size, fps: spec.fps, duration: spec.duration });
  const t1 = clock();
  encodeGif(frames, spec.size, spec.size, loopTiming(spec.fps, spec.duration));
  return { renderMs: t1 - t0, encodeMs: clock() - t1 };
}

/**
 * Relief: the view's own GIF export (the loop at the requested size, gifenc with a global palette), by the renderer
 * asked for — by default 'auto', which on software WebGL draws and encodes with the software renderer on workers.
 */
async function reliefGif(name: string, spec: LoopSpec, renderer?: ExportRenderer): Promise<{ ms: number; gif: string; used: string }> {
  const { view: v } = named(name);
  const t0 = clock();
  const bytes = await v.exportGif({ width: spec.size, height: spec.size, fps: spec.fps, duration: spec.duration, renderer });
  return { ms: clock() - t0, gif: toBase64(bytes), used: v.lastExportRenderer ?? 'none' };
}

/**
 * The original demo's export (tfjs-models depth-estimation/demos/3d_photo): per animation frame it renders,
 * copies the WebGL canvas into a fresh 2D canvas and hands that to CCapture, whose GIF encoder (gif.js, 4 workers,
 * the demo's default settings) encodes when saved (`encodeMs`: save → GIF bytes). Same view, same poses (frame i
 * at loop phase i/N) as Relief's.
 */
async function originalGif(name: string, spec: LoopSpec, workersPath: string): Promise<{ ms: number; encodeMs: number; gif: string }> {
  const { view: v, canvas } = named(name);
  const frames = Math.round(spec.fps * spec.duration);
  v.renderer.setSize(spec.size, spec.size);
  const t0 = clock();
  const capturer = new CCapture({ format: 'gif', name: 'portrait', verbose: false, workersPath, framerate: spec.fps });
  capturer.start();
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = (): void => {
      v.render(i / frames);
      const copy = document.createElement('canvas');
      copy.width = spec.size;
      copy.height = spec.size;
      copy.getContext('2d')!.drawImage(canvas, 0, 0, spec.size, spec.size);
      i++;
      // While capturing, requestAnimationFrame is CCapture's: it runs the next frame once this one is captured
      // (gif.js only stores frames; it encodes them all when saved).
      if (i < frames) requestAnimationFrame(tick);
      capturer.capture(copy);
      if (i === frames) resolve();
    };
    tick();
  });
  capturer.stop();
  const t1 = clock();
  const blob = await new Promise<Blob>((resolve) => capturer.save(resolve));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const t2 = clock();
  return { ms: t2 - t0, encodeMs: t2 - t1, gif: toBase64(bytes) };
}

/**
 * The live view at the canvas size, drawn by `liveRenderer`: frames its animation showed in `seconds` (after half
 * a second for workers and shaders to start), and which renderer that was.
 */
async function liveFps(name: string, seconds: number, liveRenderer: ExportRenderer): Promise<{ fps: number; frames: number; used: string }> {
  const { view: v, canvas } = named(name);
  v.renderer.setSize(canvas.width, canvas.height);
  await v.update({ liveRenderer });
  v.start();
  await new Promise((r) => setTimeout(r, 500));
  const first = v.framesShown;
  const t0 = clock();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const frames = v.framesShown - first;
  const fps = frames / ((clock() - t0) / 1000);
  v.stop();
  const used = v.liveRenderer;
  await v.update({ liveRenderer: 'auto' });
  return { fps, frames, used };
}

/** One WebGL frame forced to completion (render + a 1-pixel read-back), which a loop's rate can hide when drawing lags. */
function forcedFrameMs(name: string, count: number): number[] {
  const { view: v, canvas } = named(name);
  const gl = canvas.getContext('webgl2')!;
  const pixel = new Uint8Array(4);
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = clock();
    v.render(i / count);
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    ms.push(clock() - t);
  }
  return ms;
}

Object.assign(window, { setup, reliefParts, reliefGif, originalGif, liveFps, forcedFrameMs, benchReady: true });
