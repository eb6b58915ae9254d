// Chromium (SwiftShader WebGL, WebCodecs) driving the library through a Vite-served page: rendering and exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { decodeMedia, meanAbsDiff, spread } from '../../../test-support/media.ts';
import { openTestPage } from './browser-server.ts';

let opened: Awaited<ReturnType<typeof openTestPage>>;
let page: Page;
const W = 96;
const H = 128;
const FPS = 10;
const SECONDS = 1.2;
const FRAMES = 12;

before(async () => {
  opened = await openTestPage();
  page = opened.page;
  // One view shared by the tests: a 96×128 sphere-bump "person" on stripes, drawn at 2× on a 192×256 canvas.
  await page.evaluate(async () => {
    const canvas = document.getElementById('view') as HTMLCanvasElement;
    const view = await window.photo3d.createPhoto3D(canvas, window.bumpScene(96, 128), { path: 'circle', amplitude: 0.08 });
    (window as unknown as { view: unknown }).view = view;
  });
});

after(async () => {
  await opened?.close();
});

type View = import('../src/index.js').Photo3DView;
const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** Runs `fn(view)` in the page; Uint8Array results come back through base64. */
async function inPage<T>(fn: string): Promise<T> {
  return page.evaluate(`(async () => {
    const view = window.view;
    const b64 = (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return btoa(s); };
    return (${fn})(view, b64);
  })()`) as Promise<T>;
}

test('renders a 3D photo: not blank, and two camera positions give different images', async () => {
  const shots = await inPage<string[]>(`async (view, b64) => {
    view.render(0); const a = view.renderer.readPixels();
    view.render(0.5); const b = view.renderer.readPixels();
    return [b64(a), b64(b), view.renderer.canvas.toDataURL('image/png')];
  }`);
  const [a, b] = shots.slice(0, 2).map(fromBase64);
  assert.equal(a.length, 192 * 256 * 4);
  assert.ok(spread(a, 4) > 20, `frame looks blank (spread ${spread(a, 4)})`);
  const diff = meanAbsDiff(a, b, 4, 4);
  assert.ok(diff > 3, `camera positions 0 and 0.5 look the same (mean diff ${diff})`);
  // The background layer is drawn behind: no black (cleared) pixels anywhere.
  let black = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] + a[i + 1] + a[i + 2] < 30) black++;
  assert.equal(black, 0, `${black} pixels show no layer at all`);
  if (process.env.PHOTO3D_SHOTS) writeFileSync(`${process.env.PHOTO3D_SHOTS}/photo3d-render.png`, Buffer.from(shots[2].split(',')[1], 'base64'));
});

test('wireframe and colour background options change what is drawn', async () => {
  const [plain, wire, coloured] = (await inPage<string[]>(`async (view, b64) => {
    const out = [];
    view.render(0); out.push(b64(view.renderer.readPixels()));
    await view.update({ wireframe: true }); view.render(0); out.push(b64(view.renderer.readPixels()));
    await view.update({ wireframe: false, background: '#ff00ff' }); view.render(0); out.push(b64(view.renderer.readPixels()));
    await view.update({ background: 'layer' });
    return out;
  }`)).map(fromBase64);
  assert.ok(meanAbsDiff(plain, wire, 4, 4) > 5);
  // Top-left corner: magenta instead of the background layer.
  assert.deepEqual([...coloured.subarray(0, 3)], [255, 0, 255]);
  assert.notDeepEqual([...plain.subarray(0, 3)], [255, 0, 255]);
});

function checkLoop(frames: Uint8Array[], label: string): void {
  const steps = frames.slice(1).map((f, i) => meanAbsDiff(frames[i], f));
  const closing = meanAbsDiff(frames[frames.length - 1], frames[0]);
  const across = meanAbsDiff(frames[0], frames[frames.length >> 1]);
  console.log(`# ${label}: last→first ${closing.toFixed(2)}, steps ${Math.min(...steps).toFixed(2)}–${Math.max(...steps).toFixed(2)}, half loop ${across.toFixed(2)}`);
  // The last frame is one ordinary step before the first: the loop closes without a jump.
  assert.ok(closing <= 1.5 * Math.max(...steps), `${label}: last→first ${closing.toFixed(2)} vs steps up to ${Math.max(...steps).toFixed(2)}`);
  assert.ok(closing > 0.25 * Math.min(...steps), `${label}: the last frame repeats the first (a stutter at the seam)`);
  assert.ok(closing < across / 2, `${label}: last→first ${closing.toFixed(2)} not close compared with half a loop ${across.toFixed(2)}`);
}

test('GIF export: exact frame count, size and duration, first frame = the rendered start, loop closes, progress reported', async () => {
  const result = await inPage<{ gif: string; start: string; progress: number[] }>(`async (view, b64) => {
    const progress = [];
    const gif = await view.exportGif({ width: ${W}, height: ${H}, fps: ${FPS}, duration: ${SECONDS}, onProgress: (p) => progress.push(p.fraction) });
    view.renderer.setSize(${W}, ${H}); view.render(0); const start = view.renderer.readPixels(); view.renderer.setSize(192, 256);
    return { gif: b64(gif), start: b64(start), progress };
  }`);
  const gif = decodeMedia(fromBase64(result.gif), 'gif');
  assert.equal(gif.codec, 'gif');
  assert.deepEqual([gif.width, gif.height, gif.frames.length], [W, H, FRAMES]);
  assert.ok(Math.abs(gif.duration - SECONDS) < 0.011, `duration ${gif.duration}`);
  const err = meanAbsDiff(gif.frames[0], fromBase64(result.start), 3, 4);
  assert.ok(err < 8, `first GIF frame differs from the rendered phase-0 frame by ${err}`);
  checkLoop(gif.frames, 'gif');
  assert.equal(result.progress.at(-1), 1);
  assert.ok(result.progress.every((p, i) => i === 0 || p >= result.progress[i - 1]));
});

for (const renderer of ['webgl', 'software'] as const) {
  test(`WebM export (VP9/VP8, ${renderer}): exact frame count, size and duration, loop closes`, async () => {
    const b64 = await inPage<string>(`async (view, b64) => b64(await view.exportVideo({ format: 'webm', width: ${W}, height: ${H}, fps: ${FPS}, duration: ${SECONDS}, renderer: '${renderer}' }))`);
    const webm = decodeMedia(fromBase64(b64), 'webm');
    assert.match(webm.codec, /^vp[89]$/);
    assert.deepEqual([webm.width, webm.height, webm.frames.length], [W, H, FRAMES]);
    assert.ok(Math.abs(webm.duration - SECONDS) < 0.05, `duration ${webm.duration}`);
    checkLoop(webm.frames, `webm ${renderer}`);
  });
}

test('MP4 export: H.264 where this Chromium can encode it, else a clear error', async () => {
  const r = await inPage<{ ok?: string; error?: string }>(`async (view, b64) => {
    try { return { ok: b64(await view.exportVideo({ format: 'mp4', width: ${W}, height: ${H}, fps: ${FPS}, duration: ${SECONDS} })) }; }
    catch (e) { return { error: e.message }; }
  }`);
  if (r.error !== undefined) {
    assert.match(r.error, /cannot encode H\.264.*Export WebM instead, or make the MP4 with the relief CLI/);
    return;
  }
  const mp4 = decodeMedia(fromBase64(r.ok!), 'mp4');
  console.log(`# mp4: ${mp4.codec} ${mp4.width}×${mp4.height}, ${mp4.frames.length} frames, ${mp4.duration} s`);
  assert.equal(mp4.codec, 'h264');
  assert.deepEqual([mp4.width, mp4.height, mp4.frames.length], [W, H, FRAMES]);
  await assert.rejects(inPage(`async (view) => view.exportVideo({ format: 'mp4', width: 95, height: 128 })`), /even width and height/);
});

for (const renderer of ['webgl', 'software'] as const) {
  test(`cancelling an export (${renderer}) rejects with AbortError and leaves the view usable at its size`, async () => {
    const r = await inPage<{ name: string; frames: number; size: number[] }>(`async (view) => {
      const ctrl = new AbortController();
      let frames = 0;
      let name = 'none';
      try {
        await view.exportGif({ width: ${W}, height: ${H}, fps: 30, duration: 4, renderer: '${renderer}', signal: ctrl.signal,
          onProgress: (p) => { frames = p.done; if (p.done === 3) ctrl.abort(); } });
      } catch (e) { name = e.name; }
      view.render(0.1);
      return { name, frames, size: [view.renderer.width, view.renderer.height] };
    }`);
    assert.equal(r.name, 'AbortError');
    assert.equal(r.frames, 3, 'stopped right after the abort');
    assert.deepEqual(r.size, [192, 256]);
  });
}

test('software GIF export (Web Workers): asked frames and size, ≈ the WebGL export frame by frame; auto picks it on SwiftShader', async () => {
  const r = await inPage<{ soft: string; gl: string; auto: string; used: string[]; driver: string; progress: number[] }>(`async (view, b64) => {
    const o = { width: 128, height: 128, fps: 8, duration: 1 };
    const used = [];
    const progress = [];
    const soft = await view.exportGif({ ...o, renderer: 'software', onProgress: (p) => progress.push(p.fraction) });
    used.push(view.lastExportRenderer);
    const gl = await view.exportGif({ ...o, renderer: 'webgl' });
    used.push(view.lastExportRenderer);
    const auto = await view.exportGif(o);
    used.push(view.lastExportRenderer);
    return { soft: b64(soft), gl: b64(gl), auto: b64(auto), used, driver: view.renderer.driver, progress };
  }`);
  console.log(`# WebGL driver: ${r.driver}`);
  assert.match(r.driver, /swiftshader/i);
  assert.deepEqual(r.used, ['software', 'webgl', 'software']);
  assert.ok(Buffer.from(r.auto, 'base64').equals(Buffer.from(r.soft, 'base64')), "'auto' wrote the software export's bytes");
  const soft = decodeMedia(fromBase64(r.soft), 'gif');
  const gl = decodeMedia(fromBase64(r.gl), 'gif');
  assert.deepEqual([soft.width, soft.height, soft.frames.length], [128, 128, 8]);
  assert.ok(Math.abs(soft.duration - 1) < 0.011, `duration ${soft.duration}`);
  const diffs = soft.frames.map((f, i) => meanAbsDiff(f, gl.frames[i]));
  const apart = meanAbsDiff(soft.frames[0], gl.frames[4]);
  console.log(`# software vs WebGL GIF frames: mean |diff| ${Math.min(...diffs).toFixed(2)}–${Math.max(...diffs).toFixed(2)}/255, half a loop apart ${apart.toFixed(2)}`);
  assert.ok(Math.max(...diffs) < 6, `frames differ by up to ${Math.max(...diffs).toFixed(2)}/255 per channel`);
  assert.ok(apart > 2 * Math.max(...diffs), 'the comparison tells poses apart');
  checkLoop(soft.frames, 'software gif');
  assert.equal(r.progress.at(-1), 1);
  assert.ok(r.progress.every((p, i) => i === 0 || p > r.progress[i - 1]));
});

test("'auto' falls back to WebGL where workers cannot start or the view has what only WebGL draws; 'software' says why it cannot", async () => {
  const r = await inPage<{ used: string[]; error: string }>(`async (view) => {
    const o = { width: 64, height: 64, fps: 4, duration: 1 };
    const used = [];
    const Real = window.Worker;
    try {
      // A worker script that never loads (as under a Content-Security-Policy without worker-src), then no Worker at all.
      window.Worker = class extends Real { constructor(url, options) { super('/no-such-worker.js', options); } };
      await view.exportGif(o);
      used.push(view.lastExportRenderer);
      window.Worker = class { constructor() { throw new DOMException('refused by the page', 'SecurityError'); } };
      await view.exportGif(o);
      used.push(view.lastExportRenderer);
    } finally {
      window.Worker = Real;
    }
    await view.update({ wireframe: true });
    let error = '';
    try {
      await view.exportGif(o);
      used.push(view.lastExportRenderer);
      await view.exportGif({ ...o, renderer: 'software' });
    } catch (e) { error = e.message; }
    await view.update({ wireframe: false });
    return { used, error };
  }`);
  assert.deepEqual(r.used, ['webgl', 'webgl', 'webgl']);
  assert.match(r.error, /no wireframe\. Export with renderer 'webgl'/);
});

test('GLB export in the browser: binary glTF with the mesh and two PNG textures', async () => {
  const b64 = await inPage<string>(`async (view, b64) => b64(await view.exportGlb())`);
  const glb = fromBase64(b64);
  const header = new DataView(glb.buffer, glb.byteOffset);
  assert.equal(new TextDecoder().decode(glb.subarray(0, 4)), 'glTF');
  assert.equal(header.getUint32(8, true), glb.length);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + header.getUint32(12, true))));
  assert.equal(json.meshes.length, 1);
  assert.deepEqual(json.images.map((i: { mimeType: string }) => i.mimeType), ['image/png', 'image/png']);
  assert.equal(json.materials.find((m: { name: string }) => m.name === 'foreground').alphaMode, 'BLEND');
});

/** Starts a live view on its own 160×160 canvas in the page (`window.live`), with the renderer asked for. */
async function startLive(options: object): Promise<void> {
  await page.evaluate(`(async () => {
    document.getElementById('live')?.remove();
    window.live?.dispose();
    const canvas = document.createElement('canvas');
    canvas.id = 'live';
    canvas.width = canvas.height = 160;
    document.body.append(canvas);
    window.live = await window.photo3d.createPhoto3D(canvas, window.bumpScene(96, 128), ${JSON.stringify(options)});
    window.live.start();
  })()`);
}

/** Waits until the live view has shown `more` frames beyond now (new frames, not the one that was on screen). */
async function liveFrames(more: number): Promise<number> {
  const from = await page.evaluate('window.live.framesShown') as number;
  await page.waitForFunction(`window.live.framesShown >= ${from + more}`, null, { timeout: 20_000 });
  return page.evaluate('window.live.framesShown') as Promise<number>;
}

async function liveShot(): Promise<Uint8Array> {
  return new Uint8Array(await sharp(await page.locator('#live').screenshot()).removeAlpha().raw().toBuffer());
}

test("live view on the software renderer: animates on the canvas, follows the pointer's parallax, stops", async () => {
  await startLive({ liveRenderer: 'software', path: 'circle', amplitude: 0.08, period: 1 });
  assert.equal(await page.evaluate('window.live.liveRenderer'), 'software');
  const shown = await liveFrames(4);
  const a = await liveShot();
  await page.waitForTimeout(250);
  await liveFrames(2);
  const b = await liveShot();
  assert.ok(spread(a) > 20, `live frame looks blank (spread ${spread(a)})`);
  const moved = meanAbsDiff(a, b);
  assert.ok(moved > 1, `the live view does not move (mean diff ${moved.toFixed(2)})`);
  // The parallax path stands still: only the pointer offset, sent with each frame request, moves it.
  await page.evaluate(`(async () => { await window.live.update({ path: 'parallax' }); window.live.setParallax(-1, 0); })()`);
  await liveFrames(3);
  const left = await liveShot();
  await page.evaluate('window.live.setParallax(1, 0)');
  await liveFrames(3);
  const right = await liveShot();
  const parallax = meanAbsDiff(left, right);
  assert.ok(parallax > 1, `parallax does not change the picture (mean diff ${parallax.toFixed(2)})`);
  console.log(`# live software: ${shown} frames to start, moves ${moved.toFixed(2)}, parallax ${parallax.toFixed(2)}`);
  await page.evaluate('window.live.stop()');
  const stopped = await page.evaluate('window.live.framesShown') as number;
  const still = await liveShot();
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate('window.live.framesShown'), stopped, 'no frame after stop()');
  assert.equal(meanAbsDiff(still, await liveShot()), 0);
  // Shown the right way up, in the canvas's colours: what WebGL draws of the same pose.
  await page.evaluate('window.live.render(0)');
  const webgl = meanAbsDiff(right, await liveShot());
  console.log(`# live software vs WebGL, same pose: mean |diff| ${webgl.toFixed(2)}/255`);
  assert.ok(webgl < 6 && webgl < parallax / 3, `the software frame differs from WebGL's by ${webgl.toFixed(2)}/255`);
});

test("live view: 'auto' takes the software renderer on SwiftShader, 'webgl' forces WebGL, and no workers mean WebGL", async () => {
  assert.equal(await inPage<string>(`async (view) => view.liveRenderer`), 'software', "'auto' on SwiftShader");
  const r = await inPage<string[]>(`async (view) => {
    const used = [];
    await view.update({ liveRenderer: 'webgl' }); used.push(view.liveRenderer);
    await view.update({ liveRenderer: 'software', wireframe: true }); used.push(view.liveRenderer);
    await view.update({ liveRenderer: 'auto', wireframe: false });
    return used;
  }`);
  assert.deepEqual(r, ['webgl', 'webgl']);
  await startLive({ liveRenderer: 'webgl' });
  await liveFrames(2);
  assert.equal(await page.evaluate('window.live.liveRenderer'), 'webgl');
  await page.evaluate(`window.RealWorker = window.Worker; window.Worker = class { constructor() { throw new DOMException('refused by the page', 'SecurityError'); } }`);
  try {
    await startLive({ liveRenderer: 'software' });
    await liveFrames(3);
    assert.equal(await page.evaluate('window.live.liveRenderer'), 'webgl', 'back to WebGL where workers cannot start');
  } finally {
    await page.evaluate('window.Worker = window.RealWorker; window.live.dispose()');
  }
});
