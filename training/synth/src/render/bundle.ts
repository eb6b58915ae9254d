// Bundles the page script (three.js + page/main.ts) in memory with esbuild, which tsx already brings along.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page/main.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
