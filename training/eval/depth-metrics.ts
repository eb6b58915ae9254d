// Metrics for comparing a predicted relative depth map with metric ground truth, the way the real-data judge
// does: a per-image least-squares scale and shift fitted inside the person, then AbsRel and Spearman's rho.

/** gt ≈ scale · pred + shift over the given pixels (least squares). */
export function fitScaleShift(pred: Float32Array, gt: Float32Array, pixels: number[]): { scale: number; shift: number } {
  let n = 0, sp = 0, sg = 0, spp = 0, spg = 0;
  for (const k of pixels) {
    const p = pred[k]!, g = gt[k]!;
    n++; sp += p; sg += g; spp += p * p; spg += p * g;
  }
  const det = n * spp - sp * sp;
  if (n < 2 || Math.abs(det) < 1e-12) return { scale: 0, shift: n ? sg / n : 0 };
  const scale = (n * spg - sp * sg) / det;
  return { scale, shift: (sg - scale * sp) / n };
}

/** Mean |fit(pred) − gt| / gt over the pixels. */
export function absRel(pred: Float32Array, gt: Float32Array, pixels: number[], fit: { scale: number; shift: number }): number {
  let sum = 0;
  for (const k of pixels) sum += Math.abs(fit.scale * pred[k]! + fit.shift - gt[k]!) / gt[k]!;
  return pixels.length ? sum / pixels.length : NaN;
}

function ranks(values: number[]): Float64Array {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation between pred and gt over the pixels (subsampled to at most `limit` pixels). */
export function spearman(pred: Float32Array, gt: Float32Array, pixels: number[], limit = 20000): number {
  const step = Math.max(1, Math.floor(pixels.length / limit));
  const chosen = pixels.filter((_, i) => i % step === 0);
  const rp = ranks(chosen.map((k) => pred[k]!));
  const rg = ranks(chosen.map((k) => gt[k]!));
  const n = chosen.length;
  const mean = (n - 1) / 2;
  let num = 0, dp = 0, dg = 0;
  for (let i = 0; i < n; i++) {
    num += (rp[i]! - mean) * (rg[i]! - mean);
    dp += (rp[i]! - mean) ** 2;
    dg += (rg[i]! - mean) ** 2;
  }
  return num / Math.sqrt(dp * dg);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
}
