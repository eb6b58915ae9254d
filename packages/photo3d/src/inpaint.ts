import type { RgbaImage } from './types.js';
import { pushPullInpaint } from './inpaint-core.js';

/** RGB of an RGBA image as interleaved floats (alpha is not inpainted: the background layer is opaque). */
function toRgbFloats(image: RgbaImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[3 * i] = image.data[4 * i];
    out[3 * i + 1] = image.data[4 * i + 1];
    out[3 * i + 2] = image.data[4 * i + 2];
  }
  return out;
}

function toRgba(rgb: Float32Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[4 * i] = rgb[3 * i];
    data[4 * i + 1] = rgb[3 * i + 1];
    data[4 * i + 2] = rgb[3 * i + 2];
    data[4 * i + 3] = 255;
  }
  return { data, width, height };
}

function checkHole(image: RgbaImage, hole: Uint8Array): void {
  if (hole.length !== image.width * image.height) {
    throw new Error(`Inpainting hole has ${hole.length} pixels but the image is ${image.width}×${image.height}; resample the mask to the image size.`);
  }
}

/** Fills the `hole` pixels (1 = unknown) of an RGBA image by push-pull diffusion, on this thread. */
export function inpaintImage(image: RgbaImage, hole: Uint8Array): RgbaImage {
  checkHole(image, hole);
  const filled = pushPullInpaint(toRgbFloats(image), image.width, image.height, 3, hole);
  return toRgba(filled, image.width, image.height);
}

let workerUrl: string | undefined;

function canUseWorker(): boolean {
  return typeof Worker !== 'undefined' && typeof Blob !== 'undefined' && typeof URL.createObjectURL === 'function';
}

/**
 * The same fill in a Web Worker (browsers), so a 3D photo can be rebuilt while the page keeps animating; runs
 * inline where there are no Web Workers (Node) or the page forbids blob: workers.
 */
export async function inpaintImageAsync(image: RgbaImage, hole: Uint8Array): Promise<RgbaImage> {
  checkHole(image, hole);
  if (!canUseWorker()) return inpaintImage(image, hole);
  let worker: Worker;
  try {
    workerUrl ??= URL.createObjectURL(
      new Blob(
        [
          `const pushPullInpaint = ${pushPullInpaint.toString()};\n` +
            'self.onmessage = (e) => { const m = e.data; try { const out = pushPullInpaint(m.values, m.width, m.height, 3, m.hole);' +
            ' self.postMessage({ out }, [out.buffer]); } catch (err) { self.postMessage({ error: String(err && err.message || err) }); } };',
        ],
        { type: 'text/javascript' },
      ),
    );
    worker = new Worker(workerUrl);
  } catch {
    return inpaintImage(image, hole);
  }
  const values = toRgbFloats(image);
  try {
    const out = await new Promise<Float32Array | undefined>((resolve) => {
      // Any worker failure — a CSP without blob: workers, or a bundler that injected helpers into the shipped
      // function's text — falls back to this thread, which reports real input errors itself.
      worker.onmessage = (e: MessageEvent<{ out?: Float32Array; error?: string }>) => resolve(e.data.out);
      worker.onerror = () => resolve(undefined);
      worker.postMessage({ values, width: image.width, height: image.height, hole });
    });
    return out ? toRgba(out, image.width, image.height) : inpaintImage(image, hole);
  } finally {
    worker.terminate();
  }
}
