/**
 * Blurs premultiplied RGBA (float, 4 per pixel) with two box passes of radius `radius`/2 each — a tent-shaped
 * kernel whose support is `radius`, close enough to a lens's disc for bokeh at a fraction of the cost: running sums
 * make every pass O(pixels) whatever the radius. Windows are cut at the borders and renormalised, so edges do not
 * darken.
 */
export function tentBlur(data: Float32Array, width: number, height: number, radius: number): Float32Array {
  const half = Math.max(0, Math.round(radius / 2));
  if (half === 0) return data;
  let out = data;
  for (let pass = 0; pass < 2; pass++) {
    out = boxPass(out, width, height, half, 1, width); // along rows
    out = boxPass(out, height, width, half, width, 1); // along columns
  }
  return out;
}

/**
 * One box pass along lines of `length` pixels spaced `stride` apart (elements `step` apart inside a line); `lines`
 * of them. Renormalised by the number of pixels inside the window.
 */
function boxPass(src: Float32Array, length: number, lines: number, r: number, step: number, stride: number): Float32Array {
  const dst = new Float32Array(src.length);
  for (let line = 0; line < lines; line++) {
    const base = line * stride;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let count = 0;
    for (let k = 0; k < Math.min(r, length); k++) {
      const i = 4 * (base + k * step);
      s0 += src[i]; s1 += src[i + 1]; s2 += src[i + 2]; s3 += src[i + 3];
      count++;
    }
    for (let k = 0; k < length; k++) {
      if (k + r < length) {
        const i = 4 * (base + (k + r) * step);
        s0 += src[i]; s1 += src[i + 1]; s2 += src[i + 2]; s3 += src[i + 3];
        count++;
      }
      if (k - r - 1 >= 0) {
        const i = 4 * (base + (k - r - 1) * step);
        s0 -= src[i]; s1 -= src[i + 1]; s2 -= src[i + 2]; s3 -= src[i + 3];
        count--;
      }
      const o = 4 * (base + k * step);
      dst[o] = s0 / count; dst[o + 1] = s1 / count; dst[o + 2] = s2 / count; dst[o + 3] = s3 / count;
    }
  }
  return dst;
}
