// Which encoded images Node decodes, told from the file's first bytes (never from a name or from sharp's guess).

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif';

/** A decode that runs longer is stopped: with the format and pixel bounds, a real photo takes well under a second. */
export const DECODE_TIMEOUT_SECONDS = 20;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/**
 * The format the signature names, or why the bytes are refused. Formats sharp can open through heavy renderers or
 * loaders (SVG via librsvg, PDF, HEIC, JPEG 2000/XL, raw camera files, …) are not decoded: an SVG filter can keep a
 * renderer busy for hours, and none of them is a photo format a phone or camera writes for sharing.
 */
export function sniffFormat(bytes: Uint8Array): ImageFormat | { problem: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*') return 'tiff';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    return { problem: `an ISO media file of brand "${brand.replace(/[^\x20-\x7e]/g, '?')}" (HEIC or video?), not an AVIF image` };
  }
  const head = ascii(bytes, 0, Math.min(bytes.length, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.startsWith('<!doctype svg')) {
    return { problem: 'SVG images are not accepted (they are drawn, not decoded, and a crafted one can take hours)' };
  }
  if (head.startsWith('%pdf')) return { problem: 'PDF documents are not accepted' };
  return { problem: 'the file signature is not that of a JPEG, PNG, WebP, AVIF, GIF or TIFF image' };
}
