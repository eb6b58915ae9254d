// CIPA DC-007 Multi-Picture Format: the APP2 "MPF" index that locates the images stored after the primary JPEG
// (Apple puts its disparity map and portrait matte there).
import { ascii } from './bytes.js';
import type { Segment } from './jpeg-segments.js';

export interface MpfEntry {
  /** Absolute offset in the file (MPF offsets are relative to the MPF header; the first image's is 0). */
  offset: number;
  size: number;
}

export function mpfEntries(b: Uint8Array, segments: Segment[]): MpfEntry[] {
  const seg = segments.find((s) => s.marker === 0xe2 && ascii(b, s.start, 4) === 'MPF\0');
  if (!seg) return [];
  const base = seg.start + 4;
  if (base + 8 > seg.end) return [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = ascii(b, base, 2) === 'II';
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const ifd = base + u32(base + 4);
  if (ifd + 2 > seg.end) return [];
  const count = u16(ifd);
  let entriesAt = -1;
  let entriesLen = 0;
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > seg.end) return [];
    if (u16(e) === 0xb002) { // MPEntry: 16 bytes per image
      entriesLen = u32(e + 4);
      entriesAt = base + u32(e + 8);
    }
  }
  if (entriesAt < 0 || entriesAt + entriesLen > seg.end) return [];
  const out: MpfEntry[] = [];
  for (let at = entriesAt; at + 16 <= entriesAt + entriesLen; at += 16) {
    const size = u32(at + 4);
    const rel = u32(at + 8);
    out.push({ offset: rel === 0 ? 0 : base + rel, size });
  }
  return out;
}
