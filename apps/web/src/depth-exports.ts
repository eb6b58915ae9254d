// Downloads in the formats people share 3D photos in: Dynamic Depth JPEG, the Facebook pair, RGB-D, PLY, and
// stereo renders (side-by-side, anaglyph still and GIF, Looking Glass quilt) of the 3D photo on screen.
import { depthPhotoFromDistances, writeDynamicDepthJpeg, writeFacebookPair, writePly, writeRgbdPng, type DepthPhoto } from '@relief/formats';
import { anaglyph, anaglyphGif, quilt, quiltFileSuffix, sideBySide, type Photo3DInput, type Photo3DLayers, type RgbaImage } from '@relief/photo3d';

export const DEPTH_EXPORTS = ['dynamic-depth', 'facebook', 'rgbd', 'ply', 'sbs', 'cross', 'anaglyph', 'anaglyph-gif', 'quilt'] as const;
export type DepthExportKind = (typeof DEPTH_EXPORTS)[number];

export function isDepthExport(kind: string): kind is DepthExportKind {
  return (DEPTH_EXPORTS as readonly string[]).includes(kind);
}

/** Looking Glass Portrait: 8 × 6 views of 420 × 560. */
const QUILT = { columns: 8, rows: 6, width: 420, height: 560 };

export interface DepthExportSubject {
  name: string;
  bitmap: ImageBitmap;
  /** The photo's own depth, when it came with one. */
  depthPhoto?: DepthPhoto;
  /** What the 3D photo on screen was built from (an estimate, when there is no depthPhoto). */
  input: Photo3DInput;
  layers: Photo3DLayers;
  /** Long side of each rendered view, and the GIF's frame rate and loop length. */
  longSide: number;
  fps: number;
  seconds: number;
}

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

async function jpegOf(bitmap: ImageBitmap): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
}

async function pngOf(img: RgbaImage): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** The files one download button produces (the Facebook pair is two). */
export async function depthExport(kind: DepthExportKind, s: DepthExportSubject): Promise<ExportFile[]> {
  const { input } = s;
  // The writers take the photo at the bitmap's size (the page's working copy) with the file's or the estimate's depth.
  const image = { data: new Uint8ClampedArray(input.image.data), width: input.image.width, height: input.image.height };
  const photo: DepthPhoto = s.depthPhoto
    ? { ...s.depthPhoto, image, intrinsics: undefined }
    : depthPhotoFromDistances(image, { data: input.depth, width: input.depthWidth, height: input.depthHeight }, input.mask);
  const scale = s.longSide / Math.max(image.width, image.height);
  const view = { width: Math.max(2, Math.round(image.width * scale)), height: Math.max(2, Math.round(image.height * scale)) };
  const n = s.name;
  switch (kind) {
    case 'dynamic-depth': return [{ name: `${n}.dynamic-depth.jpg`, bytes: writeDynamicDepthJpeg(photo, { jpeg: await jpegOf(s.bitmap) }), mime: 'image/jpeg' }];
    case 'facebook': {
      const pair = writeFacebookPair(photo, { jpeg: await jpegOf(s.bitmap) });
      return [{ name: `${n}.jpg`, bytes: pair.image, mime: 'image/jpeg' }, { name: `${n}_depth.png`, bytes: pair.depth, mime: 'image/png' }];
    }
    case 'rgbd': return [{ name: `${n}.rgbd.png`, bytes: writeRgbdPng(photo), mime: 'image/png' }];
    case 'ply': return [{ name: `${n}.ply`, bytes: writePly(photo, { mesh: true }), mime: 'application/octet-stream' }];
    case 'sbs': return [{ name: `${n}.sbs.png`, bytes: await pngOf(sideBySide(s.layers, view)), mime: 'image/png' }];
    case 'cross': return [{ name: `${n}.cross.png`, bytes: await pngOf(sideBySide(s.layers, { ...view, crossEyed: true })), mime: 'image/png' }];
    case 'anaglyph': return [{ name: `${n}.anaglyph.png`, bytes: await pngOf(anaglyph(s.layers, view)), mime: 'image/png' }];
    case 'anaglyph-gif': return [{ name: `${n}.anaglyph.gif`, bytes: anaglyphGif(s.layers, { ...view, fps: Math.min(s.fps, 15), seconds: s.seconds }), mime: 'image/gif' }];
    case 'quilt': return [{ name: `${n}${quiltFileSuffix(QUILT.columns, QUILT.rows, QUILT.width, QUILT.height)}.png`, bytes: await pngOf(quilt(s.layers, QUILT)), mime: 'image/png' }];
  }
}

export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mime }));
  Object.assign(document.createElement('a'), { href: url, download: file.name }).click();
  // The click has handed the blob to the download manager by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
