import type { MeshData, Photo3DInput, RgbaImage } from './types.js';
import { DEFAULT_FOV_DEGREES, pinholeIntrinsics, type Intrinsics } from './intrinsics.js';
import { buildGridMesh, defaultGridSize, type GridMeshOptions } from './grid-mesh.js';
import { dilate, erode, maxFilter, threshold } from './masks.js';
import { appendMesh, behindSurface, revealBand } from './behind-surface.js';
import { tearSpan } from './tear.js';
import { pushPullInpaint } from './inpaint-core.js';
import { resampleMap } from './sample.js';
import { quantiles } from './stats.js';
import { fillBackground } from './background-fill.js';
import { validateInput } from './validate-input.js';
import { checkLayerOptions, fillDepthHoles } from './input-hygiene.js';
import { applyStrength } from './strength.js';
import { lensBlurLayers, type LensBlurOptions } from './blur/lens-blur.js';
import { refineMatte, type Matte } from './matte/refine-matte.js';
import { holeFromMatte, keepWithMatte } from './matte/matte-masks.js';
import type { FillMethod } from './fill/fill-image.js';

export interface LayerOptions {
  /** Vertical field of view of the photo's camera, degrees. Default DEFAULT_FOV_DEGREES (50). */
  fovDegrees?: number;
  /** Mesh vertices on the image's long side. Default one per 2 px, at most 512. */
  resolution?: number;
  /** Relative depth jump inside one triangle above which it is torn out. Default 0.04 (4 %). Infinity: never tear. */
  tearThreshold?: number;
  /** Inpaint the person region of the background layer. false: the background layer is the plain photo. Default true. */
  inpaint?: boolean;
  /** Pixels the hole grows by before inpainting so the person's edge colours do not bleed in. Default 1 % of the long side, ≥ 2. */
  holeDilation?: number;
  /** Distance of the background plane (with a mask), in the input's depth units. Default 1.5 × the person's far depth. */
  backgroundDepth?: number;
  /** How far the background layer reaches past the photo's borders, as a fraction of its size (mirrored texture). Default 0.15. */
  backgroundMargin?: number;
  /**
   * Soft person edges: the mask refined against the photo into an alpha matte (partial alpha in hair) with the
   * background's hue removed from the edge colours (`refineMatte`). false: the mask itself, cut at 0.5. Default true.
   */
  matte?: boolean;
  /** How the background layer's hole is filled: 'structure' (lines carried on), 'textured' (exemplar patches) or 'smooth' (push-pull). Default 'structure'. */
  fill?: FillMethod;
  /** "3D strength": 0 a flat photo, 1 the estimated relief (default), up to MAX_STRENGTH (4); see applyStrength. */
  strength?: number;
  /** Portrait mode: lens-blurred textures (focus point, aperture); see lensBlurLayers. Default none. */
  lensBlur?: LensBlurOptions;
}

/** Everything needed to draw or export a 3D photo; plain data (no three.js, no DOM). */
export interface Photo3DLayers {
  image: RgbaImage;
  /** The photo with the person mask as alpha (cut at 0.5 when drawn); the plain photo when there is no mask. */
  foregroundImage: RgbaImage;
  /** The photo with the disoccluded region inpainted (or the plain photo when inpainting is off). */
  backgroundImage: RgbaImage;
  /** The person (with a mask) or the whole torn depth surface (without). */
  foreground: MeshData;
  /** A surface behind the foreground that shows through where it tears or where the camera looks behind it. */
  background: MeshData;
  intrinsics: Intrinsics;
  /** Median subject depth: where camera paths look and what their amplitudes are relative to. */
  focusDepth: number;
  nearDepth: number;
  farDepth: number;
  depthUnits: Photo3DInput['depthUnits'];
}

export const DEFAULT_TEAR_THRESHOLD = 0.04;

/**
 * Splits a photo + depth (+ person mask) into two textured layers, as plain arrays (no WebGL or DOM: runs in Node
 * and workers too); draw them with {@link Photo3DRenderer} or {@link SoftRenderer}, export them with
 * {@link exportGlb}. With a mask: the person mesh (torn at internal
 * depth jumps, its silhouette depth extended from the interior so blended edge values cannot pull edge vertices
 * towards the camera) in front of a background plane whose person region is inpainted. Without: the whole depth
 * surface torn at discontinuities, in front of a copy whose near sides of those discontinuities are pushed back to
 * the far side's depth and inpainted.
 *
 * @example
 * ```js
 * const layers = await buildLayers(input, { resolution: 257 });   // input: a Photo3DInput, e.g. from inputFromDepthMap
 * const renderer = new SoftRenderer({ width: 512, height: 512 });
 * renderer.setLayers(layers);
 * renderer.render(0.25);                                          // loop phase 0…1
 * const rgba = renderer.readPixels();
 * ```
 */
export async function buildLayers(input: Photo3DInput, options: LayerOptions = {}): Promise<Photo3DLayers> {
  checkLayerOptions(options);
  input = fillDepthHoles(input);
  validateInput(input);
  const { image, depth, depthWidth: dw, depthHeight: dh, mask } = input;
  const intrinsics = pinholeIntrinsics(image.width, image.height, options.fovDegrees ?? DEFAULT_FOV_DEGREES);
  const { columns, rows } = defaultGridSize(image.width, image.height, options.resolution);
  const tearThreshold = options.tearThreshold ?? DEFAULT_TEAR_THRESHOLD;
  const margin = options.backgroundMargin ?? 0.15;
  const dilation = options.holeDilation ?? Math.max(2, Math.round(0.01 * Math.max(image.width, image.height)));
  const grid = { depthWidth: dw, depthHeight: dh, intrinsics, columns, rows };

  let foreground: MeshData;
  let background: MeshData;
  let holeAtDepthRes: Uint8Array;
  let excludeAtDepthRes: Uint8Array | undefined;
  let matte: Matte | undefined;
  let focusDepth: number;
  let nearDepth: number;
  let farDepth: number;
  if (mask) {
    const person = threshold(mask);
    if (!person.some((v) => v)) {
      throw new Error('The person mask is empty (no pixel ≥ 0.5): no person found. Pass no mask to build the 3D photo from whole-image depth.');
    }
    // Depth near the silhouette is blended with the clipped background value; trust only the eroded interior.
    const eroded = erode(person, dw, dh, Math.max(1, Math.round(0.004 * Math.max(dw, dh))));
    const trusted = eroded.some((v) => v) ? eroded : person;
    const untrusted = trusted.map((v) => 1 - v);
    const personDepth = pushPullInpaint(depth, dw, dh, 1, untrusted);
    [nearDepth, focusDepth, farDepth] = quantiles(depth, trusted, [0.01, 0.5, 0.99]);
    const planeDepth = options.backgroundDepth ?? 1.5 * farDepth;
    if (!(planeDepth > farDepth)) {
      throw new Error(`backgroundDepth (${planeDepth}) must lie behind the person (far depth ${farDepth.toPrecision(3)}).`);
    }
    matte = options.matte === false ? undefined : refineMatte(image, mask, dw, dh);
    const keep = matte ? keepWithMatte(mask, dw, dh, matte.alpha, image.width, image.height) : mask;
    foreground = withBacking(buildGridMesh({ ...grid, depth: personDepth, keep, tearThreshold }), personDepth, keep, grid, tearThreshold);
    // A plane needs no inner vertices.
    background = buildGridMesh({ ...grid, columns: 2, rows: 2, depth: new Float32Array(dw * dh).fill(planeDepth), margin });
    holeAtDepthRes = person;
    farDepth = planeDepth;
  } else {
    [nearDepth, focusDepth, farDepth] = quantiles(depth, undefined, [0.01, 0.5, 1]);
    foreground = buildGridMesh({ ...grid, depth, tearThreshold });
    const { hole, behind } = behindSurface(depth, dw, dh, tearSpan(dw, columns, image.width), tearThreshold, revealBand(dw, dh));
    // The copy continues the surface's own grid past the photo (whole cells, as far as the margin asks): a grid of
    // its own interpolated the same depth map differently — by several % between vertices on coarse grids — and the
    // copy then cut through the surface where both are drawn into one depth buffer (WebGL, the software renderer
    // without supersampling): specks of the fill's colour all over depth photos in the web app. Coincident, the
    // polygon offset keeps it behind.
    const extend = { columns: Math.ceil(margin * (columns - 1)), rows: Math.ceil(margin * (rows - 1)) };
    background = buildGridMesh({ ...grid, depth: behind, extend });
    holeAtDepthRes = hole;
    excludeAtDepthRes = nearerThanSurroundings(depth, dw, dh, tearThreshold);
  }

  let foregroundImage = image;
  if (matte) {
    foregroundImage = matte.foreground;
  } else if (mask) {
    const alpha = resampleMap(mask, dw, dh, image.width, image.height);
    const data = new Uint8ClampedArray(image.data);
    for (let i = 0; i < alpha.length; i++) data[4 * i + 3] = 255 * alpha[i];
    foregroundImage = { data, width: image.width, height: image.height };
  }
  let backgroundImage = image;
  if (options.inpaint ?? true) {
    const toImage = (m: Uint8Array): Uint8Array =>
      dilate(threshold(resampleMap(Float32Array.from(m), dw, dh, image.width, image.height), 0.01), image.width, image.height, dilation);
    // The matte's edge is exact enough that a third of the usual margin keeps its last edge colours out of the fill.
    const hole = matte ? holeFromMatte(matte.alpha, image.width, image.height, Math.max(1, Math.round(dilation / 3))) : toImage(holeAtDepthRes);
    backgroundImage = await fillBackground(image, hole, excludeAtDepthRes && toImage(excludeAtDepthRes), { method: options.fill ?? 'structure' });
  }
  const layers: Photo3DLayers = {
    image, foregroundImage, backgroundImage, foreground, background, intrinsics,
    focusDepth, nearDepth, farDepth, depthUnits: input.depthUnits,
  };
  return applyStrength(options.lensBlur ? lensBlurLayers(layers, options.lensBlur) : layers, options.strength ?? 1);
}

/**
 * Pixels clearly nearer than the farthest depth within a quarter of the image: the bodies of foreground objects,
 * which must not lend their colours to the fill behind their edges. Worked out on a ≤ 64 px copy (cheap).
 */
function nearerThanSurroundings(depth: Float32Array, width: number, height: number, jump: number): Uint8Array {
  const scale = Math.min(1, 64 / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const far = resampleMap(maxFilter(resampleMap(depth, width, height, w, h), w, h, Math.round(0.25 * Math.max(w, h))), w, h, width, height);
  const out = new Uint8Array(depth.length);
  for (let i = 0; i < depth.length; i++) out[i] = depth[i] * (1 + jump) < far[i] ? 1 : 0;
  return out;
}

/**
 * The person mesh with a backing: where it tears inside the person (a chin over the neck, a cheek over the ear, a
 * hand in front of the chest), the far side's depth carried under the near side for as far as a camera path can
 * look, drawn with the photo's own colours there — so a moving camera looking into the tear sees the person's far
 * side continue, not the background layer through a hole in the face. Backing triangles lie on the same pixel rays
 * as the mesh's, never in front of it: from the photo's own camera nothing changes.
 */
function withBacking(mesh: MeshData, depth: Float32Array, drawn: Float32Array, grid: Omit<GridMeshOptions, 'depth'>, tearThreshold: number): MeshData {
  if (!Number.isFinite(tearThreshold)) return mesh;
  const { depthWidth: dw, depthHeight: dh } = grid;
  const { reach, behind } = behindSurface(depth, dw, dh, tearSpan(dw, grid.columns, grid.intrinsics.width), tearThreshold, revealBand(dw, dh));
  const keep = new Float32Array(reach.length);
  let any = false;
  for (let i = 0; i < reach.length; i++) {
    // Wherever the mesh itself is drawn (its keep weights): the matte reaches past the mask, onto extended depth.
    if (reach[i] && drawn[i]! > 0) {
      keep[i] = 1;
      any = true;
    }
  }
  return any ? appendMesh(mesh, buildGridMesh({ ...grid, depth: behind, keep })) : mesh;
}
