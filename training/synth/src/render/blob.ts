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

/**
 * Typed-array views into `blob` (no copy when it sits 4-byte aligned in its buffer, as pack's output and its
 * structured clones do; otherwise it is copied first).
 */
export function unpack<M>(blob: ArrayBuffer | Uint8Array): { meta: M; arrays: Arrays } {
  let bytes = blob instanceof Uint8Array ? blob : new Uint8Array(blob);
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const { meta, fields, start } = header<M>(bytes);
  const arrays: Arrays = {};
  for (const [name, kind, off, n] of fields) {
    const ctor = { f32: Float32Array, u32: Uint32Array, u16: Uint16Array, u8: Uint8Array }[kind];
    arrays[name] = new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + start + off, n);
  }
  return { meta, arrays };
}

/** Only the JSON metadata of a blob. */
export function unpackMeta<M>(blob: Uint8Array): M {
  return header<M>(blob).meta;
}

function header<M>(bytes: Uint8Array): { meta: M; fields: [string, Kind, number, number][]; start: number } {
  const len = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const { meta, fields } = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as {
    meta: M;
    fields: [string, Kind, number, number][];
  };
  return { meta, fields, start: 4 + Math.ceil(len / 4) * 4 };
}
