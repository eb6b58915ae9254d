import { defineConfig } from 'vite';
import { precachePlugin } from './build/precache-plugin.ts';

// Cross-origin isolation: with it the page may use SharedArrayBuffer, so TF.js's WASM backend loads its threaded
// build (one thread per two logical cores, at most 4). The app loads nothing from other origins. The built app gets
// the same two headers from its service worker (sw/service-worker.js) where the host does not send them.
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Relative URLs everywhere (assets, workers, WASM, models, the service worker), so dist/ works from any folder.
  base: './',
  plugins: [precachePlugin()],
  server: { host: '127.0.0.1', port: 5173, strictPort: false, open: false, headers: isolated },
  preview: { host: '127.0.0.1', port: 4173, headers: isolated },
  optimizeDeps: {
    // Its model URLs are `new URL('../models/…', import.meta.url)`: pre-bundling would move the module away from them.
    exclude: ['@relief/depth'],
    // …so its own imports are listed here, the backends too: they are imported on demand, and one found only then
    // makes Vite re-optimise mid-load (a second tfjs-core, requests answered 504 "Outdated Optimize Dep").
    // gifenc's "browser" entry is CommonJS; three and mediabunny are many small modules.
    include: [
      ...['core', 'converter', 'backend-cpu', 'backend-webgl', 'backend-wasm', 'backend-webgpu'].map(
        (name) => `@relief/depth > @tensorflow/tfjs-${name}`,
      ),
      'gifenc',
      'three',
      'mediabunny',
      // @relief/formats (depth photos): jpeg-js is CommonJS, libheif's bundle is imported on the first HEIC.
      ...['exifr', 'jpeg-js', 'fast-png', 'libheif-js/libheif-wasm/libheif-bundle.mjs'].map((name) => `@relief/formats > ${name}`),
    ],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Not Vite 8's default minifier (Oxc): it rewrites `typeof _scriptDir !== 'undefined' && _scriptDir` in TF.js's
    // threaded WASM factory to `_scriptDir !== void 0 && …`, but TF.js ships that function's source text to its
    // pthread workers, where `_scriptDir` is not declared: every worker throws "e is not defined" and depth never
    // starts once the page is cross-origin isolated. esbuild keeps the `typeof`.
    minify: 'esbuild',
  },
});
