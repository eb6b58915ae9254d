/**
 * Mean over a (2r+1)² square, clipped at the borders (each output divides by the pixels actually inside), separably
 * with running sums: O(pixels) for any radius. `channels` interleaved planes are filtered independently. Rows are
 * walked in memory order in both passes (the vertical pass keeps one running sum per column), which keeps the
 * many-channel filters of the guided filter cache-friendly.
 */
export function boxMean(values: Float32Array, width: number, height: number, radius: number, channels = 1): Float32Array {
  const r = Math.max(0, Math.round(radius));
  const stride = width * channels;
  const tmp = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let x = 0; x < Math.min(r, width); x++) sum += values[row + x * channels + c];
      for (let x = 0; x < width; x++) {
        if (x + r < width) sum += values[row + (x + r) * channels + c];
        if (x - r - 1 >= 0) sum -= values[row + (x - r - 1) * channels + c];
        tmp[row + x * channels + c] = sum / (Math.min(width - 1, x + r) - Math.max(0, x - r) + 1);
      }
    }
  }
  const out = new Float32Array(values.length);
  const sums = new Float64Array(stride);
  for (let y = 0; y < Math.min(r, height); y++) for (let k = 0, o = y * stride; k < stride; k++) sums[k] += tmp[o + k];
  for (let y = 0; y < height; y++) {
    if (y + r < height) for (let k = 0, o = (y + r) * stride; k < stride; k++) sums[k] += tmp[o + k];
    if (y - r - 1 >= 0) for (let k = 0, o = (y - r - 1) * stride; k < stride; k++) sums[k] -= tmp[o + k];
    const inv = 1 / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    for (let k = 0, o = y * stride; k < stride; k++) out[o + k] = sums[k] * inv;
  }
  return out;
}

/**
 * `boxMean` for wide windows, computed on a copy `factor` times smaller (area means) and upsampled bilinearly: a wide
 * mean is smooth, so this loses little and does factor² less work.
 */
export function boxMeanCoarse(values: Float32Array, width: number, height: number, radius: number, channels: number, factor: number): Float32Array {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return boxMean(values, width, height, radius, channels);
  const w = Math.ceil(width / f), h = Math.ceil(height / f);
  const small = new Float32Array(w * h * channels);
  const count = new Float32Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (Math.floor(y / f) * w + Math.floor(x / f));
      count[o]++;
      for (let c = 0; c < channels; c++) small[o * channels + c] += values[(y * width + x) * channels + c];
    }
  }
  for (let o = 0; o < w * h; o++) for (let c = 0; c < channels; c++) small[o * channels + c] /= count[o];
  const m = boxMean(small, w, h, radius / f, channels);
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) / f - 0.5, 0), h - 1);
    const y0 = Math.floor(sy), y1 = Math.min(y0 + 1, h - 1), fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) / f - 0.5, 0), w - 1);
      const x0 = Math.floor(sx), x1 = Math.min(x0 + 1, w - 1), fx = sx - x0;
      const a = (y0 * w + x0) * channels, b = (y0 * w + x1) * channels, cc = (y1 * w + x0) * channels, d = (y1 * w + x1) * channels;
      for (let c = 0; c < channels; c++) {
        out[(y * width + x) * channels + c] = (m[a + c] * (1 - fx) + m[b + c] * fx) * (1 - fy) + (m[cc + c] * (1 - fx) + m[d + c] * fx) * fy;
      }
    }
  }
  return out;
}
