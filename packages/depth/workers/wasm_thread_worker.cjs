// One pthread of TF.js's threaded WASM build, started by Node's worker_threads (see src/node/wasm_threads.ts).
// TF.js's worker script expects to be started from a Blob URL and to load the Emscripten module from another Blob;
// Node can do neither, so this file gives the script the CommonJS globals it reads and the module's file path.
'use strict';
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
const modulePath = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

globalThis.require = require;
globalThis.__filename = __filename;
URL.createObjectURL = () => modulePath;
URL.revokeObjectURL = () => {};
// TF.js turns newlines into "\n" escapes before making its Blob: the script's string literals hold raw ones.
(0, eval)(wasmWorkerContents.replace(/\n/g, '\\n'));
