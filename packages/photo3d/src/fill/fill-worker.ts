// The background fill on a module Web Worker: one request (image, hole, exclude, options), one answer.
import { fillImage, type FillOptions } from './fill-image.js';
import type { RgbaImage } from '../types.js';

interface FillRequest { image: RgbaImage; hole: Uint8Array; exclude?: Uint8Array; options: FillOptions }

self.onmessage = (event: MessageEvent<FillRequest>) => {
  const { image, hole, exclude, options } = event.data;
  try {
    const out = fillImage(image, hole, exclude, options);
    self.postMessage({ data: out.data }, { transfer: [out.data.buffer] });
  } catch (error) {
    self.postMessage({ error: (error as Error).message });
  }
};
