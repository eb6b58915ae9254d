import { byId } from './dom.ts';
import { errorText, showError } from './messages.ts';

export interface Example {
  file: string;
  label: string;
  /** The renderer's true vertical field of view, so the example's 3D photo has the right perspective. */
  fovDegrees: number;
}

/** The ready-made photos in public/examples (see public/examples/README.md for how they were made). */
export const EXAMPLES: readonly Example[] = [
  { file: 'portrait-1.jpg', label: 'Example 1', fovDegrees: 39 },
  { file: 'portrait-2.jpg', label: 'Example 2', fovDegrees: 31 },
];

export async function fetchExample(file: string): Promise<Blob> {
  const response = await fetch(`${import.meta.env.BASE_URL}examples/${file}`);
  if (!response.ok) throw new Error(`The example ${file} is missing from this build (HTTP ${response.status}).`);
  return response.blob();
}

/** One button per example; `pick` gets the image, its name and the example. */
export function bindExamples(pick: (blob: Blob, name: string, example: Example) => void | Promise<void>): void {
  const box = byId<HTMLSpanElement>('examples');
  for (const example of EXAMPLES) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: example.label });
    button.addEventListener('click', async () => {
      try {
        await pick(await fetchExample(example.file), example.file.replace(/\.\w+$/, ''), example);
      } catch (error) {
        showError('photo', errorText(error));
      }
    });
    box.append(button);
  }
}
