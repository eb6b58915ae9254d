/** Binary mask (1 = set) from a probability map: p ≥ threshold. */
export function threshold(map: Float32Array, level = 0.5): Uint8Array {
  const out = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = map[i] >= level ? 1 : 0;
  return out;
}

/** Grows the set pixels by `radius` (a (2r+1)² square), separably with running counts: O(pixels) for any radius. */
export function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const r = Math.max(0, Math.round(radius));
  if (r === 0) return mask.slice();
  const rowsDone = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    let count = 0;
    const row = y * width;
    for (let x = 0; x < Math.min(r, width); x++) count += mask[row + x];
    for (let x = 0; x < width; x++) {
      if (x + r < width) count += mask[row + x + r];
      if (x - r - 1 >= 0) count -= mask[row + x - r - 1];
      rowsDone[row + x] = count > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = 0; y < Math.min(r, height); y++) count += rowsDone[y * width + x];
    for (let y = 0; y < height; y++) {
      if (y + r < height) count += rowsDone[(y + r) * width + x];
      if (y - r - 1 >= 0) count -= rowsDone[(y - r - 1) * width + x];
      out[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

/** Shrinks the set pixels by `radius` (the complement of dilating the complement). */
export function erode(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const inverse = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) inverse[i] = mask[i] ? 0 : 1;
  const grown = dilate(inverse, width, height, radius);
  for (let i = 0; i < grown.length; i++) grown[i] = grown[i] ? 0 : 1;
  return grown;
}

/**
 * Running maximum over a (2r+1)² square, separably (van Herk/Gil-Werman would be O(1) per pixel; the radii used
 * here are small, so the plain O(r) scan is simpler and fast enough).
 */
export function maxFilter(map: Float32Array, width: number, height: number, radius: number): Float32Array {
  const r = Math.max(0, Math.round(radius));
  const tmp = new Float32Array(map.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let m = -Infinity;
      for (let k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) m = Math.max(m, map[y * width + k]);
      tmp[y * width + x] = m;
    }
  }
  const out = new Float32Array(map.length);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      let m = -Infinity;
      for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) m = Math.max(m, tmp[k * width + x]);
      out[y * width + x] = m;
    }
  }
  return out;
}
