// NumPy .npy (format version 1.0) for float32 depth, so `numpy.load` gives an H×W array with no extra tooling.

/** Little-endian float32 array of shape [height, width], C order. */
export function encodeNpyFloat32(values: Float32Array, height: number, width: number): Uint8Array {
  if (values.length !== height * width) {
    throw new Error(`npy: ${values.length} values do not fill a ${height}×${width} array.`);
  }
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${height}, ${width}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 4);
  out.set([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  const data = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i], true);
  return out;
}
