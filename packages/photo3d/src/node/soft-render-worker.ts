// One software-rendering thread: gets the layers and view once, then draws (and, for a GIF, palette-maps and
// LZW-encodes) whichever loop frames it is asked for.
import type { Palette } from 'gifenc';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeGifFrame, prepareGifFrame } from '../encode-gif.js';
import { SoftRenderer } from '../soft/soft-renderer.js';
import { configure, type SoftWorkerResult, type SoftWorkerSetup, type SoftWorkerTask } from './soft-render-pool.js';

const setup = workerData as SoftWorkerSetup;
const renderer = configure(new SoftRenderer({ width: setup.width, height: setup.height, antialias: setup.antialias }), setup);
let palette: Palette | undefined;

function encode(pixels: Uint8Array, index: number): Uint8Array {
  const gif = setup.gif!;
  const rgba = prepareGifFrame(pixels, setup.width, setup.height, gif.options);
  return encodeGifFrame(rgba, setup.width, setup.height, index, { palette, colors: gif.colors, delays: gif.delays });
}

function reply(result: SoftWorkerResult): void {
  const transfer = [result.pixels?.buffer, result.block?.buffer].filter((b) => b !== undefined) as ArrayBuffer[];
  parentPort!.postMessage(result, transfer);
}

parentPort!.on('message', (task: SoftWorkerTask) => {
  if (task.type === 'palette') {
    palette = task.palette;
  } else if (task.type === 'encode') {
    reply({ index: task.index, block: encode(task.pixels, task.index) });
  } else {
    renderer.render(task.index / setup.frames);
    const pixels = renderer.readPixels();
    reply({ index: task.index, pixels: task.pixels ? pixels : undefined, block: task.block ? encode(pixels, task.index) : undefined });
  }
});
