// Artefact-aware motion: how much of the frame a camera path reveals that the photo never showed, and the largest
// amplitude that keeps it under a threshold ("auto").
import { CAMERA_PATHS, type CameraPathKind } from './camera-paths.js';
import { coarseGridMesh } from './coarse-mesh.js';
import type { Photo3DLayers } from './layers.js';
import type { PathSettings } from './renderer.js';
import { SoftRenderer } from './soft/soft-renderer.js';
import type { RgbaImage } from './types.js';

/** Default largest revealed share of the frame at any moment of the loop: 2 %. */
export const DEFAULT_REVEAL_THRESHOLD = 0.02;
/** The widest motion "auto" considers, as a fraction of the focus distance (past it the photo is mostly invented). */
export const MAX_AUTO_AMPLITUDE = 0.5;

export interface RevealOptions {
  /** Long side of the frames measured, px. Default 96: the share is a fraction, so small frames suffice. */
  size?: number;
  /** The output aspect (width / height) the motion will be seen at; default the photo's. */
  aspect?: number;
  /** Camera z offset and parallax offset, as the path will be drawn with. */
  cameraZ?: number;
}

export interface AutoAmplitudeOptions extends RevealOptions {
  /** Largest revealed share of the frame allowed at any moment of the loop. Default DEFAULT_REVEAL_THRESHOLD (0.02). */
  threshold?: number;
}

/**
 * The largest share of the frame, over one loop of `path` (or, for 'parallax', over the pointer's extremes), that
 * shows background the photo never saw: the person's region of the background layer (made up by the fill) — or,
 * without a person mask, the background texels the fill changed. 0 for a still camera.
 */
export function revealedShare(layers: Photo3DLayers, path: PathSettings, options: RevealOptions = {}): number {
  const renderer = markerRenderer(layers, options);
  renderer.path = { ...path, cameraZ: path.cameraZ ?? options.cameraZ };
  return worstShare(renderer, path.path);
}

/**
 * The largest amplitude of `path` (fraction of the focus distance, at most MAX_AUTO_AMPLITUDE) whose revealed share
 * stays at or under the threshold — the default motion a user can still go beyond. Bisection (9 probes of up to 8
 * small frames each, a probe ending at its first frame over the threshold) on a coarse copy of the foreground mesh:
 * ~0.05–0.1 s per path.
 */
export function autoAmplitude(layers: Photo3DLayers, path: CameraPathKind, options: AutoAmplitudeOptions = {}): number {
  if (!CAMERA_PATHS.includes(path)) throw new Error(`Unknown camera path '${path}'; use one of ${CAMERA_PATHS.join(', ')}.`);
  const threshold = options.threshold ?? DEFAULT_REVEAL_THRESHOLD;
  if (!(threshold > 0 && threshold < 1)) throw new Error(`The revealed-area threshold is a share of the frame between 0 and 1, got ${threshold}.`);
  const renderer = markerRenderer(layers, options);
  // Each probe only asks whether any moment goes over the threshold, so it stops at the first that does.
  const holds = (amplitude: number): boolean => {
    renderer.path = { path, amplitude, cameraZ: options.cameraZ };
    return worstShare(renderer, path, threshold) <= threshold;
  };
  if (holds(MAX_AUTO_AMPLITUDE)) return MAX_AUTO_AMPLITUDE;
  let lo = 0;
  let hi = MAX_AUTO_AMPLITUDE;
  // 8 halvings: to within 0.2 % of the focus distance.
  for (let k = 0; k < 8; k++) {
    const mid = (lo + hi) / 2;
    if (holds(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Every eighth of the loop, the extremes of swing (quarters) and of zoom and dolly (half) first. */
const PHASES = [2, 6, 4, 0, 1, 3, 5, 7].map((k) => k / 8);
const OFFSETS = [[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, 1], [1, -1], [-1, -1]] as const;

/**
 * The worst share over the loop phases (or parallax offsets) at which a path is measured: its extremes and points
 * between. Stops as soon as one goes over `stopAbove` (the worst is then at least that).
 */
function worstShare(renderer: SoftRenderer, path: CameraPathKind, stopAbove = Infinity): number {
  let worst = 0;
  if (path === 'parallax') {
    for (const [x, y] of OFFSETS) {
      renderer.path = { ...renderer.path, offset: { x, y } };
      worst = Math.max(worst, redShare(renderer, 0));
      if (worst > stopAbove) break;
    }
    return worst;
  }
  for (const t of PHASES) {
    worst = Math.max(worst, redShare(renderer, t));
    if (worst > stopAbove) break;
  }
  return worst;
}

function redShare(renderer: SoftRenderer, t: number): number {
  renderer.render(t);
  const px = renderer.readPixels();
  let red = 0;
  for (let i = 0; i < px.length; i += 4) red += px[i] > 127 ? 1 : 0;
  return red / (px.length / 4);
}

/**
 * A renderer over the same geometry whose textures say "unseen" in red: a black person over a background layer
 * that is red behind the person (with a mask; the inpainted ring around it shows at rest too, so it is not counted)
 * or, without one, where the fill changed the photo.
 */
function markerRenderer(layers: Photo3DLayers, options: RevealOptions): SoftRenderer {
  const size = options.size ?? 96;
  const aspect = options.aspect ?? layers.image.width / layers.image.height;
  const width = Math.max(8, Math.round(aspect >= 1 ? size : size * aspect));
  const height = Math.max(8, Math.round(aspect >= 1 ? size / aspect : size));
  const renderer = new SoftRenderer({ width, height, antialias: false });
  // A vertex per 1.5 measured pixels is all a silhouette this small needs; a 257-vertex mesh would cost 10× more.
  const foreground = coarseGridMesh(layers.foreground, Math.ceil(size / 1.5));
  renderer.setLayers({ ...layers, foreground, foregroundImage: blackKeepingAlpha(layers.foregroundImage), backgroundImage: unseenMarks(layers) });
  return renderer;
}

/** Long side of the marker textures: frames of ~96 px need no more, and building mipmaps of a 1024-px photo twice costs. */
const MARKER_SIZE = 256;

/** Marker texture of a layer image, sampled (nearest) down to at most MARKER_SIZE on its long side. */
function marker(width: number, height: number, texel: (i: number) => [number, number]): RgbaImage {
  const f = Math.max(1, Math.ceil(Math.max(width, height) / MARKER_SIZE));
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(height - 1, y * f + (f >> 1));
    for (let x = 0; x < w; x++) {
      const [red, alpha] = texel(4 * (sy * width + Math.min(width - 1, x * f + (f >> 1))));
      data[4 * (y * w + x)] = red;
      data[4 * (y * w + x) + 3] = alpha;
    }
  }
  return { data, width: w, height: h };
}

function blackKeepingAlpha(image: RgbaImage): RgbaImage {
  return marker(image.width, image.height, (i) => [0, image.data[i + 3]]);
}

function unseenMarks(layers: Photo3DLayers): RgbaImage {
  const { image, foregroundImage: fg, backgroundImage: bg } = layers;
  const personCut = fg !== image;
  return marker(bg.width, bg.height, (i) => {
    const invented = !personCut && bg !== image && (Math.abs(bg.data[i] - image.data[i]) +
      Math.abs(bg.data[i + 1] - image.data[i + 1]) + Math.abs(bg.data[i + 2] - image.data[i + 2]) > 6);
    const hidden = personCut && fg.data[i + 3] >= 128;
    return [invented || hidden ? 255 : 0, 255];
  });
}
