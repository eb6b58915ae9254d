// Frames from @relief/photo3d's software renderer: the same layers, camera paths and framing as the WebGL view,
// drawn on the CPU in worker threads — no browser, display or GPU. A GIF is encoded in those threads as the frames
// are drawn (the same bytes photo3d's encodeGif writes).
import { autoAmplitude, buildLayers } from '@relief/photo3d';
import { prestartSoftThreads, renderSoftGif, renderSoftLoop } from '@relief/photo3d/node';
import { layerOptions, type FrameSource } from './frame-source.js';

export function softwareFrames(threads: number): FrameSource {
  return {
    encodesGif: true,
    async render(input, spec, onFrame, { gif, signal, onProgress, onAmplitude }) {
      // The rendering threads load their code while this thread builds the layers (the other cores are idle then).
      prestartSoftThreads(Math.min(threads, Math.round(spec.fps * spec.seconds)));
      const layers = await buildLayers(input, layerOptions(spec));
      signal.throwIfAborted();
      const { cameraZ } = spec.look;
      const amplitude = spec.look.amplitude === 'auto' ? autoAmplitude(layers, spec.path, { aspect: spec.width / spec.height, cameraZ }) : spec.look.amplitude;
      onAmplitude?.(amplitude);
      const loop = {
        width: spec.width, height: spec.height, fps: spec.fps, duration: spec.seconds, path: { path: spec.path, amplitude, cameraZ },
        background: spec.look.background, threads, signal,
      };
      const handler = onFrame && ((pixels: Uint8Array) => onFrame(pixels));
      if (gif) return renderSoftGif(layers, { ...loop, onEncoded: onFrame ? undefined : onProgress }, handler);
      await renderSoftLoop(layers, loop, handler!);
      return undefined;
    },
  };
}
