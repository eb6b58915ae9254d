// Which renderer draws a view's frames: WebGL, or the software renderer on workers where WebGL is itself a CPU
// rasteriser and the software renderer can draw everything the view shows.
import type { ExportRenderer } from './export-options.js';
import type { BackgroundMode, Photo3DRenderer } from './renderer.js';
import { packedCssColor } from './soft/background-color.js';

/** What of a view decides whether the software renderer can draw it. */
export interface ViewLook {
  wireframe: boolean;
  background: BackgroundMode;
}

const RENDERERS: ExportRenderer[] = ['auto', 'webgl', 'software'];

/** SwiftShader, llvmpipe and the like: WebGL drawn on the CPU, one core, far slower than SoftRenderer on workers. */
export function isSoftwareWebGL(renderer: Photo3DRenderer): boolean {
  return /swiftshader|llvmpipe|software/i.test(renderer.driver);
}

/** What the software renderer cannot draw of a view: why not, or undefined when it can draw it all. */
function softwareCannot(view: ViewLook): string | undefined {
  if (view.wireframe) return 'The software renderer draws no wireframe.';
  if (view.background === 'layer' || view.background === 'transparent') return undefined;
  try {
    packedCssColor(view.background);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The renderer an export asked for, resolved: 'auto' becomes 'software' on CPU-rasterised WebGL when the software
 * renderer can draw the view (no wireframe, a background colour it reads), else 'webgl'.
 */
export function resolveExportRenderer(choice: ExportRenderer = 'auto', view: ViewLook, softwareWebGL: () => boolean): 'webgl' | 'software' {
  if (!RENDERERS.includes(choice)) throw new Error(`Unknown renderer '${choice}'; use one of ${RENDERERS.join(', ')}.`);
  const cannot = softwareCannot(view);
  if (choice === 'software' && cannot) throw new Error(`${cannot} Export with renderer 'webgl' instead.`);
  if (choice === 'auto') return !cannot && softwareWebGL() ? 'software' : 'webgl';
  return choice;
}

/**
 * The live view's renderer: as an export's, except that a view only WebGL can draw keeps WebGL even when
 * 'software' was asked for (an animation frame has no caller to tell).
 */
export function resolveLiveRenderer(choice: ExportRenderer = 'auto', view: ViewLook, softwareWebGL: () => boolean): 'webgl' | 'software' {
  return choice === 'software' && softwareCannot(view) ? 'webgl' : resolveExportRenderer(choice, view, softwareWebGL);
}
