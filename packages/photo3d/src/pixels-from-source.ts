import type { RgbaImage } from './types.js';

/** Anything the browser can draw: <img>, <video>, <canvas>, ImageBitmap, OffscreenCanvas, VideoFrame. */
export type TextureSource = CanvasImageSource;

function sourceSize(source: TextureSource): { width: number; height: number } {
  const s = source as { naturalWidth?: number; naturalHeight?: number; videoWidth?: number; videoHeight?: number; displayWidth?: number; displayHeight?: number; width?: number | SVGAnimatedLength; height?: number | SVGAnimatedLength };
  const width = s.naturalWidth || s.videoWidth || s.displayWidth || (typeof s.width === 'number' ? s.width : 0);
  const height = s.naturalHeight || s.videoHeight || s.displayHeight || (typeof s.height === 'number' ? s.height : 0);
  if (!(width > 0 && height > 0)) throw new Error('The image source has no size yet; wait for it to load (img.decode(), video "loadeddata").');
  return { width, height };
}

/** Reads a drawable source's RGBA pixels through a 2D canvas (browsers only), optionally at another size. */
export function pixelsFromSource(source: TextureSource, width?: number, height?: number): RgbaImage {
  const size = sourceSize(source);
  const w = width ?? size.width;
  const h = height ?? size.height;
  if (typeof OffscreenCanvas === 'undefined') throw new Error('Reading pixels from an image source needs a browser; in Node pass RGBA {data, width, height}.');
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('No 2D canvas context available to read the image.');
  ctx.drawImage(source, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  return { data, width: w, height: h };
}
