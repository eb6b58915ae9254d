/**
 * Turbo (Mikhail, Google 2019), in its published polynomial approximation: perceptually smooth, and unlike grey it
 * shows small depth steps. Index 0 is dark blue, 255 dark red.
 */
function turbo(x: number): [number, number, number] {
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x3 * x;
  const x5 = x4 * x;
  const r = 0.13572138 + 4.6153926 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5;
  const g = 0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5;
  const b = 0.1066733 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5;
  const c = (v: number): number => Math.round(255 * Math.min(1, Math.max(0, v)));
  return [c(r), c(g), c(b)];
}

/** 256 RGB entries; entry i is the colour of depth value i/255 with near = warm (Depth API: smaller = nearer). */
export const DEPTH_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(turbo(1 - i / 255), 3 * i);
  return lut;
})();

/** What pixels outside the person show in the depth views. */
export const NO_DEPTH_RGB: [number, number, number] = [38, 42, 48];

/** Draws depth values in [0,1] with the turbo LUT; where `mask` < 0.5 the pixel is NO_DEPTH_RGB. */
export function drawDepth(canvas: HTMLCanvasElement, depth: Float32Array, width: number, height: number, mask?: Float32Array): void {
  const image = new ImageData(width, height);
  const out = image.data;
  for (let i = 0; i < width * height; i++) {
    const rgb = mask && mask[i] < 0.5 ? NO_DEPTH_RGB : DEPTH_LUT.subarray(3 * Math.round(255 * depth[i]), 3 * Math.round(255 * depth[i]) + 3);
    out[4 * i] = rgb[0];
    out[4 * i + 1] = rgb[1];
    out[4 * i + 2] = rgb[2];
    out[4 * i + 3] = 255;
  }
  put(canvas, image);
}

/**
 * The photo where the mask says "person" (probability ≥ 0.5, softened over 0.4…0.6 like the mesh's alpha cut),
 * the depth views' no-depth colour elsewhere: exactly the cut-out the 3D photo uses.
 */
export function drawMask(canvas: HTMLCanvasElement, photo: ImageBitmap, mask: Float32Array, width: number, height: number): void {
  const ctx = put(canvas, new ImageData(width, height));
  ctx.drawImage(photo, 0, 0, width, height);
  const image = ctx.getImageData(0, 0, width, height);
  const data = image.data;
  for (let i = 0; i < width * height; i++) {
    const k = Math.min(1, Math.max(0, (mask[i] - 0.4) / 0.2));
    for (let c = 0; c < 3; c++) data[4 * i + c] = k * data[4 * i + c] + (1 - k) * NO_DEPTH_RGB[c];
  }
  ctx.putImageData(image, 0, 0);
}

function put(canvas: HTMLCanvasElement, image: ImageData): CanvasRenderingContext2D {
  canvas.width = image.width;
  canvas.height = image.height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser gave no 2D canvas context.');
  ctx.putImageData(image, 0, 0);
  return ctx;
}
