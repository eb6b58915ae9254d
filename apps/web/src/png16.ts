// A 16-bit greyscale PNG writer: canvas.toBlob only makes 8-bit PNGs, which would quantise depth to 256 steps.
import { pngFile } from '@relief/photo3d';

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  // CompressionStream('deflate') is the zlib format (RFC 1950), which is what PNG's IDAT holds.
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Values in [0,1], row-major, as a 16-bit greyscale PNG (0 → 0, 1 → 65535). */
export async function encodePng16(values: Float32Array, width: number, height: number): Promise<Uint8Array> {
  if (values.length !== width * height) throw new Error(`encodePng16: ${values.length} values for ${width}×${height} pixels.`);
  const rows = new Uint8Array(height * (1 + 2 * width));
  const rv = new DataView(rows.buffer);
  for (let y = 0; y < height; y++) {
    const start = y * (1 + 2 * width); // filter byte 0 (none) precedes each row
    for (let x = 0; x < width; x++) {
      const v = Math.round(65535 * Math.min(1, Math.max(0, values[y * width + x])));
      rv.setUint16(start + 1 + 2 * x, v);
    }
  }
  return pngFile(width, height, 16, 0, await zlib(rows));
}
