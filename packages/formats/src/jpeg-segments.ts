// The JPEG marker structure: where segments are, where the first image ends, and building XMP segments.
import { ascii, asciiBytes, concat, readU16BE, utf8 } from './bytes.js';
import { fail } from './errors.js';
import { md5Hex } from './md5.js';

export interface Segment {
  marker: number;
  /** Offset of the payload (after the 2-byte length). */
  start: number;
  end: number;
}

const XMP_ID = 'http://ns.adobe.com/xap/1.0/\0';
const EXT_XMP_ID = 'http://ns.adobe.com/xmp/extension/\0';
/** A segment holds at most 65533 payload bytes; extended-XMP chunks carry a 40-byte header after the id. */
const MAX_PAYLOAD = 65533;
const EXT_CHUNK = MAX_PAYLOAD - EXT_XMP_ID.length - 40;

/**
 * The segments before the first scan, and the offset just past the image's EOI. Entropy-coded data is scanned for
 * the next marker (0xFF not followed by 0x00 or a restart), so progressive JPEGs with several scans work too.
 */
export function jpegLayout(b: Uint8Array, what = 'the JPEG'): { segments: Segment[]; end: number } {
  if (!(b[0] === 0xff && b[1] === 0xd8)) fail(`${what} does not start with a JPEG SOI marker; it is not a JPEG.`);
  const segments: Segment[] = [];
  let at = 2;
  while (at < b.length) {
    if (b[at] !== 0xff) fail(`${what} has a broken marker at byte ${at}; the file is damaged.`);
    const marker = b[at + 1];
    if (marker === 0xff) { at++; continue; }
    if (marker === 0xd9) return { segments, end: at + 2 };
    if (at + 4 > b.length) break;
    const len = readU16BE(b, at + 2);
    if (len < 2 || at + 2 + len > b.length) fail(`${what} has a segment at byte ${at} whose length ${len} runs past the end of the file; the file is truncated.`);
    segments.push({ marker, start: at + 4, end: at + 2 + len });
    at += 2 + len;
    if (marker === 0xda) at = skipEntropy(b, at);
  }
  return fail(`${what} ends without an end-of-image marker (${b.length} bytes); the file is truncated.`);
}

function skipEntropy(b: Uint8Array, at: number): number {
  for (let i = at; i < b.length - 1; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1];
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) return i;
  }
  return b.length;
}

export function app1WithId(b: Uint8Array, segments: Segment[], id: string): Segment[] {
  return segments.filter((s) => s.marker === 0xe1 && ascii(b, s.start, id.length) === id);
}

/** Whether the JPEG carries XMP with the given namespace URI (cheap check before a full parse). */
export function xmpMentions(b: Uint8Array, segments: Segment[], uri: string): boolean {
  return app1WithId(b, segments, XMP_ID).some((s) => new TextDecoder().decode(b.subarray(s.start, s.end)).includes(uri));
}

function segment(marker: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD) throw new Error(`JPEG segment payload of ${payload.length} bytes is over the 65533-byte limit`);
  const head = new Uint8Array([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return concat([head, payload]);
}

/**
 * APP1 segments for a standard XMP packet plus an optional extended one (XMP spec part 3: chunks tagged with the
 * MD5 of the whole extended packet, which the standard packet names in xmpNote:HasExtendedXMP — the caller puts
 * `guid` there, so it is computed first by `extendedXmpGuid`).
 */
export function xmpSegments(standard: string, extended?: string): Uint8Array[] {
  const main = utf8(standard);
  if (XMP_ID.length + main.length > MAX_PAYLOAD) throw new Error(`standard XMP is ${main.length} bytes; it must fit one 64 KB segment`);
  const out = [segment(0xe1, concat([asciiBytes(XMP_ID), main]))];
  if (extended === undefined) return out;
  const ext = utf8(extended);
  const guid = asciiBytes(extendedXmpGuid(extended));
  for (let off = 0; off < ext.length; off += EXT_CHUNK) {
    const head = new Uint8Array(8);
    const view = new DataView(head.buffer);
    view.setUint32(0, ext.length);
    view.setUint32(4, off);
    out.push(segment(0xe1, concat([asciiBytes(EXT_XMP_ID), guid, head, ext.subarray(off, off + EXT_CHUNK)])));
  }
  return out;
}

export function extendedXmpGuid(extended: string): string {
  return md5Hex(utf8(extended)).toUpperCase();
}

/** The JPEG with `inserted` segments after SOI (and after a leading JFIF APP0, which must stay first) and every
 * existing XMP segment removed, so old metadata cannot contradict the new. Bytes after the EOI are dropped. */
export function replaceXmp(jpegBytes: Uint8Array, inserted: Uint8Array[]): Uint8Array {
  const { segments, end } = jpegLayout(jpegBytes, 'the photo to write');
  const isXmp = (s: Segment) => s.marker === 0xe1 && (ascii(jpegBytes, s.start, XMP_ID.length) === XMP_ID || ascii(jpegBytes, s.start, EXT_XMP_ID.length) === EXT_XMP_ID);
  const parts: Uint8Array[] = [jpegBytes.subarray(0, 2)];
  let at = 2;
  const first = segments[0];
  if (first && first.marker === 0xe0) {
    parts.push(jpegBytes.subarray(at, first.end));
    at = first.end;
  }
  parts.push(...inserted);
  for (const s of segments) {
    if (s.end <= at) continue;
    const from = s.start - 4;
    if (from > at) parts.push(jpegBytes.subarray(at, from));
    if (!isXmp(s)) parts.push(jpegBytes.subarray(from, s.end));
    at = s.end;
  }
  parts.push(jpegBytes.subarray(at, end));
  return concat(parts);
}
