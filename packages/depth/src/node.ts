// Node entry: WASM (default) and CPU backends, models from file paths, images from encoded bytes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmFiles } from './backends.js';
import { setPlatform } from './platform.js';
import { fileHandler } from './node/file_handler.js';
import { installWasmThreads } from './node/wasm_threads.js';
import { decodeImage, encodePNG16 } from './node/image_codec.js';
import { exifFocalLength35mm } from './node/exif_focal.js';
import type { ModelSource } from './types.js';

const wasmDir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')), '/');
await setWasmFiles(wasmDir);
installWasmThreads();

function modelHandler(source: ModelSource) {
  if (source instanceof URL) return source.protocol === 'file:' ? fileHandler(fileURLToPath(source)) : source.href;
  if (typeof source !== 'string') return source;
  if (/^https?:\/\//i.test(source)) return source;
  return fileHandler(source.startsWith('file:') ? fileURLToPath(source) : source);
}

setPlatform({ modelHandler, decodeImage, encodePNG16, focalLength35mm: exifFocalLength35mm });

export * from './api.js';
export { setWasmThreads, wasmThreads } from './node/wasm_threads.js';
