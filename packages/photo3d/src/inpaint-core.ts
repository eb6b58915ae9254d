/**
 * Multi-scale push-pull diffusion: fills `hole` pixels of a float image (any number of interleaved channels) from
 * their surroundings. Pull builds a weighted-average pyramid of the known pixels; push walks back down, filling each
 * level's unknown pixels from the bilinearly upsampled coarser level and relaxing them with a few Gauss–Seidel sweeps of
 * the Laplace equation, so the fill is smooth at every scale (no blocky coarse-level artefacts). O(pixels).
 *
 * Self-contained on purpose (no imports, no outer references): `inpaint-worker.ts` ships its source text to a Worker.
 */
export function pushPullInpaint(
  values: Float32Array,
  width: number,
  height: number,
  channels: number,
  hole: Uint8Array,
  relaxIterations = 4,
): Float32Array {
  interface Level { c: Float32Array; w: Float32Array; width: number; height: number }
  const levels: Level[] = [];
  const w0 = new Float32Array(width * height);
  const c0 = new Float32Array(values);
  let known = 0;
  for (let i = 0; i < w0.length; i++) {
    w0[i] = hole[i] ? 0 : 1;
    known += w0[i];
  }
  if (known === 0) throw new Error('Cannot inpaint: every pixel is in the hole, nothing to fill it from.');
  levels.push({ c: c0, w: w0, width, height });

  // Pull: each coarser pixel is the weighted mean of its 2×2 children; its weight saturates at 1.
  while (levels[levels.length - 1].width > 1 || levels[levels.length - 1].height > 1) {
    const f = levels[levels.length - 1];
    const cw = Math.ceil(f.width / 2);
    const chh = Math.ceil(f.height / 2);
    const c = new Float32Array(cw * chh * channels);
    const w = new Float32Array(cw * chh);
    for (let y = 0; y < chh; y++) {
      for (let x = 0; x < cw; x++) {
        let ws = 0;
        const o = (y * cw + x) * channels;
        for (let dy = 0; dy < 2; dy++) {
          const fy = 2 * y + dy;
          if (fy >= f.height) continue;
          for (let dx = 0; dx < 2; dx++) {
            const fx = 2 * x + dx;
            if (fx >= f.width) continue;
            const fi = fy * f.width + fx;
            const fw = f.w[fi];
            if (fw === 0) continue;
            ws += fw;
            for (let k = 0; k < channels; k++) c[o + k] += fw * f.c[fi * channels + k];
          }
        }
        if (ws > 0) for (let k = 0; k < channels; k++) c[o + k] /= ws;
        w[y * cw + x] = Math.min(1, ws);
      }
    }
    levels.push({ c, w, width: cw, height: chh });
  }

  // Push: blend each level with the upsampled (already complete) coarser level where its weight is below 1.
  for (let l = levels.length - 2; l >= 0; l--) {
    const f = levels[l];
    const g = levels[l + 1];
    for (let y = 0; y < f.height; y++) {
      const gy = Math.min(Math.max((y + 0.5) / 2 - 0.5, 0), g.height - 1);
      const y0 = Math.floor(gy);
      const y1 = Math.min(y0 + 1, g.height - 1);
      const ty = gy - y0;
      for (let x = 0; x < f.width; x++) {
        const i = y * f.width + x;
        const wf = f.w[i];
        if (wf >= 1) continue;
        const gx = Math.min(Math.max((x + 0.5) / 2 - 0.5, 0), g.width - 1);
        const x0 = Math.floor(gx);
        const x1 = Math.min(x0 + 1, g.width - 1);
        const tx = gx - x0;
        for (let k = 0; k < channels; k++) {
          const up =
            (g.c[(y0 * g.width + x0) * channels + k] * (1 - tx) + g.c[(y0 * g.width + x1) * channels + k] * tx) * (1 - ty) +
            (g.c[(y1 * g.width + x0) * channels + k] * (1 - tx) + g.c[(y1 * g.width + x1) * channels + k] * tx) * ty;
          f.c[i * channels + k] = wf * f.c[i * channels + k] + (1 - wf) * up;
        }
      }
    }
    // Relax the filled pixels towards the mean of their 4 neighbours (known pixels stay fixed: Dirichlet border).
    for (let it = 0; it < relaxIterations; it++) {
      for (let y = 0; y < f.height; y++) {
        for (let x = 0; x < f.width; x++) {
          const i = y * f.width + x;
          if (f.w[i] >= 1) continue;
          const xl = x > 0 ? i - 1 : i;
          const xr = x < f.width - 1 ? i + 1 : i;
          const yu = y > 0 ? i - f.width : i;
          const yd = y < f.height - 1 ? i + f.width : i;
          for (let k = 0; k < channels; k++) {
            f.c[i * channels + k] =
              0.25 * (f.c[xl * channels + k] + f.c[xr * channels + k] + f.c[yu * channels + k] + f.c[yd * channels + k]);
          }
        }
      }
    }
  }
  return levels[0].c;
}
