// XMP metadata through exifr: it reassembles extended XMP (chunks by GUID and offset) and reads both RDF forms
// (attributes and elements). The result groups properties by namespace prefix: { GDepth: { Near, Far, … }, … }.
import * as exifrModule from 'exifr';
import { fail } from './errors.js';

// Node loads exifr's CommonJS build (everything on its default export), bundlers its ES build (named exports, a
// default without `sidecar`): take each function from wherever this build has it.
const exifr = {
  parse: exifrModule.parse ?? exifrModule.default.parse,
  sidecar: exifrModule.sidecar ?? exifrModule.default.sidecar,
};

// exifr's output is untyped JSON-like data; readers check every field they use.
export type XmpTree = Record<string, any>;

/** Standard + extended XMP of a JPEG; {} when it has none. */
export async function jpegXmp(bytes: Uint8Array, what: string): Promise<XmpTree> {
  try {
    const out = await exifr.parse(bytes, {
      tiff: false, xmp: true, multiSegment: true, mergeOutput: false, jfif: false, icc: false, iptc: false, ihdr: false,
    });
    return (out as XmpTree | undefined) ?? {};
  } catch (e) {
    return fail(`${what}: its XMP metadata could not be parsed (${(e as Error).message}); the file is damaged.`);
  }
}

/** A bare XMP packet (e.g. a HEIF `mime` item). */
export async function xmpFromPacket(bytes: Uint8Array, what: string): Promise<XmpTree> {
  try {
    return ((await exifr.sidecar(bytes, { mergeOutput: false }, 'xmp')) as XmpTree | undefined) ?? {};
  } catch (e) {
    return fail(`${what}: its XMP packet could not be parsed (${(e as Error).message}); the file is damaged.`);
  }
}

/** A number from an XMP field, or a clear error naming the field. */
export function xmpNumber(value: unknown, field: string, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${what}: ${field} is missing or not a number (${String(value)}); the file's metadata is incomplete.`);
  return n;
}

export function optionalNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}
