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
