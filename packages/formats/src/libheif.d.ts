// libheif-js ships emscripten typings for its own file layout only; this names the part of the embind API used here.
declare module 'libheif-js/libheif-wasm/libheif-bundle.mjs' {
  interface HeifChannel { data: Uint8Array; stride: number; width: number; height: number; bits_per_pixel: number }
  interface HeifDecoded { image: unknown; width: number; height: number; channels: HeifChannel[] }
  interface HeifError { code: unknown; message: string }
  export interface LibHeif {
    heif_context_alloc(): unknown;
    heif_context_free(ctx: unknown): void;
    heif_context_read_from_memory(ctx: unknown, bytes: Uint8Array): HeifError;
    heif_error_Ok: unknown;
    heif_js_context_get_primary_image_handle(ctx: unknown): unknown;
    heif_js_context_get_image_handle(ctx: unknown, id: number): unknown;
    heif_image_handle_release(handle: unknown): void;
    heif_image_release(image: unknown): void;
    heif_js_decode_image2(handle: unknown, colorspace: unknown, chroma: unknown): HeifDecoded | HeifError;
    heif_colorspace: { heif_colorspace_RGB: unknown; heif_colorspace_monochrome: unknown };
    heif_chroma: { heif_chroma_interleaved_RGBA: unknown; heif_chroma_monochrome: unknown };
  }
  const factory: () => Promise<LibHeif> | LibHeif;
  export default factory;
}
