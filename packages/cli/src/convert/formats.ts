// The files `relief convert` writes: depth-photo containers from @relief/formats and stereo renders from
// @relief/photo3d, each as bytes for one input.
import { writeDynamicDepthJpeg, writeFacebookPair, writePly, writeRgbdPng, type DepthPhoto } from '@relief/formats';
import { anaglyph, anaglyphGif, buildLayers, quilt, quiltFileSuffix, sideBySide, type Photo3DInput, type Photo3DLayers, type RgbaImage } from '@relief/photo3d';
import sharp from 'sharp';

export const CONVERT_FORMATS = ['dynamic-depth', 'facebook', 'rgbd', 'ply', 'ply-mesh', 'sbs', 'cross', 'anaglyph', 'anaglyph-gif', 'quilt'] as const;
export type ConvertFormat = (typeof CONVERT_FORMATS)[number];

/** Files per format (the Facebook pair is two), named `<stem><suffix>` in folder mode. */
export function outputsOf(format: ConvertFormat, quiltLayout: QuiltLayout): { id: string; suffix: string }[] {
  switch (format) {
    case 'dynamic-depth': return [{ id: format, suffix: '.dynamic-depth.jpg' }];
    // Facebook pairs a photo with `<same name>_depth.png`.
    case 'facebook': return [{ id: 'facebook', suffix: '.facebook.jpg' }, { id: 'facebook-depth', suffix: '.facebook_depth.png' }];
    case 'rgbd': return [{ id: format, suffix: '.rgbd.png' }];
    case 'ply': return [{ id: format, suffix: '.ply' }];
    case 'ply-mesh': return [{ id: format, suffix: '.mesh.ply' }];
    case 'sbs': return [{ id: format, suffix: '.sbs.png' }];
    case 'cross': return [{ id: format, suffix: '.cross.png' }];
    case 'anaglyph': return [{ id: format, suffix: '.anaglyph.png' }];
    case 'anaglyph-gif': return [{ id: format, suffix: '.anaglyph.gif' }];
    case 'quilt': return [{ id: format, suffix: `.quilt${quiltFileSuffix(quiltLayout.columns, quiltLayout.rows, quiltLayout.width, quiltLayout.height)}.png` }];
  }
}

export interface QuiltLayout {
  columns: number;
  rows: number;
  /** One view's size in pixels. */
  width: number;
  height: number;
}

export interface ConvertSettings {
  /** Long side of each rendered view (stereo, anaglyph). */
  size: number;
  quilt: QuiltLayout;
  fovDegrees?: number;
}

const RENDERED = new Set(['sbs', 'cross', 'anaglyph', 'anaglyph-gif', 'quilt']);

/** The bytes of each output id, in order. */
export async function convertOutputs(ids: readonly string[], photo: DepthPhoto, input: Photo3DInput, s: ConvertSettings): Promise<Uint8Array[]> {
  const jpeg = ids.some((id) => id === 'dynamic-depth' || id === 'facebook')
    ? new Uint8Array(await sharp(photo.image.data, { raw: { width: photo.image.width, height: photo.image.height, channels: 4 } }).removeAlpha().jpeg({ quality: 92 }).toBuffer())
    : undefined;
  const layers = ids.some((id) => RENDERED.has(id)) ? await buildLayers(input, { fovDegrees: s.fovDegrees }) : undefined;
  const { width: iw, height: ih } = input.image;
  const scale = s.size / Math.max(iw, ih);
  const view = { width: Math.max(2, Math.round(iw * scale)), height: Math.max(2, Math.round(ih * scale)) };
  const fb = ids.includes('facebook') ? writeFacebookPair(photo, { jpeg }) : undefined;
  const out: Uint8Array[] = [];
  for (const id of ids) {
    switch (id) {
      case 'dynamic-depth': out.push(writeDynamicDepthJpeg(photo, { jpeg })); break;
      case 'facebook': out.push(fb!.image); break;
      case 'facebook-depth': out.push(fb!.depth); break;
      case 'rgbd': out.push(writeRgbdPng(photo)); break;
      case 'ply': out.push(writePly(photo)); break;
      case 'ply-mesh': out.push(writePly(photo, { mesh: true })); break;
      case 'sbs': out.push(await png(sideBySide(layers!, view))); break;
      case 'cross': out.push(await png(sideBySide(layers!, { ...view, crossEyed: true }))); break;
      case 'anaglyph': out.push(await png(anaglyph(layers!, view))); break;
      case 'anaglyph-gif': out.push(anaglyphGif(layers!, { ...view, fps: 15, seconds: 3 })); break;
      case 'quilt': out.push(await png(quilt(layers as Photo3DLayers, s.quilt))); break;
      default: throw new Error(`unknown output ${id}`);
    }
  }
  return out;
}

async function png(img: RgbaImage): Promise<Uint8Array> {
  return new Uint8Array(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).png().toBuffer());
}
