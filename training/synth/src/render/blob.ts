// Binary messages between Node and the render page: a JSON header followed by 4-byte aligned typed arrays.
// Shared by both sides, so it must not import anything from Node.

export type Arrays = Record<string, Float32Array | Uint32Array | Uint16Array | Uint8Array>;
type Kind = 'f32' | 'u32' | 'u16' | 'u8';

const kindOf = (a: Arrays[string]): Kind =>
  a instanceof Float32Array ? 'f32' : a instanceof Uint32Array ? 'u32' : a instanceof Uint16Array ? 'u16' : 'u8';

export function pack(meta: unknown, arrays: Arrays): Uint8Array {
  const fields: [string, Kind, number, number][] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    fields.push([name, kindOf(a), offset, a.length]);
    offset += Math.ceil(a.byteLength / 4) * 4;
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, fields }));
  const headerLen = Math.ceil(header.length / 4) * 4;
  const out = new Uint8Array(4 + headerLen + offset);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  for (const [name, , off] of fields) {
    const a = arrays[name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), 4 + headerLen + off);
  }
  return out;
}

export function unpack<M>(buf: ArrayBuffer): { meta: M; arrays: Arrays } {
  const len = new DataView(buf).getUint32(0, true);
  const { meta, fields } = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, len))) as {
    meta: M;
    fields: [string, Kind, number, number][];
  };
  const start = 4 + Math.ceil(len / 4) * 4;
  const arrays: Arrays = {};
  for (const [name, kind, off, n] of fields) {
    const ctor = { f32: Float32Array, u32: Uint32Array, u16: Uint16Array, u8: Uint8Array }[kind];
    arrays[name] = new ctor(buf, start + off, n);
  }
  return { meta, arrays };
}
