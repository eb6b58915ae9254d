import type { CameraPathKind } from '@relief/photo3d';
import { byId } from './dom.ts';

/** Everything the controls set, in the units the libraries take. */
export interface Settings {
  minDepth: number;
  maxDepth: number;
  resolution: number;
  fovDegrees: number;
  tear: boolean;
  tearThreshold: number;
  inpaint: boolean;
  path: CameraPathKind;
  period: number;
  radius: number;
  /** Radius = photo3d's autoAmplitude for the path (moving the radius slider turns it off). */
  autoRadius: boolean;
  /** "3D strength": 0 flat … 1 as estimated … 3. */
  strength: number;
  cameraZ: number;
  wireframe: boolean;
  background: 'layer' | 'color';
  backgroundColor: string;
  exportLongSide: number;
  exportFps: number;
  /** GIF size budget in bytes; 0 for none. */
  gifBudget: number;
  /** Portrait mode: far-background blur radius (fraction of the long side) and focus point (undefined: the head). */
  blurAperture: number;
  blurFocus: { x: number; y: number } | undefined;
  blur3d: boolean;
}

const num = (id: string): number => Number(byId<HTMLInputElement>(id).value);
const checked = (id: string): boolean => byId<HTMLInputElement>(id).checked;
const text = (id: string): string => byId<HTMLInputElement | HTMLSelectElement>(id).value;

export function readSettings(): Settings {
  return {
    minDepth: num('min-depth'),
    maxDepth: num('max-depth'),
    resolution: num('resolution'),
    fovDegrees: num('fov'),
    tear: checked('tear'),
    tearThreshold: num('tear-threshold'),
    inpaint: checked('inpaint'),
    path: text('path') as CameraPathKind,
    period: num('period'),
    radius: num('radius'),
    autoRadius: checked('auto-radius'),
    strength: num('strength'),
    cameraZ: num('camera-z'),
    wireframe: checked('wireframe'),
    background: text('background') as Settings['background'],
    backgroundColor: text('background-color'),
    exportLongSide: num('export-size'),
    exportFps: num('export-fps'),
    gifBudget: num('gif-budget') * 1e6,
    blurAperture: num('blur-aperture'),
    blurFocus: focusPoint(text('blur-focus')),
    blur3d: checked('blur-3d'),
  };
}

/** The portrait focus point kept in a hidden input as "x,y" (0…1); empty means the default (the head). */
function focusPoint(value: string): { x: number; y: number } | undefined {
  const [x, y] = value.split(',').map(Number);
  return value && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

/** Shows each range input's value in its <output for=…>, now and whenever it moves. */
export function bindRangeOutputs(): void {
  for (const output of document.querySelectorAll<HTMLOutputElement>('output[for]')) {
    const input = byId<HTMLInputElement>(output.htmlFor.value);
    const show = (): void => { output.value = input.value; };
    input.addEventListener('input', show);
    show();
  }
}

/** Keeps min depth < max depth while either slider moves (the Depth API rejects min ≥ max). */
export function linkDepthRange(): void {
  const min = byId<HTMLInputElement>('min-depth');
  const max = byId<HTMLInputElement>('max-depth');
  const gap = 0.05;
  // Only a moved partner is told, so the two handlers cannot ping-pong.
  min.addEventListener('input', () => {
    if (Number(min.value) <= Number(max.value) - gap) return;
    max.value = String(Math.min(1, Number(min.value) + gap));
    max.dispatchEvent(new Event('input'));
  });
  max.addEventListener('input', () => {
    if (Number(max.value) >= Number(min.value) + gap) return;
    min.value = String(Math.max(0, Number(max.value) - gap));
    min.dispatchEvent(new Event('input'));
  });
}

/** Moves a slider from code (and its <output>) without an input event, so nothing is rebuilt for the old photo. */
export function setSlider(id: string, value: number): void {
  const input = byId<HTMLInputElement>(id);
  input.value = String(value);
  const output = document.querySelector<HTMLOutputElement>(`output[for="${id}"]`);
  if (output) output.value = input.value;
}
