// Runs inside headless Chromium: builds the 3D photo with the real @relief/photo3d code (the same the web app
// uses) and streams each rendered frame back to the CLI process by POSTing it to the page server.
import { autoAmplitude, createPhoto3D, renderLoop } from '@relief/photo3d';
import { layerOptions, type FrameSpec } from './frame-source.js';

/** What the page is asked to render: the loop's FrameSpec plus where the photo's data is and its sizes. */
export interface RenderSpec extends FrameSpec {
  job: string;
  imageWidth: number;
  imageHeight: number;
  depthWidth: number;
  depthHeight: number;
  hasMask: boolean;
}

async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

const IN_FLIGHT = 4;

async function postFrame(url: string, pixels: Uint8Array): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: pixels as Uint8Array<ArrayBuffer> });
  if (!res.ok) throw new Error(await res.text());
}

async function render(spec: RenderSpec): Promise<number> {
  const base = `/job/${spec.job}`;
  const [image, depth, mask] = await Promise.all([
    fetchBytes(`${base}/image`),
    fetchBytes(`${base}/depth`),
    spec.hasMask ? fetchBytes(`${base}/mask`) : undefined,
  ]);
  const { look } = spec;
  const canvas = new OffscreenCanvas(spec.width, spec.height);
  const view = await createPhoto3D(canvas, {
    image: { data: new Uint8Array(image), width: spec.imageWidth, height: spec.imageHeight },
    depth: new Float32Array(depth),
    depthWidth: spec.depthWidth,
    depthHeight: spec.depthHeight,
    mask: mask && new Float32Array(mask),
    depthUnits: 'raw',
  }, { ...layerOptions(spec), path: spec.path, period: spec.seconds, cameraZ: look.cameraZ, background: look.background, wireframe: look.wireframe });
  if (look.amplitude === 'auto') await view.update({ amplitude: autoAmplitude(view.layers, spec.path, { aspect: spec.width / spec.height, cameraZ: look.cameraZ }) });
  else await view.update({ amplitude: look.amplitude });
  // Up to IN_FLIGHT frames travel while the next ones render; the server puts them back in order.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  try {
    const timing = await renderLoop(view.renderer, { width: spec.width, height: spec.height, fps: spec.fps, duration: spec.seconds }, async (frame) => {
      if (failure !== undefined) throw failure;
      const sent: Promise<void> = postFrame(`${base}/frame?i=${frame.index}`, view.renderer.readPixels())
        .catch((err: unknown) => { failure ??= err; })
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    });
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return timing.frames;
  } finally {
    view.dispose();
  }
}

(globalThis as unknown as { reliefRender: typeof render }).reliefRender = render;
