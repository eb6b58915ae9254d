// Encodes one contiguous run of a GIF's frames (palette mapping + LZW) and hands the blocks back.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeGifFrame } from '../encode-gif.js';
import type { GifChunk } from './encode-gif-parallel.js';

const { frames, first, width, height, plan } = workerData as GifChunk;
const blocks = frames.map((rgba, k) => encodeGifFrame(rgba, width, height, first + k, plan));
parentPort!.postMessage(blocks, blocks.map((b) => b.buffer as ArrayBuffer));
