// Which existing files --overwrite may replace: relief's own earlier outputs, never a photo or other image that
// merely sits where an output would go (a photo named `p.depth.png`, a `cat.gif` beside `cat.jpg`).
import sharp from 'sharp';
import { extname } from 'node:path';

/** What relief writes for each image output kind, as sharp's header read reports it. */
const SIGNATURES: Record<string, { format: string; channels?: number; depth?: string; animated?: boolean }> = {
  png16: { format: 'png', channels: 1, depth: 'ushort' },
  png8: { format: 'png', channels: 1, depth: 'uchar' },
  mask: { format: 'png', channels: 1, depth: 'uchar' },
  color: { format: 'png', channels: 4, depth: 'uchar' },
  // `relief blur` writes an RGB still.
  blur: { format: 'png', channels: 3, depth: 'uchar' },
  // A 3D-photo loop has at least 2 frames; a still GIF is not ours.
  gif: { format: 'gif', animated: true },
};

/** Extensions of files that are (or may be) pictures someone keeps: never replaced unless they look like ours. */
const PICTURE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif', '.tif', '.tiff', '.gif', '.heic', '.heif', '.bmp'];

/**
 * Whether the existing file at `path`, where an output of `kind` goes, may be replaced with --overwrite: it reads
 * like relief's own output of that kind (header only), or it is no picture format at all (.npy, .glb, videos).
 */
export async function mayReplace(kind: string, path: string): Promise<boolean> {
  const signature = SIGNATURES[kind];
  if (!signature) return !PICTURE_EXTENSIONS.includes(extname(path).toLowerCase());
  try {
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    return meta.format === signature.format &&
      (signature.channels === undefined || meta.channels === signature.channels) &&
      (signature.depth === undefined || meta.depth === signature.depth) &&
      (signature.animated === undefined || (meta.pages ?? 1) > 1);
  } catch {
    return false;
  }
}
