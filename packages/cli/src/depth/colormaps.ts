// Colour maps for `--colormap`, as closed-form polynomial fits so no lookup tables ship:
// turbo by Anton Mikhailov (Google, Apache-2.0), viridis and inferno by Matt Zucker (CC0).

type Poly = readonly [readonly number[], readonly number[], readonly number[]];

// Per channel, coefficients of t^0 … t^n.
const TURBO: Poly = [
  [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943],
  [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604],
  [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973],
];
const VIRIDIS: Poly = [
  [0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486, 6.228269936347081, 4.776384997670288, -5.435455855934631],
  [0.005407344544966578, 1.404613529898575, 0.214847559468213, -5.799100973351585, 14.17993336680509, -13.74514537774601, 4.645852612178535],
  [0.3340998053353061, 1.384590162594685, 0.09509516302823659, -19.33244095627987, 56.69055260068105, -65.35303263337234, 26.3124352495832],
];
const INFERNO: Poly = [
  [0.0002189403691192265, 0.1065134194856116, 11.60249308247187, -41.70399613139459, 77.162935699427, -71.31942824499214, 25.13112622477341],
  [0.001651004631001012, 0.5639564367884091, -3.972853965665698, 17.43639888205313, -33.40235894210092, 32.62606426397723, -12.24266895238567],
  [-0.01948089843709184, 3.932712388889277, -15.9423941062914, 44.35414519872813, -81.80730925738993, 73.20951985803202, -23.07032500287172],
];

export const COLORMAPS = ['turbo', 'gray', 'viridis', 'inferno'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

function horner(coeffs: readonly number[], t: number): number {
  let v = 0;
  for (let i = coeffs.length - 1; i >= 0; i--) v = v * t + coeffs[i];
  return v;
}

/** 256 RGB entries, so mapping a megapixel image is one table look-up per pixel. */
export function colormapTable(name: ColormapName): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    for (let c = 0; c < 3; c++) {
      const v = name === 'gray' ? t : horner({ turbo: TURBO, viridis: VIRIDIS, inferno: INFERNO }[name][c], t);
      table[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return table;
}
