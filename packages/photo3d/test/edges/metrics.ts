// Matte and fill error measures over a band of pixels.
import { dilate } from '../../src/masks.js';

/** Pixels whose true coverage is fractional, grown by `grow` px: where a matte can be wrong. */
export function edgeBand(alpha: Float32Array, width: number, height: number, grow = 2): Uint8Array {
  const mixed = alpha.map((a) => (a > 0 && a < 1 ? 1 : 0));
  return dilate(Uint8Array.from(mixed), width, height, grow);
}

/** SAD (sum of |α̂ − α|, in thousands, as matting benchmarks report it) and MSE over the band. */
export function matteErrors(estimate: Float32Array, truth: Float32Array, band: Uint8Array): { sad: number; mse: number } {
  let sad = 0, sq = 0, n = 0;
  for (let i = 0; i < band.length; i++) {
    if (!band[i]) continue;
    const d = estimate[i] - truth[i];
    sad += Math.abs(d); sq += d * d; n++;
  }
  return { sad: sad / 1000, mse: sq / Math.max(n, 1) };
}

/**
 * Colour bleed: how far the person texture's colour F̂ moves from the true foreground colour F towards the
 * background colour B, in 8-bit levels, averaged with weight α over band pixels the person covers (α > 0.05).
 * Baking the photo's edge colour into the texture (F̂ = αF + (1 − α)B) bleeds (1 − α)·|B − F|.
 */
export function colourBleed(estimate: Float32Array, fg: Float32Array, bg: Float32Array, alpha: Float32Array, band: Uint8Array): number {
  let sum = 0, weight = 0;
  for (let i = 0; i < band.length; i++) {
    if (!band[i] || alpha[i] <= 0.05) continue;
    let dot = 0, len = 0;
    for (let c = 0; c < 3; c++) {
      const towards = bg[3 * i + c] - fg[3 * i + c];
      dot += (estimate[3 * i + c] - fg[3 * i + c]) * towards;
      len += towards * towards;
    }
    if (len < 1) continue;
    sum += alpha[i] * Math.max(0, dot / Math.sqrt(len));
    weight += alpha[i];
  }
  return sum / Math.max(weight, 1e-9);
}

/** Mean absolute error (8-bit levels, all channels) over the band. */
export function meanAbsoluteError(a: Float32Array, b: Float32Array, band: Uint8Array): number {
  let sum = 0, n = 0;
  for (let i = 0; i < band.length; i++) {
    if (!band[i]) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(a[3 * i + c] - b[3 * i + c]);
    n += 3;
  }
  return sum / Math.max(n, 1);
}

/**
 * Mean SSIM (Wang et al. 2004; luma, 7×7 windows, the usual C1, C2 for 8-bit) over windows centred on band pixels:
 * 1 = the same structure, 0 = none of it (a smooth smear scores low where the truth has texture).
 */
export function ssim(a: Float32Array, b: Float32Array, width: number, height: number, band: Uint8Array): number {
  const luma = (x: Float32Array, i: number) => 0.299 * x[3 * i] + 0.587 * x[3 * i + 1] + 0.114 * x[3 * i + 2];
  const c1 = (0.01 * 255) ** 2, c2 = (0.03 * 255) ** 2;
  let total = 0, n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!band[y * width + x]) continue;
      let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, k = 0;
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          const yy = y + dy, xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= height || xx >= width) continue;
          const i = yy * width + xx;
          const va = luma(a, i), vb = luma(b, i);
          sa += va; sb += vb; saa += va * va; sbb += vb * vb; sab += va * vb; k++;
        }
      }
      const ma = sa / k, mb = sb / k;
      const va = saa / k - ma * ma, vb = sbb / k - mb * mb, cov = sab / k - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      n++;
    }
  }
  return total / Math.max(n, 1);
}
