/** Quantiles (q in [0,1]) of the values where `include` is set; sub-sampled to ≤ 65k values, plenty for a median. */
export function quantiles(values: Float32Array, include: Uint8Array | undefined, qs: number[]): number[] {
  const count = include ? include.reduce((a, b) => a + b, 0) : values.length;
  if (count === 0) throw new Error('quantiles: no values selected.');
  const stride = Math.max(1, Math.floor(count / 65536));
  const picked: number[] = [];
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    if (include && !include[i]) continue;
    if (seen++ % stride === 0) picked.push(values[i]);
  }
  picked.sort((a, b) => a - b);
  return qs.map((q) => picked[Math.min(picked.length - 1, Math.max(0, Math.round(q * (picked.length - 1))))]);
}
