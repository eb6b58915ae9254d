/**
 * A CSS colour as a packed opaque RGBA word (0xAABBGGRR as int32), for the software renderer's clear colour. Hex and rgb()
 * only: the software renderer stays free of three.js (and its DOM-era colour parser) so worker threads start fast.
 */
export function packedCssColor(css: string): number {
  const text = css.trim().toLowerCase();
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)$/.exec(text);
  if (fn) rgb = fn.slice(1, 4).map(Number);
  if (!rgb || rgb.some((c) => c > 255)) {
    throw new Error(`Background colour '${css}' is not understood by the software renderer; use 'layer', 'transparent', #rrggbb, #rgb or rgb(r, g, b).`);
  }
  return 0xff000000 | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
}
