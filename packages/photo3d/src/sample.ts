/**
 * Bilinear sample of a W×H float map at normalised coordinates (s, t) ∈ [0,1]² (0 = left/top edge of the map,
 * 1 = right/bottom edge), clamped at the borders, so maps of any size line up with the image they belong to.
 */
export function sampleBilinear(map: Float32Array, width: number, height: number, s: number, t: number): number {
  const x = Math.min(Math.max(s * width - 0.5, 0), width - 1);
  const y = Math.min(Math.max(t * height - 0.5, 0), height - 1);
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const fx = x - x0;
  const fy = y - y0;
  const top = map[y0 * width + x0] * (1 - fx) + map[y0 * width + x1] * fx;
  const bottom = map[y1 * width + x0] * (1 - fx) + map[y1 * width + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Resamples a map to another size (bilinear, area-aligned like `sampleBilinear`). */
export function resampleMap(map: Float32Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  if (width === outWidth && height === outHeight) return map;
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const t = (y + 0.5) / outHeight;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = sampleBilinear(map, width, height, (x + 0.5) / outWidth, t);
  }
  return out;
}
