// A 16-bit greyscale PNG writer: canvas.toBlob only makes 8-bit PNGs, which would quantise depth to 256 steps.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  // CompressionStream('deflate') is the zlib format (RFC 1950), which is what PNG's IDAT holds.
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Values in [0,1], row-major, as a 16-bit greyscale PNG (0 → 0, 1 → 65535). */
export async function encodePng16(values: Float32Array, width: number, height: number): Promise<Uint8Array> {
  if (values.length !== width * height) throw new Error(`encodePng16: ${values.length} values for ${width}×${height} pixels.`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 16; // bit depth
  header[9] = 0; // greyscale
  const rows = new Uint8Array(height * (1 + 2 * width));
  const rv = new DataView(rows.buffer);
  for (let y = 0; y < height; y++) {
    const start = y * (1 + 2 * width); // filter byte 0 (none) precedes each row
    for (let x = 0; x < width; x++) {
      const v = Math.round(65535 * Math.min(1, Math.max(0, values[y * width + x])));
      rv.setUint16(start + 1 + 2 * x, v);
    }
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await zlib(rows)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
