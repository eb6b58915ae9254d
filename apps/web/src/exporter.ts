import type { ExportProgress } from '@relief/photo3d';
import { byId } from './dom.ts';
import type { View3D } from './view3d.ts';
import type { Settings } from './settings.ts';
import { encodePng16 } from './png16.ts';
import { showNotes, errorText } from './messages.ts';
import { depthExport, isDepthExport, saveFile, type DepthExportKind, type DepthExportSubject } from './depth-exports.ts';
import { exportGifWithin, megabytes, withRenderer, type GifEstimate } from './gif-budget.ts';

export type ExportKind = 'gif' | 'webm' | 'mp4' | 'glb' | 'depth' | DepthExportKind;

export interface ExportSubject {
  view: View3D;
  name: string;
  width: number;
  height: number;
  depth: Float32Array;
  /** For the 3D-photo formats (Dynamic Depth, Facebook, stereo, …): the layers come from the view on screen. */
  formats: Omit<DepthExportSubject, 'layers' | 'longSide' | 'fps' | 'seconds'>;
}

const EXTENSION: Record<Exclude<ExportKind, DepthExportKind>, string> = { gif: 'gif', webm: 'webm', mp4: 'mp4', glb: 'glb', depth: 'png' };
const MIME: Record<Exclude<ExportKind, DepthExportKind>, string> = { gif: 'image/gif', webm: 'video/webm', mp4: 'video/mp4', glb: 'model/gltf-binary', depth: 'image/png' };

/** Output size with the photo's aspect and `longSide` px on its long side; even, as H.264 needs. */
export function exportSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const scale = longSide / Math.max(width, height);
  const even = (v: number): number => Math.max(2, 2 * Math.round((v * scale) / 2));
  return { width: even(width), height: even(height) };
}

function download(bytes: Uint8Array, kind: Exclude<ExportKind, DepthExportKind>, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME[kind] }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `${name}-${kind === 'depth' ? 'depth' : '3d'}.${EXTENSION[kind]}` });
  a.click();
  // The click has handed the blob to the download manager by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The download buttons: one export at a time, a progress bar, Cancel (nothing is downloaded after a cancel). */
export function bindExports(subject: () => ExportSubject | undefined, settings: () => Settings): void {
  const box = byId<HTMLDivElement>('export-progress');
  const bar = byId<HTMLProgressElement>('export-bar');
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('button[data-export]')];
  let controller: AbortController | undefined;

  byId<HTMLButtonElement>('export-cancel').addEventListener('click', () => controller?.abort());

  const run = async (kind: ExportKind): Promise<void> => {
    const s = subject();
    if (!s || controller) return;
    controller = new AbortController();
    const { signal } = controller;
    const st = settings();
    const size = exportSize(s.width, s.height, st.exportLongSide);
    const onProgress = (p: ExportProgress): void => { bar.value = p.fraction; };
    // Frames must all show the same photo and settings: hold every other control until the export ends.
    const others = [...document.querySelectorAll<HTMLFieldSetElement | HTMLSelectElement>('#controls-form fieldset:not(.export), #backend')];
    others.forEach((f) => { f.disabled = true; });
    buttons.forEach((b) => { b.disabled = true; });
    bar.value = 0;
    box.hidden = false;
    document.body.dataset.exporting = kind;
    s.view.pause();
    try {
      const view = s.view.view;
      if (!view) throw new Error('There is no 3D photo yet: upload a photo first.');
      const media = { ...size, fps: st.exportFps, duration: st.period, onProgress, signal };
      if (isDepthExport(kind)) {
        const files = await depthExport(kind, { ...s.formats, layers: view.layers, longSide: st.exportLongSide, fps: st.exportFps, seconds: st.period });
        signal.throwIfAborted();
        files.forEach(saveFile);
        showNotes('export', [{ kind: 'info', text: `Saved ${files.map((f) => `${f.name} (${(f.bytes.length / 1024).toFixed(0)} KB)`).join(' and ')}.` }]);
        return;
      }
      let bytes: Uint8Array;
      let plan: GifEstimate | undefined;
      if (kind === 'gif') {
        ({ bytes, plan } = await exportGifWithin(view, s, { longSide: st.exportLongSide, fps: st.exportFps, colors: 256 }, st.period, st.gifBudget, { onProgress, signal }));
      } else if (kind === 'webm' || kind === 'mp4') bytes = await withRenderer(() => view.exportVideo({ ...media, format: kind }));
      else if (kind === 'glb') bytes = await view.exportGlb();
      else bytes = await encodePng16(s.depth, s.width, s.height);
      signal.throwIfAborted();
      download(bytes, kind, s.name);
      const fitted = plan && ` at ${plan.width}×${plan.height}, ${plan.fps} fps, ${plan.colors} colours for the ${megabytes(st.gifBudget)} limit`;
      const over = plan !== undefined && bytes.length > st.gifBudget;
      showNotes('export', [{
        kind: over ? 'warn' : 'info',
        text: plan && over
          ? `Saved GIF (${megabytes(bytes.length)}): even at ${plan.width}×${plan.height}, ${plan.fps} fps and ${plan.colors} colours it is over the ${megabytes(st.gifBudget)} limit; try fewer seconds per loop, or WebM.`
          : `Saved ${kind === 'depth' ? 'depth PNG (16-bit, 0 = near)' : kind.toUpperCase()} (${(bytes.length / 1024).toFixed(0)} KB${fitted ?? ''}).`,
      }]);
    } catch (error) {
      if (signal.aborted) showNotes('export', [{ kind: 'info', text: 'Export cancelled; nothing was downloaded.' }]);
      else showNotes('export', [{ kind: 'error', text: `${kind.toUpperCase()} export failed: ${errorText(error)}` }]);
    } finally {
      controller = undefined;
      box.hidden = true;
      delete document.body.dataset.exporting;
      buttons.forEach((b) => { b.disabled = false; });
      others.forEach((f) => { f.disabled = false; });
      s.view.play();
    }
  };
  for (const b of buttons) b.addEventListener('click', () => void run(b.dataset.export as ExportKind));
}
