import type { RenderTarget } from './rasterizer.js';

const LANES = 0xff00ff;

/** A colour + depth target. */
export class Framebuffer implements RenderTarget {
  readonly color: Int32Array;
  readonly depth: Float32Array;

  constructor(readonly width: number, readonly height: number) {
    this.color = new Int32Array(width * height);
    this.depth = new Float32Array(width * height);
  }

  clear(packedColor: number): void {
    this.color.fill(packedColor);
    this.depth.fill(1);
  }

  /** Copies the colours out as RGBA bytes, top row first. */
  copyTo(out: Uint8Array): void {
    checkSize(out, this.width, this.height);
    out.set(new Uint8Array(this.color.buffer, this.color.byteOffset, this.color.byteLength));
  }
}

function checkSize(out: Uint8Array, width: number, height: number): void {
  if (out.length !== width * height * 4) throw new Error(`readPixels: the frame needs ${width * height * 4} bytes, got ${out.length}.`);
}

/**
 * Supersampled foreground over a background drawn at output size: each output pixel averages its 2×2 foreground
 * samples (transparent where none was drawn) and fills the uncovered share with the background pixel. Exact
 * because the background layer always lies behind the foreground (a plane behind the person, or a copy of the
 * surface pushed back), so depth never has to be compared across the two.
 */
export function compositeSupersampled(fine: Framebuffer, base: Framebuffer, out: Uint8Array): void {
  const { width: w, height: h } = base;
  checkSize(out, w, h);
  const words = out.byteOffset % 4 === 0 ? new Int32Array(out.buffer, out.byteOffset, w * h) : new Int32Array(w * h);
  const f = fine.color;
  const b = base.color;
  const sw = fine.width;
  for (let y = 0; y < h; y++) {
    let i = 2 * y * sw;
    let j = i + sw;
    for (let x = 0, o = y * w; x < w; x++, o++, i += 2, j += 2) {
      const s0 = f[i], s1 = f[i + 1], s2 = f[j], s3 = f[j + 1];
      // Drawn samples are opaque (alpha 255), undrawn ones all zero: count the drawn by their top bit.
      const uncovered = 4 - ((s0 >>> 31) + (s1 >>> 31) + (s2 >>> 31) + (s3 >>> 31));
      const bg = b[o];
      // Two channels per word with 10 bits of headroom each: four bytes' sum fits.
      const rb = ((s0 & LANES) + (s1 & LANES) + (s2 & LANES) + (s3 & LANES) + uncovered * (bg & LANES) + 0x20002) >>> 2;
      const ga = (((s0 >>> 8) & LANES) + ((s1 >>> 8) & LANES) + ((s2 >>> 8) & LANES) + ((s3 >>> 8) & LANES) + uncovered * ((bg >>> 8) & LANES) + 0x20002) >>> 2;
      words[o] = (rb & LANES) | ((ga & LANES) << 8);
    }
  }
  if (words.buffer !== out.buffer) out.set(new Uint8Array(words.buffer));
}
