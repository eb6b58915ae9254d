import { DEFAULT_REVEAL_THRESHOLD } from '@relief/photo3d';
import { byId } from './dom.ts';
import { setSlider } from './settings.ts';
import type { MotionReadout, View3D } from './view3d.ts';

/**
 * The radius slider's "auto" switch and readout: auto puts the slider at the path's auto amplitude; dragging the
 * slider past it (or anywhere) turns auto off — the user may go beyond — and the readout says how much of the frame
 * the motion then reveals that the photo never showed.
 */
export function bindMotionReadout(view3d: View3D): void {
  const auto = byId<HTMLInputElement>('auto-radius');
  const out = byId<HTMLOutputElement>('motion-readout');
  byId<HTMLInputElement>('radius').addEventListener('input', () => { auto.checked = false; });
  view3d.onMotion = (m: MotionReadout) => {
    if (auto.checked) setSlider('radius', Number(m.amplitude.toFixed(3)));
    const share = `${(100 * m.share).toFixed(1)} %`;
    const limit = `${(100 * DEFAULT_REVEAL_THRESHOLD).toFixed(0)} %`;
    out.value = `auto ${m.auto.toFixed(3)} · reveals ${share} of the frame${m.share > DEFAULT_REVEAL_THRESHOLD ? ` (over ${limit}: the fill shows)` : ''}`;
    out.dataset.auto = m.auto.toFixed(4);
    out.dataset.share = m.share.toFixed(4);
  };
}
