import { lensBlurImage, type RgbaImage } from '@relief/photo3d';
import { byId } from './dom.ts';
import { errorText, showNotes } from './messages.ts';
import { readSettings } from './settings.ts';
import type { View3D } from './view3d.ts';

/**
 * Portrait mode in the page: a click on the input photo sets the focus point, "Portrait PNG" downloads the photo
 * lens-blurred from its depth (photo3d's lensBlurImage on the layers shown: the same focus, aperture and strength).
 */
export function bindPortrait(view3d: View3D, name: () => string | undefined): void {
  const focus = byId<HTMLInputElement>('blur-focus');
  const readout = byId<HTMLOutputElement>('focus-readout');
  const input = byId<HTMLCanvasElement>('input-canvas');
  input.addEventListener('click', (e) => {
    const box = input.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (e.clientY - box.top) / box.height));
    focus.value = `${x.toFixed(3)},${y.toFixed(3)}`;
    readout.value = `Focus: (${x.toFixed(2)}, ${y.toFixed(2)}) — click the input photo to move it`;
    // The form's input handler applies settings: a blurred 3D photo re-focuses too.
    focus.dispatchEvent(new Event('input', { bubbles: true }));
  });
  byId<HTMLButtonElement>('portrait-download').addEventListener('click', async () => {
    const layers = view3d.view?.layers;
    const photo = name();
    if (!layers || !photo) return;
    try {
      const s = readSettings();
      // With "blur the 3D photo too" the layers are blurred already: compose them as they are.
      const image = lensBlurImage(layers, s.blur3d ? { aperture: 0 } : { aperture: s.blurAperture, focus: s.blurFocus });
      const bytes = await pngBytes(image);
      const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
      Object.assign(document.createElement('a'), { href: url, download: `${photo}-portrait.png` }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      showNotes('export', [{ kind: 'info', text: `Saved the portrait-mode PNG (${(bytes.byteLength / 1024).toFixed(0)} KB).` }]);
    } catch (error) {
      showNotes('export', [{ kind: 'error', text: `Portrait PNG failed: ${errorText(error)}` }]);
    }
  });
}

async function pngBytes(image: RgbaImage): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
}
