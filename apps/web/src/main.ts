import { DEFAULT_AMPLITUDE, DEFAULT_FOV_DEGREES, DEFAULT_TEAR_THRESHOLD, type CameraPathKind } from '@relief/photo3d';
import { byId } from './dom.ts';
import { bindRangeOutputs, linkDepthRange, readSettings, setSlider, type Settings } from './settings.ts';
import { DepthEngine, bundledModelIsPlaceholder, hasWebGpu, type AppBackend } from './depth-engine.ts';
import { webglIsSoftware } from './webgl-probe.ts';
import { loadPhoto, PhotoError, type LoadedPhoto } from './photo-input.ts';
import { depthInRange, estimatePhoto, type DepthResult } from './photo-pipeline.ts';
import { depthLabel, depthPhotoFov, loadDepthPhoto, resultFromDepthPhoto } from './depth-photo.ts';
import { drawDepth, drawMask } from './colormap.ts';
import { View3D } from './view3d.ts';
import { bindMotionReadout } from './motion-readout.ts';
import { bindPortrait } from './portrait.ts';
import { bindExports } from './exporter.ts';
import { bindGifEstimate } from './gif-size-readout.ts';
import { LiveDepth, webcamErrorText } from './live-depth.ts';
import { bindExamples, EXAMPLES, fetchExample, type Example } from './examples.ts';
import { errorText, showError, showNotes, type Note } from './messages.ts';
import { installTestHooks } from './test-hooks.ts';
import { registerServiceWorker } from './offline.ts';

interface Current {
  name: string;
  photo: LoadedPhoto;
  result: DepthResult;
}

const engine = new DepthEngine();
const view3d = new View3D(byId('view3d'));
const backendSelect = byId<HTMLSelectElement>('backend');
let current: Current | undefined;
let generation = 0;
// Set by startBackend, which main() calls before anything awaits it.
let engineReady!: Promise<AppBackend>;
/** Asks for a new GIF size estimate (after a photo is shown or an export ends). */
const refreshGifEstimate = bindGifEstimate(
  () => current && { view: view3d.view, width: current.result.width, height: current.result.height },
  readSettings,
);

/** 'loading' | 'busy' | 'ready' | 'error' on <body>: for styling, and for tests to wait on. */
const setState = (state: string): void => { document.body.dataset.state = state; };
/** The "Use the depth stored in depth photos" switch. */
const useEmbedded = (): boolean => byId<HTMLInputElement>('use-embedded').checked;

function drawPanels(result: DepthResult): void {
  const { photo, width, height, depth, mask } = result;
  const input = byId<HTMLCanvasElement>('input-canvas');
  [input.width, input.height] = [width, height];
  input.getContext('2d')!.drawImage(photo, 0, 0);
  drawMask(byId('mask-canvas'), photo, mask ?? new Float32Array(width * height), width, height);
  drawDepth(byId('depth-canvas'), depth, width, height, mask);
}

/** Depth → panels → 3D photo for one photo; a newer photo arriving meanwhile wins. */
async function showPhoto(photo: LoadedPhoto): Promise<void> {
  // A new photo would replace the view an export is drawing with (drops bypass the disabled controls).
  if (document.body.dataset.exporting) {
    showError('photo', 'An export is running: wait for it to finish, or press Cancel, then open the photo again.');
    return;
  }
  const gen = ++generation;
  setState('busy');
  try {
    await engineReady;
    const settings = readSettings();
    const embedded = useEmbedded() ? photo.depthPhoto : undefined;
    const result = embedded ? resultFromDepthPhoto(photo.bitmap, embedded) : await estimatePhoto(engine, photo.bitmap, settings);
    if (gen !== generation) return;
    drawPanels(result);
    // For `npm run bench` (web-app): decoded → backend ready → depth on screen.
    performance.mark('relief:depth-shown');
    await view3d.show(result.data, result.width, result.height, settings);
    if (gen !== generation) return;
    if (current && current.photo.bitmap !== photo.bitmap) current.photo.bitmap.close();
    current = { name: photo.name.replace(/\.\w+$/, '') || 'photo', photo, result };
    const all: Note[] = [];
    if (photo.notice) all.push({ kind: 'warn', text: photo.notice });
    if (embedded) all.push({ kind: 'info', text: `Depth: the photo's own (${depthLabel(embedded)}), not an estimate.` });
    else if (photo.depthPhoto) all.push({ kind: 'info', text: 'Depth: estimated (the photo carries its own depth; tick “Use the depth stored” to use it).' });
    if (!result.mask && !embedded) {
      all.push({ kind: 'warn', text: 'No person found in this photo, so there is no person mask: the 3D photo is made from whole-image depth instead.' });
    }
    showNotes('photo', all);
    document.body.dataset.photo = current.name;
    setState('ready');
    refreshGifEstimate();
  } catch (error) {
    if (gen !== generation) return;
    showError('photo', errorText(error));
    setState(current ? 'ready' : 'error');
  }
}

// Examples set their true FOV; a user's photo after one goes back to the default (a user's own choice stays).
let fovFromExample = false;
/** Whether the user has opened a photo of their own (the page then never reloads by itself). */
let ownPhotoOpened = false;

async function openFile(file: Blob, name?: string, example?: Example): Promise<void> {
  if (example) setSlider('fov', example.fovDegrees);
  else if (fovFromExample) setSlider('fov', DEFAULT_FOV_DEGREES);
  fovFromExample = example !== undefined;
  if (!example) ownPhotoOpened = true;
  try {
    const label = name ?? (file as File).name ?? 'photo';
    const embedded = await loadDepthPhoto(file, label);
    const fov = embedded.photo?.depthPhoto && depthPhotoFov(embedded.photo.depthPhoto);
    if (fov) setSlider('fov', Math.round(fov));
    const photo = embedded.photo ?? await loadPhoto(file, name).catch((error: unknown) => {
      // A depth photo whose depth is damaged and whose image this browser cannot decode (HEIC): say both.
      if (error instanceof PhotoError && embedded.notice) throw new PhotoError(`${embedded.notice.replace(/ Its depth is estimated instead\.$/, '')} ${error.message}`);
      throw error;
    });
    if (embedded.notice) photo.notice = [photo.notice, embedded.notice].filter(Boolean).join(' ');
    performance.mark('relief:photo-decoded');
    await showPhoto(photo);
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    showError('photo', error.message);
    setState(current ? 'ready' : 'error');
  }
}

function bindPhotoInput(): void {
  const file = byId<HTMLInputElement>('file');
  file.addEventListener('change', () => {
    if (file.files?.[0]) void openFile(file.files[0]);
    file.value = '';
  });
  const drop = byId('drop');
  window.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  window.addEventListener('dragleave', () => drop.classList.remove('over'));
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const dropped = e.dataTransfer?.files[0];
    if (dropped) void openFile(dropped);
  });
}

// Depth-range changes re-range the depth panel (a new estimate only for depth a photo carried itself); everything
// else is a photo3d update (which rebuilds layers only when geometry options change).
let applyTimer = 0;
let applied: Settings = readSettings();
function bindSettings(): void {
  const form = byId<HTMLFormElement>('controls-form');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', () => {
    clearTimeout(applyTimer);
    applyTimer = window.setTimeout(() => {
      const next = readSettings();
      const depthChanged = next.minDepth !== applied.minDepth || next.maxDepth !== applied.maxDepth;
      applied = next;
      if (!current) return;
      // Min/max depth only re-range the depth panel and PNG (the 3D photo uses the full depth): a remap, no estimate.
      if (depthChanged && current.result.fullDepth) {
        current.result.depth = depthInRange(current.result.fullDepth, next);
        drawPanels(current.result);
      } else if (depthChanged) void showPhoto(current.photo);
      else view3d.apply(next).catch((error: unknown) => showError('photo', errorText(error)));
    }, 120);
  });
}

function startBackend(wanted: AppBackend): void {
  setState('loading');
  engineReady = engine.start(wanted);
  engineReady.then((got) => {
    performance.mark('relief:backend-ready');
    backendSelect.value = got;
    showNotes('backend', got === wanted ? [] : [{ kind: 'warn', text: `${wanted.toUpperCase()} is not available in this browser; using ${got.toUpperCase()}.` }]);
    if (current) void showPhoto(current.photo);
    else if (generation === 0) setState('ready');
  }, (error: unknown) => {
    showError('backend', errorText(error));
    setState('error');
  });
}

function bindBackend(): void {
  const webgpu = backendSelect.querySelector<HTMLOptionElement>('option[value="webgpu"]')!;
  if (!hasWebGpu()) {
    webgpu.disabled = true;
    webgpu.textContent = 'WebGPU (not in this browser)';
  }
  backendSelect.addEventListener('change', () => startBackend(backendSelect.value as AppBackend));
}

function bindLatency(live: LiveDepth): void {
  const out = byId<HTMLOutputElement>('latency');
  const liveOut = byId<HTMLOutputElement>('live-stats');
  setInterval(() => {
    const { fps, renderer } = view3d.stats();
    const depthMs = current ? `${current.result.milliseconds.toFixed(0)} ms` : '—';
    out.value = `${engine.backend?.toUpperCase() ?? '…'} · depth ${depthMs} · 3D ${fps.toFixed(0)} FPS (${renderer})`;
    if (live.active) {
      const hint = live.personShare < 0.005 ? ' · no person in view: untick “Person only” for whole-frame depth' : '';
      liveOut.value = `${live.fps()} FPS · ${live.frameMs.toFixed(0)} ms per frame (depth + smoothing + colormap) · scene cuts ${live.sceneCuts}${hint}`;
    }
  }, 500);
  byId<HTMLButtonElement>('measure').addEventListener('click', async () => {
    if (!current) return;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const map = await engine.estimate(current.photo.bitmap, readSettings(), { skipSegmentation: !current.result.mask });
      await map.toFloat32Array();
      map.dispose();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    showNotes('latency', [{ kind: 'info', text: `Depth on ${engine.backend?.toUpperCase()}: ${mean.toFixed(1)} ms mean, ${times[5].toFixed(1)} ms median over 10 runs at ${current.result.width}×${current.result.height} (segmentation + depth + read-back).` }]);
  });
}

function bindWebcam(live: LiveDepth): void {
  const section = byId('live');
  live.onError = (error) => {
    showError('webcam', `Live depth stopped: ${errorText(error)}`);
    view3d.play();
    section.hidden = true;
  };
  byId('webcam').addEventListener('click', async () => {
    section.hidden = false;
    try {
      await engineReady;
      await live.start();
      // The live view is what the user watches now: give it the GPU/CPU time the 3D animation would take.
      view3d.pause();
      document.body.dataset.live = 'on';
    } catch (error) {
      section.hidden = true;
      showError('webcam', webcamErrorText(error));
    }
  });
  byId('live-stop').addEventListener('click', () => {
    live.stop();
    view3d.play();
    section.hidden = true;
    delete document.body.dataset.live;
  });
  byId('live-segment').addEventListener('change', () => live.resetAverage());
  byId('live-capture').addEventListener('click', async () => {
    if (!live.active) return;
    ownPhotoOpened = true;
    void showPhoto({ bitmap: await live.capture(), name: 'webcam' });
  });
}

/** Slider defaults come from photo3d, so the page starts where the library's defaults are. */
function initDefaults(): void {
  setSlider('fov', DEFAULT_FOV_DEGREES);
  setSlider('tear-threshold', DEFAULT_TEAR_THRESHOLD);
  setSlider('radius', DEFAULT_AMPLITUDE.circle);
  // Each path has its own sensible motion size (a dolly moves much further than a circle).
  const path = byId<HTMLSelectElement>('path');
  path.addEventListener('input', () => setSlider('radius', DEFAULT_AMPLITUDE[path.value as CameraPathKind]));
}

async function main(): Promise<void> {
  setState('loading');
  registerServiceWorker(() => !ownPhotoOpened && !document.body.dataset.exporting && !document.body.dataset.live);
  bindRangeOutputs();
  initDefaults();
  linkDepthRange();
  bindBackend();
  bindPhotoInput();
  bindSettings();
  const live = new LiveDepth(engine, byId('live-video'), byId('live-depth'), () => {
    const s = readSettings();
    return { range: s, segment: byId<HTMLInputElement>('live-segment').checked, smoothing: Number(byId<HTMLInputElement>('live-smoothing').value) };
  });
  bindLatency(live);
  bindMotionReadout(view3d);
  bindPortrait(view3d, () => current?.name);
  bindWebcam(live);
  bindExports(() => current && {
    view: view3d, name: current.name, width: current.result.width, height: current.result.height, depth: current.result.depth,
    formats: { name: current.name, bitmap: current.photo.bitmap, depthPhoto: useEmbedded() ? current.photo.depthPhoto : undefined, input: current.result.data },
  }, readSettings);
  byId<HTMLInputElement>('use-embedded').addEventListener('change', () => {
    if (current?.photo.depthPhoto) void showPhoto(current.photo);
  });
  bindExamples(openFile);
  installTestHooks(() => current?.result, view3d, live);
  bundledModelIsPlaceholder().then((yes) => { byId('placeholder-banner').hidden = !yes; }, () => {});
  const softwareGl = webglIsSoftware();
  if (softwareGl) {
    const note = byId('backend-note');
    note.textContent = 'WebGL is software here: depth on WASM';
    note.hidden = false;
  }
  startBackend(softwareGl ? 'wasm' : 'webgl');
  try {
    await openFile(await fetchExample(EXAMPLES[0].file), EXAMPLES[0].file, EXAMPLES[0]);
  } catch (error) {
    showError('photo', errorText(error));
  }
}

main().catch((error: unknown) => {
  showError('app', `The app could not start: ${errorText(error)}`);
  setState('error');
});
