// What one software-rendering thread does, whatever the platform starts it with: gets the layers and view once,
// then draws (and, for a GIF, palette-maps and LZW-encodes) whichever loop frames it is asked for — or, for the
// live view, frames at whatever phase and view each request carries.
import type { Palette } from 'gifenc';
import { encodeGifFrame, prepareGifFrame, type GifOptions } from '../encode-gif.js';
import type { Photo3DLayers } from '../layers.js';
import type { BackgroundMode, PathSettings } from '../renderer.js';
import { SoftRenderer } from './soft-renderer.js';

/** What each thread is started with (structured-cloned once). */
export interface SoftWorkerSetup {
  layers: Photo3DLayers;
  width: number;
  height: number;
  antialias: boolean;
  background: BackgroundMode;
  overscan: boolean;
  path: PathSettings;
  frames: number;
  /** Set when the threads also encode GIF frames. */
  gif?: { options: GifOptions; colors: number; delays: number[] };
}

/** One live-view frame: the view as it is at request time, which may differ from the setup's. */
export interface SoftFrameRequest {
  phase: number;
  path: PathSettings;
  background: BackgroundMode;
  width: number;
  height: number;
}

/** Main thread → worker. 'frame' answers with RGBA under its `index`; 'layers' replaces the photo, answers nothing. */
export type SoftWorkerTask =
  | { type: 'render'; index: number; pixels: boolean; block: boolean }
  | { type: 'encode'; index: number; pixels: Uint8Array }
  | { type: 'palette'; palette: Palette }
  | ({ type: 'frame'; index: number } & SoftFrameRequest)
  | { type: 'layers'; layers: Photo3DLayers };

/** Worker → main thread: the frame's RGBA and/or its GIF block, as the task asked. */
export interface SoftWorkerResult {
  index: number;
  pixels?: Uint8Array;
  block?: Uint8Array;
}

/** Applies a setup to a renderer (the workers' and the single-thread path's). */
export function configure(renderer: SoftRenderer, setup: SoftWorkerSetup): SoftRenderer {
  renderer.setLayers(setup.layers);
  renderer.path = setup.path;
  renderer.overscan = setup.overscan;
  renderer.setBackground(setup.background);
  return renderer;
}

/** A thread's task handler: the result to send back, or undefined for tasks that answer nothing (a palette, layers). */
export function softWorker(setup: SoftWorkerSetup): (task: SoftWorkerTask) => SoftWorkerResult | undefined {
  const renderer = configure(new SoftRenderer({ width: setup.width, height: setup.height, antialias: setup.antialias }), setup);
  let palette: Palette | undefined;
  const encode = (pixels: Uint8Array, index: number): Uint8Array => {
    const gif = setup.gif!;
    const rgba = prepareGifFrame(pixels, setup.width, setup.height, gif.options);
    return encodeGifFrame(rgba, setup.width, setup.height, index, { palette, colors: gif.colors, delays: gif.delays });
  };
  return (task) => {
    if (task.type === 'palette') {
      palette = task.palette;
      return undefined;
    }
    if (task.type === 'encode') return { index: task.index, block: encode(task.pixels, task.index) };
    if (task.type === 'layers') {
      renderer.setLayers(task.layers);
      return undefined;
    }
    if (task.type === 'frame') {
      renderer.setSize(task.width, task.height);
      renderer.path = task.path;
      renderer.setBackground(task.background);
      renderer.render(task.phase);
      return { index: task.index, pixels: renderer.readPixels() };
    }
    renderer.render(task.index / setup.frames);
    const pixels = renderer.readPixels();
    return { index: task.index, pixels: task.pixels ? pixels : undefined, block: task.block ? encode(pixels, task.index) : undefined };
  };
}

/** The result's buffers, moved rather than copied back. */
export function resultTransfer(result: SoftWorkerResult): ArrayBuffer[] {
  return [result.pixels?.buffer, result.block?.buffer].filter((b) => b !== undefined) as ArrayBuffer[];
}
