import type { CameraPose } from '../camera-paths.js';
import type { Photo3DLayers } from '../layers.js';
import type { BackgroundMode, PathSettings } from '../renderer.js';
import { pathPose, viewFrustum } from '../view-frustum.js';
import { packedCssColor } from './background-color.js';
import { compositeSupersampled, Framebuffer } from './framebuffer.js';
import { projectionFor } from './projection.js';
import { meshPass, Rasterizer } from './rasterizer.js';
import { SoftTexture } from './texture.js';

export interface SoftRendererOptions {
  width: number;
  height: number;
  /**
   * 2×2 supersampling of the foreground (every pixel averages four samples: smooth silhouettes and tears) over the
   * background layer drawn at output size (trilinear filtering already smooths it). Default true.
   */
  antialias?: boolean;
}

/**
 * Draws a 3D photo on the CPU, without WebGL, a DOM or three.js: the same layers, camera paths, framing and
 * materials as `Photo3DRenderer` (background layer behind with polygon offset, foreground alpha-tested at 0.5,
 * trilinear-mipmapped mirrored textures), into RGBA frames of any size. Runs in Node, workers and browsers.
 */
export class SoftRenderer {
  /** Camera path; focus depth defaults to the layers'. */
  path: PathSettings = { path: 'circle' };
  /** Zoom in just enough that sideways paths never show past the photo's borders. Default true. */
  overscan = true;
  /** Output size: everything without antialias, the background layer with it. */
  private base: Framebuffer;
  /** 2× the output size for the supersampled foreground; undefined without antialias. */
  private fine: Framebuffer | undefined;
  private readonly rasterizer = new Rasterizer();
  private layers: Photo3DLayers | undefined;
  private textures: { background: SoftTexture; foreground: SoftTexture } | undefined;
  private backgroundMode: BackgroundMode = 'layer';
  private clearColor = 0xff000000 | 0;

  constructor(options: SoftRendererOptions) {
    [this.base, this.fine] = framebuffers(options.width, options.height, options.antialias ?? true);
  }

  get width(): number { return this.base.width; }
  get height(): number { return this.base.height; }
  get antialias(): boolean { return this.fine !== undefined; }

  setSize(width: number, height: number): void {
    if (width !== this.width || height !== this.height) [this.base, this.fine] = framebuffers(width, height, this.antialias);
  }

  setLayers(layers: Photo3DLayers): void {
    this.layers = layers;
    this.textures = { background: new SoftTexture(layers.backgroundImage), foreground: new SoftTexture(layers.foregroundImage) };
  }

  /** 'layer' (default), 'transparent' (alpha 0 where no layer is drawn) or a colour (#rrggbb, #rgb, rgb(r, g, b)). */
  setBackground(mode: BackgroundMode): void {
    this.clearColor = mode === 'layer' ? 0xff000000 | 0 : mode === 'transparent' ? 0 : packedCssColor(mode);
    this.backgroundMode = mode;
  }

  poseAt(t: number): CameraPose {
    return pathPose(this.requireLayers(), this.path, t);
  }

  /** Draws the current path at loop phase t (0…1 = one loop). */
  render(t: number): void {
    this.renderPose(this.poseAt(t));
  }

  renderPose(pose: CameraPose): void {
    const layers = this.requireLayers();
    const { background, foreground } = this.textures!;
    const view = viewFrustum(layers, pose, this.path, this.overscan, this.width, this.height);
    const base = this.base;
    const fine = this.fine;
    const baseProjection = projectionFor(view, base.width, base.height);
    base.clear(this.clearColor);
    if (fine) {
      fine.clear(0);
      // The soft matte becomes partial coverage of the 2×2 samples (alpha to coverage).
      this.rasterizer.draw(fine, projectionFor(view, fine.width, fine.height), layers.foreground, meshPass(foreground, true, true, 0, 0, false));
    } else {
      this.rasterizer.draw(base, baseProjection, layers.foreground, meshPass(foreground, true, false, 0, 0, false));
    }
    if (this.backgroundMode === 'layer') {
      // Without a mask the background copies the foreground outside the holes: keep it a hair behind (as WebGL does).
      this.rasterizer.draw(base, baseProjection, layers.background, meshPass(background, false, false, 1, 4, true));
    }
  }

  /** The last rendered frame as RGBA, top row first; into `out` when given (width × height × 4 bytes). */
  readPixels(out = new Uint8Array(this.width * this.height * 4)): Uint8Array {
    if (this.fine) compositeSupersampled(this.fine, this.base, out);
    else this.base.copyTo(out);
    return out;
  }

  private requireLayers(): Photo3DLayers {
    if (!this.layers) throw new Error('No photo to render: call setLayers(await buildLayers(input)) first.');
    return this.layers;
  }
}

function framebuffers(width: number, height: number, antialias: boolean): [Framebuffer, Framebuffer | undefined] {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new Error(`Output size must be positive whole pixels, got ${width}×${height}.`);
  }
  return [new Framebuffer(width, height), antialias ? new Framebuffer(2 * width, 2 * height) : undefined];
}
