// `--size`: a long side (keeps the photo's aspect) or an exact WxH.
import { InvalidArgumentError } from 'commander';

export type SizeRequest = { longSide: number } | { width: number; height: number };

const MAX_SIDE = 4096;

export function parseSize(raw: string): SizeRequest {
  const m = /^\s*(\d+)\s*(?:[x×]\s*(\d+))?\s*$/i.exec(raw);
  const sides = m ? [Number(m[1]), ...(m[2] ? [Number(m[2])] : [])] : [];
  if (sides.length === 0 || sides.some((s) => s < 16 || s > MAX_SIDE)) {
    throw new InvalidArgumentError(`Expected a long side like 512, or WIDTHxHEIGHT like 480x640, each from 16 to ${MAX_SIDE}.`);
  }
  return sides.length === 1 ? { longSide: sides[0] } : { width: sides[0], height: sides[1] };
}

/** Video (yuv420p) needs even sides: a long side's scaled short side is rounded to even for every format alike. */
export function outputSize(request: SizeRequest, photoWidth: number, photoHeight: number): { width: number; height: number } {
  if ('width' in request) return request;
  const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));
  const scale = request.longSide / Math.max(photoWidth, photoHeight);
  return { width: even(photoWidth * scale), height: even(photoHeight * scale) };
}
