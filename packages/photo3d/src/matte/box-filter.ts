/**
 * Mean over a (2r+1)² square, clipped at the borders (each output divides by the pixels actually inside), separably
 * with running sums: O(pixels) for any radius. `channels` interleaved planes are filtered independently.
 */
export function boxMean(values: Float32Array, width: number, height: number, radius: number, channels = 1): Float32Array {
  const r = Math.max(0, Math.round(radius));
  const tmp = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  const sums = new Float64Array(channels);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    sums.fill(0);
    for (let x = 0; x < Math.min(r, width); x++) for (let c = 0; c < channels; c++) sums[c] += values[(row + x) * channels + c];
    for (let x = 0; x < width; x++) {
      if (x + r < width) for (let c = 0; c < channels; c++) sums[c] += values[(row + x + r) * channels + c];
      if (x - r - 1 >= 0) for (let c = 0; c < channels; c++) sums[c] -= values[(row + x - r - 1) * channels + c];
      const n = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
      for (let c = 0; c < channels; c++) tmp[(row + x) * channels + c] = sums[c] / n;
    }
  }
  for (let x = 0; x < width; x++) {
    sums.fill(0);
    for (let y = 0; y < Math.min(r, height); y++) for (let c = 0; c < channels; c++) sums[c] += tmp[(y * width + x) * channels + c];
    for (let y = 0; y < height; y++) {
      if (y + r < height) for (let c = 0; c < channels; c++) sums[c] += tmp[((y + r) * width + x) * channels + c];
      if (y - r - 1 >= 0) for (let c = 0; c < channels; c++) sums[c] -= tmp[((y - r - 1) * width + x) * channels + c];
      const n = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = sums[c] / n;
    }
  }
  return out;
}
