// HEIC/HEIF depth photos: the depth (or disparity) map and matte are auxiliary image items linked to the primary by
// `auxl`; Apple describes each in an XMP `mime` item linked by `cdsc`.
import { appleDepthPhoto } from './read-apple.js';
import { decodeHeif } from './heif-decode.js';
import { fail } from './errors.js';
import { heifItems, itemBytes, type HeifItem } from './isobmff.js';
import { xmpFromPacket, type XmpTree } from './xmp.js';
import type { DepthPhoto, ScalarImage } from './types.js';

const DEPTH_AUX = ['urn:mpeg:hevc:2015:auxid:2', 'urn:mpeg:mpegB:cicp:systems:auxiliary:depth'];

export function isHeif(b: Uint8Array): boolean {
  const brand = String.fromCharCode(...b.subarray(8, 12));
  return b.length > 12 && String.fromCharCode(...b.subarray(4, 8)) === 'ftyp' && ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'hevc', 'avif'].includes(brand);
}

export async function readHeic(bytes: Uint8Array, what: string): Promise<DepthPhoto> {
  const items = heifItems(bytes, what);
  const depth = items.find((i) => i.auxType && DEPTH_AUX.includes(i.auxType));
  if (!depth) fail(`${what} has no depth or disparity image (it is a plain HEIF photo); estimate depth instead.`, 'no-depth');
  const matte = items.find((i) => i.auxType?.toLowerCase().includes('portraiteffectsmatte'));
  const xmp = await describingXmp(bytes, items, depth, what);
  const planes = await decodeHeif(bytes, matte ? [depth.id, matte.id] : [depth.id], what);
  const unit = (id: number): ScalarImage => {
    const p = planes.aux.get(id)!;
    return { data: Float32Array.from(p.data, (v) => v / 255), width: p.width, height: p.height };
  };
  // Without Apple XMP a HEIF depth item carries no calibration here: read it as relative depth (0 = near).
  const described = xmp.apdi ? xmp : { apdi: { AuxiliaryImageType: 'depth' } };
  return appleDepthPhoto(planes.primary, unit(depth.id), described, matte ? unit(matte.id) : undefined, 'apple-heic');
}

async function describingXmp(bytes: Uint8Array, items: HeifItem[], target: HeifItem, what: string): Promise<XmpTree> {
  const meta = items.find((i) => i.type === 'mime' && /xml/.test(i.contentType ?? '') && i.refs.get('cdsc')?.includes(target.id));
  return meta ? xmpFromPacket(itemBytes(bytes, meta, what), `${what} (depth XMP)`) : {};
}
