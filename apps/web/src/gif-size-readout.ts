import type { Photo3DView } from '@relief/photo3d';
import { byId } from './dom.ts';
import type { Settings } from './settings.ts';
import { estimateGif, megabytes, planGif } from './gif-budget.ts';
import { errorText } from './messages.ts';

export interface GifSubject {
  view: Photo3DView | undefined;
  width: number;
  height: number;
}

/**
 * The GIF size estimate under the download settings ("GIF ≈ 9.4 MB …", or what the size limit will pick), kept
 * current when the photo, size, FPS, loop length or limit change. Returns the function that asks for a new one.
 */
export function bindGifEstimate(subject: () => GifSubject | undefined, settings: () => Settings): () => void {
  const out = byId<HTMLOutputElement>('gif-estimate');
  let timer = 0;
  // Bumped by every request: an estimate still running for older settings is then dropped, not shown.
  let generation = 0;
  const update = async (gen: number): Promise<void> => {
    const s = subject();
    if (!s?.view) return;
    // An export holds the view: ask again once it is done.
    if (document.body.dataset.exporting) {
      schedule();
      return;
    }
    const st = settings();
    const wanted = { longSide: st.exportLongSide, fps: st.exportFps, colors: 256 };
    out.value = 'GIF size: estimating…';
    try {
      const e = st.gifBudget
        ? await planGif(s.view, s, wanted, st.period, st.gifBudget)
        : await estimateGif(s.view, s, wanted, st.period);
      if (gen !== generation) return;
      const at = `${e.width}×${e.height}, ${e.fps} fps, ${e.frames} frames${e.colors < 256 ? `, ${e.colors} colours` : ''}`;
      out.dataset.bytes = String(e.bytes);
      out.value = st.gifBudget
        ? `GIF ≈ ${megabytes(e.bytes)} at ${at}${e.bytes > st.gifBudget ? `: over the ${megabytes(st.gifBudget)} limit even so` : ` (fits ${megabytes(st.gifBudget)})`}`
        : `GIF ≈ ${megabytes(e.bytes)} at ${at}`;
    } catch (error) {
      if (gen === generation) out.value = `GIF size: could not estimate (${errorText(error)})`;
    }
  };
  const schedule = (): void => {
    clearTimeout(timer);
    delete out.dataset.bytes;
    const gen = ++generation;
    timer = window.setTimeout(() => void update(gen), 500);
  };
  for (const id of ['export-size', 'export-fps', 'period', 'gif-budget']) byId(id).addEventListener('input', schedule);
  return schedule;
}
