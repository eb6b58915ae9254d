/// <reference path="./libheif.d.ts" />
// HEIC pixels through libheif-js (libheif + libde265 compiled to WebAssembly; LGPL-3.0, used unmodified as a
// separate npm package — see NOTICE). Loaded on first use: it is 2 MB that JPEG-only callers never need.
import type { LibHeif } from 'libheif-js/libheif-wasm/libheif-bundle.mjs';
import { checkSize, fail } from './errors.js';
import type { RgbaImage } from './types.js';

let loading: Promise<LibHeif> | undefined;

function libheif(): Promise<LibHeif> {
  loading ??= import('libheif-js/libheif-wasm/libheif-bundle.mjs').then(async (m) => m.default());
  return loading;
}

export interface HeifPlanes {
  primary: RgbaImage;
  /** 8-bit grey planes of the requested auxiliary items, by item id. */
  aux: Map<number, { data: Uint8Array; width: number; height: number }>;
}

/** Decodes the primary image (RGBA) and the given auxiliary items (monochrome), freeing every libheif object. */
export async function decodeHeif(bytes: Uint8Array, auxIds: number[], what: string): Promise<HeifPlanes> {
  const h = await libheif();
  const ctx = h.heif_context_alloc();
  try {
    const err = h.heif_context_read_from_memory(ctx, bytes);
    if (err.code !== h.heif_error_Ok) fail(`${what} could not be read as HEIF (${err.message.trim()}); the file is truncated or damaged.`);
    const primary = decodeHandle(h, h.heif_js_context_get_primary_image_handle(ctx), 'rgba', `${what} (primary image)`);
    const aux = new Map<number, { data: Uint8Array; width: number; height: number }>();
    for (const id of auxIds) aux.set(id, decodeHandle(h, h.heif_js_context_get_image_handle(ctx, id), 'grey', `${what} (item ${id})`));
    return { primary: { data: new Uint8ClampedArray(primary.data.buffer), width: primary.width, height: primary.height }, aux };
  } finally {
    h.heif_context_free(ctx);
  }
}

function decodeHandle(h: LibHeif, handle: unknown, mode: 'rgba' | 'grey', what: string): { data: Uint8Array; width: number; height: number } {
  if (!handle || typeof handle !== 'object' || 'code' in handle) fail(`${what} is missing from the file; it is damaged.`);
  try {
    const img = mode === 'rgba'
      ? h.heif_js_decode_image2(handle, h.heif_colorspace.heif_colorspace_RGB, h.heif_chroma.heif_chroma_interleaved_RGBA)
      : h.heif_js_decode_image2(handle, h.heif_colorspace.heif_colorspace_monochrome, h.heif_chroma.heif_chroma_monochrome);
    if (!('channels' in img) || !img.channels[0]) fail(`${what} could not be decoded (${'message' in img ? img.message.trim() : 'no pixels'}); the file is truncated or damaged.`);
    try {
      const ch = img.channels[0];
      checkSize(what, img.width, img.height);
      const bpp = mode === 'rgba' ? 4 : 1;
      const out = new Uint8Array(img.width * img.height * bpp);
      // libheif pads rows to `stride` bytes.
      for (let y = 0; y < img.height; y++) out.set(ch.data.subarray(y * ch.stride, y * ch.stride + img.width * bpp), y * img.width * bpp);
      return { data: out, width: img.width, height: img.height };
    } finally {
      h.heif_image_release(img.image);
    }
  } finally {
    h.heif_image_handle_release(handle);
  }
}
