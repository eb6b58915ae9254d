import { boxMeanCoarse } from './box-filter.js';

/**
 * Foreground colours for a matte (Forte & Pitié's blur-fusion estimator, two passes): where a pixel mixes person and
 * background (0 < α < 1), the photo's colour I = αF + (1 − α)B carries the background's hue. F and B are first
 * estimated as α- and (1 − α)-weighted local means, then F is corrected so the compositing equation holds:
 * F = F̄ + α(I − αF̄ − (1 − α)B̄). A wide pass finds the colours, a narrow one sharpens them. Outside the person
 * (α = 0) F is the nearby person colour, so texture filtering across the silhouette never pulls background in.
 * `image` is interleaved RGB (any scale), the result is the same layout, clamped to [0, maxValue].
 */
export function estimateForeground(
  image: Float32Array, alpha: Float32Array, width: number, height: number, wideRadius: number, narrowRadius: number, maxValue: number,
): Float32Array {
  const first = blurFusion(image, image, image, alpha, width, height, wideRadius, maxValue);
  return blurFusion(image, first.foreground, first.background, alpha, width, height, narrowRadius, maxValue).foreground;
}

function blurFusion(
  image: Float32Array, f: Float32Array, b: Float32Array, alpha: Float32Array, width: number, height: number, radius: number, maxValue: number,
): { foreground: Float32Array; background: Float32Array } {
  const n = width * height;
  // α, αF (3), (1 − α)B (3) as 7 interleaved channels: one box-filter pass.
  const stats = new Float32Array(7 * n);
  for (let i = 0; i < n; i++) {
    const a = alpha[i];
    const o = 7 * i;
    stats[o] = a;
    for (let c = 0; c < 3; c++) {
      stats[o + 1 + c] = a * f[3 * i + c];
      stats[o + 4 + c] = (1 - a) * b[3 * i + c];
    }
  }
  // Wide windows are averaged on a smaller copy (≈ 8 px radius there): smooth means, a fraction of the work.
  const m = boxMeanCoarse(stats, width, height, radius, 7, radius / 8);
  const foreground = new Float32Array(3 * n);
  const background = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const o = 7 * i;
    const a = alpha[i];
    const ma = m[o];
    for (let c = 0; c < 3; c++) {
      const fm = m[o + 1 + c] / (ma + 1e-5);
      const bm = m[o + 4 + c] / (1 - ma + 1e-5);
      const v = fm + a * (image[3 * i + c] - a * fm - (1 - a) * bm);
      foreground[3 * i + c] = Math.min(maxValue, Math.max(0, v));
      background[3 * i + c] = bm;
    }
  }
  return { foreground, background };
}
