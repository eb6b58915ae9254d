import { encodePngRgba } from './png.js';

// GLTFExporter turns DataTextures into PNGs through OffscreenCanvas.getContext('2d').putImageData + convertToBlob,
// and reads Blobs with FileReader. Node has Blob but none of the others; these are just enough of them for that.

class ShimImageData {
  constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {}
}

class Shim2DContext {
  private flipY = false;
  constructor(private readonly canvas: ShimOffscreenCanvas) {}
  translate(): void {}
  scale(_x: number, y: number): void { if (y < 0) this.flipY = true; }
  putImageData(image: ShimImageData): void {
    const { width, height } = this.canvas;
    if (image.width !== width || image.height !== height) throw new Error('canvas shim: putImageData must cover the whole canvas.');
    const row = width * 4;
    const pixels = new Uint8Array(image.data.length);
    for (let y = 0; y < height; y++) {
      const src = (this.flipY ? height - 1 - y : y) * row;
      pixels.set(image.data.subarray(src, src + row), y * row);
    }
    this.canvas.pixels = pixels;
  }
  drawImage(): void {
    throw new Error('canvas shim: only DataTexture images can be exported in Node.');
  }
}

class ShimOffscreenCanvas {
  pixels: Uint8Array | undefined;
  constructor(public width: number, public height: number) {}
  getContext(kind: string): Shim2DContext {
    if (kind !== '2d') throw new Error(`canvas shim: no '${kind}' context in Node.`);
    return new Shim2DContext(this);
  }
  async convertToBlob(options: { type?: string } = {}): Promise<Blob> {
    if (options.type && options.type !== 'image/png') throw new Error(`canvas shim: can only write PNG, not ${options.type}.`);
    if (!this.pixels) throw new Error('canvas shim: nothing was drawn.');
    return new Blob([encodePngRgba(this.pixels, this.width, this.height)], { type: 'image/png' });
  }
}

class ShimFileReader {
  result: ArrayBuffer | null = null;
  onloadend: (() => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((buffer) => {
      this.result = buffer;
      this.onloadend?.();
    });
  }
}

const SHIMS = { OffscreenCanvas: ShimOffscreenCanvas, ImageData: ShimImageData, FileReader: ShimFileReader } as const;

let users = 0;
let added: string[] = [];

/** Runs `work` with the missing globals installed; the last concurrent user removes exactly what was added. */
export async function withCanvasShim<T>(work: () => Promise<T>): Promise<T> {
  const g = globalThis as Record<string, unknown>;
  if (users++ === 0) {
    added = Object.keys(SHIMS).filter((name) => g[name] === undefined);
    for (const name of added) g[name] = SHIMS[name as keyof typeof SHIMS];
  }
  try {
    return await work();
  } finally {
    if (--users === 0) for (const name of added) delete g[name];
  }
}
