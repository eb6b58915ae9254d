// Frames from headless Chromium: the page builds the layers and draws them with three.js on SwiftShader WebGL,
// POSTing each frame back; they are handed on strictly in order.
import type { Photo3DInput } from '@relief/photo3d';
import type { RenderPage } from './browser.js';
import type { FrameHandler, FrameSource, FrameSpec } from './frame-source.js';
import type { PageServer } from './page-server.js';

export function chromiumFrames(page: RenderPage, server: PageServer): FrameSource {
  return { encodesGif: false, render: (input, spec, onFrame, { signal }) => renderInPage(page, server, input, spec, onFrame!, signal) };
}

/** The page renders with up to 4 frames in flight; `onFrame` gets them in order (a chromium frame source always has one). */
async function renderInPage(page: RenderPage, server: PageServer, input: Photo3DInput, spec: FrameSpec, onFrame: FrameHandler, signal: AbortSignal): Promise<undefined> {
  const { image } = input;
  const total = Math.round(spec.fps * spec.seconds);
  const id = server.addJob({
    blobs: {
      image: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      depth: bytes(input.depth),
      ...(input.mask ? { mask: bytes(input.mask) } : {}),
    },
    onFrame: inOrder(total, async (frame) => {
      signal.throwIfAborted();
      await onFrame(frame);
    }),
  });
  try {
    await page.render({
      job: id, imageWidth: image.width, imageHeight: image.height, depthWidth: input.depthWidth, depthHeight: input.depthHeight,
      hasMask: input.mask !== undefined, ...spec,
    });
  } finally {
    server.removeJob(id);
  }
  return undefined;
}

/**
 * Frames come over several connections at once; `write` sees them strictly in order, and each POST is answered
 * once its frame is written, so a slow encoder slows the page down instead of piling frames up in memory.
 */
function inOrder(total: number, write: (frame: Buffer) => Promise<void>): (index: number, frame: Buffer) => Promise<void> {
  const written: Promise<void>[] = [];
  const settle: ((err?: unknown) => void)[] = [];
  for (let i = 0; i < total; i++) written.push(new Promise((resolve, reject) => (settle[i] = (err) => (err === undefined ? resolve() : reject(err)))));
  written.forEach((p) => p.catch(() => {})); // Failures reach the page through the POST that carried the frame.
  return async (index, frame) => {
    if (!Number.isInteger(index) || index < 0 || index >= total) throw new Error(`frame index ${index} is outside 0…${total - 1}.`);
    try {
      if (index > 0) await written[index - 1];
      await write(frame);
      settle[index]();
    } catch (err) {
      settle[index](err);
      throw err;
    }
  };
}

function bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
