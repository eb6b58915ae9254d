/**
 * One pyramid level of the exemplar fill: an RGB image (interleaved floats, 0…255), which pixels get synthesised
 * (`target`), which may be compared (`weight`: known, unexcluded pixels and the targets; 0 = ignored: the hole's
 * unrevealed interior and the bodies of occluders) and which pixels may lend a patch (`source`: patch centres whose
 * whole patch is known, unexcluded and inside the image).
 */
export interface PatchLevel {
  width: number;
  height: number;
  rgb: Float32Array;
  target: Uint8Array;
  weight: Uint8Array;
  source: Uint8Array;
  /** Indices of the `source` pixels, for random picks. */
  sources: Int32Array;
}

/** Builds a level from the image and its masks (1 = set) at that level's size; patches are (2·radius + 1)². */
export function makeLevel(
  rgb: Float32Array, width: number, height: number, target: Uint8Array, known: Uint8Array, radius: number,
): PatchLevel {
  const n = width * height;
  const weight = new Uint8Array(n);
  for (let i = 0; i < n; i++) weight[i] = known[i] || target[i] ? 1 : 0;
  // A source centre needs its whole patch known and inside the image: erode `known` by the patch radius.
  const rows = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x < width; x++) {
      run = known[y * width + x] ? run + 1 : 0;
      // `run` counts known pixels ending at x; the window x−2r…x is complete when run > 2r.
      if (run > 2 * radius && x - radius >= 0) rows[y * width + x - radius] = 1;
    }
  }
  const source = new Uint8Array(n);
  let count = 0;
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y < height; y++) {
      run = rows[y * width + x] ? run + 1 : 0;
      if (run > 2 * radius && y - radius >= 0) {
        source[(y - radius) * width + x] = 1;
        count++;
      }
    }
  }
  const sources = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (source[i]) sources[k++] = i;
  return { width, height, rgb, target, weight, source, sources };
}

/**
 * Halves a level's inputs: colours averaged over the known pixels of each 2×2 block; a coarse pixel is a target if
 * any of its children is, known only if all of them are (so coarse sources never straddle the hole).
 */
export function halveInputs(rgb: Float32Array, width: number, height: number, target: Uint8Array, known: Uint8Array) {
  const w = Math.max(1, width >> 1);
  const h = Math.max(1, height >> 1);
  const outRgb = new Float32Array(3 * w * h);
  const outTarget = new Uint8Array(w * h);
  const outKnown = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let t = 0, k = 1, s = 0, r = 0, g = 0, b = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const i = Math.min(2 * y + dy, height - 1) * width + Math.min(2 * x + dx, width - 1);
          t |= target[i];
          k &= known[i];
          // Unknown children still carry the push-pull start: weight them lightly so they never dominate.
          const wt = known[i] ? 1 : 1e-3;
          s += wt; r += wt * rgb[3 * i]; g += wt * rgb[3 * i + 1]; b += wt * rgb[3 * i + 2];
        }
      }
      const o = y * w + x;
      outTarget[o] = t;
      outKnown[o] = k;
      outRgb[3 * o] = r / s; outRgb[3 * o + 1] = g / s; outRgb[3 * o + 2] = b / s;
    }
  }
  return { rgb: outRgb, width: w, height: h, target: outTarget, known: outKnown };
}
