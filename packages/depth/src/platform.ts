import { io } from '@tensorflow/tfjs-core';
import type { ModelSource, PixelData } from './types.js';

/**
 * What differs between the browser and Node. The browser defaults live here; the Node entry
 * (node.ts) installs file-system model loading and sharp-based image coding.
 */
export interface Platform {
  /**
   * Turns a model source into something tfjs-converter's loadGraphModel takes. `weightUrls` maps shard names
   * to URLs a bundler resolved, so bundled weights are found wherever the bundler put them.
   */
  modelHandler(source: ModelSource, weightUrls?: Record<string, URL>): string | io.IOHandler;
  /** Decodes encoded image bytes (JPEG/PNG/WebP), applying EXIF orientation. */
  decodeImage(bytes: Uint8Array): Promise<Required<PixelData>>;
  /** Encodes single-channel 16-bit pixels as a PNG. */
  encodePNG16(pixels: Uint16Array, width: number, height: number): Promise<Uint8Array>;
  /**
   * The 35 mm-equivalent focal length in encoded image bytes' EXIF, if any. Only Node decodes bytes, so only Node
   * reads EXIF: the parser stays out of browser bundles (it was half of the script-tag build).
   */
  focalLength35mm(bytes: Uint8Array): Promise<number | undefined>;
}

const nodeOnly = (what: string) => () => {
  throw new Error(`${what} needs Node (import '@relief/depth' in Node, which loads its Node entry); in the browser pass an HTMLImageElement, ImageBitmap or canvas instead.`);
};

const browserPlatform: Platform = {
  modelHandler(source, weightUrls) {
    if (typeof source === 'string') return source;
    if (source instanceof URL) {
      if (!weightUrls) return source.href;
      return io.http(source.href, {
        weightUrlConverter: async (name: string) => weightUrls[name]?.href ?? new URL(name, source).href,
      });
    }
    return source;
  },
  decodeImage: nodeOnly('Decoding image bytes'),
  encodePNG16: nodeOnly('PNG encoding'),
  focalLength35mm: async () => undefined,
};

let current: Platform = browserPlatform;

export function platform(): Platform {
  return current;
}

export function setPlatform(next: Platform): void {
  current = next;
}
