import { defineConfig } from 'vite';

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: false, open: false },
  preview: { host: '127.0.0.1', port: 4173 },
  optimizeDeps: {
    // Its model URLs are `new URL('../models/…', import.meta.url)`: pre-bundling would move the module away from them.
    exclude: ['@relief/depth'],
    // gifenc's "browser" entry is CommonJS; three and mediabunny are many small modules.
    include: ['gifenc', 'three', 'mediabunny'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
