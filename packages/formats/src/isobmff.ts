// Just enough ISO base media file format (HEIF) to find a HEIC's auxiliary images and their metadata items:
// the item list (iinf), where item bytes are (iloc), references (iref: auxl, cdsc) and auxC properties. libheif
// decodes the pixels; this only says which item is the depth map or matte and reads their XMP.
import { ascii, readU16BE, readU32BE } from './bytes.js';
import { fail } from './errors.js';

interface Box { type: string; start: number; end: number }

export interface HeifItem {
  id: number;
  type: string;
  contentType?: string;
  /** auxC aux_type URN, for auxiliary images. */
  auxType?: string;
  extents: { offset: number; length: number }[];
  /** Items this one refers to, by reference type (auxl: aux image → master; cdsc: metadata → described item). */
  refs: Map<string, number[]>;
}

function children(b: Uint8Array, start: number, end: number, what: string): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = readU32BE(b, at);
    const type = ascii(b, at + 4, 4);
    let head = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      size = readU32BE(b, at + 8) * 2 ** 32 + readU32BE(b, at + 12);
      head = 16;
    } else if (size === 0) size = end - at;
    if (size < head || at + size > end) fail(`${what}: box '${type}' at byte ${at} claims ${size} bytes, past the end of its container; the file is truncated or damaged.`);
    out.push({ type, start: at + head, end: at + size });
    at += size;
  }
  return out;
}

const find = (boxes: Box[], type: string) => boxes.find((x) => x.type === type);

export function heifItems(b: Uint8Array, what: string): HeifItem[] {
  const top = children(b, 0, b.length, what);
  const meta = find(top, 'meta');
  if (!meta) fail(`${what} has no 'meta' box; it is not a HEIF image or it is truncated.`);
  const inMeta = children(b, meta.start + 4, meta.end, what);
  const items = new Map<number, HeifItem>();
  const iinf = find(inMeta, 'iinf');
  if (!iinf) fail(`${what} has no item list (iinf); the file is damaged.`);
  const v = b[iinf.start];
  for (const infe of children(b, iinf.start + (v === 0 ? 6 : 8), iinf.end, what)) {
    if (infe.type !== 'infe') continue;
    const ver = b[infe.start];
    if (ver < 2) continue;
    let at = infe.start + 4;
    const id = ver === 2 ? readU16BE(b, at) : readU32BE(b, at);
    at += (ver === 2 ? 2 : 4) + 2;
    const type = ascii(b, at, 4);
    at += 4;
    const name = cString(b, at, infe.end);
    const item: HeifItem = { id, type, extents: [], refs: new Map() };
    if (type === 'mime') item.contentType = cString(b, name.next, infe.end).text;
    items.set(id, item);
  }
  readIloc(b, find(inMeta, 'iloc'), inMeta, items, what);
  readIref(b, find(inMeta, 'iref'), items, what);
  readAuxC(b, find(inMeta, 'iprp'), items, what);
  return [...items.values()];
}

function cString(b: Uint8Array, at: number, end: number): { text: string; next: number } {
  let i = at;
  while (i < end && b[i] !== 0) i++;
  return { text: ascii(b, at, i - at), next: i + 1 };
}

function readIloc(b: Uint8Array, iloc: Box | undefined, inMeta: Box[], items: Map<number, HeifItem>, what: string): void {
  if (!iloc) fail(`${what} has no item locations (iloc); the file is damaged.`);
  const ver = b[iloc.start];
  let at = iloc.start + 4;
  const sizes = readU16BE(b, at);
  at += 2;
  const offSize = sizes >> 12, lenSize = (sizes >> 8) & 15, baseSize = (sizes >> 4) & 15, idxSize = ver >= 1 ? sizes & 15 : 0;
  const uint = (n: number) => {
    let x = 0;
    for (let i = 0; i < n; i++) x = x * 256 + b[at + i];
    at += n;
    return x;
  };
  const count = uint(ver < 2 ? 2 : 4);
  const idat = find(inMeta, 'idat');
  for (let i = 0; i < count; i++) {
    if (at > iloc.end) fail(`${what}: the item location table is cut short; the file is damaged.`);
    const id = uint(ver < 2 ? 2 : 4);
    const method = ver >= 1 ? uint(2) & 15 : 0;
    uint(2); // data_reference_index: always this file
    const base = uint(baseSize);
    const n = uint(2);
    const extents = [];
    for (let e = 0; e < n; e++) {
      uint(idxSize);
      const offset = base + uint(offSize) + (method === 1 && idat ? idat.start : 0);
      extents.push({ offset, length: uint(lenSize) });
    }
    const item = items.get(id);
    if (item) item.extents = extents;
  }
}

function readIref(b: Uint8Array, iref: Box | undefined, items: Map<number, HeifItem>, what: string): void {
  if (!iref) return;
  const wide = b[iref.start] !== 0;
  const id = (at: number) => (wide ? readU32BE(b, at) : readU16BE(b, at));
  const w = wide ? 4 : 2;
  for (const ref of children(b, iref.start + 4, iref.end, what)) {
    const from = items.get(id(ref.start));
    const n = readU16BE(b, ref.start + w);
    const to: number[] = [];
    for (let i = 0; i < n && ref.start + w + 2 + (i + 1) * w <= ref.end; i++) to.push(id(ref.start + w + 2 + i * w));
    from?.refs.set(ref.type, to);
  }
}

function readAuxC(b: Uint8Array, iprp: Box | undefined, items: Map<number, HeifItem>, what: string): void {
  if (!iprp) return;
  const inner = children(b, iprp.start, iprp.end, what);
  const ipco = find(inner, 'ipco');
  if (!ipco) return;
  const props = children(b, ipco.start, ipco.end, what);
  for (const ipma of inner.filter((x) => x.type === 'ipma')) {
    const ver = b[ipma.start];
    const big = (b[ipma.start + 3] & 1) === 1;
    let at = ipma.start + 4;
    const count = readU32BE(b, at);
    at += 4;
    for (let i = 0; i < count && at < ipma.end; i++) {
      const id = ver < 1 ? readU16BE(b, at) : readU32BE(b, at);
      at += ver < 1 ? 2 : 4;
      const n = b[at++];
      for (let j = 0; j < n; j++) {
        const index = big ? readU16BE(b, at) & 0x7fff : b[at] & 0x7f;
        at += big ? 2 : 1;
        const prop = props[index - 1];
        const item = items.get(id);
        if (prop?.type === 'auxC' && item) item.auxType = cString(b, prop.start + 4, prop.end).text;
      }
    }
  }
}

/** An item's bytes (its extents joined), checked against the file's size. */
export function itemBytes(b: Uint8Array, item: HeifItem, what: string): Uint8Array {
  const total = item.extents.reduce((n, e) => n + e.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const e of item.extents) {
    if (e.offset + e.length > b.length) fail(`${what}: item ${item.id} lies at bytes ${e.offset}…${e.offset + e.length}, past the end of the ${b.length}-byte file; the file is truncated.`);
    out.set(b.subarray(e.offset, e.offset + e.length), at);
    at += e.length;
  }
  return out;
}
