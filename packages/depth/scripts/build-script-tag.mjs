// Builds the script-tag file: dist/browser/depth-estimation.js (+ .min.js), which sets the global
// `depthEstimation` like the original's UMD build. It runs on the `tf` global of the TF.js <script> tags loaded before
// it (never a second TF.js), and finds the bundled models at ../../models/ from its own URL: the package's layout, so
// serving the package folder as it is (node_modules/@relief/depth, or a CDN copy of the package) just works.
// Run after `tsc -b` (it bundles dist/index.js): `node packages/depth/scripts/build-script-tag.mjs`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = new URL('..', import.meta.url);
const entry = fileURLToPath(new URL('dist/index.js', pkg));
const outdir = fileURLToPath(new URL('dist/browser/', pkg));

// What the TF.js UMD builds put on `window.tf`: core, converter and the backends' registrations all share it, and
// tfjs-backend-wasm adds `tf.wasm` (setWasmPaths). A backend whose <script> is missing is reported when asked for.
const SCRIPT = {
  core: 'tf-core.min.js',
  converter: 'tf-converter.min.js',
  'backend-webgl': 'tf-backend-webgl.min.js',
  'backend-webgpu': 'tf-backend-webgpu.min.js',
  'backend-wasm': 'tf-backend-wasm.min.js',
};
const missing = (what, name) =>
  `throw new Error(${JSON.stringify(`depth-estimation.js: ${what} is not loaded. Add <script src=".../@tensorflow/tfjs-${name}/dist/${SCRIPT[name]}"></script> before depth-estimation.js (as with @tensorflow-models/depth-estimation: tfjs-core, tfjs-converter, a backend, then this file).`)});`;
const GLOBALS = {
  core: `if (!globalThis.tf || !globalThis.tf.tensor) ${missing('TF.js (the global tf)', 'core')}\nmodule.exports = globalThis.tf;`,
  converter: `if (!globalThis.tf.loadGraphModel) ${missing('tfjs-converter', 'converter')}\nmodule.exports = globalThis.tf;`,
  // Imported for its side effect at start-up (a fallback backend): the tf-core script has no CPU backend, the
  // tf.min.js union bundle has one. Nothing to check.
  'backend-cpu': 'module.exports = globalThis.tf;',
  'backend-webgl': `if (!globalThis.tf.findBackendFactory('webgl')) ${missing('The WebGL backend', 'backend-webgl')}\nmodule.exports = globalThis.tf;`,
  'backend-webgpu': `if (!globalThis.tf.findBackendFactory('webgpu')) ${missing('The WebGPU backend', 'backend-webgpu')}\nmodule.exports = globalThis.tf;`,
  'backend-wasm': `if (!globalThis.tf.wasm) ${missing('The WASM backend', 'backend-wasm')}\nmodule.exports = globalThis.tf.wasm;`,
};

const tfGlobals = {
  name: 'tf-globals',
  setup(b) {
    b.onResolve({ filter: /^@tensorflow\/tfjs-/ }, ({ path }) => {
      const name = path.replace('@tensorflow/tfjs-', '');
      if (!(name in GLOBALS)) return { errors: [{ text: `No TF.js global for ${path}: add it to GLOBALS in build-script-tag.mjs.` }] };
      return { path: name, namespace: 'tf-global' };
    });
    b.onLoad({ filter: /.*/, namespace: 'tf-global' }, ({ path }) => ({ contents: GLOBALS[path], loader: 'js' }));
  },
};

// import.meta.url of dist/index.js, as if the script's folder were dist/browser/ of the package: the entry's
// `new URL('../models/…', import.meta.url)` then lands in the package's models/. Captured while the script runs:
// document.currentScript is null afterwards (in callbacks, after awaits). The wrapper keeps the helper variable off
// `window`; only `depthEstimation` is published.
const banner = `(function () {
var __reliefEntryUrl = (function () {
  var s = typeof document !== 'undefined' && document.currentScript;
  if (!s || !s.src) throw new Error('depth-estimation.js must be loaded with a classic <script src="…"> tag (it finds its models from its own URL).');
  return new URL('../index.js', s.src).href;
})();`;

if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -b packages/depth\` first.`);
for (const minify of [false, true]) {
  await build({
    entryPoints: [entry],
    outfile: `${outdir}depth-estimation${minify ? '.min' : ''}.js`,
    bundle: true,
    format: 'iife',
    globalName: 'depthEstimation',
    platform: 'browser',
    target: 'es2020',
    minify,
    // No source map: the readable build ships beside the minified one, and a map left out of the package would
    // leave a dangling sourceMappingURL for browsers' dev tools to report.
    sourcemap: false,
    legalComments: 'eof',
    banner: { js: `/* @relief/depth script-tag build: sets the global depthEstimation. Apache-2.0. */\n${banner}` },
    footer: { js: 'globalThis.depthEstimation = depthEstimation;\n})();' },
    define: { 'import.meta.url': '__reliefEntryUrl' },
    plugins: [tfGlobals],
    logLevel: 'warning',
  });
}
