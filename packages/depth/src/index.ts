// Browser entry. Registers the CPU backend as a fallback; WebGL, WebGPU and WASM load on demand through
// useBackend() (or import them yourself, as with the original package).
import '@tensorflow/tfjs-backend-cpu';

export * from './api.js';
